"""The office's workbook of a quarter (.xlsx): a matrix of every unit and task coloured by status,
then one sheet per task with the unit's figures.

The workbook is for working on, not for signing: numbers are stored as numbers (counts as
integers, values as fractions with a percent format, so that a spreadsheet in a Vietnamese locale
shows «56,05 %» and can sum, sort and filter them), every sheet has a frozen header and filters,
and each prints on A4 landscape, fitted to the page's width, with its header row on every page.
Every word a reader sees comes from ``chitieu.wording``; the colours are the quarterly report's.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from chitieu import wording
from chitieu.domain import Target
from chitieu.evaluation.model import UnitEvaluation
from chitieu.formatting import date as format_date
from chitieu.formatting import integer, percent
from chitieu.reports.context import ReportContext
from chitieu.text import looks_like_formula

MATRIX_TITLE = "Tổng hợp"
"""The first sheet's name: every unit against every task."""

STATUS_FILL = {
    "met": "D9EAD3",
    "not_met": "F4CCCC",
    "not_applicable": "EEEEEE",
    "no_data": "FFF2CC",
}
"""A status's cell colour (green, red, grey, yellow), the same as the quarterly report's matrix."""

PERCENT_FORMAT = "0.00%"
"""Values, milestones and targets: stored as fractions (0.5605), shown «56,05%» in a Vietnamese
locale (the spreadsheet puts the locale's decimal comma in)."""

COUNT_FORMAT = "#,##0"
"""Whole counts: «1.234» in a Vietnamese locale."""

POINTS_FORMAT = "+#,##0.00;-#,##0.00;0"
"""A gap in percentage points, signed as the documents write it."""

SHEET_NAME_LIMIT = 31
"""Excel refuses a sheet name longer than this."""

_FORBIDDEN_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")

_FONT = "Times New Roman"
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_LINE_HEIGHT = 15.0
"""Points per line of 11-point text: rows whose wrapped text needs more are made taller (Excel
does not grow a row for wrapped text it did not type itself)."""
_INDENT = 1.5
"""The width an indent of 1 takes from a text cell."""
_CHARACTERS_PER_WIDTH = 1.25
"""Characters of Times New Roman per unit of column width (a width counts the default font's
digits, wider than the average letter): measured on LibreOffice's rendering."""

# Named styles: a cell takes its whole style at once (setting font, fill and border one by one
# costs openpyxl a lookup each: seconds for a province's workbook).
TEXT = "chitieu: chữ"
CENTRED = "chitieu: chữ giữa"
HEADER = "chitieu: tiêu đề cột"
COUNT = "chitieu: số"
DECIMAL = "chitieu: số lẻ"
PERCENT = "chitieu: phần trăm"
POINTS = "chitieu: điểm"
ORDINAL = "chitieu: số thứ tự"


def _status_style(code: str) -> str:
    return f"chitieu: {wording.STATUS[code]}"


def _add_styles(book: Workbook) -> None:
    font = Font(name=_FONT, size=11)
    # An indent keeps text off the left border (a count ending beside it would read as one).
    text = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    number = Alignment(horizontal="right", vertical="center", indent=1)
    styles = [
        NamedStyle(TEXT, font=font, border=_BORDER, alignment=text),
        NamedStyle(CENTRED, font=font, border=_BORDER, alignment=centre),
        NamedStyle(
            HEADER,
            font=Font(name=_FONT, size=11, bold=True),
            border=_BORDER,
            alignment=centre,
            fill=PatternFill("solid", fgColor="DDEBF7"),
        ),
        NamedStyle(COUNT, font=font, border=_BORDER, alignment=number, number_format=COUNT_FORMAT),
        NamedStyle(DECIMAL, font=font, border=_BORDER, alignment=number, number_format="#,##0.##"),
        NamedStyle(
            PERCENT, font=font, border=_BORDER, alignment=number, number_format=PERCENT_FORMAT
        ),
        NamedStyle(
            POINTS, font=font, border=_BORDER, alignment=number, number_format=POINTS_FORMAT
        ),
        NamedStyle(ORDINAL, font=font, border=_BORDER, alignment=centre, number_format="0"),
    ]
    styles += [
        NamedStyle(
            _status_style(code),
            font=font,
            border=_BORDER,
            alignment=centre,
            fill=PatternFill("solid", fgColor=colour),
        )
        for code, colour in STATUS_FILL.items()
    ]
    for style in styles:
        book.add_named_style(style)


