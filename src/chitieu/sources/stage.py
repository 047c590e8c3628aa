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
from openpyxl.utils import get_column_letter

from chitieu.domain import Source
from chitieu.errors import InputError, Place, Problem, Severity
from chitieu.sources.readers import (
    NATIONAL_DOSSIER_FIELDS,
    POSITION,
    CsvSource,
    JsonSource,
    TabularSource,
    XlsxSource,
    canonical_columns,
    open_source,
)
from chitieu.sources.specs import SPECS, Kind

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
    sheet: str | None = None
    national: bool = False
    rows: int = 0
    warnings: list[Problem] = field(default_factory=list)

    def place(self, position: int | None, column: str | None = None) -> Place:
        """Where a value of ``column`` (canonical name) at ``position`` is, in the office's words:
        a workbook's cell (``trang tính «Dữ liệu», ô E7``) or row, always with its sheet, a
        national record's field
        (``bản ghi 12 (NgayTiepNhan)``), else a line and column number."""
        if column is None:
            if self.sheet is not None:
                return Place(self.name, sheet=self.sheet, line=position)
            return Place(self.name, line=position, line_word=self.position_word)
        index = self.column_index.get(column)
        written = self.header.get(column, column)
        if self.national:
            written = NATIONAL_DOSSIER_FIELDS.get(column, column)
            return Place(
                self.name, line=position, column_name=written, line_word=self.position_word
            )
        if self.sheet is not None and position is not None and index is not None:
            cell = f"{get_column_letter(index)}{position}"
            return Place(self.name, sheet=self.sheet, cell=cell, column_name=written)
        if self.sheet is not None:
            # Every place in a workbook names the sheet read: it may not be the first one.
            return Place(self.name, sheet=self.sheet, line=position, column_name=written)
        return Place(
            self.name,
            line=position,
            column=index,
            column_name=written,
            line_word=self.position_word,
        )


def _header_place(reader: TabularSource, index: int, written: str) -> Place:
    """Where a column's title is: its header cell, its header line and column, or (JSON) the
    key itself."""
    if isinstance(reader, XlsxSource):
        cell = f"{get_column_letter(index)}{reader.header_row}"
        return Place(reader.name, sheet=reader.sheet, cell=cell, column_name=written)
    if isinstance(reader, CsvSource):
        return reader.place(reader.header_line, index, written)
    if isinstance(reader, JsonSource):
        return reader.place(column_name=written)
    return reader.place(None, index, written)


CODE_KINDS = frozenset({Kind.TEXT, Kind.UNIT, Kind.PROCEDURE, Kind.INDICATOR})
"""Columns whose values are codes or names: a spreadsheet number in one must be the code as
typed, never a number Excel rounded."""


def _header_taken(reader: TabularSource) -> str:
    """Which row was read as the header, for a message about the header's columns."""
    if reader.header_position is None:
        return ""
    return f" (dòng tiêu đề cột đọc được: {reader.position_word} {reader.header_position})"


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
    """Copy the rows of ``path`` into the new table ``table`` of the scratch database
    (``sources.ingest.scratch_database``; canonical column names plus ``_position``), streaming;
    raise ``InputError`` for a file that cannot be read or whose header lacks a required column
    or names one column twice."""
    reader = open_source(path, source)
    found = canonical_columns(reader.columns, source)
    specs = SPECS[source]
    problems: list[Problem] = []
    header: dict[str, str] = {}
    column_index: dict[str, int] = {}
    warnings: list[Problem] = []
    for index, written in enumerate(reader.columns, start=1):
        canonical = found.get(written)
        place = _header_place(reader, index, written)
        if canonical is None or canonical not in specs:
            warnings.append(
                Problem(
                    place,
                    "cột không thuộc dữ liệu cần nhập, được bỏ qua",
                    Severity.WARNING,
                )
            )
            continue
        if canonical in header:
            problems.append(
                Problem(
                    place,
                    f"cột này và cột «{header[canonical]}» cùng là «{canonical}»; hãy giữ một cột",
                )
            )
            continue
        header[canonical] = written
        column_index[canonical] = index
    missing = [s.name for s in specs.values() if s.required and s.name not in header]
    if missing:
        names = ", ".join(f"«{m}»" for m in missing)
        problems.append(
            Problem(reader.place(), f"thiếu cột bắt buộc {names}{_header_taken(reader)}")
        )
    if problems:
        raise InputError(problems)
    if reader.titles_above and reader.header_position is not None:
        # Said, so that an office whose header was not the row meant can tell at once.
        warnings.insert(
            0,
            Problem(
                reader.place(reader.header_position),
                f"dòng tiêu đề cột lấy ở {reader.position_word} {reader.header_position}; "
                f"{reader.titles_above} {reader.position_word} phía trên (tiêu đề văn bản) "
                "được bỏ qua",
                Severity.WARNING,
            ),
        )
    reader.code_columns = frozenset(
        column_index[canonical] - 1 for canonical in header if specs[canonical].kind in CODE_KINDS
    )

    selected = ", ".join(
        [f"{_quote(written)} AS {canonical}" for canonical, written in header.items()]
        + [f"{POSITION}"]
    )
    staged = StagedFile(
        reader.name,
        table,
        header,
        column_index,
        reader.position_word,
        sheet=reader.sheet if isinstance(reader, XlsxSource) else None,
        national=isinstance(reader, JsonSource) and reader.national,
    )
    staged.warnings = warnings
    con.execute(f"DROP TABLE IF EXISTS {table}")
    created = False
    try:
        for batch in reader.batches(BATCH_ROWS):
            con.register("_chitieu_batch", batch)
            try:
                if not created:
                    con.execute(f"CREATE TABLE {table} AS SELECT {selected} FROM _chitieu_batch")
                    created = True
                else:
                    con.execute(f"INSERT INTO {table} SELECT {selected} FROM _chitieu_batch")
            finally:
                con.unregister("_chitieu_batch")
            staged.rows += batch.num_rows
            if progress is not None:
                progress(reader.bytes_read, reader.total_bytes)
    except BaseException:
        # A file refused half-way (or any failure) leaves no staged rows behind.
        con.execute(f"DROP TABLE IF EXISTS {table}")
        raise
    if not created:
        # A header without rows: an empty table of the file's columns, as text.
        columns = ", ".join(
            [f"CAST(NULL AS VARCHAR) AS {canonical}" for canonical in header]
            + [f"CAST(NULL AS BIGINT) AS {POSITION}"]
        )
        con.execute(f"CREATE TABLE {table} AS SELECT {columns} WHERE false")
    if progress is not None:
        progress(reader.total_bytes, reader.total_bytes)
    return staged
