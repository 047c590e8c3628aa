"""The one way manual values are imported: the facts import, then one audit entry per value it
changed (before and after), so that a figure typed by an office can always be traced."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chitieu.app.audit.choices import AuditAction
from chitieu.app.audit.services import Change, record_many
from chitieu.app.home import catalogue, creates_facts, facts_of, require_units
from chitieu.app.transactions import atomic
from chitieu.domain import Source
from chitieu.facts.schema import table_for
from chitieu.facts.store import FactsStore, discard_store
from chitieu.sources.ingest import FileProgress, IngestReport, ingest

OBJECT_TYPE = "manual_value"
AUDITED = ("numerator", "denominator", "evidence", "entered_by")
"""What an audit entry keeps of a manual value, besides its key."""

Key = tuple[str, str, str]
"""(unit_code, indicator, period)"""


@dataclass(frozen=True, slots=True)
class ManualImport:
    """What importing manual values did: the facts import's report, and how many values the
    audit trail recorded as added or changed."""

    report: IngestReport
    audited: int


def object_key(key: Key) -> str:
    """The audit entry's key of a manual value: ``unit|indicator|period``.

    >>> object_key(("70.STP", "regulation_update", "2026-Q3"))
    '70.STP|regulation_update|2026-Q3'
    """
    return "|".join(key)


def _stored(store: FactsStore) -> dict[Key, dict[str, Any]]:
    """Every stored manual value by key (a home holds thousands at most: units × indicators ×
    periods)."""
    table = table_for(Source.MANUAL).name
    rows = store.rows(f"SELECT unit_code, indicator, period, {', '.join(AUDITED)} FROM {table}")
    return {(str(r[0]), str(r[1]), str(r[2])): dict(zip(AUDITED, r[3:], strict=True)) for r in rows}


def _changes(before: dict[Key, dict[str, Any]], after: dict[Key, dict[str, Any]]) -> list[Change]:
    """One change per value the import added or changed; an unchanged value is none."""
    return [
        Change(
            action=AuditAction.MANUAL_VALUES_IMPORT,
            object_type=OBJECT_TYPE,
            object_key=object_key(key),
            before=before.get(key),
            after=values,
        )
        for key, values in sorted(after.items())
        if before.get(key) != values
    ]


@atomic
def _audit(changes: Sequence[Change], *, actor: str, note: str) -> int:
    return record_many(changes, actor=actor, note=note)


def import_manual_values(
    home: Path,
    files: Sequence[Path],
    *,
    actor: str,
    force: bool = False,
    now: dt.datetime | None = None,
    progress: FileProgress | None = None,
) -> ManualImport:
    """Import files of manual values into the home's facts store (all or nothing, as every
    import: ``InputError`` with every problem and nothing written), then record in the
    application database, in one transaction, an audit entry for each (unit, indicator,
    period) whose value it added or changed, with the value before (``None`` for a new one)
    and after. Re-importing the same values records nothing.

    A facts store this call created is removed again if the files are refused.
    """
    units = require_units(home)
    created = creates_facts(home)
    try:
        with facts_of(home) as store:
            before = _stored(store)
            report = ingest(
                store,
                Source.MANUAL,
                files,
                units=units,
                catalogue=catalogue(),
                actor=actor,
                force=force,
                now=now,
                progress=progress,
            )
            after = _stored(store) if report.imports else before
    except BaseException:
        if created:
            discard_store(home)
        raise
    # The facts store and the application database are two databases with no transaction
    # spanning both. The audit entries are written once the facts have committed: an import
    # refused or rolled back (the usual failure: a bad row) then leaves no entry claiming a
    # change that never happened. The reverse risk, facts committed and the audit write
    # failing, is an error the command reports; the entries are all or nothing among
    # themselves (one Django transaction).
    changes = _changes(before, after)
    note = ", ".join(record.file for record in report.imports)
    audited = _audit(changes, actor=actor, note=note) if changes else 0
    return ManualImport(report, audited)
