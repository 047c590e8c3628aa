"""The quarterly report to the People's Committee (Article 2.3 of a target decision): the
quarter in a few sentences, the province's values against the baselines and the annual targets,
one table per task by level, the lagging units with their gaps and the counts still needed, the
outlook for the year, and an appendix matrix of every unit and task.

The sentences are built from the evaluation with the shared wording; the letterhead, the fixed
text and the order of the sections are the template's (``report.docx``).
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import docx
from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from chitieu import wording
from chitieu.domain import Quarter, Target
from chitieu.evaluation.model import Outlook, Status, UnitEvaluation
from chitieu.formatting import date as format_date
from chitieu.formatting import integer, percent, points
from chitieu.reports.context import ReportContext
from chitieu.reports.docx_parts import (
    figures_table,
    landscape,
    no_borders,
    set_font,
    set_widths,
    shade,
    spacer,
    write_cell,
)
from chitieu.reports.render import BLANK_NUMBER, render
from chitieu.reports.workbook import STATUS_FILL

STATUS_SHORT = {"met": "Đ", "not_met": "K", "not_applicable": "–", "no_data": "?"}
"""The matrix's one-letter marks, explained in its legend."""


@dataclass(frozen=True, slots=True)
class Task:
    """A task of the annex (``II.3``) and its rows (one per level or group of units)."""

    code: str
    title: str
    rows: tuple[tuple[int, Target], ...]


def tasks_of(context: ReportContext) -> list[Task]:
    """The annex's measured tasks in order, each with its rows and their indices."""
    grouped: dict[str, list[tuple[int, Target]]] = defaultdict(list)
    for index, target in enumerate(context.target_set.targets):
        if target.indicator:
            grouped[target.task].append((index, target))
    return [Task(code, rows[0][1].title, tuple(rows)) for code, rows in grouped.items()]


def subject(title: str) -> str:
    """What the decision assigns, from its title: «Giao chỉ tiêu thực hiện nhiệm vụ cải cách
    thủ tục hành chính … năm 2024 trên địa bàn tỉnh X» → «nhiệm vụ cải cách thủ tục hành chính
    …»; a decision without a title gives «được giao».

    >>> subject("Giao chỉ tiêu thực hiện nhiệm vụ cải cách TTHC năm 2024 trên địa bàn tỉnh A")
    'nhiệm vụ cải cách TTHC'
    >>> subject("")
    'được giao'
    """
    text = re.sub(r"^\s*(về việc\s+)?giao\s+chỉ\s+tiêu\s+(thực hiện\s+)?", "", title, flags=re.I)
    text = re.split(r"\s+năm\s+\d{4}\b|\s+trên địa bàn\b", text, maxsplit=1)[0].strip(" .")
    return text or "được giao"


