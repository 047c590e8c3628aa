"""Build the annex of a decision as Word and Excel files the way offices lay them out.

The printed rows come from the text form by a plain split on tabs (no chitieu code), so that the
Word and Excel readers are checked against the hand-keyed expected file, not against the text
reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import docx
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment

HEADER_1 = [
    "Stt",
    "Nhiệm vụ",
    "Cơ quan chủ trì thực hiện",
    "Cơ quan phối hợp",
    "Chỉ tiêu thực hiện trong năm 2024",
    "Lộ trình thực hiện (tối thiểu)",
    "",
    "",
    "",
    "Ghi chú",
]
HEADER_2 = ["", "", "", "", "", "Quý I", "Quý II", "Quý III", "Quý IV", ""]
TITLE_LINES = [
    "ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC",
    "QUYẾT ĐỊNH",
    "Giao chỉ tiêu thực hiện nhiệm vụ cải cách thủ tục hành chính gắn với chuyển đổi số năm 2024 "
    "trên địa bàn tỉnh Bình Phước",
]
ANNEX_TITLE = [
    "Phụ lục",
    "CHỈ TIÊU THỰC HIỆN NHIỆM VỤ CẢI CÁCH THỦ TỤC HÀNH CHÍNH GẮN VỚI CHUYỂN ĐỔI SỐ NĂM 2024 "
    "TRÊN ĐỊA BÀN TỈNH BÌNH PHƯỚC",
]


@dataclass(frozen=True)
class PrintedRow:
    """A row of the annex as printed: ten cells, or a section title."""

    cells: tuple[str, ...]

    @property
    def is_section(self) -> bool:
        return bool(self.cells[0]) and not any(self.cells[1:])


def printed_rows(text_decision: Path) -> list[PrintedRow]:
    """The annex rows of the text form, header rows left out, HTML emphasis removed."""
    rows: list[PrintedRow] = []
    for line in text_decision.read_text(encoding="utf-8").splitlines():
        if "\t" not in line:
            continue
        cells = [c.replace("<i>", "").replace("</i>", "").strip() for c in line.split("\t")]
        cells = (cells + [""] * 10)[:10]
        if cells[0] == "Stt" or cells[5] == "Quý I":
            continue
        rows.append(PrintedRow(tuple(cells)))
    return rows


def task_spans(rows: list[PrintedRow]) -> list[tuple[int, int]]:
    """(first, last) row indices of each task, continuation rows included."""
    spans: list[tuple[int, int]] = []
    for index, row in enumerate(rows):
        if row.is_section:
            continue
        if row.cells[0]:
            spans.append((index, index))
        else:
            spans[-1] = (spans[-1][0], index)
    return spans


def build_docx(rows: list[PrintedRow], path: Path, *, split_at: int | None = None) -> None:
    """The decision as a Word document: the annex a table with merged cells, optionally split into
    two tables (a page break with the header repeated) before row ``split_at``."""
    document = docx.Document()
    for line in TITLE_LINES + ANNEX_TITLE:
        document.add_paragraph(line)
    parts = [rows] if split_at is None else [rows[:split_at], rows[split_at:]]
    for part in parts:
        _docx_table(document, part)
        document.add_paragraph("")
    document.save(str(path))


def _docx_table(document: docx.document.Document, rows: list[PrintedRow]) -> None:
    table = document.add_table(rows=2 + len(rows), cols=10)
    table.style = "Table Grid"
    for column in range(10):
        table.cell(0, column).text = HEADER_1[column]
        table.cell(1, column).text = HEADER_2[column]
    for column in (0, 1, 2, 3, 4, 9):
        top = table.cell(0, column)
        top.merge(table.cell(1, column))
    table.cell(0, 5).merge(table.cell(0, 8))
    for index, row in enumerate(rows):
        r = index + 2
        if row.is_section:
            table.cell(r, 0).text = row.cells[0]
            table.cell(r, 0).merge(table.cell(r, 9))
            continue
        for column, text in enumerate(row.cells):
            if text:
                table.cell(r, column).text = text
    for first, last in task_spans(rows):
        if last > first:
            for column in (0, 1, 9):
                table.cell(first + 2, column).merge(table.cell(last + 2, column))
            if not any(rows[i].cells[3] for i in range(first + 1, last + 1)):
                table.cell(first + 2, 3).merge(table.cell(last + 2, 3))
    for paragraph in (p for row in table.rows for cell in row.cells for p in cell.paragraphs):
        for run in paragraph.runs:
            run.font.size = Pt(10)


def build_xlsx(
    rows: list[PrintedRow],
    path: Path,
    *,
    percent_as_text: bool = False,
    percent_format: bool = True,
) -> None:
    """The annex as a workbook: title rows above a two-row header, merged cells, percentages as
    numbers formatted "0%" (or typed as text "70%"; or, without ``percent_format``, the same
    fractions left in the General format, as a sheet typed 0.7 for 70%)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Phụ lục"
    for title_row, line in enumerate(ANNEX_TITLE, 2):
        sheet.cell(row=title_row, column=1, value=line)
        sheet.merge_cells(start_row=title_row, start_column=1, end_row=title_row, end_column=10)
    header = len(ANNEX_TITLE) + 3
    for column, (upper, lower) in enumerate(zip(HEADER_1, HEADER_2, strict=True), 1):
        sheet.cell(row=header, column=column, value=upper or None)
        sheet.cell(row=header + 1, column=column, value=lower or None)
    for column in (1, 2, 3, 4, 5, 10):
        sheet.merge_cells(
            start_row=header, start_column=column, end_row=header + 1, end_column=column
        )
    sheet.merge_cells(start_row=header, start_column=6, end_row=header, end_column=9)
    first_data = header + 2
    for index, row in enumerate(rows):
        r = first_data + index
        if row.is_section:
            sheet.cell(row=r, column=1, value=row.cells[0])
            sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=10)
            continue
        for column, text in enumerate(row.cells, 1):
            if not text:
                continue
            cell = sheet.cell(row=r, column=column)
            if 5 <= column <= 9 and not percent_as_text:
                cell.value = float(text.rstrip("%").replace(",", ".")) / 100
                if percent_format:
                    cell.number_format = "0%"
            elif column == 1 and text.isdigit():
                cell.value = int(text)
            else:
                cell.value = text
            cell.alignment = Alignment(wrap_text=True)
    for first, last in task_spans(rows):
        if last > first:
            for column in (1, 2, 10):
                sheet.merge_cells(
                    start_row=first_data + first,
                    start_column=column,
                    end_row=first_data + last,
                    end_column=column,
                )
    workbook.save(path)
