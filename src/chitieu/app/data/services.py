"""The audited imports of the web application: manual values (the facts import, then one audit
entry per value it changed, before and after, so that a figure typed by an office can always be
traced) and dossier records posted to the API (the file import of ``chitieu ingest dossiers`` on
the posted array, then one audit entry for the import)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import duckdb

from chitieu.app.accounts.scope import Scope
from chitieu.app.audit.choices import AuditAction
from chitieu.app.audit.services import Change, record, record_many
from chitieu.app.data.evidence import EvidenceFile
from chitieu.app.data.evidence import remove as remove_evidence
from chitieu.app.data.evidence import store as store_evidence
from chitieu.app.home import catalogue, creates_facts, facts_of, has_facts, require_units
from chitieu.app.transactions import atomic
from chitieu.domain import OrgUnit, Source
from chitieu.engine.backends import backend_of
from chitieu.engine.compute import compute
from chitieu.errors import ChitieuError
from chitieu.facts.schema import table_for
from chitieu.facts.store import SCRATCH_DIR, FactsStore, ImportRecord, discard_store
from chitieu.sources.ingest import FileProgress, IngestReport, ingest
from chitieu.sources.readers.headers import canonical_columns
from chitieu.sources.readers.national import dossier_row, is_national
from chitieu.sources.resolve import UnitResolver

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
        # Opened to write whatever the process's default (the web application reads the store
        # read-only on its pages): this is a write, from the command line or from a page.
        with facts_of(home, read_only=False) as store:
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


API_FILE = "api-v1-dossiers.json"
"""The name the import history and the problems give to an array posted to the API (the
history's actor says who posted it)."""
DOSSIER_IMPORT = "dossier_import"
"""The audit entry's object type of a dossier import (its key: the import's number)."""


class RecordsOutOfScopeError(Exception):
    """Posted records name units outside the caller's scope: ``records`` maps each such unit
    code to the (1-based) numbers of the records naming it. Nothing was written."""

    def __init__(self, records: dict[str, list[int]]) -> None:
        super().__init__(", ".join(records))
        self.records = records


@dataclass(frozen=True, slots=True)
class DossierImport:
    """What posting dossier records did: the facts import's report (its one import, or the
    earlier import of the same content it skipped) and whether indicator values were
    recomputed (never yet: as after ``chitieu ingest``, ``chitieu compute`` does it)."""

    report: IngestReport
    records: int
    computed: bool = False

    @property
    def imported(self) -> ImportRecord | None:
        """The import recorded in the history; ``None`` when the content was skipped."""
        return self.report.imports[0] if self.report.imports else None

    @property
    def skipped(self) -> ImportRecord | None:
        """The earlier import of the same content, when this one was skipped."""
        return self.report.skipped[0][1] if self.report.skipped else None


def _unit_written(record: Mapping[str, Any], national: bool) -> object:
    """The unit a record names as written (a code or a name), read the way the file import
    reads it: the national sync field ``DonViXuLy``, or the key that names ``unit_code``."""
    if national:
        return dossier_row(record)[0].get("unit_code")
    for key, canonical in canonical_columns([str(k) for k in record], Source.DOSSIERS).items():
        if canonical == "unit_code":
            return record.get(key)
    return None


def units_outside(
    records: Sequence[object], units: Sequence[OrgUnit], scope: Scope
) -> dict[str, list[int]]:
    """The units the records name that lie outside ``scope``, each with the 1-based numbers of
    its records. A record that is no object, or names no known unit, is left to the import to
    refuse with its reason (this check only keeps writes inside the scope)."""
    if scope.everything or not records:
        return {}
    first = records[0]
    # The file import decides the shape by the first record: the same here.
    national = isinstance(first, Mapping) and is_national(first)
    resolve = UnitResolver(units)
    outside: dict[str, list[int]] = {}
    for number, item in enumerate(records, start=1):
        if not isinstance(item, Mapping):
            continue
        written = _unit_written(item, national)
        if written is None or isinstance(written, (dict, list)):
            continue
        code = resolve(str(written))
        if code is not None and not scope.allows(code):
            outside.setdefault(code, []).append(number)
    return outside


@atomic
def _audit_dossiers(imported: ImportRecord, *, actor: str, records: int) -> None:
    record(
        actor=actor,
        action=AuditAction.DOSSIERS_API_IMPORT,
        object_type=DOSSIER_IMPORT,
        object_key=str(imported.id),
        after={
            "records": records,
            "rows_new": imported.rows_new,
            "rows_replaced": imported.rows_replaced,
            "rows_unchanged": imported.rows_unchanged,
            "checksum": imported.checksum,
        },
        note=imported.file,
    )


def import_dossier_records(
    home: Path,
    records: Sequence[object],
    *,
    actor: str,
    scope: Scope,
    now: dt.datetime | None = None,
) -> DossierImport:
    """Import dossier records posted to the API (canonical columns or the national sync shape)
    exactly as ``chitieu ingest dossiers`` imports a JSON file of them: the array is written to
    a private temporary file and given to the same import, so that the validation, the all or
    nothing transaction, the skipping of content imported before and the import history are
    the file import's. ``InputError`` lists every problem (record numbers 1-based in the
    array), with nothing written.

    Refused first, with nothing written, when a record names a unit outside ``scope``
    (``RecordsOutOfScopeError``). An import recorded in the history gets one audit entry (who,
    the import's number and its counts); content imported before is skipped and records
    nothing.
    Indicator values are not recomputed here (``computed`` is false): as after the command,
    ``chitieu compute`` brings them up to date.
    """
    units = require_units(home)
    outside = units_outside(records, units, scope)
    if outside:
        raise RecordsOutOfScopeError(outside)
    # The same array always gives the same bytes (keys in the order posted, no spaces), so
    # that posting it again is skipped by its checksum, as the same file is.
    text = json.dumps(list(records), ensure_ascii=False, separators=(",", ":"))
    scratch = home / SCRATCH_DIR
    scratch.mkdir(parents=True, exist_ok=True)
    created = creates_facts(home)
    try:
        # mkdtemp makes the folder readable by this process's user only: dossiers name
        # citizens. It is gone before a refused import's new store is discarded, so that the
        # scratch folder that store made goes with it.
        with tempfile.TemporaryDirectory(prefix="api-", dir=scratch) as folder:
            path = Path(folder) / API_FILE
            path.write_text(text, encoding="utf-8")
            with facts_of(home, read_only=False) as store:
                report = ingest(
                    store,
                    Source.DOSSIERS,
                    [path],
                    units=units,
                    catalogue=catalogue(),
                    actor=actor,
                    now=now,
                )
    except BaseException:
        if created:
            discard_store(home)
        raise
    result = DossierImport(report, len(records))
    if result.imported is not None:
        # As for manual values: the entry is written once the facts have committed, so that
        # an import refused or rolled back leaves no entry claiming it happened.
        _audit_dossiers(result.imported, actor=actor, records=len(records))
    return result


MANUAL_FILE = "nhap-tay-tren-trang.csv"
"""The name the import history, the audit note and the problems give to a value entered on the
manual entry page (the history's actor says who entered it)."""
MANUAL_COLUMNS = ("indicator", "unit_code", "period", "numerator", "denominator", "evidence")
MANUAL_COLUMNS_WITH_ENTERER = (*MANUAL_COLUMNS, "entered_by")


@dataclass(frozen=True, slots=True)
class ManualEntry:
    """One manual value as typed on the page: the counts as written (the import reads them,
    «15.000» included, and refuses what is no whole number), the evidence reference and who
    entered it."""

    unit_code: str
    indicator: str
    period: str
    numerator: str
    denominator: str
    evidence: str
    entered_by: str

    @property
    def key(self) -> Key:
        """(unit_code, indicator, period)"""
        return (self.unit_code, self.indicator, self.period)


@dataclass(frozen=True, slots=True)
class Recompute:
    """What recomputing the year after an entry did: the values stored and the seconds it
    took; ``error`` says, in Vietnamese, why it did not run (the figures then follow at the
    next ``chitieu compute``)."""

    year: int
    values: int = 0
    seconds: float = 0.0
    error: str = ""


@dataclass(frozen=True, slots=True)
class ManualEntryResult:
    """What entering one manual value did: the stored value before (``None``: none) and after,
    the import's report and the recompute (``None`` when nothing changed)."""

    key: Key
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    imported: ManualImport
    recompute: Recompute | None

    @property
    def changed(self) -> bool:
        """Whether the stored value is new or different."""
        return self.before != self.after


def stored_manual_values(home: Path, unit_code: str, year: int) -> list[tuple[Key, dict[str, Any]]]:
    """The unit's stored manual values of the year, by indicator then period (read only; none
    before the home has a facts store)."""
    if not has_facts(home):
        return []
    with facts_of(home, read_only=True) as store:
        stored = _stored(store)
    return sorted(
        (key, values)
        for key, values in stored.items()
        if key[0] == unit_code and key[2][:4] == str(year)
    )


def _stored_one(home: Path, key: Key) -> dict[str, Any] | None:
    if not has_facts(home):
        return None
    with facts_of(home, read_only=False) as store:
        return _stored(store).get(key)


def recompute_year(home: Path, year: int) -> Recompute:
    """Recompute the indicator values of ``year`` as ``chitieu compute --year`` does
    (incremental: only what the new facts touch), so that the dashboards follow an entry. A
    refusal is returned as its sentence, never raised: the entry itself is stored."""
    started = time.perf_counter()
    try:
        with facts_of(home, read_only=False) as facts:
            report = compute(
                backend_of(facts), units=require_units(home), catalogue=catalogue(), year=year
            )
    except ChitieuError as error:
        return Recompute(year, error=error.message)
    except duckdb.Error:
        # The embedded store is held by a reader of this process: the next compute catches up.
        return Recompute(year, error="Kho dữ liệu đang được đọc nên chưa tính lại được.")
    return Recompute(year, report.values, time.perf_counter() - started)


def _csv_text(entry: ManualEntry) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(MANUAL_COLUMNS_WITH_ENTERER)
    writer.writerow(
        (
            entry.indicator,
            entry.unit_code,
            entry.period,
            entry.numerator,
            entry.denominator,
            entry.evidence,
            entry.entered_by,
        )
    )
    return out.getvalue()


def enter_manual_value(
    home: Path,
    entry: ManualEntry,
    *,
    actor: str,
    scope: Scope,
    evidence_file: EvidenceFile | None = None,
    recompute: bool = True,
    now: dt.datetime | None = None,
) -> ManualEntryResult:
    """Store one manual value typed on the manual entry page exactly as ``chitieu ingest
    manual`` stores a file of them: the row is written to a private temporary CSV under the
    home's ``tmp`` and given to ``import_manual_values`` (the same validation — a manual
    indicator, a known unit, a period, whole numbers, numerator ≤ denominator, an evidence
    reference, no overlapping period —, the same all-or-nothing import and one audit entry,
    before and after, when the value is new or changed). ``InputError`` lists the problems,
    with nothing written.

    Refused first (``OutOfScopeError``) for a unit outside ``scope``. An evidence file is
    stored under ``HOME/evidence/<year>/<unit>/`` and its path added to the reference; it is
    removed again when the import is refused. When the value changed and ``recompute``, the
    year's indicator values are recomputed so that the dashboards follow.
    """
    scope.require(entry.unit_code)
    year = int(entry.period[:4]) if entry.period[:4].isdigit() else None
    stored_file = False
    if evidence_file is not None:
        if year is None:
            raise ChitieuError(f"Kỳ «{entry.period}» không hợp lệ; không lưu tệp minh chứng.")
        path = evidence_file.relative(year, entry.unit_code)
        evidence = f"{entry.evidence} (tệp: {path})" if entry.evidence else f"Tệp: {path}"
        entry = replace(entry, evidence=evidence)
    before = _stored_one(home, entry.key)
    scratch = home / SCRATCH_DIR
    scratch.mkdir(parents=True, exist_ok=True)
    try:
        if evidence_file is not None and year is not None:
            stored_file = store_evidence(home, evidence_file, year=year, unit_code=entry.unit_code)
        # A private folder (mkdtemp: this process's user only), gone afterwards.
        with tempfile.TemporaryDirectory(prefix="manual-", dir=scratch) as folder:
            path_csv = Path(folder) / MANUAL_FILE
            path_csv.write_text(_csv_text(entry), encoding="utf-8")
            # force: the file import skips content it has imported before, whatever is stored
            # now; a value set back to an earlier figure (A, then B, then A again) would be
            # skipped and B kept. The import compares the row with the stored one instead: the
            # same figures again write no value and no audit entry.
            imported = import_manual_values(home, [path_csv], actor=actor, force=True, now=now)
    except BaseException:
        if stored_file and year is not None and evidence_file is not None:
            remove_evidence(home, evidence_file, year=year, unit_code=entry.unit_code)
        raise
    after = _stored_one(home, entry.key)
    done = None
    if before != after and recompute and year is not None:
        done = recompute_year(home, year)
    return ManualEntryResult(entry.key, before, after, imported, done)
