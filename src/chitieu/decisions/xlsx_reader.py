"""Reading a decision kept as an Excel workbook (.xlsx).

Each visible sheet is one grid; rows above the annex's header (titles) are also kept as lines, for
the province and year. Numbers formatted as percentages are read as percent (0.7 → 70); other
numbers are passed on as they are stored, marked unformatted, and ``values`` decides what an
unformatted 0.7 means by the rule it applies to text and Word alike. Merged ranges repeat their
top-left value over the range. Text typed in a ``.VnTime`` or VNI font is converted to Unicode,
with a warning naming the cell (``Document.unicode``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zipfile import BadZipFile

import openpyxl
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from chitieu.decisions.document import Cell, Document, Grid, Line, Origin
from chitieu.encoding import legacy_context
from chitieu.errors import Place, refuse
from chitieu.text import clean

MAX_ROWS = 5000
MAX_COLUMNS = 100


def read_xlsx(path: Path) -> Document:
    """Read a .xlsx decision."""
    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, ValueError, OSError, TypeError) as error:
        raise refuse(
            Place(path.name), "không mở được bảng tính Excel (tệp hỏng hoặc không đầy đủ)"
        ) from error
    document = Document(path.name)
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible":
            continue
        document.legacy = legacy_context(
            value
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if isinstance(value, str)
        )
        grid = _grid(sheet, document)
        document.grids.append(grid)
        for row in grid.rows:
            text = " ".join(c.own_text for c in row if c.own_text)
            if text:
                document.lines.append(Line(text, row[0].place))
    document.refuse_if_any()
    return document


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(round(float(value), 10))


def _cell(cell: SheetCell | MergedCell, place: Place, document: Document) -> Cell:
    """A sheet cell as a grid cell, its text converted from a legacy font with a warning."""
    value = cell.value
    if value is None:
        return Cell("", place)
    if isinstance(value, bool):
        return Cell("Có" if value else "Không", place)
    if isinstance(value, int | float):
        if "%" in str(cell.number_format):
            percent = round(float(value) * 100, 10)
            return Cell(f"{_number_text(percent)}%", place, number=percent, percent_format=True)
        return Cell(_number_text(value), place, number=float(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return Cell(value.isoformat(), place)
    return Cell(clean(document.unicode(str(value), place)), place)


def _grid(sheet: Worksheet, document: Document) -> Grid:
    name = document.name
    max_row, max_column = sheet.max_row, sheet.max_column
    if max_row > MAX_ROWS or max_column > MAX_COLUMNS:
        raise refuse(
            Place(name, sheet=sheet.title),
            f"trang tính quá lớn cho một phụ lục ({max_row} hàng × {max_column} cột)",
        )
    merged: dict[tuple[int, int], tuple[int, int]] = {}
    for bounds in sheet.merged_cells.ranges:
        for r in range(bounds.min_row, bounds.max_row + 1):
            for c in range(bounds.min_col, bounds.max_col + 1):
                merged[(r, c)] = (bounds.min_row, bounds.min_col)
    rows: list[list[Cell]] = []
    for r in range(1, max_row + 1):
        row: list[Cell] = []
        for c in range(1, max_column + 1):
            place = Place(
                name, sheet=sheet.title, line=r, column=c, cell=f"{get_column_letter(c)}{r}"
            )
            top_left = merged.get((r, c), (r, c))
            if top_left == (r, c):
                row.append(_cell(sheet.cell(row=r, column=c), place, document))
                continue
            # The range's own cell was read before (rows and columns in order).
            top_row = row if top_left[0] == r else rows[top_left[0] - 1]
            own = top_row[top_left[1] - 1]
            origin = Origin.ABOVE if top_left[0] != r else Origin.LEFT
            row.append(
                Cell(
                    own.text,
                    place,
                    number=own.number,
                    percent_format=own.percent_format,
                    origin=origin,
                )
            )
        rows.append(row)
    return Grid(rows)
