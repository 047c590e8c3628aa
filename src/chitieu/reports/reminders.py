"""Reminder letters (công văn đôn đốc): one official letter to each unit that missed at least one
milestone of the quarter, addressed to its head, listing each missed milestone with the value, the
gap and what is still needed, and asking for a report back by a date counted in working days;
and the list of the letters sent, as a workbook.

The sentences and the tone are the template's (``reminder.docx``); the table of missed
milestones and the dates are computed here.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from docx.document import Document
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from chitieu import wording
from chitieu.domain.workdays import add_working_days
from chitieu.evaluation.model import UnitEvaluation
from chitieu.formatting import date as format_date
from chitieu.formatting import percent, points
from chitieu.reports.context import ReportContext
from chitieu.reports.docx_parts import figures_table, set_font, spacer
from chitieu.reports.quarterly import cut_off, lagging_rows, subject, wording_unit
from chitieu.reports.render import BLANK_NUMBER, render


@dataclass(frozen=True, slots=True)
class Letter:
    """One reminder: to whom, about which missed milestones, its number (blank when the clerk
    numbers it on registration), the date to report back by, and the file it is written to."""

    unit_code: str
    unit_name: str
    addressee: str
    missed: tuple[UnitEvaluation, ...]
    number: str
    reply_by: date
    file_name: str


def slug(text: str) -> str:
    """A file-name-safe form of a unit's name: ASCII, lower case, words joined by ``-``.

    >>> slug("UBND xã Tân Thành (Đồng Xoài)")
    'ubnd-xa-tan-thanh-dong-xoai'
    """
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60]


def letters(
    context: ReportContext, *, unit: str | None = None, first_number: int | None = None
) -> list[Letter]:
    """The letters of the quarter: one per unit that missed a milestone (only ``unit``'s, when
    given), in the order of the report's lagging list, numbered from ``first_number`` when
    given."""
    reply_by = add_working_days(context.today, context.settings.reply_working_days)
    found = [(code, rows) for code, rows in lagging_rows(context) if unit in (None, code)]
    width = len(str(len(found)))
    result = []
    for index, (code, rows) in enumerate(found):
        held = context.tree[code]
        number = BLANK_NUMBER if first_number is None else str(first_number + index)
        result.append(
            Letter(
                unit_code=code,
                unit_name=wording_unit(context, code),
                addressee=wording.head_of(held.name, held.level),
                missed=tuple(rows),
                number=number,
                reply_by=reply_by,
                file_name=f"{index + 1:0{width}d}-{slug(code)}-{slug(held.name)}.docx",
            )
        )
    return result


def _missed_table(context: ReportContext, letter: Letter) -> Any:
    def build(document: Document) -> None:
        rows = []
        for number, row in enumerate(letter.missed, start=1):
            needed = wording.needed(
                row.status.value,
                row.needed,
                row.numerator,
                row.denominator,
                row.milestone,
                context.noun(row.indicator),
            )
            rows.append(
                [
                    str(number),
                    f"{row.target.task}. {context.indicator_name(row.indicator)}",
                    percent(row.value),
                    percent(row.milestone) + (wording.OVERRIDE_MARK if row.overridden else ""),
                    points(row.gap),
                    needed[:1].upper() + needed[1:],
                ]
            )
        figures_table(
            document,
            [
                "TT",
                "Chỉ tiêu",
                "Đạt được",
                f"Mốc quý {context.quarter.roman}",
                "Chênh lệch",
                "Còn cần",
            ],
            rows,
            widths_mm=(9, 50, 18, 18, 26, 44),
            right=(2, 3, 4),
        )
        if any(row.overridden for row in letter.missed):
            note = document.add_paragraph()
            set_font(
                note.add_run(f"{wording.OVERRIDE_MARK} Chỉ tiêu riêng đã giao cho đơn vị."), size=11
            )
        spacer(document)

    return build


def letter_docx(context: ReportContext, letter: Letter, home: Path | None = None) -> bytes:
    """One reminder letter as a Word document (the home's own template when it has one)."""
    settings = context.settings
    values = {
        "issuer": settings.issuer,
        "signer": settings.signer,
        "number": letter.number,
        "date_words": wording.official_date(context.today),
        "subject": subject(context.target_set.title),
        "year": context.quarter.year,
        "quarter_words": wording.quarter_phrase(context.quarter),
        "addressee": letter.addressee,
        "addressee_short": letter.addressee,
        "unit_name": letter.unit_name,
        "missed_count": len(letter.missed),
        "decision": f"Quyết định giao chỉ tiêu năm {context.quarter.year} của {settings.superior}",
        "issuer_sentence": settings.issuer.short,
        "superior": settings.superior,
        "reply_by": format_date(letter.reply_by),
        "provisional": context.provisional,
        "provisional_note": wording.provisional_note(context.quarter, cut_off(context)),
        # «Như trên» in the bundled list stands for the addressee, as offices write it.
        "recipients": list(settings.recipients_of("reminder")),
    }
    return render("reminder.docx", home, values, {"missed": _missed_table(context, letter)})


SUMMARY_COLUMNS = (
    ("TT", 6),
    ("Số văn bản", 14),
    ("Mã đơn vị", 16),
    ("Đơn vị", 40),
    ("Kính gửi", 40),
    ("Số chỉ tiêu chưa đạt", 12),
    ("Các nhiệm vụ chưa đạt", 30),
    ("Hạn báo cáo lại", 14),
    ("Tệp", 44),
)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet take a cell's text for a formula."""


def summary_xlsx(context: ReportContext, sent: Sequence[Letter]) -> bytes:
    """The list of the letters (number, unit, addressee, missed tasks, reply date, file) as a
    workbook the clerk fills the numbers into when they are registered."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has its sheet
    sheet.title = "Danh sách công văn"
    title = (
        f"Danh sách công văn đôn đốc thực hiện chỉ tiêu {wording.quarter(context.quarter)} "
        f"— {context.settings.issuer.short}, {wording.official_date(context.today)}"
    )
    sheet.cell(row=1, column=1, value=title).font = Font(name="Times New Roman", bold=True, size=13)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for column, (label, width) in enumerate(SUMMARY_COLUMNS, start=1):
        cell = sheet.cell(row=3, column=column, value=label)
        cell.font = Font(name="Times New Roman", bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        sheet.column_dimensions[get_column_letter(column)].width = width
    for index, letter in enumerate(sent, start=1):
        number = letter.number.strip("\u00a0 ")
        values: list[Any] = [
            index,
            int(number) if number.isdigit() else None,
            letter.unit_code,
            letter.unit_name,
            letter.addressee,
            len(letter.missed),
            ", ".join(dict.fromkeys(r.target.task for r in letter.missed)),
            letter.reply_by,
            letter.file_name,
        ]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=3 + index, column=column, value=value)
            cell.font = Font(name="Times New Roman")
            cell.border = border
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if isinstance(value, str):
                # Text from user data stays text: stored as a string, shown with Excel's own
                # quote prefix when it would otherwise read as a formula.
                cell.data_type = "s"
                cell.quotePrefix = value.startswith(FORMULA_STARTS)
            if isinstance(value, date):
                cell.number_format = "dd/mm/yyyy"
    sheet.freeze_panes = "A4"
    sheet.auto_filter.ref = f"A3:{get_column_letter(len(SUMMARY_COLUMNS))}{3 + len(sent)}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = "3:3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
