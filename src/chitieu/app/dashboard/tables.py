"""Tables as every page shows them and exports them: one definition, rendered to HTML by the
page's template and written to CSV or XLSX (Vietnamese headers, safe to open in Excel) when the
address asks for ``?xuat=csv&bang=NAME``."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from chitieu.text import spreadsheet_safe


class Kind(StrEnum):
    """What a column holds: how it is aligned on the page and typed in a workbook."""

    TEXT = "text"
    NUMBER = "number"
    PERCENT = "percent"


@dataclass(frozen=True, slots=True)
class Column:
    """A column: its Vietnamese header, what it holds and, for a short header, its full name
    (a tooltip)."""

    header: str
    kind: Kind = Kind.TEXT
    title: str = ""


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell: ``text`` as the page shows it, ``value`` as an export writes it (a number stays a
    number; a percentage is in percent, 56.05), an optional link and CSS class (a status)."""

    text: str
    value: Any = None
    href: str | None = None
    css: str = ""

    @property
    def exported(self) -> Any:
        """What an export writes: the value if there is one, else the text."""
        return self.text if self.value is None else self.value


@dataclass(frozen=True, slots=True)
class Table:
    """A table of a page: ``name`` identifies it in the export's address and file name."""

    name: str
    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Cell]] = field(default_factory=list)
    caption: str = ""

    @property
    def filename(self) -> str:
        """The export's file name, without extension."""
        return f"chitieu-{self.name}"


def to_csv(table: Table) -> bytes:
    """The table as CSV: UTF-8 with a byte-order mark (so Excel reads Vietnamese), text that a
    spreadsheet would take for a formula quoted with ``'``, numbers with a dot."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.header for c in table.columns])
    for row in table.rows:
        writer.writerow([_csv_cell(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_cell(cell: Cell) -> str:
    value = cell.exported
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return format(value, "g") if isinstance(value, float) else str(value)
    return spreadsheet_safe(str(value))


def to_xlsx(table: Table) -> bytes:
    """The table as a workbook: a bold frozen header, numbers as numbers (percentages with a
    percent format), text never read as a formula."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has its sheet
    sheet.title = table.title[:31] or "Bảng"
    sheet.append([c.header for c in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append(
            [_xlsx_cell(column, cell) for column, cell in zip(table.columns, row, strict=True)]
        )
    for index, column in enumerate(table.columns, 1):
        letter = get_column_letter(index)
        if column.kind is Kind.PERCENT:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "0.00%"
        width = max([len(column.header), *(len(r[index - 1].text) for r in table.rows)])
        sheet.column_dimensions[letter].width = min(60, max(8, width + 2))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(column: Column, cell: Cell) -> Any:
    value = cell.exported
    if column.kind is Kind.PERCENT and isinstance(value, int | float):
        return value / 100
    if isinstance(value, str):
        # openpyxl writes a text starting with = as a formula: keep it text.
        return spreadsheet_safe(value)
    return value
