"""Reading a sheet of an Excel workbook (.xlsx), streamed row by row: the visible sheet whose
header names the columns of the import, its header found below any titles, formulas as the values
Excel last computed for them."""

from __future__ import annotations

import itertools
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

from chitieu.encoding import LegacyCellError, cell_text, legacy_context
from chitieu.errors import InputError, Place, Problem, refuse
from chitieu.sources.readers.base import (
    DEFAULT_BATCH_ROWS,
    Problems,
    TabularSource,
    header_names,
    string_batch,
    string_schema,
    text_of,
)
from chitieu.sources.readers.headers import TITLE_ROWS, HeaderMatcher, header_key, pick_header

SHARED_STRINGS_LIMIT = 512 << 20
"""openpyxl holds a workbook's shared strings in memory even when streaming, so their part of the
zip is bounded on its own."""

_PROGRESS_EVERY = 4096
_BROKEN = "tệp Excel bị hỏng hoặc không đầy đủ, không đọc được"
_UNCOMPUTED_REASON = (
    "công thức chưa được tính (tệp không lưu giá trị của công thức); hãy mở tệp bằng Excel, "
    "lưu lại rồi gửi lại, hoặc thay công thức bằng giá trị"
)
_ROUNDED_REASON = (
    "mã bị Excel làm tròn: ô kiểu số chỉ giữ 15 chữ số, các chữ số sau đã mất (đọc được «{}»); "
    "hãy định dạng cột là Văn bản (Text) rồi nhập lại mã"
)
LEGACY_SAMPLE_ROWS = 1000
"""How many rows at the top of a sheet are judged together for a legacy font (TCVN3, VNI)."""
EXCEL_DIGITS = 15
"""Excel keeps 15 significant digits of a number; a longer code typed as a number loses the rest."""


class _Uncomputed:
    """A formula cell saved without the value it computes (openpyxl and some generators write
    formulas so): not an empty cell, whatever the cell's default would say."""

    def __repr__(self) -> str:
        return "<uncomputed formula>"


UNCOMPUTED = _Uncomputed()


class _Parser(WorkSheetParser):
    """openpyxl's parser, formulas as their cached values, telling a formula without one."""

    def parse_cell(self, element: Any) -> dict[str, Any]:
        cell: dict[str, Any] = super().parse_cell(element)
        # A cached empty text («t="str"», <v></v>) is a value; an empty <v> of a number is not.
        if (
            cell["value"] is None
            and element.get("t") != "str"
            and element.find(FORMULA_TAG) is not None
        ):
            cell["value"] = UNCOMPUTED
        return cell


