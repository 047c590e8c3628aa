"""Importing files of facts: every file validated whole, then all written in one transaction.

Nothing wrong gets in: one bad row refuses the whole command, with every problem named
(file, line, column, reason). Nothing right is lost: a fact already stored under the same key is
replaced by the new version (the latest export wins), so importing the same file twice changes
nothing — and a file whose exact content was already imported is skipped outright.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from chitieu.catalog import Catalogue
from chitieu.domain import LOCAL_TZ, OrgUnit, Source
from chitieu.errors import InputError, Place, Problem, Severity
from chitieu.facts.schema import table_for
from chitieu.facts.store import DuckDBStore, ImportRecord
from chitieu.sources.resolve import ManualIndicatorResolver, UnitResolver, resolve_period
from chitieu.sources.stage import Progress, StagedFile, stage_file
from chitieu.sources.validate import Resolver, Validation, build_typed, distinct_key_rows


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
    problems: list[Problem] = []
    for error in validation.errors:
        column_name = staged.header.get(error.column, error.column)
        place = Place(
            staged.name,
            line=error.position,
            column=staged.column_index.get(error.column),
            column_name=column_name,
            line_word=staged.position_word,
        )
        problems.append(Problem(place, error.reason))
    hidden = validation.error_count - len(validation.errors)
    if hidden > 0:
        problems.append(Problem(Place(staged.name), f"và {hidden:,} lỗi khác".replace(",", ".")))
    return problems


def ingest(
    store: DuckDBStore,
    source: Source,
    paths: Sequence[Path],
    *,
    units: Sequence[OrgUnit],
    catalogue: Catalogue,
    actor: str,
    force: bool = False,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Import files of one kind of fact; raise ``InputError`` (nothing written) on any error."""
    now = now or dt.datetime.now(LOCAL_TZ).replace(tzinfo=None)
    report = IngestReport()
    resolvers: dict[str, Resolver] = {
        "unit": UnitResolver(units),
        "period": resolve_period,
        "indicator": ManualIndicatorResolver(catalogue),
    }
    con = store.connection
    ready: list[tuple[StagedFile, Validation, str]] = []
    problems: list[Problem] = []
    try:
        for index, path in enumerate(paths):
            digest = checksum(path) if path.is_file() else ""
            earlier = store.find_import(source, digest) if digest and not force else None
            if earlier is not None:
                report.skipped.append((path.name, earlier))
                continue
            try:
                staged = stage_file(con, path, source, f"_stage_{index}", progress=progress)
            except InputError as error:
                problems.extend(error.problems)
                continue
            report.warnings.extend(staged.warnings)
            validation = build_typed(
                con, source, staged.table, resolvers=resolvers, now=now, actor=actor
            )
            file_problems = _problems(staged, validation)
            if validation.rows == 0 and not file_problems:
                file_problems.append(Problem(Place(path.name), "tệp không có dòng dữ liệu nào"))
            problems.extend(file_problems)
            ready.append((staged, validation, digest))
        if problems:
            raise InputError(problems)
        table = table_for(source)
        with store.transaction():
            for staged, validation, digest in ready:
                written = store.replace_rows(table, distinct_key_rows(validation.typed, source))
                report.imports.append(
                    store.record_import(
                        source=source,
                        file=staged.name,
                        checksum=digest,
                        actor=actor,
                        rows_read=validation.rows,
                        rows_written=written,
                    )
                )
    finally:
        for staged, validation, _ in ready:
            con.execute(f"DROP TABLE IF EXISTS {validation.typed}")
            con.execute(f"DROP TABLE IF EXISTS {staged.table}")
    report.warnings = [w for w in report.warnings if w.severity is Severity.WARNING]
    return report
