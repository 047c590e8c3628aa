"""The ad hoc report (báo cáo đột xuất, Article 2.3 of a target decision) on one unit's subtree
for any window of days: the figures computed for that window by the engine's definitions
(``engine.window``), not read from the stored months and quarters.

For each task of the annex, every unit of the subtree holding it, with its numerator, denominator
and value for the window (its tier value, the one its target is judged on) and, for reference,
the milestone of the quarter the window ends in and the annual target; then the chosen unit's
whole subtree per indicator. A window's value is not judged against a milestone: a milestone is
set for a year to date, the window is whatever the office asked for.

The letterhead, fixed sentences and order of the sections are the template's (``adhoc.docx``);
the workbook form (.xlsx) holds the same rows, numbers as numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from chitieu import wording
from chitieu.catalog import Catalogue
from chitieu.domain import OrgUnit, Override, Quarter, Source, Target, TargetSet
from chitieu.engine.values import IndicatorValue, Scope
from chitieu.evaluation.assignment import assign
from chitieu.formatting import date as format_date
from chitieu.formatting import integer, number, percent
from chitieu.reports.docx_parts import figures_table, set_font, spacer
from chitieu.reports.quarterly import subject
from chitieu.reports.render import BLANK_NUMBER, render
from chitieu.reports.settings import ReportSettings
from chitieu.reports.workbook import COUNT_FORMAT, PERCENT_FORMAT, sheet_name
from chitieu.text import looks_like_formula
from chitieu.units import UnitTree

TEMPLATE = "adhoc.docx"
SUMMARY_SHEET = "Toàn đơn vị"


@dataclass(frozen=True, slots=True)
class AdhocContext:
    """A unit, a window of days and everything needed to write the window's figures."""

    unit: OrgUnit
    start: date
    end: date
    tree: UnitTree
    target_set: TargetSet
    catalogue: Catalogue
    settings: ReportSettings
    today: date
    values: Sequence[IndicatorValue]
    """The window's values (``engine.window.window_values``) of the unit's subtree at least."""
    overrides: Sequence[Override] = field(default_factory=tuple)

    @property
    def quarter(self) -> Quarter:
        """The quarter the window ends in (its milestone is shown for reference)."""
        return Quarter(self.end.year, (self.end.month - 1) // 3 + 1)

    @property
    def unfinished(self) -> bool:
        """Whether the window had not ended on the day of the report (figures «tạm tính»)."""
        return self.end >= self.today


@dataclass(frozen=True, slots=True)
class UnitRow:
    """A unit holding a task's row, with its window figures (``None`` without any fact)."""

    unit: OrgUnit
    target: Target
    numerator: float | None
    denominator: float | None
    milestone: float | None
    annual: float

    @property
    def value(self) -> float | None:
        """The window's value in percent; ``None`` when nothing was counted."""
        if not self.denominator or self.numerator is None:
            return None
        return 100.0 * self.numerator / self.denominator


@dataclass(frozen=True, slots=True)
class TaskRows:
    """A task of the annex: its indicator, the subtree's figures and each holder's row."""

    code: str
    title: str
    indicator: str
    numerator: float | None
    denominator: float | None
    units: tuple[UnitRow, ...]

    @property
    def value(self) -> float | None:
        """The subtree's value for the window in percent; ``None`` when nothing was counted."""
        if not self.denominator or self.numerator is None:
            return None
        return 100.0 * self.numerator / self.denominator


def _source(context: AdhocContext, indicator: str) -> str:
    """Where an indicator's window value comes from: its catalogue source (``manual`` for an
    entered indicator), so that one figure is never the sum of two sources."""
    found = context.catalogue.get(indicator)
    return found.source.value if found else Source.DOSSIERS.value


def task_rows(context: AdhocContext) -> list[TaskRows]:
    """The annex's measured tasks in order, each with the subtree's figures and the rows of the
    subtree's units holding it (tier values, in the annex's then the tree's order)."""
    figures = {
        (v.unit_code, v.indicator, v.scope, v.source): (v.numerator, v.denominator)
        for v in context.values
    }
    inside = {u.code for u in context.tree.subtree(context.unit.code)}
    held = [
        a
        for a in assign(context.target_set, context.tree, context.overrides).assignments
        if a.unit.code in inside
    ]
    tasks: dict[str, TaskRows] = {}
    for target in context.target_set.targets:
        if not target.indicator or target.task in tasks:
            continue
        source = _source(context, target.indicator)
        numerator, denominator = figures.get(
            (context.unit.code, target.indicator, Scope.SUBTREE, source), (None, None)
        )
        rows = []
        for assignment in held:
            if assignment.target.task != target.task:
                continue
            n, d = figures.get(
                (assignment.unit.code, assignment.indicator, Scope.TIER, source), (None, None)
            )
            try:
                milestone: float | None = assignment.target.milestone(context.quarter.number)
            except KeyError:
                milestone = None
            rows.append(
                UnitRow(
                    assignment.unit, assignment.target, n, d, milestone, assignment.target.annual
                )
            )
        tasks[target.task] = TaskRows(
            target.task, target.title, target.indicator, numerator, denominator, tuple(rows)
        )
    return list(tasks.values())


# ---------------------------------------------------------------------------------------------
# Words


def window_words(context: AdhocContext) -> str:
    """«từ ngày 17/03/2024 đến ngày 04/05/2024»."""
    return f"từ ngày {format_date(context.start)} đến ngày {format_date(context.end)}"


def _count(value: float | None) -> str:
    if value is None:
        return "—"
    return integer(int(value)) if float(value).is_integer() else number(value)


def unit_label(context: AdhocContext, unit: OrgUnit) -> str:
    """A unit as the tables name it: its name, with its parent's when the parent is neither the
    tree's root nor the report's own unit («Xã A (Huyện B)» in a report on the province;
    «Xã A» in the report on Huyện B; «Sở Y tế» as it is)."""
    parent = context.tree.get(unit.parent_code) if unit.parent_code else None
    if parent is not None and parent.parent_code is not None and parent.code != context.unit.code:
        return f"{unit.name} ({parent.name})"
    return unit.name


def _name(context: AdhocContext, indicator: str) -> str:
    found = context.catalogue.get(indicator)
    return found.name if found else indicator


def summary(context: AdhocContext, tasks: Sequence[TaskRows]) -> list[str]:
    """Section I's sentences: what the figures are and how many tasks had something to count."""
    counted = [t for t in tasks if t.value is not None]
    holders = {row.unit.code for t in tasks for row in t.units}
    sentences = [
        f"Số liệu {window_words(context)} được tính trực tiếp từ dữ liệu giải quyết thủ tục "
        "hành chính, phản ánh kiến nghị, công bố thủ tục và số liệu do đơn vị nhập của hệ "
        "thống, theo cùng cách tính chỉ tiêu như báo cáo định kỳ; số liệu nhập theo tháng, "
        "quý, năm chỉ được tính khi cả kỳ đó nằm trong khoảng thời gian báo cáo.",
        f"{context.unit.name} và các đơn vị trực thuộc có {integer(len(holders))} đơn vị được "
        f"giao chỉ tiêu; {integer(len(counted))}/{integer(len(tasks))} nhiệm vụ có số liệu "
        "phát sinh trong khoảng thời gian này (bảng dưới).",
    ]
    return sentences


def tasks_intro(context: AdhocContext) -> list[str]:
    """Section II's lead sentence."""
    return [
        f"Kết quả của từng đơn vị được giao chỉ tiêu {window_words(context)}; mốc "
        f"quý {context.quarter.roman} năm {context.quarter.year} (lũy kế từ đầu năm) và chỉ "
        "tiêu năm ghi để tham khảo, không dùng để đánh giá đạt hay không đạt trong khoảng "
        "thời gian này:"
    ]


# ---------------------------------------------------------------------------------------------
# Word


def subtree_table(context: AdhocContext, tasks: Sequence[TaskRows]) -> Any:
    """Section I's table: the chosen unit's whole subtree, per task."""

    def build(document: Document) -> None:
        rows = [
            [
                str(index),
                f"{task.code}. {_name(context, task.indicator)}",
                _count(task.numerator),
                _count(task.denominator),
                percent(task.value),
            ]
            for index, task in enumerate(tasks, start=1)
        ]
        figures_table(
            document,
            ["TT", "Nhiệm vụ, chỉ số", "Tử số", "Mẫu số", "Kết quả"],
            rows,
            widths_mm=(10, 83, 25, 25, 22),
            right=(2, 3, 4),
        )
        spacer(document)

    return build


def _no_holder(context: AdhocContext, task: TaskRows) -> str:
    # The subtree's figure of section I may be there though no unit of it holds the task (the
    # province's departments hold it, the district's dossiers still count): say whose figure it
    # is, or the reader takes the two sections for a contradiction.
    sentence = "Không có đơn vị nào thuộc phạm vi báo cáo được giao nhiệm vụ này."
    if task.value is None:
        return sentence
    return (
        f"{sentence} Số liệu chung của {context.unit.name} ở mục I "
        f"({_count(task.numerator)}/{_count(task.denominator)}, {percent(task.value)}) "
        "chỉ để tham khảo."
    )


def _task_heading(document: Document, text: str, *, bold: bool = True, size: float = 14) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Mm(12.7)
    paragraph.paragraph_format.space_before = Pt(6 if bold else 0)
    paragraph.paragraph_format.space_after = Pt(3)
    paragraph.paragraph_format.keep_with_next = True
    run = paragraph.add_run(text)
    set_font(run, size=size, bold=bold)
    run.italic = not bold


def tasks_section(context: AdhocContext, tasks: Sequence[TaskRows]) -> Any:
    """Section II: per task, its title, what it counts and a table of its holders."""

    def build(document: Document) -> None:
        for task in tasks:
            _task_heading(document, f"{task.code}. {task.title}")
            indicator = context.catalogue.get(task.indicator)
            if indicator is not None:
                _task_heading(
                    document,
                    f"Tử số: {indicator.numerator_label.lower()}; mẫu số: "
                    f"{indicator.denominator_label.lower()}.",
                    bold=False,
                    size=13,
                )
            if not task.units:
                _task_heading(document, _no_holder(context, task), bold=False, size=13)
                continue
            rows = [
                [
                    str(index),
                    unit_label(context, row.unit),
                    _count(row.numerator),
                    _count(row.denominator),
                    percent(row.value),
                    percent(row.milestone),
                    percent(row.annual),
                ]
                for index, row in enumerate(task.units, start=1)
            ]
            figures_table(
                document,
                [
                    "TT",
                    "Đơn vị",
                    "Tử số",
                    "Mẫu số",
                    "Kết quả",
                    f"Mốc quý {context.quarter.roman}",
                    "Chỉ tiêu năm",
                ],
                rows,
                widths_mm=(9, 60, 20, 20, 19, 18, 19),
                right=(2, 3, 4, 5, 6),
            )
            spacer(document)

    return build


def adhoc_title(context: AdhocContext) -> str:
    """«Kết quả thực hiện chỉ tiêu … của Huyện X từ ngày … đến ngày …»."""
    what = subject(context.target_set.title)
    return f"Kết quả thực hiện chỉ tiêu {what} của {context.unit.name} {window_words(context)}"


def adhoc_values(context: AdhocContext, tasks: Sequence[TaskRows]) -> dict[str, Any]:
    """Everything the template fills in besides the sub-documents."""
    settings = context.settings
    title = adhoc_title(context)
    return {
        "issuer": settings.issuer,
        "signer": settings.signer,
        "number": BLANK_NUMBER,
        "date_words": wording.official_date(context.today),
        "title": title,
        "title_lower": title[0].lower() + title[1:],
        "unit_name": context.unit.name,
        "unit_upper": context.unit.name.upper(),
        "window_words": window_words(context),
        "year": context.target_set.year,
        "unfinished": context.unfinished,
        "unfinished_note": wording_unfinished(context),
        "intro": (
            f"Thực hiện nhiệm vụ theo dõi, đôn đốc, kiểm tra đột xuất việc thực hiện chỉ tiêu "
            f"{subject(context.target_set.title)} năm {context.target_set.year}, "
            f"{settings.issuer.short} báo cáo kết quả của {context.unit.name} "
            f"{window_words(context)} như sau:"
        ),
        "summary": summary(context, tasks),
        "tasks_intro": tasks_intro(context),
        "issuer_sentence": settings.issuer.short,
        "superior": settings.superior,
        "recipients": list(settings.recipients_of("report")),
    }


def adhoc_docx(context: AdhocContext, home: Path | None = None) -> bytes:
    """The ad hoc report as a Word document (the home's own ``adhoc.docx`` when it has one)."""
    tasks = task_rows(context)
    return render(
        TEMPLATE,
        home,
        adhoc_values(context, tasks),
        {
            "subtree_table": subtree_table(context, tasks),
            "tasks": tasks_section(context, tasks),
        },
    )


# ---------------------------------------------------------------------------------------------
# Excel

_FONT = "Times New Roman"
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _clean(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _text(sheet: Worksheet, row: int, column: int, value: str, *, bold: bool = False) -> Cell:
    """A text cell kept as text: one a spreadsheet would take for a formula (``=``, ``+``,
    ``-``, ``@``, tab, CR first) gets Excel's quote prefix and stays text when edited."""
    cell = sheet.cell(row=row, column=column)
    assert isinstance(cell, Cell)  # written before any merge
    text = _clean(value)
    cell.value = text
    cell.data_type = "s"
    if looks_like_formula(text):
        cell.quotePrefix = True
    cell.font = Font(name=_FONT, size=11, bold=bold)
    cell.alignment = Alignment(vertical="center", wrap_text=True)
    return cell


def _figure(sheet: Worksheet, row: int, column: int, value: float | None, fmt: str) -> None:
    cell = sheet.cell(row=row, column=column)
    assert isinstance(cell, Cell)
    if value is not None:
        cell.value = int(value) if fmt == COUNT_FORMAT and float(value).is_integer() else value
    cell.number_format = (
        fmt if fmt != COUNT_FORMAT or value is None or float(value).is_integer() else "#,##0.##"
    )
    cell.font = Font(name=_FONT, size=11)
    cell.border = _BORDER


def _fraction(value: float | None) -> float | None:
    return None if value is None else value / 100


def _table(
    sheet: Worksheet,
    context: AdhocContext,
    lines: Sequence[str],
    header: Sequence[str],
    widths: Sequence[float],
    rows: Sequence[Sequence[tuple[str, str | float | None]]],
) -> None:
    """Title lines, a header row (frozen, filtered, repeated on print) and the rows; each cell
    given as (kind, value) with kind ``text``, ``count`` or ``percent``."""
    block = [context.settings.issuer.parent, context.settings.issuer.name, *lines]
    block.append(f"Ngày lập: {format_date(context.today)}")
    for index, line in enumerate(block, start=1):
        cell = _text(sheet, index, 1, line, bold=index in (2, 3))
        cell.alignment = Alignment(vertical="center")
    top = len(block) + 2
    for column, (label, width) in enumerate(zip(header, widths, strict=True), start=1):
        cell = _text(sheet, top, column, label, bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    for offset, values in enumerate(rows, start=1):
        for column, (kind, value) in enumerate(values, start=1):
            if kind == "text":
                _text(sheet, top + offset, column, str(value)).border = _BORDER
            else:
                number_value = None if value is None else float(value)
                fmt = PERCENT_FORMAT if kind == "percent" else COUNT_FORMAT
                _figure(sheet, top + offset, column, number_value, fmt)
    last = top + max(len(rows), 1)
    sheet.freeze_panes = f"A{top + 1}"
    sheet.auto_filter.ref = f"A{top}:{get_column_letter(len(header))}{last}"
    sheet.print_title_rows = f"{top}:{top}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def adhoc_xlsx(context: AdhocContext) -> bytes:
    """The ad hoc report's workbook: «Toàn đơn vị» (the subtree per task), then a sheet per task
    with its holders; counts as integers, values as fractions in a percent format."""
    tasks = task_rows(context)
    book = Workbook()
    book.properties.title = adhoc_title(context)
    book.properties.creator = "chitieu"
    first = book.active
    assert isinstance(first, Worksheet)
    first.title = SUMMARY_SHEET
    title = adhoc_title(context)
    note = [f"({wording_unfinished(context)})"] if context.unfinished else []
    _table(
        first,
        context,
        [title, *note],
        ["TT", "Nhiệm vụ", "Chỉ số", "Tử số", "Mẫu số", "Kết quả"],
        (6, 10, 50, 14, 14, 12),
        [
            [
                ("count", index),
                ("text", task.code),
                ("text", _name(context, task.indicator)),
                ("count", task.numerator),
                ("count", task.denominator),
                ("percent", _fraction(task.value)),
            ]
            for index, task in enumerate(tasks, start=1)
        ],
    )
    names = {SUMMARY_SHEET.casefold()}
    for task in tasks:
        name = sheet_name(f"{task.code} {_name(context, task.indicator)}", names)
        names.add(name.casefold())
        _table(
            book.create_sheet(name),
            context,
            [f"{task.code}. {task.title}", title, *note],
            [
                "TT",
                "Đơn vị",
                "Cấp",
                "Tử số",
                "Mẫu số",
                "Kết quả",
                f"Mốc quý {context.quarter.roman}",
                "Chỉ tiêu năm",
            ],
            (6, 45, 18, 12, 12, 11, 11, 11),
            [
                [
                    ("count", index),
                    ("text", unit_label(context, row.unit)),
                    ("text", _level(context, row.unit.level)),
                    ("count", row.numerator),
                    ("count", row.denominator),
                    ("percent", _fraction(row.value)),
                    ("percent", _fraction(row.milestone)),
                    ("percent", _fraction(row.annual)),
                ]
                for index, row in enumerate(task.units, start=1)
            ],
        )
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _level(context: AdhocContext, code: str) -> str:
    try:
        return context.catalogue.level(code).label
    except KeyError:
        return code


def wording_unfinished(context: AdhocContext) -> str:
    """The note of a window that had not ended on the report's day."""
    return (
        f"Số liệu tạm tính đến ngày {format_date(context.today)}: khoảng thời gian báo cáo chưa "
        "kết thúc"
    )