def _rounded_code(value: object) -> bool:
    """Whether a number cell cannot be the code that was typed: an integer of more than 15
    digits written as a float (Excel writes ``1.23456789012346E+17``), or one whose digits past
    the 15th are all zeros, which is what Excel leaves of a longer number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if isinstance(value, float):
        return value.is_integer() and abs(value) >= 10**EXCEL_DIGITS
    digits = str(abs(value))
    return len(digits) > EXCEL_DIGITS and not digits[EXCEL_DIGITS:].strip("0")


def _cell(file: str, sheet: str, row: int, column: int) -> Place:
    return Place(file, sheet=sheet, cell=f"{get_column_letter(column)}{row}")


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _texts(row: tuple[object, ...]) -> list[str]:
    """A row's cells as header names would be read (an uncomputed formula as nothing)."""
    return ["" if value is UNCOMPUTED else (text_of(value) or "").strip() for value in row]


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
            parser = _Parser(
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
def _visible_sheets(path: Path) -> Iterator[tuple[IO[bytes], list[_Sheet]]]:
    """The open file and its visible worksheets, in order, formulas as their last computed
    values.

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
            visible = [
                _Sheet(path.name, s.name, r.target, reader)
                for s, r in sheets
                if s.state in (None, "visible")
            ]
            if not visible:
                raise refuse(Place(path.name), "bảng tính không có trang tính nào đang hiện")
            yield handle, visible
        finally:
            reader.archive.close()


@dataclass(frozen=True, slots=True)
class _Top:
    """The first non-empty rows of a sheet, and which of them is its header."""

    sheet: _Sheet
    rows: list[tuple[int, tuple[object, ...]]]
    header: int  # index in rows
    score: int


def _top(sheet: _Sheet, matcher: HeaderMatcher | None) -> _Top:
    rows: list[tuple[int, tuple[object, ...]]] = []
    for number, row in sheet.rows():
        if not all(_blank(value) for value in row):
            rows.append((number, row))
            if len(rows) == TITLE_ROWS or matcher is None:
                break
    texts = [_texts(row) for _, row in rows]
    index = pick_header(texts, matcher)
    score = matcher.score(texts[index]) if matcher is not None and rows else 0
    return _Top(sheet, rows, index, score)


def _names(sheets: list[_Top]) -> str:
    return ", ".join(f"«{top.sheet.title}»" for top in sheets)


def _choose(path: Path, sheets: list[_Sheet], matcher: HeaderMatcher | None) -> _Top:
    """The sheet to read: the only visible one, else the one whose header names the most
    columns of the import; several equally good, or none naming any, are refused with the
    sheets named, rather than reading one the office did not mean."""
    if matcher is None or len(sheets) == 1:
        return _top(sheets[0], matcher)
    tops = [_top(sheet, matcher) for sheet in sheets]
    best = max(top.score for top in tops)
    if not best:
        raise refuse(
            Place(path.name),
            f"không trang tính nào có dòng tiêu đề với các cột cần nhập (đã xem {_names(tops)})",
        )
    chosen = [top for top in tops if top.score == best]
    if len(chosen) > 1:
        raise refuse(
            Place(path.name),
            f"các trang tính {_names(chosen)} đều có dòng tiêu đề với các cột cần nhập; hãy để "
            "dữ liệu cần nhập trong một trang tính (hoặc ẩn hay xoá các trang khác)",
        )
    return chosen[0]


class XlsxSource(TabularSource):
    """A worksheet: header on its first non-empty row (or, when the import is known, on the row
    below the titles that names its columns), cells as text, one position per row."""

    position_word = "hàng"

    def __init__(
        self, path: Path, *, total_bytes: int, matcher: HeaderMatcher | None = None
    ) -> None:
        """Open the workbook, choose its sheet and read the header."""
        _check_shared_strings(path)
        with _visible_sheets(path) as (_, sheets):
            top = _choose(path, sheets, matcher)
        self.sheet: str = top.sheet.title
        self.sheets = [sheet.title for sheet in sheets]
        if not top.rows:
            raise refuse(Place(path.name, sheet=self.sheet), "trang tính không có dữ liệu")
        self.header_row, header = top.rows[top.header]
        self.header_position = self.header_row
        self.titles_above = top.header
        problems = [
            Problem(_cell(path.name, self.sheet, self.header_row, index), _UNCOMPUTED_REASON)
            for index, value in enumerate(header, start=1)
            if value is UNCOMPUTED
        ]
        if problems:
            raise InputError(problems)
        width = max(index for index, value in enumerate(header, start=1) if not _blank(value))
        columns = header_names(
            [text_of(value) for value in header[:width]],
            lambda column: _cell(path.name, self.sheet, self.header_row, column),
        )
        super().__init__(path, columns, total_bytes)
        self.schema = string_schema(columns)
        self._header_keys = [header_key(name) for name in columns]

    def place(
        self, position: int | None = None, column: int | None = None, column_name: str | None = None
    ) -> Place:
        """A place in the sheet read: a cell, a row, or the sheet itself, always naming it."""
        if position is not None and column is not None:
            return Place(
                self.name,
                sheet=self.sheet,
                cell=f"{get_column_letter(column)}{position}",
                column_name=column_name,
            )
        return Place(self.name, sheet=self.sheet, line=position, column_name=column_name)

    def _cell(self, row: int, column: int) -> Place:
        return _cell(self.name, self.sheet, row, column)

    def _repeats_header(self, row: tuple[object, ...]) -> bool:
        """Whether a row is the header again (sheets pasted one under another)."""
        # The first cell settles nearly every row, without folding the text of each.
        first = row[0] if row else None
        if not isinstance(first, str) or first.strip() != self.columns[0]:
            return False
        texts = _texts(row)
        width = len(self._header_keys)
        if any(texts[width:]):
            return False
        texts += [""] * (width - len(texts))
        return [header_key(text) for text in texts[:width]] == self._header_keys

    def batches(self, rows: int = DEFAULT_BATCH_ROWS) -> Iterator[Any]:
        """The rows under the header in batches; empty rows are left out, cells right of the
        header must be empty, a formula must have its computed value, a code typed as a number
        must still have all its digits, and the header may not come again. A text typed in a
        ``.VnTime`` or VNI font is converted to Unicode, or refused when it cannot be surely
        (``encoding.cell_text``)."""
        self._restart()
        problems = Problems(self.name, self.position_word)
        width = len(self.columns)
        values: list[list[str | None]] = [[] for _ in range(width)]
        positions: list[int] = []
        with _visible_sheets(self.path) as (handle, sheets):
            [sheet] = [sheet for sheet in sheets if sheet.title == self.sheet]
            stream = sheet.rows()
            # The sheet's first rows tell whether it was typed in a legacy font (a short cell
            # alone may not); they are held and read like the others.
            first = list(itertools.islice(stream, LEGACY_SAMPLE_ROWS))
            context = legacy_context(
                value for _, cells in first for value in cells if isinstance(value, str)
            )
            for number, row in itertools.chain(first, stream):
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
                if self._repeats_header(row):
                    problems.add(
                        self.place(number),
                        f"hàng này lặp lại dòng tiêu đề (hàng {self.header_row}); bảng ghép từ "
                        "nhiều bảng? hãy xoá hàng này",
                    )
                    continue
                for index in range(width):
                    value = row[index] if index < len(row) else None
                    if value is UNCOMPUTED:
                        problems.add(
                            self.place(number, index + 1, self.columns[index]), _UNCOMPUTED_REASON
                        )
                        value = None
                    elif index in self.code_columns and _rounded_code(value):
                        problems.add(
                            self.place(number, index + 1, self.columns[index]),
                            _ROUNDED_REASON.format(text_of(value)),
                        )
                    elif isinstance(value, str):
                        # Typed in a .VnTime or VNI font: converted, or refused when unsure.
                        try:
                            value, _ = cell_text(value, context)
                        except LegacyCellError as error:
                            problems.add(
                                self.place(number, index + 1, self.columns[index]), str(error)
                            )
                    values[index].append(text_of(value))
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
