"""Staging a file: its rows copied, as read, into a temporary DuckDB table under canonical names.

Staging checks the header only (which columns are there, which are missing or named twice);
the values are checked by ``validate`` once the whole file is staged, so that every problem of a
file is reported at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from chitieu.domain import Source
from chitieu.errors import InputError, Problem, Severity
from chitieu.sources.readers import POSITION, canonical_columns, open_source
from chitieu.sources.specs import SPECS

Progress = Callable[[int, int], None]
"""Called with (bytes read, total bytes) as a file is staged."""

BATCH_ROWS = 200_000
"""Rows per batch copied into DuckDB: large enough to be fast, small enough to bound memory."""


@dataclass
class StagedFile:
    """A file copied into the temporary table ``table``.

    ``header`` maps each canonical column to the name written in the file; ``column_index`` to
    its 1-based column number, so that a problem names the column as the office sees it.
    """

    name: str
    table: str
    header: dict[str, str]
    column_index: dict[str, int]
    position_word: str
    rows: int = 0
    warnings: list[Problem] = field(default_factory=list)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def stage_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    source: Source,
    table: str,
    *,
    progress: Progress | None = None,
) -> StagedFile:
    """Copy the rows of ``path`` into the temporary table ``table`` (canonical column names plus
    ``_position``), streaming; raise ``InputError`` for a file that cannot be read or whose
    header lacks a required column or names one column twice."""
    reader = open_source(path)
    found = canonical_columns(reader.columns, source)
    specs = SPECS[source]
    problems: list[Problem] = []
    header: dict[str, str] = {}
    column_index: dict[str, int] = {}
    warnings: list[Problem] = []
    for index, written in enumerate(reader.columns, start=1):
        canonical = found.get(written)
        place = reader.place(1, index, written) if reader.position_word != "bản ghi" else None
        if canonical is None or canonical not in specs:
            warnings.append(
                Problem(
                    place or reader.place(column_name=written),
                    "cột không thuộc dữ liệu cần nhập, được bỏ qua",
                    Severity.WARNING,
                )
            )
            continue
        if canonical in header:
            problems.append(
                Problem(
                    place or reader.place(column_name=written),
                    f"cột này và cột «{header[canonical]}» cùng là «{canonical}»; hãy giữ một cột",
                )
            )
            continue
        header[canonical] = written
        column_index[canonical] = index
    missing = [s.name for s in specs.values() if s.required and s.name not in header]
    if missing:
        names = ", ".join(f"«{m}»" for m in missing)
        problems.append(Problem(reader.place(), f"thiếu cột bắt buộc {names}"))
    if problems:
        raise InputError(problems)

    selected = ", ".join(
        [f"{_quote(written)} AS {canonical}" for canonical, written in header.items()]
        + [f"{POSITION}"]
    )
    staged = StagedFile(reader.name, table, header, column_index, reader.position_word)
    staged.warnings = warnings
    con.execute(f"DROP TABLE IF EXISTS {table}")
    created = False
    try:
        for batch in reader.batches(BATCH_ROWS):
            con.register("_chitieu_batch", batch)
            try:
                if not created:
                    con.execute(
                        f"CREATE TEMP TABLE {table} AS SELECT {selected} FROM _chitieu_batch"
                    )
                    created = True
                else:
                    con.execute(f"INSERT INTO {table} SELECT {selected} FROM _chitieu_batch")
            finally:
                con.unregister("_chitieu_batch")
            staged.rows += batch.num_rows
            if progress is not None:
                progress(reader.bytes_read, reader.total_bytes)
    except InputError:
        con.execute(f"DROP TABLE IF EXISTS {table}")
        raise
    if not created:
        # A header without rows: an empty table of the file's columns, as text.
        columns = ", ".join(
            [f"CAST(NULL AS VARCHAR) AS {canonical}" for canonical in header]
            + [f"CAST(NULL AS BIGINT) AS {POSITION}"]
        )
        con.execute(f"CREATE TEMP TABLE {table} AS SELECT {columns} WHERE false")
    if progress is not None:
        progress(reader.total_bytes, reader.total_bytes)
    return staged
