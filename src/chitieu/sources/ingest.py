"""Importing files of facts: every file validated whole, then all written in one transaction.

Nothing wrong gets in: one bad row refuses the whole command, with every problem named
(file, line, column, reason). Nothing right is lost: a fact already stored under the same key is
replaced by the new version (the latest export wins), so importing the same file twice changes
nothing — and a file whose exact content was already imported is skipped outright.

A dossier's national code (``MaHoSo``) is unique nationally, not per unit: the portal updates
the dossier it holds under a code, and a province's system prefixes local codes with its own
identifier to keep them unique (``shared/dvcqg/DOSSIER_FORMAT.md``, §1). Dossiers are therefore
keyed by code alone; a code already stored under another unit is refused with both units named
(a dossier never moves between units), and the same code under two units within one file is a
repeated key with differing rows (``validate._duplicates``, keyed by the code alone).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from chitieu import clock
from chitieu.catalog import Catalogue
from chitieu.domain import OrgUnit, Source
from chitieu.errors import InputError, Place, Problem, Severity
from chitieu.facts.failures import OwnerConflictError
from chitieu.facts.locks import process_alive
from chitieu.facts.schema import table_for
from chitieu.facts.sql import literal
from chitieu.facts.store import SPILL_PREFIX, FactsStore, ImportRecord
from chitieu.formatting import integer
from chitieu.sources.overlaps import file_keys, manual_overlaps
from chitieu.sources.resolve import (
    ManualIndicatorResolver,
    ProcedureResolver,
    UnitResolver,
    resolve_period,
)
from chitieu.sources.specs import SPECS, Kind
from chitieu.sources.stage import StagedFile, stage_file
from chitieu.sources.validate import Resolver, Validation, build_typed, distinct_key_rows

FileProgress = Callable[[str, int, int], None]
"""Called with (file name, bytes read, total bytes) as each file is read."""


@dataclass
class IngestReport:
    """What an ingest did: the imports recorded, the files skipped as already imported, and the
    warnings to show."""

    imports: list[ImportRecord] = field(default_factory=list)
    skipped: list[tuple[str, ImportRecord]] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def checksum(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _problems(staged: StagedFile, validation: Validation) -> list[Problem]:
    """The file's problems in file order (by position, then column), in the office's words."""
    errors = sorted(
        validation.errors,
        key=lambda e: (e.position, staged.column_index.get(e.column, 0)),
    )
    problems: list[Problem] = []
    for error in errors:
        reason = error.reason
        if error.also:
            others = ", ".join(str(p) for p in error.also)
            reason += f" (cả ở {staged.position_word} {others})"
        problems.append(Problem(staged.place(error.position, error.column), reason))
    hidden = validation.error_count - len(validation.errors)
    if hidden > 0:
        more = f"{hidden:,}".replace(",", ".")
        problems.append(Problem(Place(staged.name), f"và {more} lỗi khác"))
    return problems


@dataclass
class PendingFile:
    """A file to import: new (its digest not in the history) or skipped as imported before."""

    path: Path
    digest: str


def pending_files(
    store: FactsStore, source: Source, paths: Sequence[Path], force: bool, report: IngestReport
) -> list[PendingFile]:
    """The files to read: those whose content was imported before (or earlier in the same
    command) are skipped unless ``force``."""
    pending: list[PendingFile] = []
    seen: set[str] = set()
    for path in paths:
        digest = checksum(path) if path.is_file() else ""
        if digest and not force:
            earlier = store.find_import(source, digest)
            if earlier is not None:
                report.skipped.append((path.name, earlier))
                continue
        if digest and digest in seen:
            continue
        seen.add(digest)
        pending.append(PendingFile(path, digest))
    return pending


def known_procedures(store: FactsStore) -> list[str]:
    """The procedure codes of the stored catalogue (empty before one is loaded)."""
    table = table_for(Source.PROCEDURES).name
    return [str(r[0]) for r in store.rows(f"SELECT DISTINCT procedure_code FROM {table}")]


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or clock.now()


def ingest(
    store: FactsStore,
    source: Source,
    paths: Sequence[Path],
    *,
    units: Sequence[OrgUnit],
    catalogue: Catalogue,
    actor: str,
    force: bool = False,
    now: dt.datetime | None = None,
    progress: FileProgress | None = None,
) -> IngestReport:
    """Import files of one kind of fact (not ``dvcqg``: see ``ingest_portal``); raise
    ``InputError`` listing every problem of every file, with nothing written, on any error.

    ``now`` (local, naive; the clock's by default) bounds the dates of events that have
    happened: none may lie more than a day after it. Due dates may.
    """
    if source is Source.DVCQG:
        raise ValueError("the portal's responses are imported by ingest_portal")
    now = _now(now)
    report = IngestReport()
    resolvers: dict[str, Resolver] = {
        "unit": UnitResolver(units),
        "period": resolve_period,
        "indicator": ManualIndicatorResolver(catalogue),
    }
    if any(spec.kind is Kind.PROCEDURE for spec in SPECS[source].values()):
        # Read the catalogue's codes only for the files that name procedures.
        resolvers["procedure"] = ProcedureResolver(known_procedures(store))
    con = store.connection
    ready: list[tuple[StagedFile, Validation, str]] = []
    problems: list[Problem] = []
    with scratch_database(store):
        for index, item in enumerate(pending_files(store, source, paths, force, report)):
            name = item.path.name

            def advance(done: int, total: int, name: str = name) -> None:
                if progress is not None:
                    progress(name, done, total)

            stage = f"{SCRATCH}._stage_{index}"
            try:
                staged = stage_file(con, item.path, source, stage, progress=advance)
            except InputError as error:
                problems.extend(error.problems)
                continue
            report.warnings.extend(staged.warnings)
            validation = build_typed(con, source, stage, resolvers=resolvers, now=now, actor=actor)
            file_problems = _problems(staged, validation)
            if validation.rows == 0 and not file_problems:
                file_problems.append(Problem(Place(name), "tệp không có dòng dữ liệu nào"))
            problems.extend(file_problems)
            ready.append((staged, validation, item.digest))
        if source is Source.MANUAL and not problems:
            problems.extend(_overlapping_periods(store, ready))
        if problems:
            raise InputError(problems)
        table = table_for(source)
        names = {unit.code: unit.name for unit in units}
        with store.transaction():
            # In command-line order: a later file's version of a fact replaces an earlier one's.
            for staged, validation, digest in ready:
                try:
                    written = store.replace_rows(
                        table, distinct_key_rows(validation, source), keep_owners=True
                    )
                except OwnerConflictError as error:
                    raise InputError(
                        _owner_problems(store, source, staged, validation, error, names)
                    ) from error
                report.imports.append(
                    store.record_import(
                        source=source,
                        file=staged.name,
                        checksum=digest,
                        actor=actor,
                        rows_read=validation.rows,
                        written=written,
                    )
                )
    if source is Source.PROCEDURES and report.imports:
        report.warnings.extend(_dossiers_outside_catalogue(store, report.imports[-1].file))
    report.warnings = [w for w in report.warnings if w.severity is Severity.WARNING]
    return report


def _overlapping_periods(
    store: FactsStore, ready: Sequence[tuple[StagedFile, Validation, str]]
) -> list[Problem]:
    """Manual values whose periods overlap one another's or a stored value's (``overlaps``)."""
    con = store.connection
    new = [
        key
        for staged, validation, _ in ready
        for key in file_keys(con, validation.typed, staged.place)
    ]
    table = table_for(Source.MANUAL).name
    stored = store.rows(f"SELECT DISTINCT indicator, unit_code, period FROM {table}")
    return manual_overlaps(new, [(str(i), str(u), str(p)) for i, u, p in stored])


SHOWN_PROCEDURES = 5


def _dossiers_outside_catalogue(store: FactsStore, file: str) -> list[Problem]:
    """Dossiers imported before this catalogue whose procedure it does not list: a warning (they
    were right when they came; copy certification cannot be told for them)."""
    dossiers, procedures = table_for(Source.DOSSIERS).name, table_for(Source.PROCEDURES).name
    rows = store.rows(
        f"SELECT d.procedure_code, count(*) AS n FROM {dossiers} AS d "
        f"WHERE d.procedure_code IS NOT NULL AND d.procedure_code NOT IN "
        f"(SELECT procedure_code FROM {procedures}) GROUP BY d.procedure_code "
        "ORDER BY n DESC, d.procedure_code"
    )
    if not rows:
        return []
    total = integer(sum(int(n) for _, n in rows))
    shown = ", ".join(f"«{code}» ({integer(int(n))})" for code, n in rows[:SHOWN_PROCEDURES])
    more = f" và {len(rows) - SHOWN_PROCEDURES} mã khác" if len(rows) > SHOWN_PROCEDURES else ""
    return [
        Problem(
            Place(file),
            f"{total} hồ sơ đã nạp trước đó có mã thủ tục không có trong danh mục này: "
            f"{shown}{more}",
            Severity.WARNING,
        )
    ]


def _unit(code: str | None, names: dict[str, str]) -> str:
    if code is None:
        return "(không có đơn vị)"
    name = names.get(code)
    return f"{code} ({name})" if name else code


def _owner_problems(
    store: FactsStore,
    source: Source,
    staged: StagedFile,
    validation: Validation,
    error: OwnerConflictError,
    names: dict[str, str],
) -> list[Problem]:
    """Each fact of ``staged`` whose code is stored under another unit, at its line, both units
    named; and how many more there are."""
    key = table_for(source).key[0]
    codes = [conflict.key[0] for conflict in error.conflicts]
    found = store.connection.execute(
        f"SELECT {key}, min(_position) FROM {validation.typed} WHERE {key} IN "
        "(SELECT unnest(?)) GROUP BY 1",
        [codes],
    ).fetchall()
    positions = {str(code): int(position) for code, position in found}
    problems = [
        Problem(
            staged.place(positions[c.key[0]], key) if c.key[0] in positions else Place(staged.name),
            f"mã «{c.key[0]}» đã có trong kho dưới đơn vị {_unit(c.stored, names)}, tệp này ghi "
            f"đơn vị {_unit(c.incoming, names)}: mã hồ sơ là duy nhất trên toàn quốc nên một hồ "
            "sơ không chuyển sang đơn vị khác; hãy kiểm tra lại mã hoặc đơn vị",
        )
        for c in error.conflicts
    ]
    hidden = error.total - len(error.conflicts)
    if hidden > 0:
        problems.append(Problem(Place(staged.name), f"và {integer(hidden)} mã khác như vậy"))
    return problems


SCRATCH = "_scratch"
"""The name the scratch database is attached under while files are staged and checked."""
STAGE_PREFIX = "stage-"
_OWNED = re.compile(rf"^(?:{STAGE_PREFIX}|{SPILL_PREFIX})(\d+)(?:-|$)")
UNOWNED_STALE_AFTER = 24 * 3600
"""Seconds after which a scratch file named without its process (made before they were) is
taken as left behind."""


def remove_stale_scratch(scratch: Path) -> list[Path]:
    """Remove what killed or failed imports left in the scratch folder (staging databases, CSV
    copies, spill folders — each the size of its input): the entries named with the PID of a
    process that no longer runs, and unnamed ones older than a day. Returns what was removed."""
    removed: list[Path] = []
    if not scratch.is_dir():
        return removed
    now = time.time()
    for entry in scratch.iterdir():
        if not entry.name.startswith((STAGE_PREFIX, SPILL_PREFIX)):
            continue
        owner = _OWNED.match(entry.name)
        if owner is not None:
            pid = int(owner.group(1))
            if pid == os.getpid() or process_alive(pid):
                continue
        else:
            try:
                if now - entry.stat().st_mtime < UNOWNED_STALE_AFTER:
                    continue
            except FileNotFoundError:
                continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed.append(entry)
    return removed


@contextmanager
def scratch_database(store: FactsStore) -> Iterator[str]:
    """A DuckDB file in the store's scratch folder, attached as ``SCRATCH`` while the block runs,
    then removed whatever happens (a refusal, a full disk, Ctrl-C). Files are staged and checked
    there rather than in temporary tables: its tables are compressed and paged like any table,
    so a file of a hundred million rows is checked within the memory limit and a fraction of the
    disk a temporary table spills.

    Named ``stage-<pid>-…``: what a killed import left is removed by the next one
    (``remove_stale_scratch``), so that a full disk does not stay full."""
    store.scratch.mkdir(parents=True, exist_ok=True)
    remove_stale_scratch(store.scratch)
    path = store.scratch / f"{STAGE_PREFIX}{os.getpid()}-{uuid.uuid4().hex}.duckdb"
    leftovers = (path, path.with_name(path.name + ".wal"))
    try:
        store.connection.execute(f"ATTACH {literal(str(path))} AS {SCRATCH}")
        try:
            yield SCRATCH
        finally:
            # A connection that failed (a full disk) may refuse to detach: the file is removed
            # all the same, its space freed when the connection closes.
            with suppress(Exception):
                store.connection.execute(f"DETACH {SCRATCH}")
    finally:
        for leftover in leftovers:
            leftover.unlink(missing_ok=True)


@contextmanager
def registered(store: FactsStore, name: str, rows: object) -> Iterator[str]:
    """An Arrow table visible to SQL under ``name`` while the block runs."""
    store.connection.register(name, rows)
    try:
        yield name
    finally:
        store.connection.unregister(name)
