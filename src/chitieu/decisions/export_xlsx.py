"""Writing a target set as a clean workbook laid out like the annex, which chitieu reads back."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from chitieu.decisions.presentation import baseline_note, split_task
from chitieu.domain import Target, TargetSet
from chitieu.domain.periods import ROMAN_QUARTERS
from chitieu.text import looks_like_formula

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
_WIDTHS = (6, 48, 34, 30, 14, 9, 9, 9, 9, 26, 18)


def write_text(cell: SheetCell | MergedCell, text: str) -> None:
    """Put text in a cell as text, never as a formula (exports must be safe to open).

    The workbook is read back by chitieu, so the text is kept as it is (no ``'`` in front, as a
    CSV needs): the cell is typed as a string, which a spreadsheet never evaluates.
    """
    cell.value = text
    if looks_like_formula(text):
        cell.data_type = "s"


def _percent_cell(cell: SheetCell | MergedCell, value: float) -> None:
    cell.value = value / 100
    cell.number_format = "0%" if float(value).is_integer() else "0.00%"
    cell.alignment = _CENTER


def _title_rows(sheet: Worksheet, target_set: TargetSet, last_column: str) -> None:
    title = target_set.title or f"Chỉ tiêu giao năm {target_set.year}"
    lines = [
        ("PHỤ LỤC", Font(bold=True, size=13)),
        (title.upper(), Font(bold=True, size=12)),
        (
            f"Tỉnh {target_set.province} — năm {target_set.year} — lộ trình tính "
            + ("lũy kế từ đầu năm" if target_set.basis == "ytd" else "riêng trong từng quý"),
            Font(italic=True),
        ),
    ]
    for row, (text, font) in enumerate(lines, 1):
        sheet.merge_cells(f"A{row}:{last_column}{row}")
        cell = sheet.cell(row=row, column=1)
        write_text(cell, text)
        cell.font = font
        cell.alignment = _CENTER
    sheet.row_dimensions[2].height = 32


def _header(sheet: Worksheet, year: int, row: int) -> None:
    labels = [
        "Stt",
        "Nhiệm vụ",
        "Cơ quan chủ trì thực hiện",
        "Cơ quan phối hợp",
        f"Chỉ tiêu thực hiện trong năm {year}",
    ]
    for column, label in enumerate(labels, 1):
        sheet.merge_cells(start_row=row, start_column=column, end_row=row + 1, end_column=column)
        write_text(sheet.cell(row=row, column=column), label)
    sheet.merge_cells(start_row=row, start_column=6, end_row=row, end_column=9)
    write_text(sheet.cell(row=row, column=6), "Lộ trình thực hiện (tối thiểu)")
    for offset, roman in enumerate(ROMAN_QUARTERS):
        write_text(sheet.cell(row=row + 1, column=6 + offset), f"Quý {roman}")
    for column, label in ((10, "Ghi chú"), (11, "Mã chỉ số")):
        sheet.merge_cells(start_row=row, start_column=column, end_row=row + 1, end_column=column)
        write_text(sheet.cell(row=row, column=column), label)
    for r in (row, row + 1):
        for column in range(1, 12):
            cell = sheet.cell(row=r, column=column)
            cell.font = Font(bold=True)
            cell.fill = _HEADER_FILL
            cell.alignment = _CENTER
            cell.border = _BORDER


def _target_row(
    sheet: Worksheet, row: int, target: Target, first_of_task: bool, note: bool
) -> None:
    _, number = split_task(target.task)
    if first_of_task:
        write_text(sheet.cell(row=row, column=1), number)
        write_text(sheet.cell(row=row, column=2), target.title)
    if note:
        write_text(sheet.cell(row=row, column=10), baseline_note(target.baselines))
    write_text(sheet.cell(row=row, column=3), target.lead)
    write_text(sheet.cell(row=row, column=4), target.coordinating)
    _percent_cell(sheet.cell(row=row, column=5), target.annual)
    for milestone in target.milestones:
        _percent_cell(sheet.cell(row=row, column=5 + milestone.quarter), milestone.value)
    write_text(sheet.cell(row=row, column=11), target.indicator or "")
    for column in range(1, 12):
        cell = sheet.cell(row=row, column=column)
        cell.border = _BORDER
        if column in (1, 11):
            cell.alignment = _CENTER
        elif column < 5 or column == 10:
            cell.alignment = _WRAP


def _task_groups(targets: tuple[Target, ...]) -> list[list[Target]]:
    """Consecutive rows of one task: the rows a task split by level spans."""
    groups: list[list[Target]] = []
    for target in targets:
        if groups and groups[-1][0].task == target.task:
            groups[-1].append(target)
        else:
            groups.append([target])
    return groups


def _section_row(sheet: Worksheet, row: int, text: str) -> None:
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(_WIDTHS))
    cell = sheet.cell(row=row, column=1)
    write_text(cell, text)
    cell.font = Font(bold=True)
    cell.fill = _SECTION_FILL
    cell.alignment = _WRAP


def write_xlsx(target_set: TargetSet, path: Path) -> None:
    """Write the workbook to ``path``."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Phụ lục"
    last_column = get_column_letter(len(_WIDTHS))
    _title_rows(sheet, target_set, last_column)
    header_row = 5
    _header(sheet, target_set.year, header_row)
    row = header_row + 2
    section = None
    for group in _task_groups(target_set.targets):
        group_section, _ = split_task(group[0].task)
        if group_section and group_section != section:
            section = group_section
            _section_row(sheet, row, f"{section}. {target_set.sections.get(section, '')}".strip())
            row += 1
        shared_note = all(t.baselines == group[0].baselines for t in group)
        for index, target in enumerate(group):
            _target_row(sheet, row + index, target, index == 0, note=index == 0 or not shared_note)
        merged_columns = (1, 2, 10) if shared_note else (1, 2)
        if len(group) > 1:
            for column in merged_columns:
                sheet.merge_cells(
                    start_row=row,
                    start_column=column,
                    end_row=row + len(group) - 1,
                    end_column=column,
                )
        row += len(group)
    for index, width in enumerate(_WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"C{header_row + 2}"
    sheet.print_title_rows = f"{header_row}:{header_row + 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    workbook.save(path)
