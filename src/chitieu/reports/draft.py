"""Next year's draft decision: the same tasks and rows as this year's, each with a proposed annual
target and quarterly milestones drawn from this year's results, and this year's and last year's
values as its baselines.

The rule, for each annex row (a task for one level or group of units):

- **annual target** — at least this year's target, and at least what the row's units reached
  together this year (their pooled value, rounded down to a whole percent; for a row of several
  levels, the lowest level's: a target is never set below what was already done); raised to the national target of the task when the home's
  settings give one (``[national_targets]``) above that; never above 100 %;
- **milestones** — spaced as this year's were: each quarter keeps this year's distance below
  the annual target (this year 70/80/90/100 for 100 → next year the same distances under the new
  target), never below 0, never decreasing, the fourth quarter at the annual target when this
  year's was;
- **baselines** (the notes column) — this year's value of the task for the whole province, then
  the most recent baseline this year's decision gave (last year's).

The draft is written in the layout of a decision (articles from the editable template
``draft_decision.docx``, the annex as a table with the merged two-row header) or as the annex
workbook, and both read back with ``chitieu decision show`` to the same targets.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import docx
from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from docx.table import Table

from chitieu.decisions.presentation import baseline_note, split_task
from chitieu.domain import Baseline, Milestone, Target, TargetSet
from chitieu.domain.periods import ROMAN_QUARTERS
from chitieu.formatting import percent
from chitieu.reports.charts import level_values
from chitieu.reports.context import ReportContext
from chitieu.reports.docx_parts import (
    grid,
    landscape,
    repeat_header,
    set_font,
    set_widths,
    write_cell,
)
from chitieu.reports.render import BLANK_NUMBER, render
from chitieu.reports.settings import province_words


def proposed_annual(this_year: float, reached: float | None, national: float | None) -> float:
    """The annual target proposed for next year (see the module's rule).

    >>> proposed_annual(70, 48.35, None), proposed_annual(70, 81.9, None)
    (70, 81)
    >>> proposed_annual(70, 81.9, 90), proposed_annual(95, 99.99, 80), proposed_annual(90, None, None)
    (90, 99, 90)
    """
    proposal = max(this_year, math.floor(reached) if reached is not None else this_year)
    if national is not None and national > proposal:
        proposal = national
    return min(100, proposal)


def spaced_milestones(
    milestones: Sequence[Milestone], this_annual: float, next_annual: float
) -> tuple[Milestone, ...]:
    """Next year's milestones, each as far below the annual target as this year's was.

    >>> [m.value for m in spaced_milestones(
    ...     [Milestone(1, 30), Milestone(2, 40), Milestone(3, 50), Milestone(4, 60)], 60, 75)]
    [45, 55, 65, 75]
    >>> [m.value for m in spaced_milestones(
    ...     [Milestone(1, 20), Milestone(2, 35), Milestone(3, 50), Milestone(4, 60)], 60, 70)]
    [30, 45, 60, 70]
    """
    result: list[Milestone] = []
    floor = 0.0
    for milestone in sorted(milestones, key=lambda m: m.quarter):
        value = max(0.0, next_annual - (this_annual - milestone.value), floor)
        value = min(value, next_annual)
        value = int(value) if float(value).is_integer() else round(value, 2)
        result.append(Milestone(milestone.quarter, value))
        floor = value
    return tuple(result)


def _next_title(title: str, year: int) -> str:
    return re.sub(rf"\b{year - 1}\b", str(year), title)


def draft_target_set(
    context: ReportContext, national: Mapping[str, float] | None = None
) -> TargetSet:
    """Next year's target set proposed from ``context`` (this year's last evaluated quarter)."""
    this = context.target_set
    year = this.year + 1
    targets_national = dict(context.settings.national_targets if national is None else national)
    province = {p.task: p.value for p in context.evaluation.province}
    reached: dict[tuple[str, str], float | None] = {}
    for task in {t.task for t in this.targets if t.indicator}:
        for row in level_values(context, task):
            reached[(task, row["level"])] = None if row["value"] is None else row["value"] * 100
    proposed: list[Target] = []
    for target in this.targets:
        levels = [context.level_label(level) for level in target.levels]
        values = [reached.get((target.task, label)) for label in levels]
        known = [v for v in values if v is not None]
        pooled = min(known) if known else None
        annual = proposed_annual(target.annual, pooled, targets_national.get(target.task))
        annual = int(annual) if float(annual).is_integer() else annual
        baselines: list[Baseline] = []
        value = province.get(target.task)
        if value is not None:
            baselines.append(Baseline(this.year, round(value, 2)))
        earlier = [b for b in target.baselines if b.year < this.year]
        if earlier:
            baselines.append(max(earlier, key=lambda b: b.year))
        proposed.append(
            replace(
                target,
                annual=annual,
                milestones=spaced_milestones(target.milestones, target.annual, annual),
                baselines=tuple(baselines),
                origin="",
            )
        )
    return replace(
        this,
        year=year,
        targets=tuple(proposed),
        title=_next_title(this.title, year)
        or f"Giao chỉ tiêu năm {year} trên địa bàn {province_words(context.tree.root.name)[0]} "
        f"{this.province}",
    )


# ---------------------------------------------------------------------------------------------
# The Word form


HEADER_TOP = ("Stt", "Nhiệm vụ", "Cơ quan chủ trì thực hiện", "Cơ quan phối hợp")
WIDTHS_MM = (12, 70, 45, 40, 20, 15, 15, 15, 15, 0)


def _groups(targets: Sequence[Target]) -> list[list[Target]]:
    groups: list[list[Target]] = []
    for target in targets:
        if groups and groups[-1][0].task == target.task:
            groups[-1].append(target)
        else:
            groups.append([target])
    return groups


def annex_table(document: Document, draft: TargetSet) -> Table:
    """The annex as the bundled decision lays it out: a two-row header (the roadmap's quarters
    under one merged cell), section rows, a task split by level over rows with its number,
    title and note merged."""
    widths = (11, 62, 42, 38, 20, 14, 14, 14, 14, 28)
    table: Table = document.add_table(rows=2, cols=10)
    grid(table)
    top = [
        *HEADER_TOP,
        f"Chỉ tiêu thực hiện trong năm {draft.year}",
        "Lộ trình thực hiện (tối thiểu)",
    ]
    for column, text in enumerate(top):
        write_cell(table.cell(0, column), text, size=11, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    write_cell(table.cell(0, 9), "Ghi chú", size=11, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for offset, roman in enumerate(ROMAN_QUARTERS):
        write_cell(
            table.cell(1, 5 + offset), f"Quý {roman}", size=11, bold=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
        )  # fmt: skip
    for column in (0, 1, 2, 3, 4, 9):
        table.cell(0, column).merge(table.cell(1, column))
    table.cell(0, 5).merge(table.cell(0, 8))
    section = None
    for group in _groups(draft.targets):
        group_section, number = split_task(group[0].task)
        if group_section and group_section != section:
            section = group_section
            cells = table.add_row().cells  # type: ignore[no-untyped-call]
            heading = f"{section}. {draft.sections.get(section, '')}".strip().rstrip(".")
            write_cell(cells[0], heading, size=11, bold=True)
            cells[0].merge(cells[9])
        first = len(table.rows)
        shared = all(t.baselines == group[0].baselines for t in group)
        for index, target in enumerate(group):
            cells = table.add_row().cells  # type: ignore[no-untyped-call]
            if index == 0:
                write_cell(cells[0], f"{number}.", size=11, align=WD_ALIGN_PARAGRAPH.CENTER)
                write_cell(cells[1], target.title, size=11)
            write_cell(cells[2], target.lead, size=11)
            write_cell(cells[3], target.coordinating, size=11)
            write_cell(cells[4], percent(target.annual), size=11, align=WD_ALIGN_PARAGRAPH.CENTER)
            for milestone in target.milestones:
                write_cell(
                    cells[4 + milestone.quarter], percent(milestone.value), size=11,
                    align=WD_ALIGN_PARAGRAPH.CENTER,
                )  # fmt: skip
            if index == 0 or not shared:
                write_cell(cells[9], baseline_note(target.baselines), size=10)
        last = len(table.rows) - 1
        if last > first:
            for column in (0, 1, *((9,) if shared else ())):
                table.cell(first, column).merge(table.cell(last, column))
    set_widths(table, widths)
    repeat_header(table, rows=2)
    return table


def _annex_section(document: Document, context: ReportContext, draft: TargetSet) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    landscape(section)
    kind, _ = province_words(context.tree.root.name)
    for text, bold, italic in (
        ("PHỤ LỤC", True, False),
        (draft.title.upper(), True, False),
        (
            f"(Kèm theo Quyết định số {BLANK_NUMBER}/QĐ-UBND ngày {BLANK_NUMBER} tháng "
            f"{BLANK_NUMBER} năm {draft.year} của Chủ tịch UBND {kind})",
            False,
            True,
        ),
    ):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.first_line_indent = Mm(0)
        paragraph.paragraph_format.space_after = Pt(6 if italic else 0)
        run = paragraph.add_run(text)
        set_font(run, size=13, bold=bold)
        run.italic = italic
    annex_table(document, draft)


def draft_values(context: ReportContext, draft: TargetSet) -> dict[str, Any]:
    """What the draft decision's template fills in."""
    kind, name = province_words(context.tree.root.name)
    return {
        "body_lines": ["ỦY BAN NHÂN DÂN", f"{kind.upper()} {name.upper()}"],
        "place": context.settings.issuer.place,
        "number": BLANK_NUMBER,
        "year": draft.year,
        "previous_year": context.target_set.year,
        "title": draft.title,
        "kind": kind,
        "province": name,
        "issuer_sentence": context.settings.issuer.short,
        "tasks": len({t.task for t in draft.targets}),
        "recipients": list(context.settings.recipients_of("draft")),
    }


def draft_docx(context: ReportContext, draft: TargetSet, home: Path | None = None) -> bytes:
    """The draft decision as a Word document: the articles from the template, then the annex in
    a landscape section."""
    body = render("draft_decision.docx", home, draft_values(context, draft))
    document = docx.Document(io.BytesIO(body))
    _annex_section(document, context, draft)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def draft_xlsx(draft: TargetSet) -> bytes:
    """The draft's annex as the workbook ``decision export`` writes (read back the same)."""
    import tempfile  # noqa: PLC0415

    from chitieu.decisions.export_xlsx import write_xlsx  # noqa: PLC0415

    with tempfile.TemporaryDirectory(prefix="chitieu-draft-") as folder:
        path = Path(folder) / "draft.xlsx"
        write_xlsx(draft, path)
        return path.read_bytes()
