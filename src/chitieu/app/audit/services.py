"""The one way audit entries are written: called by every service function that changes
something, inside that function's transaction, so the change and its entry commit together."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from chitieu.app.audit.choices import AuditAction
from chitieu.app.audit.models import AuditEntry


@dataclass(frozen=True, slots=True)
class Change:
    """One change to record with ``record_many``: the same fields as ``record``'s, without the
    actor and note shared by a batch."""

    action: AuditAction
    object_type: str
    object_key: str
    before: Any = None
    after: Any = None


def _require_transaction() -> None:
    # An entry written outside the change's transaction could survive a change rolled back
    # (or be lost when the change commits): the trail would no longer say what happened.
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit entries are written inside the service's transaction")


def record(
    *,
    actor: str,
    action: AuditAction,
    object_type: str,
    object_key: str,
    before: Any = None,
    after: Any = None,
    note: str = "",
) -> AuditEntry:
    """Record one change, inside the caller's transaction (``RuntimeError`` outside one)."""
    _require_transaction()
    return AuditEntry.objects.create(
        actor=actor,
        action=action.value,
        object_type=object_type,
        object_key=object_key,
        before=before,
        after=after,
        note=note,
    )


def record_many(changes: Iterable[Change], *, actor: str, note: str = "") -> int:
    """Record a batch of changes by one actor in one insert (a tree or a file of values is
    thousands of rows), inside the caller's transaction; returns how many were recorded."""
    _require_transaction()
    entries = AuditEntry.objects.bulk_create(
        AuditEntry(
            actor=actor,
            action=change.action.value,
            object_type=change.object_type,
            object_key=change.object_key,
            before=change.before,
            after=change.after,
            note=note,
        )
        for change in changes
    )
    return len(entries)