@dataclass(frozen=True, slots=True)
class _Column:
    """A column of the matrix: a task's rows of the annex (one per level), or one of them when a
    unit holds two rows of the same task (its cells would otherwise collide)."""

    header: str
    rows: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class _Task:
    """A measured task of the annex and its rows (index in the target set, row)."""

    code: str
    indicator: str
    rows: tuple[tuple[int, Target], ...]


def build_workbook(context: ReportContext) -> bytes:
    """The quarter's workbook as the bytes of an .xlsx file: «Tổng hợp» (units × tasks coloured
    by status, with a legend), then one sheet per measured task of the annex."""
    book = Workbook()
    book.properties.title = _title(context)
    book.properties.creator = "chitieu"
    _add_styles(book)
    tasks = _tasks(context)
    first = book.active
    assert isinstance(first, Worksheet)  # a new workbook's one sheet is a worksheet
    _matrix_sheet(first, context, tasks)
    names = {MATRIX_TITLE.casefold()}
    for task in tasks:
        name = sheet_name(f"{task.code} {context.indicator_name(task.indicator)}", names)
        names.add(name.casefold())
        _task_sheet(book.create_sheet(name), context, task)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sheet_name(wanted: str, taken: Iterable[str] = ()) -> str:
    """A valid sheet name for ``wanted``: without ``[]:*?/\\``, at most 31 characters (cut at a
    word), and different from the names ``taken`` (compared as Excel does, ignoring case).

    >>> sheet_name("II.12 Xử lý văn bản, hồ sơ công việc trên môi trường mạng")
    'II.12 Xử lý văn bản, hồ sơ công'
    >>> sheet_name("I.1 Báo cáo [quý]: 1/2", ["i.1 báo cáo -quý-- 1-2"])
    'I.1 Báo cáo -quý-- 1-2 (2)'
    """
    base = _FORBIDDEN_IN_SHEET_NAME.sub("-", _clean(wanted)).strip(" '") or "Sheet"
    used = {name.casefold() for name in taken}
    number = 1
    while True:
        suffix = "" if number == 1 else f" ({number})"
        name = _cut(base, SHEET_NAME_LIMIT - len(suffix)) + suffix
        if name.casefold() not in used:
            return name
        number += 1


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    # Cut at a word when one ends in the second half, so that the tab does not end mid-word.
    space = cut.rfind(" ")
    if text[limit] != " " and space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;.-'")


