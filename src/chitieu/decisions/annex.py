"""From the annex's grids to targets: sections, tasks, rows split by level, values and checks.

The annex is read as the province printed it: a section row ("I.", "II.") opens a section; a row
with a number opens a task; a row with neither continues the task above for another level, and
its empty cells (merged cells in the original) take the task's first row's values. Every problem
is collected with its place, so that the office sees them all at once.

The annex is walked twice: the first walk only gathers each value column's cells, so that the
second can read every value by the rule of ``values`` (a bare fraction such as ``0,7`` is read
as 70% only when its whole column is written so, and refused otherwise). A task number met
twice (two rows «3.» of one section that do not continue each other) is refused with both
rows named: the targets of two tasks would otherwise be merged under one number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from chitieu.catalog import Catalogue, IndicatorMatcher
from chitieu.catalog.leads import read_lead
from chitieu.decisions.columns import Columns, Role, find_columns, header_like
from chitieu.decisions.document import Cell, Document, Grid, Origin
from chitieu.decisions.values import (
    ColumnForm,
    NotAPercentError,
    read_baselines,
    read_number,
    read_percent,
    survey,
)
from chitieu.domain import Milestone, Target
from chitieu.domain.targets import ANNUAL_LABEL, above_annual, milestone_label
from chitieu.errors import Place, Problem, Severity
from chitieu.formatting import percent

_SECTION = re.compile(r"^(?P<number>[IVX]{1,5}|[A-H])\s*(?:[.)/:-]\s*|\s+(?=\S)|$)")
_NUMBERING_CELL = re.compile(r"^\(?(?:\d{1,2}|[a-zA-Z])\)?$")
_BULLET = re.compile(r"^\s*(?:[-–+*•]|[a-zđ]\)|\d+\))\s*")
_TASK_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,3})*\.?$")

_INHERITED = (Role.LEAD, Role.COORDINATING, Role.ANNUAL, Role.NOTE, Role.INDICATOR)


@dataclass
class _Task:
    code: str
    number: str
    title: str
    first: dict[str, Cell]
    targets: int = 0


@dataclass
class AnnexReading:
    """The targets of an annex, every problem met, and the year its header names."""

    targets: list[Target] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    year: int | None = None
    found: bool = False
    # Where each task code was first met, to refuse a number met again.
    task_rows: dict[str, tuple[Place, str]] = field(default_factory=dict)

    def error(self, cell: Cell, reason: str, column_name: str | None = None) -> None:
        """Note an error at a cell."""
        self.problems.append(Problem(_named(cell, column_name), reason))

    def warn(self, cell: Cell, reason: str, column_name: str | None = None) -> None:
        """Note a warning at a cell."""
        self.problems.append(Problem(_named(cell, column_name), reason, Severity.WARNING))


def _named(cell: Cell, column_name: str | None) -> Place:
    return replace(cell.place, column_name=column_name) if column_name else cell.place


def normalise_number(text: str) -> str:
    """A task number as the code writes it: ``09`` → ``9``, ``1.`` → ``1``, ``3.1`` → ``3.1``."""
    parts = [p for p in text.strip().rstrip(".").split(".") if p]
    return ".".join(str(int(p)) if p.isdigit() else p for p in parts)


class AnnexParser:
    """Reads one document's annex with a catalogue."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.matcher = IndicatorMatcher(catalogue.indicators, catalogue.abbreviations)
        self.codes = {i.code for i in catalogue.indicators}
        # The first walk fills ``_surveyed`` (value cells by column key: "annual", "q1"…);
        # the second reads with ``_forms`` (how each column is written as a whole).
        self._surveyed: dict[str, list[tuple[Cell, str | None, str]]] | None = None
        self._forms: dict[str, ColumnForm] = {}

    def parse(self, document: Document) -> AnnexReading:
        """Every target of the document's annex."""
        self._surveyed = {}
        self._walk(document)
        surveyed, self._surveyed = self._surveyed, None
        self._forms = {key: survey(c for c, _, _ in cells) for key, cells in surveyed.items()}
        reading = self._walk(document)
        for key, cells in surveyed.items():
            if self._forms[key].fractional:
                cell, name, what = cells[0]
                read = read_percent(cell, what, self._forms[key])
                reading.warn(
                    cell,
                    f"{what}: mọi giá trị của cột đều ghi dạng phân số, không có dấu % hay định "
                    f"dạng phần trăm, nên được hiểu là phần trăm ({read_number(cell).shown} là "
                    f"{percent(read.value)})",
                    name,
                )
        return reading

    def _walk(self, document: Document) -> AnnexReading:
        reading = AnnexReading()
        columns: Columns | None = None
        width = 0
        section: str | None = None
        task: _Task | None = None
        for grid in document.grids:
            start = 0
            found = self._find_header(grid)
            if found is not None:
                start, columns = found
                width = grid.width
                reading.found = True
                reading.year = reading.year or columns.year
            elif columns is None or grid.width != width:
                continue
            for row in grid.rows[start:]:
                section, task = self._row(row, columns, section, task, reading)
        return reading

    def _find_header(self, grid: Grid) -> tuple[int, Columns] | None:
        for index in range(min(len(grid.rows), 40)):
            columns = find_columns(grid, index)
            if columns is not None:
                return index + columns.header_rows, columns
        return None

    def _row(
        self,
        row: list[Cell],
        columns: Columns,
        section: str | None,
        task: _Task | None,
        reading: AnnexReading,
    ) -> tuple[str | None, _Task | None]:
        own = [c.own_text for c in row]
        if not any(c.text for c in row) or header_like(row):
            return section, task
        if sum(1 for t in own if t) >= 4 and all(_NUMBERING_CELL.match(t) for t in own if t):
            return section, task
        value_columns = [columns.roles[Role.ANNUAL], *columns.quarters]
        has_values = any(row[c].text for c in value_columns)
        first_text = next((t for t in own if t), "")
        section_match = _SECTION.match(first_text)
        # A banner: one text, alone or merged across the row (a section title, a closing note).
        banner = sum(1 for t in own if t) == 1 and all(
            c.origin is Origin.LEFT or not c.text or c.own_text for c in row
        )
        if banner and not section_match:
            return section, task
        if section_match and (banner or not has_values) and not _TASK_NUMBER.match(first_text):
            number = section_match.group("number")
            title = first_text[section_match.end() :].strip()
            if not title:
                title = next((t for t in own if t and t != first_text), "")
            reading.sections.setdefault(number, title)
            return number, None

        number_column = columns.get(Role.NUMBER)
        number_cell = row[number_column] if number_column is not None else None
        number = number_cell.own_text if number_cell is not None else ""
        title_cell = row[columns.roles[Role.TASK]]
        title = title_cell.own_text
        continues = task is not None and (
            (not number and not title)
            or (number and normalise_number(number) == task.number and title in ("", task.title))
        )
        lead_label = ""
        if task is not None and not continues and not number and title and has_values:
            # A level written as a sub-row of the task ("- UBND cấp xã") rather than in the
            # lead column: the row continues the task for that level.
            label = _BULLET.sub("", title)
            if (
                read_lead(label, self.catalogue).levels
                and self.matcher.match(label).indicator is None
            ):
                continues, lead_label = True, label
        if not continues:
            if not number and not title:
                reading.error(
                    row[value_columns[0]], "dòng có chỉ tiêu nhưng không thuộc nhiệm vụ nào"
                )
                return section, task
            if number and not _TASK_NUMBER.match(number):
                reading.warn(
                    number_cell or title_cell, f"số thứ tự «{number}» không theo dạng 1, 2, 3…"
                )
            if not title:
                reading.error(
                    title_cell,
                    "thiếu nội dung nhiệm vụ",
                    self._name(columns, columns.roles[Role.TASK]),
                )
                return section, task
            if not number:
                previous = task.number if task is not None and task.number.isdigit() else "0"
                number = str(int(previous) + 1)
                reading.warn(title_cell, f"nhiệm vụ không có số thứ tự, đánh số {number}")
            normalised = normalise_number(number)
            code = f"{section}.{normalised}" if section else normalised
            self._check_repeated(code, number_cell or title_cell, title, reading)
            first = {role.value: row[c] for role, c in columns.roles.items()}
            for quarter, c in enumerate(columns.quarters, 1):
                first[f"q{quarter}"] = row[c]
            task = _Task(code, normalised, title, first)
        assert task is not None
        if has_values:
            target = self._target(row, columns, task, reading, lead_label)
            if target is not None:
                reading.targets.append(target)
            task.targets += 1
        return section, task

    @staticmethod
    def _check_repeated(code: str, cell: Cell, title: str, reading: AnnexReading) -> None:
        """Refuse a task number met before: renumbering one of the rows or merging their
        targets would both be a guess."""
        first = reading.task_rows.get(code)
        if first is None:
            reading.task_rows[code] = (cell.place, title)
            return
        place, first_title = first
        reading.error(
            cell,
            f"số thứ tự nhiệm vụ {code} lặp lại: đã có ở {place.describe()} («{first_title}»); "
            "mỗi nhiệm vụ cần một số thứ tự riêng",
        )

    @staticmethod
    def _name(columns: Columns, column: int) -> str | None:
        return columns.names.get(column)

    def _cell(self, row: list[Cell], columns: Columns, key: str, column: int, task: _Task) -> Cell:
        cell = row[column]
        if cell.text or cell.origin is not Origin.OWN:
            return cell
        inherited = task.first.get(key)
        return inherited if inherited is not None and inherited.text else cell

    def _target(
        self, row: list[Cell], columns: Columns, task: _Task, reading: AnnexReading, lead_label: str
    ) -> Target | None:
        texts: dict[Role, str] = {}
        for role in _INHERITED:
            column = columns.get(role)
            texts[role] = (
                self._cell(row, columns, role.value, column, task).text
                if column is not None
                else ""
            )
        lead_column = columns.get(Role.LEAD)
        if lead_label and (lead_column is None or not row[lead_column].text):
            texts[Role.LEAD] = lead_label
        annual_column = columns.roles[Role.ANNUAL]
        annual_cell = self._cell(row, columns, Role.ANNUAL.value, annual_column, task)
        errors_before = sum(1 for p in reading.problems if p.severity is Severity.ERROR)
        annual = self._percent(annual_cell, columns, annual_column, reading, "annual")
        milestones: list[Milestone] = []
        cells: list[Cell] = []
        for quarter, column in enumerate(columns.quarters, 1):
            cell = self._cell(row, columns, f"q{quarter}", column, task)
            value = self._percent(cell, columns, column, reading, f"q{quarter}")
            if value is not None:
                milestones.append(Milestone(quarter, value))
                cells.append(cell)
        if sum(1 for p in reading.problems if p.severity is Severity.ERROR) > errors_before:
            return None
        assert annual is not None
        self._check_roadmap(task, annual, milestones, cells, columns, reading)
        lead = read_lead(texts[Role.LEAD], self.catalogue)
        if not lead.levels and not lead.units:
            lead_column = columns.get(Role.LEAD)
            where = row[lead_column] if lead_column is not None else row[columns.roles[Role.TASK]]
            reading.warn(where, f"nhiệm vụ {task.code}: không xác định được cấp hay đơn vị chủ trì")
        return Target(
            task=task.code,
            title=task.title,
            indicator=self._indicator(task, texts[Role.INDICATOR], row, columns, reading),
            lead=texts[Role.LEAD],
            coordinating=texts[Role.COORDINATING],
            levels=lead.levels,
            units=lead.units,
            annual=annual,
            milestones=tuple(milestones),
            baselines=read_baselines(texts[Role.NOTE]),
            origin=row[columns.roles[Role.TASK]].place.describe(),
        )

    def _percent(
        self, cell: Cell, columns: Columns, column: int, reading: AnnexReading, key: str
    ) -> float | None:
        what = ANNUAL_LABEL if key == "annual" else milestone_label(int(key[1]))
        name = self._name(columns, column)
        if self._surveyed is not None:
            # The first walk: gather the column's cells; the values are read by the second.
            self._surveyed.setdefault(key, []).append((cell, name, what))
            return 0.0
        try:
            read = read_percent(cell, what, self._forms.get(key))
        except NotAPercentError as error:
            reading.error(cell, str(error), name)
            return None
        return read.value

    def _check_roadmap(
        self,
        task: _Task,
        annual: float,
        milestones: list[Milestone],
        cells: list[Cell],
        columns: Columns,
        reading: AnnexReading,
    ) -> None:
        # The same rule and words as an override's (``targets.above_annual``).
        where = {
            m.quarter: (cell, column)
            for m, cell, column in zip(milestones, cells, columns.quarters, strict=False)
        }
        for fault in above_annual(annual, milestones):
            cell, column = where[fault.quarter]
            reading.error(
                cell, f"nhiệm vụ {task.code}: {fault.reason}", self._name(columns, column)
            )
        pairs = zip(milestones, milestones[1:], cells[1:], columns.quarters[1:], strict=False)
        for before, after, cell, column in pairs:
            if after.value < before.value:
                reading.warn(
                    cell,
                    f"nhiệm vụ {task.code}: lộ trình giảm từ {percent(before.value)} xuống {percent(after.value)}",
                    self._name(columns, column),
                )
        if len(milestones) == 4 and milestones[3].value < annual:
            reading.warn(
                cells[3],
                f"nhiệm vụ {task.code}: mốc quý IV ({percent(milestones[3].value)}) "
                f"thấp hơn chỉ tiêu năm ({percent(annual)})",
                self._name(columns, columns.quarters[3]),
            )

    def _indicator(
        self, task: _Task, explicit: str, row: list[Cell], columns: Columns, reading: AnnexReading
    ) -> str | None:
        title_cell = row[columns.roles[Role.TASK]]
        if explicit:
            code = explicit.strip()
            if code in self.codes:
                return code
            column = columns.get(Role.INDICATOR)
            reading.error(
                row[column] if column is not None else title_cell,
                f"mã chỉ số «{code}» không có trong danh mục",
            )
            return None
        match = self.matcher.match(task.title)
        if match.indicator is None:
            nearest = ", ".join(f"{c.indicator} ({c.score:.2f})" for c in match.candidates[:2])
            reading.warn(
                title_cell,
                f"nhiệm vụ {task.code} «{task.title}» không khớp chỉ số nào trong danh mục"
                + (f" (gần nhất: {nearest})" if nearest else ""),
            )
        return match.indicator