def quarter_end(quarter: Quarter) -> date:
    """The last day of ``quarter``."""
    start = date(quarter.year + quarter.number // 4, quarter.number % 4 * 3 + 1, 1)
    return start - timedelta(days=1)


def cut_off(context: ReportContext) -> date:
    """The last day the figures cover: the quarter's end, or the day of a provisional one."""
    end = quarter_end(context.quarter)
    as_of = context.evaluation.as_of or context.today
    return min(end, as_of) if context.provisional else end


def _levels_in_order(context: ReportContext) -> list[str]:
    order = [level.code for level in context.catalogue.levels]
    present = {r.unit.level for r in context.evaluation.rows}
    return [code for code in order if code in present]


def _ratio(part: int, whole: int) -> str:
    return percent(100.0 * part / whole) if whole else "—"


# ---------------------------------------------------------------------------------------------
# Sentences


def overview(context: ReportContext) -> list[str]:
    """Section I's sentences: how many units hold targets, and per level how many of their
    milestones were met and how many units met all of theirs."""
    rows = context.evaluation.rows
    levels = _levels_in_order(context)
    by_level: dict[str, list[UnitEvaluation]] = defaultdict(list)
    for row in rows:
        by_level[row.unit.level].append(row)
    units = {r.unit.code for r in rows}
    parts = [
        f"{context.level_label(level).lower()} {integer(len({r.unit.code for r in by_level[level]}))}"
        for level in levels
    ]
    sentences = [
        f"Số liệu tính đến hết ngày {format_date(cut_off(context))}, từ dữ liệu giải quyết "
        f"thủ tục hành chính của hệ thống và Cổng Dịch vụ công quốc gia. Có "
        f"{integer(len(units))} đơn vị được giao chỉ tiêu ({'; '.join(parts)}), tổng cộng "
        f"{integer(len(rows))} lượt chỉ tiêu được đánh giá theo mốc "
        f"{wording.quarter_phrase(context.quarter)}."
    ]
    for level in levels:
        level_rows = by_level[level]
        judged = [r for r in level_rows if r.status.judged]
        met = [r for r in judged if r.status is Status.MET]
        unit_rows: dict[str, list[UnitEvaluation]] = defaultdict(list)
        for row in level_rows:
            unit_rows[row.unit.code].append(row)
        all_met = sum(
            1
            for held in unit_rows.values()
            if all(r.status is not Status.NOT_MET for r in held)
            and any(r.status is Status.MET for r in held)
        )
        missing = sum(1 for r in level_rows if r.status is Status.NO_DATA)
        sentence = (
            f"{context.level_label(level)}: {integer(len(met))}/{integer(len(judged))} lượt chỉ "
            f"tiêu đạt mốc của quý ({_ratio(len(met), len(judged))}); "
            f"{integer(all_met)}/{integer(len(unit_rows))} đơn vị đạt tất cả các mốc"
        )
        if missing:
            sentence += f"; {integer(missing)} lượt chỉ tiêu chưa có số liệu"
        sentences.append(sentence + ".")
    better = [
        p for p in context.evaluation.province if p.baselines and (p.baselines[0].change or 0) > 0
    ]
    compared = [p for p in context.evaluation.province if p.baselines and p.value is not None]
    if compared:
        sentences.append(
            f"Giá trị toàn tỉnh tăng so với năm {compared[0].baselines[0].year} ở "
            f"{integer(len(better))}/{integer(len(compared))} chỉ số có số liệu năm trước "
            "(bảng dưới)."
        )
    return sentences


def _annual_by_level(context: ReportContext, task: Task) -> str:
    parts = []
    for _, target in task.rows:
        who = ", ".join([*target.units, *(context.level_label(level) for level in target.levels)])
        parts.append(f"{who}: {percent(target.annual)}")
    return "\n".join(parts)


def province_table(context: ReportContext) -> Any:
    """Section I's table: the province's value of each task against its latest baseline and
    the annual targets by level."""

    def build(document: Document) -> None:
        values = {p.task: p for p in context.evaluation.province}
        rows = []
        for number, task in enumerate(tasks_of(context), start=1):
            value = values.get(task.code)
            latest = value.baselines[0] if value and value.baselines else None
            rows.append(
                [
                    str(number),
                    f"{task.code}. {task.title}",
                    percent(value.value) if value else "—",
                    f"{percent(latest.baseline)} ({latest.year})" if latest else "—",
                    points(latest.change) if latest else "—",
                    _annual_by_level(context, task),
                ]
            )
        figures_table(
            document,
            ["TT", "Nhiệm vụ, chỉ số", "Toàn tỉnh", "Năm trước", "Thay đổi", "Chỉ tiêu năm"],
            rows,
            widths_mm=(9, 58, 19, 22, 20, 37),
            right=(2, 3, 4),
        )
        spacer(document)

    return build


def tasks_intro(context: ReportContext) -> list[str]:
    """Section II's lead sentence."""
    return [
        f"Kết quả từng nhiệm vụ theo cấp đơn vị, so với mốc {wording.quarter_phrase(context.quarter)}"
        " (tỷ lệ đạt là số lượt đạt trên số lượt được đánh giá, không kể đơn vị không phát sinh "
        "hoặc chưa có số liệu):"
    ]


def _task_heading(document: Document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Mm(12.7)
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.space_after = Pt(3)
    paragraph.paragraph_format.keep_with_next = True
    set_font(paragraph.add_run(text), size=14, bold=True)


def tasks_section(context: ReportContext, *, charts_on: bool = True) -> Any:
    """Section II: per task, its title, a table of its rows by level and (``charts_on``) its
    two charts."""
    summaries = context.evaluation.levels

    def build(document: Document) -> None:
        for task in tasks_of(context):
            _task_heading(document, f"{task.code}. {task.title}")
            rows = []
            order = {code: i for i, code in enumerate(_levels_in_order(context))}
            ordered = sorted(
                (s for s in summaries if s.task == task.code), key=lambda s: order.get(s.level, 99)
            )
            for s in ordered:
                judged = s.met + s.not_met
                rows.append(
                    [
                        context.level_label(s.level),
                        percent(s.milestone),
                        integer(s.units),
                        integer(s.met),
                        integer(s.not_met),
                        integer(s.not_applicable),
                        integer(s.no_data),
                        _ratio(s.met, judged),
                    ]
                )
            figures_table(
                document,
                [
                    "Cấp",
                    f"Mốc quý {context.quarter.roman}",
                    "Số đơn vị",
                    "Đạt",
                    "Không đạt",
                    "Không phát sinh",
                    "Chưa có số liệu",
                    "Tỷ lệ đạt",
                ],
                rows,
                widths_mm=(30, 20, 18, 16, 18, 21, 21, 21),
                right=(1, 2, 3, 4, 5, 6, 7),
            )
            if charts_on:
                # A paragraph between: two adjacent tables are merged into one by Word and
                # LibreOffice, the figures then losing their borders to the charts' layout.
                spacer(document, 4)
                task_charts(document, context, task)
            spacer(document)

    return build


def task_charts(document: Document, context: ReportContext, task: Task) -> None:
    """The task's two charts side by side: each level against its milestone, and the
    province's line by quarter against the year's milestones."""
    from chitieu.reports import charts  # noqa: PLC0415 — Altair only when drawing

    province_rows = [t for _, t in task.rows if "province_department" in t.levels] or [
        t for _, t in task.rows
    ]
    milestones = [m.value for m in province_rows[0].milestones]
    label = "Mốc"
    if len(task.rows) > 1:
        whose = [*province_rows[0].units, *map(context.level_label, province_rows[0].levels)]
        label = f"Mốc {', '.join(whose).lower()}"
    trend = context.trend.get(task.code, ())
    images = [
        charts.png(charts.level_chart(context, task.code)),
        charts.png(charts.trend_chart(task.code, trend, milestones, label)),
    ]
    table = document.add_table(rows=1, cols=2)
    no_borders(table)
    set_widths(table, (82.5, 82.5))
    for cell, image in zip(table.rows[0].cells, images, strict=True):
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.first_line_indent = Mm(0)
        paragraph.add_run().add_picture(io.BytesIO(image), width=Mm(80))


BODY_LAGGING_LIMIT = 30
"""A level with more lagging units than this is listed in the second appendix, the body saying
how many (a province's communes would otherwise fill twenty pages of the report itself)."""


def lagging_rows(context: ReportContext) -> list[tuple[str, list[UnitEvaluation]]]:
    """The units that missed at least one milestone — by level (in the catalogue's order), then
    in the tree's order — each with its missed rows in annex order."""
    missed: dict[str, list[UnitEvaluation]] = defaultdict(list)
    for row in context.evaluation.rows:
        if row.status is Status.NOT_MET:
            missed[row.unit.code].append(row)
    order = {u.code: i for i, u in enumerate(context.tree.units)}
    levels = {code: i for i, code in enumerate(_levels_in_order(context))}
    return [
        (code, sorted(rows, key=lambda r: r.row))
        for code, rows in sorted(
            missed.items(),
            key=lambda item: (levels.get(context.tree[item[0]].level, 99), order.get(item[0], 0)),
        )
    ]


def _lagging_by_level(context: ReportContext) -> dict[str, list[tuple[str, list[UnitEvaluation]]]]:
    grouped: dict[str, list[tuple[str, list[UnitEvaluation]]]] = defaultdict(list)
    for code, rows in lagging_rows(context):
        grouped[context.tree[code].level].append((code, rows))
    return grouped


def in_body(context: ReportContext) -> tuple[list[str], list[str]]:
    """The levels whose lagging units the body lists, and those left to the second appendix."""
    grouped = _lagging_by_level(context)
    body = [level for level in grouped if len(grouped[level]) <= BODY_LAGGING_LIMIT]
    return body, [level for level in grouped if level not in body]


def lagging_intro(context: ReportContext) -> list[str]:
    """Section III's lead: how many units missed a milestone, by level, and where each level's
    list is."""
    grouped = _lagging_by_level(context)
    if not grouped:
        return [f"Tất cả các đơn vị đều đạt mốc {wording.quarter_phrase(context.quarter)}."]
    total = sum(len(units) for units in grouped.values())
    parts = [
        f"{context.level_label(level).lower()} {integer(len(grouped[level]))}"
        for level in _levels_in_order(context)
        if level in grouped
    ]
    sentences = [
        f"Có {integer(total)} đơn vị chưa đạt mốc của quý ở ít nhất một chỉ tiêu "
        f"({'; '.join(parts)}). Với mỗi chỉ tiêu chưa đạt: giá trị so với mốc, chênh lệch và "
        "số trường hợp còn cần để đạt mốc."
    ]
    _, appended = in_body(context)
    if appended:
        names = ", ".join(context.level_label(level).lower() for level in appended)
        sentences.append(f"Danh sách đơn vị {names} chưa đạt mốc: xem Phụ lục II.")
    return sentences


def missed_text(context: ReportContext, row: UnitEvaluation) -> str:
    """One missed milestone for a reader: «II.3: 45,2% / mốc 60% (−14,8 điểm); cần thêm 12
    hồ sơ trực tuyến»."""
    needed = wording.needed(
        row.status.value,
        row.needed,
        row.numerator,
        row.denominator,
        row.milestone,
        context.noun(row.indicator),
    )
    mark = wording.OVERRIDE_MARK if row.overridden else ""
    return (
        f"{row.target.task}: {percent(row.value)} / mốc {percent(row.milestone)}{mark} "
        f"({points(row.gap)}); {needed}"
    )


def lagging_table(
    document: Document,
    context: ReportContext,
    levels: Sequence[str],
    widths_mm: tuple[float, float, float] = (9, 55, 101),
) -> None:
    """One row per lagging unit of ``levels``, its missed milestones listed (``widths_mm``: the
    columns on a portrait page; an appendix in landscape passes wider ones)."""
    grouped = _lagging_by_level(context)
    units = [item for level in levels for item in grouped.get(level, [])]
    if not units:
        return
    rows = [
        [
            str(number),
            wording_unit(context, code),
            "\n".join(missed_text(context, r) for r in missed),
        ]
        for number, (code, missed) in enumerate(units, start=1)
    ]
    figures_table(document, ["TT", "Đơn vị", "Chỉ tiêu chưa đạt mốc"], rows, widths_mm=widths_mm)
    spacer(document)


def lagging_section(context: ReportContext) -> Any:
    """Section III's table: the lagging units of the levels the body lists."""

    def build(document: Document) -> None:
        lagging_table(document, context, in_body(context)[0])

    return build


def wording_unit(context: ReportContext, code: str) -> str:
    """A unit as a table names it: its name, and its district for a commune."""
    unit = context.tree[code]
    parent = context.tree.get(unit.parent_code) if unit.parent_code else None
    if unit.level == "commune" and parent is not None and parent.level == "district":
        return f"{unit.name} ({parent.name})"
    return unit.name


def outlook(context: ReportContext) -> list[str]:
    """Section IV: at the recent pace, how many of each task's units reach the annual target."""
    rows = [r for r in context.evaluation.rows if r.outlook is not None]
    if not rows:
        return ["Chưa đủ số liệu các tháng để dự báo khả năng hoàn thành chỉ tiêu năm."]
    at_risk = [r for r in rows if r.outlook is Outlook.AT_RISK]
    sentences = [
        f"Theo nhịp các tháng gần nhất, đến cuối năm {integer(len(rows) - len(at_risk))}/"
        f"{integer(len(rows))} lượt chỉ tiêu kịp tiến độ; {integer(len(at_risk))} lượt có nguy "
        "cơ không đạt chỉ tiêu năm."
    ]
    by_task: dict[str, list[UnitEvaluation]] = defaultdict(list)
    for row in rows:
        by_task[row.target.task].append(row)
    for task in tasks_of(context):
        held = by_task.get(task.code, [])
        risky = [r for r in held if r.outlook is Outlook.AT_RISK]
        if risky:
            name = context.indicator_name(task.rows[0][1].indicator or "")
            sentences.append(
                f"Nhiệm vụ {task.code} ({name[:1].lower()}{name[1:]}): {integer(len(risky))}/"
                f"{integer(len(held))} đơn vị có nguy cơ không đạt."
            )
    return sentences


# ---------------------------------------------------------------------------------------------
# The appendix


def _appendix_heading(document: Document, context: ReportContext, number: str, title: str) -> None:
    """A landscape section opened by «PHỤ LỤC I», its title and what it goes with."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    landscape(section)
    for text, bold, italic in (
        (f"PHỤ LỤC {number}", True, False),
        (title.upper(), True, False),
        (
            f"(Kèm theo Báo cáo số {BLANK_NUMBER}/BC-{context.settings.issuer.symbol} "
            f"{wording.official_date(context.today)} của {context.settings.issuer.short})",
            False,
            True,
        ),
    ):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.first_line_indent = Mm(0)
        paragraph.paragraph_format.space_after = Pt(0 if not italic else 6)
        run = paragraph.add_run(text)
        set_font(run, size=14 if bold else 13, bold=bold)
        run.italic = italic


def appendix(document: Document, context: ReportContext) -> None:
    """Landscape sections after the signature: I, every unit holding a target × every task,
    each cell the unit's mark for the quarter, coloured, with a legend; II, when the body left
    them out, the lagging units of the largest levels."""
    _appendix_heading(
        document,
        context,
        "I",
        f"Kết quả từng đơn vị theo mốc {wording.quarter(context.quarter)}",
    )
    tasks = tasks_of(context)
    status: dict[tuple[str, str], UnitEvaluation] = {}
    for row in context.evaluation.rows:
        status[(row.unit.code, row.target.task)] = row
    units = context.units()
    header = ["TT", "Đơn vị", *[t.code for t in tasks]]
    table = figures_table(
        document,
        header,
        [],
        widths_mm=(9, 62, *([186 / max(len(tasks), 1)] * len(tasks))),
        size=9,
    )
    for number, unit in enumerate(units, start=1):
        cells = table.add_row().cells  # type: ignore[no-untyped-call]
        write_cell(cells[0], str(number), size=9, align=WD_ALIGN_PARAGRAPH.CENTER)
        write_cell(cells[1], wording_unit(context, unit.code), size=9)
        for index, task in enumerate(tasks, start=2):
            held = status.get((unit.code, task.code))
            if held is None:
                continue
            write_cell(
                cells[index],
                STATUS_SHORT[held.status.value],
                size=9,
                align=WD_ALIGN_PARAGRAPH.CENTER,
            )
            shade(cells[index], STATUS_FILL[held.status.value])
    set_widths(table, (9, 62, *([186 / max(len(tasks), 1)] * len(tasks))))
    legend = document.add_paragraph()
    legend.paragraph_format.first_line_indent = Mm(0)
    legend.paragraph_format.space_before = Pt(6)
    marks = "; ".join(
        f"{STATUS_SHORT[code]}: {wording.STATUS[code].lower()}" for code in STATUS_SHORT
    )
    set_font(
        legend.add_run(f"Ghi chú: {marks}; ô trống: đơn vị không được giao nhiệm vụ."), size=11
    )
    _, appended = in_body(context)
    if appended:
        names = ", ".join(context.level_label(level).lower() for level in appended)
        _appendix_heading(
            document,
            context,
            "II",
            f"Các đơn vị {names} chưa đạt mốc {wording.quarter(context.quarter)}",
        )
        lagging_table(document, context, appended, (10, 80, 167))


# ---------------------------------------------------------------------------------------------
# The document


def report_values(context: ReportContext) -> dict[str, Any]:
    """Everything the report template fills in besides the sub-documents."""
    settings = context.settings
    what = subject(context.target_set.title)
    title = f"Kết quả thực hiện chỉ tiêu {what} {wording.quarter_phrase(context.quarter)}"
    return {
        "issuer": settings.issuer,
        "signer": settings.signer,
        "number": BLANK_NUMBER,
        "date_words": wording.official_date(context.today),
        "title": title,
        "title_lower": title[0].lower() + title[1:],
        "subject": what,
        "year": context.quarter.year,
        "quarter_words": wording.quarter_phrase(context.quarter),
        "provisional": context.provisional,
        "provisional_note": wording.provisional_note(context.quarter, cut_off(context)),
        "intro": (
            f"Thực hiện nhiệm vụ theo dõi, đôn đốc, kiểm tra việc thực hiện chỉ tiêu {what} năm "
            f"{context.quarter.year}, {settings.issuer.short} báo cáo kết quả "
            f"{wording.quarter_phrase(context.quarter)} như sau:"
        ),
        "overview": overview(context),
        "tasks_intro": tasks_intro(context),
        "lagging_intro": lagging_intro(context),
        "outlook": outlook(context),
        "issuer_sentence": settings.issuer.short,
        "superior": settings.superior,
        "recipients": list(settings.recipients_of("report")),
    }


def quarterly_docx(
    context: ReportContext, home: Path | None = None, *, charts_on: bool = True
) -> bytes:
    """The quarterly report as a Word document (the home's own template when it has one);
    ``charts_on=False`` leaves the charts out (a faster draft)."""
    body = render(
        "report.docx",
        home,
        report_values(context),
        {
            "province_table": province_table(context),
            "tasks": tasks_section(context, charts_on=charts_on),
            "lagging": lagging_section(context),
        },
    )
    document = docx.Document(io.BytesIO(body))
    appendix(document, context)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def summarise(rows: Sequence[UnitEvaluation]) -> dict[str, int]:
    """How many rows have each status (for tests and the summary list)."""
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row.status.value] += 1
    return dict(counts)