def _clean(text: str) -> str:
    """Text without the control characters an .xlsx file cannot hold (tab and line breaks are
    kept)."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _tasks(context: ReportContext) -> list[_Task]:
    grouped: dict[tuple[str, str], list[tuple[int, Target]]] = defaultdict(list)
    for index, target in enumerate(context.target_set.targets):
        if target.indicator:
            grouped[(target.task, target.indicator)].append((index, target))
    return [_Task(task, indicator, tuple(rows)) for (task, indicator), rows in grouped.items()]


def _title(context: ReportContext) -> str:
    title = (
        f"Kết quả thực hiện chỉ tiêu năm {context.quarter.year} — "
        f"{wording.quarter(context.quarter)}"
    )
    return f"{title} ({wording.PROVISIONAL})" if context.provisional else title


# Cells


def _cell(sheet: Worksheet, row: int, column: int, style: str) -> Cell:
    cell = sheet.cell(row=row, column=column)
    # Cells are written before any merge, so this is never a merged cell's hidden part.
    assert isinstance(cell, Cell)
    cell.style = style
    return cell


def _text(sheet: Worksheet, row: int, column: int, value: str, style: str = TEXT) -> Cell:
    """A text cell, always stored as a string: text from user data that a spreadsheet would take
    for a formula (``=…``, ``+…``, ``-…``, ``@…``, tab, CR) is marked with the «quote prefix»
    (Excel's own leading apostrophe: the text reads exactly as written and stays text even when
    someone edits the cell)."""
    cell = _cell(sheet, row, column, style)
    text = _clean(value)
    cell.value = text
    # openpyxl takes a string starting with «=» for a formula: the type is set after the value.
    cell.data_type = "s"
    if looks_like_formula(text):
        cell.quotePrefix = True
    return cell


def _number(sheet: Worksheet, row: int, column: int, value: float | None, style: str) -> Cell:
    """A number cell (empty, with its border, without a value); a whole count is stored as an
    integer, a count that is not whole (a weighted one) keeps its decimals visible."""
    if style == COUNT and value is not None and not float(value).is_integer():
        style = DECIMAL
    cell = _cell(sheet, row, column, style)
    if value is not None:
        cell.value = int(value) if style in (COUNT, ORDINAL) else value
    return cell


def _fraction(value: float | None) -> float | None:
    """A percent value as the fraction a percent format shows: 56.05 → 0.5605."""
    return None if value is None else value / 100


def _milestone(target: Target, quarter: int) -> float | None:
    try:
        return target.milestone(quarter)
    except KeyError:
        return None


def _status_word(row: UnitEvaluation) -> str:
    """The status a cell shows: «Đạt», «Không đạt (tạm tính)»; with ``*`` when the milestone is
    the unit's own."""
    word = wording.status(row.status.value, provisional=row.provisional)
    return word + wording.OVERRIDE_MARK if row.overridden else word


def _who(context: ReportContext, target: Target) -> str:
    """Who an annex row is for: its levels and the units it names («Cấp huyện, Cấp xã, Sở Tư
    pháp»)."""
    return ", ".join([context.level_label(level) for level in target.levels] + list(target.units))


# Layout shared by the sheets


def _title_rows(
    sheet: Worksheet, context: ReportContext, lines: Sequence[str], widths: Sequence[float]
) -> int:
    """The title block above a table, each line across the table's width: the issuing body, the
    sheet's own lines (the first in bold), the provisional note when the quarter had not ended,
    and the day; returns the header's row."""
    issuer = context.settings.issuer
    block: list[tuple[str, Font]] = [
        (issuer.parent, Font(name=_FONT, size=12)),
        (issuer.name, Font(name=_FONT, size=12, bold=True)),
    ]
    for index, line in enumerate(lines):
        block.append((line, Font(name=_FONT, size=13 if index == 0 else 12, bold=index == 0)))
    if context.provisional:
        as_of = context.evaluation.as_of or context.today
        note = wording.provisional_note(context.quarter, as_of)
        block.append((note, Font(name=_FONT, size=12, bold=True, color="C00000")))
    block.append(
        (f"Ngày lập: {format_date(context.today)}", Font(name=_FONT, size=11, italic=True))
    )
    total = sum(widths)
    for row, (line, font) in enumerate(block, 1):
        cell = _text(sheet, row, 1, line)
        cell.font = font
        cell.border = Border()
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(widths))
        # A title is larger than the table's text: fewer characters fit on a line.
        _fit_row(sheet, row, [(line, total * 0.8)], line_height=18.0)
    return len(block) + 2


def _header_row(sheet: Worksheet, row: int, labels: Sequence[str], widths: Sequence[float]) -> None:
    for column, label in enumerate(labels, 1):
        _text(sheet, row, column, label, HEADER)
    lines = max(_lines(label, width) for label, width in zip(labels, widths, strict=True))
    sheet.row_dimensions[row].height = _LINE_HEIGHT * lines + 4


