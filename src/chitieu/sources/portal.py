"""Importing the national portal's 766 responses as facts with source ``dvcqg``.

The same discipline as every other import: all files read and checked first, then written in one
transaction with their history entries, or nothing at all. Each unit's numerator and denominator
per sub-indicator and period are kept as the portal published them; portal units are matched to
ours by code or by name, and those left unmatched are kept under the portal's code and name
(``unit_code`` empty) and reported as warnings. A file none of whose units is ours is refused:
the unit tree (or the file) is most likely another province's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pyarrow as pa

from chitieu.domain import OrgUnit, Source
from chitieu.dvcqg import (
    MatchResult,
    PortalReport,
    match_units,
    portal_codes,
    read_response,
    rows_for_facts,
)
from chitieu.errors import InputError, Place, Problem, Severity
from chitieu.facts.schema import DVCQG_COLUMNS, SQL_TYPES, table_for
from chitieu.facts.store import FactsStore
from chitieu.formatting import integer
from chitieu.sources.ingest import FileProgress, IngestReport, pending_files, registered

_ARROW_TYPES = {"VARCHAR": pa.string(), "DOUBLE": pa.float64()}


def _schema() -> pa.Schema:
    return pa.schema(
        [(name, _ARROW_TYPES[SQL_TYPES[kind]]) for name, kind in DVCQG_COLUMNS.items()]
    )


def _by_file_name(problems: Sequence[Problem]) -> list[Problem]:
    """Problems naming the file as every other import does: by its name, not its path."""
    return [
        replace(problem, place=replace(problem.place, file=Path(problem.place.file).name))
        for problem in problems
    ]


def _unmatched_warnings(
    reports: Sequence[PortalReport], matches: MatchResult, codes: dict[str, str]
) -> list[Problem]:
    files = {row.unit_id: report.file for report in reports for row in report.rows}
    warnings: list[Problem] = []
    for row in matches.unmatched:
        known = row.unit_code or codes.get(row.unit_id)
        code = f" ({known})" if known else ""
        reason = matches.reasons.get(row.unit_id, "không khớp")
        warnings.append(
            Problem(
                Place(Path(files[row.unit_id]).name),
                f"đơn vị «{row.unit_name}»{code} của Cổng DVCQG không khớp đơn vị nào: {reason}; "
                "số liệu được lưu theo mã, tên của cổng",
                Severity.WARNING,
            )
        )
    return warnings


SHOWN_UNMATCHED = 5
"""How many of a file's unit names a refusal quotes."""


def _nothing_matched(portal: PortalReport) -> Problem:
    """A file none of whose units is ours: refused, not stored under the portal's names alone.
    Most often the home's unit tree is another province's (or the file is)."""
    names = list(dict.fromkeys(row.unit_name for row in portal.rows))
    shown = ", ".join(f"«{name}»" for name in names[:SHOWN_UNMATCHED])
    more = (
        f" và {integer(len(names) - SHOWN_UNMATCHED)} đơn vị khác"
        if len(names) > SHOWN_UNMATCHED
        else ""
    )
    return Problem(
        Place(Path(portal.file).name),
        f"không đơn vị nào của Cổng DVCQG trong tệp khớp cây đơn vị: {shown}{more}; "
        "cây đơn vị có thể là của tỉnh khác (xem «chitieu units export»), hoặc tệp là của tỉnh "
        "khác",
    )


def ingest_portal(
    store: FactsStore,
    paths: Sequence[Path],
    *,
    units: Sequence[OrgUnit],
    actor: str,
    period: str | None = None,
    force: bool = False,
    progress: FileProgress | None = None,
) -> IngestReport:
    """Import saved 766 responses (any of the portal's endpoints). ``period`` (``2026-08``,
    ``2026-Q3``, ``2026``) is for files no ``manifest.m0.json`` describes. Raises ``InputError``
    listing the problems of every file, with nothing written, if any file is refused."""
    report = IngestReport()
    pending = pending_files(store, Source.DVCQG, paths, force, report)
    problems: list[Problem] = []
    reports: list[tuple[PortalReport, str]] = []
    for item in pending:
        size = item.path.stat().st_size if item.path.is_file() else 0
        try:
            portal = read_response(item.path, period)
        except InputError as error:
            problems.extend(_by_file_name(error.problems))
            continue
        finally:
            if progress is not None:
                progress(item.path.name, size, size)
        report.warnings.extend(_by_file_name(portal.warnings))
        reports.append((portal, item.digest))
    # Shape A responses lack unit codes: they come from the other responses of the command.
    everything = [portal for portal, _ in reports]
    codes = portal_codes(everything)
    matches = match_units([row for portal in everything for row in portal.rows], units)
    for portal in everything:
        if portal.rows and not any(row.unit_id in matches.matched for row in portal.rows):
            problems.append(_nothing_matched(portal))
    records: list[tuple[PortalReport, str, list[dict[str, object]]]] = []
    for portal, digest in reports:
        try:
            facts = rows_for_facts(portal, matches, codes)
        except InputError as error:
            problems.extend(_by_file_name(error.problems))
            continue
        records.append((portal, digest, [dict(fact) for fact in facts]))
    if problems:
        raise InputError(problems)
    report.warnings.extend(_unmatched_warnings(everything, matches, codes))
    table = table_for(Source.DVCQG)
    with store.transaction():
        for portal, digest, rows in records:
            arrow = pa.Table.from_pylist(rows, schema=_schema())
            with registered(store, "_chitieu_portal", arrow) as staged:
                written = store.replace_rows(table, staged)
            report.imports.append(
                store.record_import(
                    source=Source.DVCQG,
                    file=Path(portal.file).name,
                    checksum=digest,
                    actor=actor,
                    rows_read=len(rows),
                    written=written,
                )
            )
    return report
