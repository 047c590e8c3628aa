"""Writing audit entries; called inside the service function that makes the change."""

from __future__ import annotations

from typing import Any

from chitieu.app.audit.choices import AuditAction
from chitieu.app.audit.models import AuditEntry


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
    """Record one change. Call it inside the caller's transaction."""
    return AuditEntry.objects.create(
        actor=actor,
        action=action.value,
        object_type=object_type,
        object_key=object_key,
        before=before,
        after=after,
        note=note,
    )