def _lines(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` wide: each explicit line cut at
    words, a word longer than the column over several lines (an estimate, as a reader's).

    >>> _lines("Không đạt (tạm tính)", 12), _lines("Đạt", 12), _lines("II.3\\nHồ sơ trực tuyến", 9)
    (2, 1, 3)
    """
    usable = max(width * _CHARACTERS_PER_WIDTH - 1, 1.0)
    total = 0
    for part in text.split("\n"):
        lines, length = 1, 0
        for word in part.split():
            size = len(word)
            if size > usable:
                # A word wider than the column is broken over lines of its own.
                lines += math.ceil(size / usable) - (0 if length else 1)
                length = 0
            elif length and length + 1 + size > usable:
                lines += 1
                length = size
            else:
                length += (1 if length else 0) + size
        total += lines
    return max(total, 1)


def _fit_row(
    sheet: Worksheet,
    row: int,
    cells: Sequence[tuple[str, float]],
    line_height: float = _LINE_HEIGHT,
) -> None:
    """Make a row tall enough for its wrapped text cells (text, column width)."""
    lines = max((_lines(text, width) for text, width in cells), default=1)
    if lines > 1:
        sheet.row_dimensions[row].height = line_height * lines + 2


def _setup(sheet: Worksheet, header: int, last_row: int, widths: Sequence[float]) -> None:
    """Widths, frozen header (below the header, right of the unit's name), filters on the header,
    and the print setup: A4 landscape, fitted to the width, the header on every page, centred."""
    for column, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    last_column = get_column_letter(len(widths))
    sheet.freeze_panes = f"E{header + 1}"
    sheet.auto_filter.ref = f"A{header}:{last_column}{max(last_row, header)}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    # 0: as many pages down as the units need; only the width is fitted.
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = f"{header}:{header}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    footer = sheet.oddFooter
    if footer is not None:
        footer.center.text = "Trang &P/&N"
        footer.center.font = _FONT
        footer.center.size = 10


def _width(
    texts: Iterable[str], least: float, most: float, per_width: float = _CHARACTERS_PER_WIDTH
) -> float:
    """A column's width for its longest text (``per_width`` characters a unit of width, and the
    indent), between ``least`` and ``most``."""
    longest = max((len(t) for t in texts), default=0)
    return float(min(max(longest / per_width + 3, least), most))


_CODE_CHARACTERS_PER_WIDTH = 0.9
"""Unit codes are capitals and digits («70.SLĐTBXH»), wider than the average letter."""


# The matrix


def _columns(context: ReportContext, tasks: Sequence[_Task]) -> list[_Column]:
    """One column per task, whose rows of the annex (one per level) hold different units; a row
    holding a unit that an earlier row of the task holds too (a row naming some units apart)
    goes to a further column of the task, headed with whom its rows are for."""
    columns: list[_Column] = []
    for task in tasks:
        name = context.indicator_name(task.indicator)
        packed: list[tuple[list[int], set[str]]] = []
        for index, _ in task.rows:
            codes = {row.unit.code for row in context.rows_of(index)}
            free = next((p for p in packed if not p[1] & codes), None)
            if free is None:
                packed.append(([index], set(codes)))
            else:
                free[0].append(index)
                free[1].update(codes)
        headers: set[str] = set()
        for number, (indices, _) in enumerate(packed):
            header = f"{task.code}\n{name}"
            if number:
                targets = [context.target_set.targets[i] for i in indices]
                header += "\n(" + "; ".join(_who(context, t) for t in targets) + ")"
            base, copy = header, 1
            while header in headers:
                # Headers stay distinct, so that a reader (and a filter) tells the columns apart.
                copy += 1
                header = f"{base} ({copy})"
            headers.add(header)
            columns.append(_Column(header, tuple(indices)))
    return columns


def _matrix_sheet(sheet: Worksheet, context: ReportContext, tasks: Sequence[_Task]) -> None:
    sheet.title = MATRIX_TITLE
    columns = _columns(context, tasks)
    units = context.units()
    cells: dict[tuple[str, int], UnitEvaluation] = {
        (row.unit.code, row.row): row for row in context.evaluation.rows
    }
    quarter = wording.quarter(context.quarter)
    labels = [
        "STT",
        "Mã đơn vị",
        "Cấp",
        "Tên đơn vị",
        *(column.header for column in columns),
        "Số chỉ tiêu được giao",
        wording.STATUS["met"],
        wording.STATUS["not_met"],
    ]
    name_width = _width((u.name for u in units), 24, 40)
    # «Chưa có số liệu» and «Không phát sinh» on one line.
    status_width = 13.0
    widths = [
        5.0,
        _width((u.code for u in units), 8, 16, _CODE_CHARACTERS_PER_WIDTH),
        _width((context.level_label(u.level) for u in units), 8, 14),
        name_width,
        *([status_width] * len(columns)),
        10.0,
        8.0,
        8.0,
    ]
    title = f"TỔNG HỢP KẾT QUẢ THỰC HIỆN CHỈ TIÊU NĂM {context.quarter.year} — {quarter.upper()}"
    if context.provisional:
        title += f" ({wording.PROVISIONAL.upper()})"
    explanation = (
        f"Mỗi ô: kết quả của đơn vị so với mốc tối thiểu của {quarter} (chú giải dưới bảng); "
        "ô trống: đơn vị không được giao chỉ tiêu đó."
    )
    header = _title_rows(sheet, context, [title, explanation], widths)
    _header_row(sheet, header, labels, widths)
    for number, unit in enumerate(units, 1):
        line = header + number
        _number(sheet, line, 1, number, ORDINAL)
        _text(sheet, line, 2, unit.code)
        _text(sheet, line, 3, context.level_label(unit.level))
        _text(sheet, line, 4, unit.name)
        held = met = not_met = 0
        # The name's cell is indented: less of its width holds text.
        wrapped: list[tuple[str, float]] = [(unit.name, name_width - _INDENT)]
        for offset, column in enumerate(columns, 5):
            found = [cells[(unit.code, i)] for i in column.rows if (unit.code, i) in cells]
            if not found:
                _cell(sheet, line, offset, TEXT)
                continue
            row = found[0]
            word = _status_word(row)
            _text(sheet, line, offset, word, _status_style(row.status.value))
            wrapped.append((word, status_width))
            held += 1
            met += row.status.value == "met"
            not_met += row.status.value == "not_met"
        after = 5 + len(columns)
        _number(sheet, line, after, held, COUNT)
        _number(sheet, line, after + 1, met, COUNT)
        _number(sheet, line, after + 2, not_met, COUNT)
        _fit_row(sheet, line, wrapped)
    last = header + len(units)
    _legend(sheet, last + 2, len(labels), sum(widths[3:]))
    _setup(sheet, header, last, widths)


def _legend(sheet: Worksheet, top: int, last_column: int, width: float) -> None:
    """What every colour and word of the workbook means (``wording.LEGEND``), under the matrix:
    the word in its status's colour, its meaning beside it across the rest of the table."""
    title = sheet.cell(row=top, column=2)
    title.value = "Chú giải"
    title.font = Font(name=_FONT, size=11, bold=True)
    styles = {wording.STATUS[code]: _status_style(code) for code in STATUS_FILL}
    for offset, (word, meaning) in enumerate(wording.LEGEND, 1):
        line = top + offset
        _text(sheet, line, 2, word, styles.get(word, CENTRED)).font = Font(
            name=_FONT, size=11, bold=True
        )
        _cell(sheet, line, 3, CENTRED)
        sheet.merge_cells(start_row=line, start_column=2, end_row=line, end_column=3)
        _text(sheet, line, 4, meaning).border = Border()
        sheet.merge_cells(start_row=line, start_column=4, end_row=line, end_column=last_column)
        _fit_row(sheet, line, [(meaning, width - _INDENT)])


# One sheet per task


def _task_sheet(sheet: Worksheet, context: ReportContext, task: _Task) -> None:
    indicator = context.catalogue.get(task.indicator)
    name = context.indicator_name(task.indicator)
    noun = context.noun(task.indicator)
    quarter = wording.quarter(context.quarter)
    order = {unit.code: position for position, unit in enumerate(context.tree.units)}
    title = f"NHIỆM VỤ {task.code}: {name.upper()} — {quarter.upper()}"
    if context.provisional:
        title += f" ({wording.PROVISIONAL.upper()})"
    lines = [title, task.rows[0][1].title]
    rows: list[UnitEvaluation] = []
    for index, target in task.rows:
        # Level by level (the annex's rows), each in the tree's order.
        held = sorted(context.rows_of(index), key=lambda r: order.get(r.unit.code, len(order)))
        rows += held
        met = sum(1 for r in held if r.status.value == "met")
        lines.append(
            f"{_who(context, target)}: mốc {quarter} "
            f"{percent(_milestone(target, context.quarter.number))}, chỉ tiêu năm "
            f"{percent(target.annual)}; {integer(met)}/{integer(len(held))} đơn vị đạt mốc."
        )
    labels = [
        "STT",
        "Mã đơn vị",
        "Cấp",
        "Tên đơn vị",
        indicator.numerator_label if indicator else "Tử số",
        indicator.denominator_label if indicator else "Mẫu số",
        "Giá trị",
        f"Mốc {quarter}",
        "Chỉ tiêu năm",
        "Chênh lệch so với mốc (điểm %)",
        "Kết quả",
        "Cần thêm (số lượng)",
        "Cần thêm (diễn giải)",
        "Dự báo cuối năm",
        "Triển vọng",
        "Hạng trong cấp",
        "Nguồn số liệu",
    ]
    phrases = [
        wording.needed(r.status.value, r.needed, r.numerator, r.denominator, r.milestone, noun)
        for r in rows
    ]
    name_width = _width((r.unit.name for r in rows), 24, 38)
    phrase_width = _width(phrases, 14, 34)
    # «Chưa có số liệu» and «Không phát sinh» on one line.
    status_width = 13.0
    widths = [
        5.0,
        _width((r.unit.code for r in rows), 8, 16, _CODE_CHARACTERS_PER_WIDTH),
        _width((context.level_label(r.unit.level) for r in rows), 8, 14),
        name_width,
        14.0,
        14.0,
        9.0,
        9.0,
        9.0,
        11.0,
        status_width,
        9.0,
        phrase_width,
        9.0,
        11.0,
        7.0,
        10.0,
    ]
    header = _title_rows(sheet, context, lines, widths)
    _header_row(sheet, header, labels, widths)
    for number, (row, phrase) in enumerate(zip(rows, phrases, strict=True), 1):
        line = header + number
        status = _status_word(row)
        _number(sheet, line, 1, number, ORDINAL)
        _text(sheet, line, 2, row.unit.code)
        _text(sheet, line, 3, context.level_label(row.unit.level))
        _text(sheet, line, 4, row.unit.name)
        _number(sheet, line, 5, row.numerator, COUNT)
        _number(sheet, line, 6, row.denominator, COUNT)
        _number(sheet, line, 7, _fraction(row.value), PERCENT)
        _number(sheet, line, 8, _fraction(row.milestone), PERCENT)
        _number(sheet, line, 9, _fraction(row.annual), PERCENT)
        _number(sheet, line, 10, row.gap, POINTS)
        _text(sheet, line, 11, status, _status_style(row.status.value))
        _number(sheet, line, 12, row.needed, COUNT)
        _text(sheet, line, 13, phrase)
        _number(sheet, line, 14, _fraction(row.projection), PERCENT)
        _text(sheet, line, 15, wording.outlook(row.outlook.value if row.outlook else None), CENTRED)
        _number(sheet, line, 16, row.rank, ORDINAL)
        _text(sheet, line, 17, wording.source(row.source), CENTRED)
        _fit_row(
            sheet,
            line,
            [
                (row.unit.name, name_width - _INDENT),
                (phrase, phrase_width - _INDENT),
                (status, status_width),
            ],
        )
    _setup(sheet, header, header + len(rows), widths)
