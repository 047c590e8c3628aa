"""Reading the first visible sheet of an Excel workbook (.xlsx), streamed row by row."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import WorkSheetParser

from chitieu.errors import Place, refuse
from chitieu.sources.readers.base import (
    DEFAULT_BATCH_ROWS,
    Problems,
    TabularSource,
    header_names,
    string_batch,
    string_schema,
    text_of,
)

SHARED_STRINGS_LIMIT = 512 << 20
"""openpyxl holds a workbook's shared strings in memory even when streaming, so their part of the
zip is bounded on its own."""

_PROGRESS_EVERY = 4096
_BROKEN = "tệp Excel bị hỏng hoặc không đầy đủ, không đọc được"


def _cell(file: str, sheet: str, row: int, column: int) -> Place:
    return Place(file, sheet=sheet, cell=f"{get_column_letter(column)}{row}")


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass(frozen=True, slots=True)
class _Sheet:
    """A worksheet of an open workbook, parsed anew (and streamed) each time its rows are read."""

    file: str
    title: str
    part: str
    reader: ExcelReader

    def rows(self) -> Iterator[tuple[int, tuple[object, ...]]]:
        """The rows that hold cells, with their Excel row numbers, cell values by column."""
        workbook = self.reader.wb
        with self.reader.archive.open(self.part) as source:
            parser = WorkSheetParser(
                source,
                self.reader.shared_strings,
                data_only=True,
                epoch=workbook.epoch,
                # Set by apply_stylesheet; the style numbers whose cells are dates or durations.
                date_formats=workbook._date_formats,  # type: ignore[attr-defined]
                timedelta_formats=workbook._timedelta_formats,  # type: ignore[attr-defined]
            )
            rows = parser.parse()
            while True:
                try:
                    number, cells = next(rows)
                except StopIteration:
                    return
                except Exception as error:  # a broken sheet raises anything (zip, zlib, XML…)
                    raise refuse(Place(self.file, sheet=self.title), _BROKEN) from error
                values: list[object] = [None] * max((c["column"] for c in cells), default=0)
                for cell in cells:
                    values[cell["column"] - 1] = cell["value"]
                yield number, tuple(values)


@contextmanager
def _first_visible_sheet(path: Path) -> Iterator[tuple[IO[bytes], _Sheet]]:
    """The open file and its first visible worksheet, formulas as their last computed values.

    openpyxl's reader is used part by part rather than through ``load_workbook``: in read-only
    mode that parses every sheet of the workbook to its end when the sheet does not declare its
    dimensions (as many exporters write it), before a single row is read.
    """
    with path.open("rb") as handle:
        try:
            reader = ExcelReader(handle, read_only=True, data_only=True, keep_links=False)
            reader.read_manifest()
            reader.read_strings()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            sheets = [
                (sheet, relation)
                for sheet, relation in reader.parser.find_sheets()
                if relation.target in reader.valid_files and "chartsheet" not in relation.Type
            ]
        # openpyxl lets through whatever a broken part raises (zip, zlib, XML, KeyError…).
        except Exception as error:
            raise refuse(Place(path.name), _BROKEN) from error
        try:
            visible = [(s, r) for s, r in sheets if s.state in (None, "visible")]
            if not visible:
                raise refuse(Place(path.name), "bảng tính không có trang tính nào đang hiện")
            sheet, relation = visible[0]
            yield handle, _Sheet(path.name, sheet.name, relation.target, reader)
        finally:
            reader.archive.close()


class XlsxSource(TabularSource):
    """A worksheet: header on its first non-empty row, cells as text, one position per row."""

    position_word = "hàng"

    def __init__(self, path: Path, *, total_bytes: int) -> None:
        """Open the workbook and read the header of its first visible sheet."""
        _check_shared_strings(path)
        header: tuple[object, ...] = ()
        with _first_visible_sheet(path) as (_, sheet):
            self.sheet: str = sheet.title
            for number, row in sheet.rows():
                if not all(_blank(value) for value in row):
                    self.header_row, header = number, row
                    break
        if not header:
            raise refuse(Place(path.name, sheet=self.sheet), "trang tính không có dữ liệu")
        width = max(index for index, value in enumerate(header, start=1) if not _blank(value))
        columns = header_names(
            [text_of(value) for value in header[:width]],
            lambda column: _cell(path.name, self.sheet, self.header_row, column),
        )
        super().__init__(path, columns, total_bytes)
        self.schema = string_schema(columns)

    def _cell(self, row: int, column: int) -> Place:
        return _cell(self.name, self.sheet, row, column)

    def batches(self, rows: int = DEFAULT_BATCH_ROWS) -> Iterator[Any]:
        """The rows under the header in batches; empty rows are left out, cells right of the
        header must be empty."""
        self._restart()
        problems = Problems(self.name, self.position_word)
        width = len(self.columns)
        values: list[list[str | None]] = [[] for _ in range(width)]
        positions: list[int] = []
        with _first_visible_sheet(self.path) as (handle, sheet):
            for number, row in sheet.rows():
                if number <= self.header_row:
                    continue
                if number % _PROGRESS_EVERY == 0:
                    self._advance(handle.tell())
                if all(_blank(value) for value in row):
                    continue
                for index in range(width, len(row)):
                    if not _blank(row[index]):
                        problems.add(
                            self._cell(number, index + 1), "ô có dữ liệu nhưng cột không có tiêu đề"
                        )
                for index in range(width):
                    values[index].append(text_of(row[index]) if index < len(row) else None)
                positions.append(number)
                if len(positions) == rows:
                    yield string_batch(self.columns, values, positions)
                    values = [[] for _ in range(width)]
                    positions = []
        if positions:
            yield string_batch(self.columns, values, positions)
        self._advance(self.total_bytes)
        problems.raise_if_any()


def _check_shared_strings(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            sizes = [info.file_size for info in archive.infolist()]
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError) as error:
        raise refuse(Place(path.name), _BROKEN) from error
    for name, size in zip(names, sizes, strict=True):
        if name.lower().endswith("sharedstrings.xml") and size > SHARED_STRINGS_LIMIT:
            raise refuse(
                Place(path.name),
                "bảng tính có quá nhiều chuỗi văn bản để đọc an toàn "
                f"({size // (1 << 20)} MB); hãy lưu thành CSV rồi gửi lại",
            )
