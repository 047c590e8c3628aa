"""What each page shows, built from a quarter's snapshot and the account's scope — the only
place the pages read figures, so that every figure a page shows is one the scope allows.

Each function returns plain data and ``Table``s; the views render them and export the tables.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from django.urls import reverse

from chitieu import wording
from chitieu.app.accounts.scope import Scope
from chitieu.app.dashboard.snapshot import Snapshot
from chitieu.app.dashboard.tables import Cell, Column, Kind, Table
from chitieu.domain import OrgUnit, Target
from chitieu.evaluation.lagging import lagging, needed_phrase
from chitieu.evaluation.model import Status, UnitEvaluation
from chitieu.formatting import percent, points

STATUS_CSS = {
    Status.MET: "met",
    Status.NOT_MET: "not-met",
    Status.NOT_APPLICABLE: "na",
    Status.NO_DATA: "no-data",
}
"""The CSS class of each status (colours in app.css, with a legend on every page)."""

SHORT = {
    Status.MET: "Đ",
    Status.NOT_MET: "K",
    Status.NOT_APPLICABLE: "–",
    Status.NO_DATA: "?",
}
"""The heat map's letter of each status, so that it reads without colour (and in print)."""


def unit_url(code: str, quarter: str) -> str:
    """The address of a unit's page for a quarter."""
    return reverse("dashboard:unit", args=[code]) + f"?quy={quote(quarter)}"


def indicator_url(code: str, quarter: str) -> str:
    """The address of an indicator's page for a quarter."""
    return reverse("dashboard:indicator", args=[code]) + f"?quy={quote(quarter)}"


def unit_name(unit: OrgUnit) -> str:
    """A unit as pages name it: its name and code."""
    return f"{unit.name} ({unit.code})"


@dataclass(frozen=True, slots=True)
class Task:
    """A task of the target set that maps to an indicator: its number, indicator and name."""

    number: str
    indicator: str
    name: str
    targets: tuple[Target, ...]


def tasks(snap: Snapshot) -> list[Task]:
    """The target set's tasks that are measured, in the annex's order."""
    by_task: dict[str, list[Target]] = defaultdict(list)
    for target in snap.target_set.targets:
        if target.indicator:
            by_task[target.task].append(target)
    result = []
    for number, targets in by_task.items():
        code = targets[0].indicator or ""
        found = snap.catalogue.get(code)
        result.append(Task(number, code, found.name if found else code, tuple(targets)))
    return result


def status_text(row: UnitEvaluation) -> str:
    """A row's status in words («Không đạt (tạm tính)»)."""
    return wording.status(row.status.value, provisional=row.provisional)


def _range(values: Sequence[float]) -> str:
    low, high = min(values), max(values)
    return percent(low) if low == high else f"{percent(low)}–{percent(high)}"


@dataclass(frozen=True, slots=True)
class Card:
    """An indicator's card on the overview."""

    task: str
    indicator: str
    name: str
    value: float | None
    value_text: str
    counts: str
    milestone: str
    annual: str
    baseline: str
    met: int
    not_met: int
    not_applicable: int
    no_data: int
    href: str

    @property
    def held(self) -> int:
        """How many units in scope hold the task."""
        return self.met + self.not_met + self.not_applicable + self.no_data

    @property
    def judged(self) -> int:
        """How many units were measured against the milestone."""
        return self.met + self.not_met

    @property
    def met_share(self) -> float:
        """The share of judged units that met the milestone, in percent (0 when none)."""
        return 100 * self.met / self.judged if self.judged else 0.0


def cards(snap: Snapshot, scope: Scope) -> list[Card]:
    """One card per measured task: the province's value against the milestones and the annual
    target, the latest baseline, and how the units in scope did."""
    quarter = snap.quarter
    province = {p.task: p for p in snap.evaluation.province}
    rows = scope.keep(snap.evaluation.rows, lambda r: r.unit.code)
    counts: dict[str, Counter[Status]] = defaultdict(Counter)
    for row in rows:
        counts[row.target.task][row.status] += 1
    result = []
    for task in tasks(snap):
        value = province.get(task.number)
        baselines = sorted(
            {b.year: b.value for t in task.targets for b in t.baselines}.items(), reverse=True
        )
        counted = counts[task.number]
        result.append(
            Card(
                task=task.number,
                indicator=task.indicator,
                name=task.name,
                value=value.value if value else None,
                value_text=percent(value.value) if value else "—",
                counts=wording.counts(value.numerator, value.denominator) if value else "—",
                milestone=_range([t.milestone(quarter.number) for t in task.targets]),
                annual=_range([t.annual for t in task.targets]),
                baseline=(
                    f"{percent(baselines[0][1])} (năm {baselines[0][0]})" if baselines else "—"
                ),
                met=counted[Status.MET],
                not_met=counted[Status.NOT_MET],
                not_applicable=counted[Status.NOT_APPLICABLE],
                no_data=counted[Status.NO_DATA],
                href=indicator_url(task.indicator, quarter.label),
            )
        )
    return result


def levels_in(snap: Snapshot, scope: Scope) -> list[tuple[str, str]]:
    """The levels holding targets among the units in scope: (code, Vietnamese name)."""
    codes = {r.unit.level for r in scope.keep(snap.evaluation.rows, lambda r: r.unit.code)}
    order = [level.code for level in snap.catalogue.levels]
    return [
        (code, snap.catalogue.level(code).label)
        for code in sorted(codes, key=lambda c: order.index(c) if c in order else len(order))
    ]


def heatmap(
    snap: Snapshot, scope: Scope, *, level: str | None = None, search: str = "", sort: str = ""
) -> Table:
    """Units × tasks, each cell the unit's status (a letter and a colour), for the units in scope
    (of ``level``, whose name or code contains ``search``); sorted by name, or with ``sort`` =
    «cham» by the number of milestones missed, most first."""
    from chitieu.text import fold  # noqa: PLC0415

    measured = tasks(snap)
    wanted = fold(search) if search else ""
    units: dict[str, OrgUnit] = {}
    cells: dict[tuple[str, str], UnitEvaluation] = {}
    for row in scope.keep(snap.evaluation.rows, lambda r: r.unit.code):
        if level and row.unit.level != level:
            continue
        if wanted and wanted not in fold(f"{row.unit.name} {row.unit.code}"):
            continue
        units[row.unit.code] = row.unit
        cells[(row.unit.code, row.target.task)] = row
    missed = Counter(code for (code, _), r in cells.items() if r.status is Status.NOT_MET)
    ordered = sorted(units.values(), key=lambda u: (u.name, u.code))
    if sort == "cham":
        ordered.sort(key=lambda u: -missed[u.code])
    quarter = snap.quarter.label
    rows = []
    for unit in ordered:
        line = [Cell(unit_name(unit), href=unit_url(unit.code, quarter))]
        for task in measured:
            found = cells.get((unit.code, task.number))
            if found is None:
                line.append(Cell("", ""))
                continue
            row = found
            text = SHORT[row.status]
            line.append(
                Cell(
                    text,
                    status_text(row),
                    css=STATUS_CSS[row.status],
                    href=None,
                )
            )
        line.append(Cell(str(missed[unit.code]), missed[unit.code]))
        rows.append(line)
    columns = [
        Column("Đơn vị"),
        *(Column(t.number, title=f"{t.number} {t.name}") for t in measured),
        Column("Số mốc không đạt", Kind.NUMBER),
    ]
    return Table("ban-do-nhiet", "Tình hình theo đơn vị", columns, rows)


def _lagging_rows(snap: Snapshot, rows: Sequence[UnitEvaluation]) -> list[list[Cell]]:
    quarter = snap.quarter.label
    result = []
    for row in rows:
        noun = snap.catalogue.indicator(row.indicator).needed_noun
        result.append(
            [
                Cell(unit_name(row.unit), href=unit_url(row.unit.code, quarter)),
                Cell(
                    f"{row.target.task} {snap.catalogue.indicator(row.indicator).name}",
                    row.target.task,
                    href=indicator_url(row.indicator, quarter),
                ),
                Cell(percent(row.value), row.value),
                Cell(percent(row.milestone), row.milestone),
                Cell(points(row.gap), row.gap),
                Cell(needed_phrase(row, noun)),
            ]
        )
    return result


LAGGING_COLUMNS = (
    Column("Đơn vị"),
    Column("Chỉ tiêu"),
    Column("Giá trị", Kind.PERCENT),
    Column("Mốc", Kind.PERCENT),
    Column("Chênh lệch (điểm)", Kind.NUMBER),
    Column("Còn cần"),
)


def furthest_behind(snap: Snapshot, scope: Scope, *, limit: int = 10) -> Table:
    """The units furthest below a milestone in scope, worst first, with what each needs."""
    rows = lagging(scope.keep(snap.evaluation.rows, lambda r: r.unit.code))[:limit]
    return Table(
        "cham-nhat",
        "Các đơn vị chậm nhất",
        LAGGING_COLUMNS,
        _lagging_rows(snap, rows),
    )


@dataclass(frozen=True, slots=True)
class IndicatorLine:
    """One indicator of a unit's page: its evaluation and its monthly values for the chart."""

    row: UnitEvaluation
    name: str
    needed: str
    rank: str
    months: tuple[tuple[str, str], ...]
    chart: dict[str, object]
    chart_id: str

    @property
    def status_text(self) -> str:
        """The row's status in words."""
        return status_text(self.row)

    @property
    def value_text(self) -> str:
        """The value, the Vietnamese way."""
        return percent(self.row.value)

    @property
    def milestone_text(self) -> str:
        """The quarter's milestone."""
        return percent(self.row.milestone)

    @property
    def annual_text(self) -> str:
        """The annual target."""
        return percent(self.row.annual)

    @property
    def counts(self) -> str:
        """``1.234/5.678``."""
        return wording.counts(self.row.numerator, self.row.denominator)

    @property
    def css(self) -> str:
        """The status's CSS class."""
        return STATUS_CSS[self.row.status]


@dataclass(frozen=True, slots=True)
class UnitPage:
    """A unit's page: its indicators, its sub-units' standing and its officials."""

    unit: OrgUnit
    ancestors: tuple[OrgUnit, ...]
    lines: tuple[IndicatorLine, ...]
    table: Table
    children: Table
    officials: Table


def unit_page(snap: Snapshot, scope: Scope, code: str) -> UnitPage:
    """Everything a unit's page shows (``OutOfScopeError`` outside the scope, ``KeyError`` for a
    unit the tree does not have)."""
    from chitieu.app.dashboard.charts import unit_trend  # noqa: PLC0415 — Altair on demand

    scope.require(code)
    unit = snap.tree[code]
    quarter = snap.quarter.label
    lines = []
    order = snap.target_set.tasks
    for row in sorted(snap.rows_of(code), key=lambda r: order.index(r.target.task)):
        indicator = snap.catalogue.indicator(row.indicator)
        months = tuple((v.period, v.value) for v in snap.monthly(code, row.indicator))
        by_quarter = tuple(
            (int(v.period[-1]), v.value) for v in snap.quarterly(code, row.indicator)
        )
        lines.append(
            IndicatorLine(
                row=row,
                name=indicator.name,
                needed=needed_phrase(row, indicator.needed_noun),
                rank=wording.rank(row.rank, row.ranked),
                months=tuple((f"Tháng {int(p[5:7])}", percent(v)) for p, v in months),
                chart=unit_trend(row, months, by_quarter, basis=snap.target_set.basis.value)
                if months or by_quarter
                else {},
                chart_id=f"bieu-do-{row.target.task}",
            )
        )
    table = Table(
        f"don-vi-{code}",
        f"Chỉ tiêu của {unit.name}",
        (
            Column("Chỉ tiêu"),
            Column("Giá trị", Kind.PERCENT),
            Column("Số liệu"),
            Column(f"Mốc {wording.quarter(snap.quarter)}", Kind.PERCENT),
            Column("Chỉ tiêu năm", Kind.PERCENT),
            Column("Đánh giá"),
            Column("Còn cần"),
            Column("Dự báo cuối năm"),
            Column("Hạng"),
        ),
        [
            [
                Cell(
                    f"{line.row.target.task} {line.name}"
                    + (f" {wording.OVERRIDE_MARK}" if line.row.overridden else ""),
                    line.row.target.task,
                    href=indicator_url(line.row.indicator, quarter),
                ),
                Cell(percent(line.row.value), line.row.value),
                Cell(wording.counts(line.row.numerator, line.row.denominator)),
                Cell(percent(line.row.milestone), line.row.milestone),
                Cell(percent(line.row.annual), line.row.annual),
                Cell(status_text(line.row), css=STATUS_CSS[line.row.status]),
                Cell(line.needed),
                Cell(
                    f"{percent(line.row.projection)} — "
                    f"{wording.outlook(line.row.outlook.value if line.row.outlook else None)}"
                    if line.row.projection is not None
                    else "—"
                ),
                Cell(line.rank),
            ]
            for line in lines
        ],
    )
    return UnitPage(
        unit=unit,
        ancestors=tuple(a for a in reversed(snap.tree.ancestors(code)) if scope.allows(a.code)),
        lines=tuple(lines),
        table=table,
        children=_children(snap, scope, code, officials=False),
        officials=_children(snap, scope, code, officials=True),
    )


def _children(snap: Snapshot, scope: Scope, code: str, *, officials: bool) -> Table:
    quarter = snap.quarter.label
    rows = []
    for child in snap.tree.children(code):
        if (child.level == "official") != officials or not scope.allows(child.code):
            continue
        own = [r for u in snap.tree.subtree(child.code) for r in snap.rows_of(u.code)]
        counted = Counter(r.status for r in own)
        rows.append(
            [
                Cell(unit_name(child), href=unit_url(child.code, quarter)),
                Cell(
                    snap.catalogue.level(child.level).label
                    if _known_level(snap, child.level)
                    else child.level
                ),
                Cell(
                    str(counted[Status.MET]),
                    counted[Status.MET],
                    css="met" if counted[Status.MET] else "",
                ),
                Cell(
                    str(counted[Status.NOT_MET]),
                    counted[Status.NOT_MET],
                    css="not-met" if counted[Status.NOT_MET] else "",
                ),
                Cell(
                    str(counted[Status.NOT_APPLICABLE] + counted[Status.NO_DATA]),
                    counted[Status.NOT_APPLICABLE] + counted[Status.NO_DATA],
                ),
            ]
        )
    name = "can-bo" if officials else "truc-thuoc"
    title = "Cán bộ, công chức" if officials else "Các đơn vị trực thuộc"
    return Table(
        f"{name}-{code}",
        title,
        (
            Column("Cán bộ" if officials else "Đơn vị"),
            Column("Cấp"),
            Column("Mốc đạt", Kind.NUMBER),
            Column("Mốc không đạt", Kind.NUMBER),
            Column("Không phát sinh / chưa có số liệu", Kind.NUMBER),
        ),
        rows,
    )


def _known_level(snap: Snapshot, code: str) -> bool:
    return any(level.code == code for level in snap.catalogue.levels)


@dataclass(frozen=True, slots=True)
class IndicatorPage:
    """An indicator's page: its definition, its distribution, ranking and lagging units."""

    code: str
    name: str
    wording: str
    numerator: str
    denominator: str
    sql: str | None
    tasks: tuple[Task, ...]
    ranking: Table
    lagging: Table
    chart: dict[str, object]


def indicator_page(snap: Snapshot, scope: Scope, code: str, *, sql: str | None) -> IndicatorPage:
    """Everything an indicator's page shows for the units in scope (``KeyError`` for an
    indicator the target set does not measure)."""
    from chitieu.app.dashboard.charts import distribution  # noqa: PLC0415

    indicator = snap.catalogue.get(code)
    measured = tuple(t for t in tasks(snap) if t.indicator == code)
    if indicator is None or not measured:
        raise KeyError(code)
    rows = [
        r for r in scope.keep(snap.evaluation.rows, lambda r: r.unit.code) if r.indicator == code
    ]
    ranked = sorted(
        rows,
        key=lambda r: (r.unit.level, r.rank if r.rank is not None else 10**9, r.unit.name),
    )
    quarter = snap.quarter.label
    ranking = Table(
        f"xep-hang-{code}",
        f"Xếp hạng — {indicator.name}",
        (
            Column("Hạng"),
            Column("Đơn vị"),
            Column("Cấp"),
            Column("Giá trị", Kind.PERCENT),
            Column("Số liệu"),
            Column("Mốc", Kind.PERCENT),
            Column("Đánh giá"),
        ),
        [
            [
                Cell(wording.rank_short(r.rank, r.ranked)),
                Cell(unit_name(r.unit), href=unit_url(r.unit.code, quarter)),
                Cell(
                    snap.catalogue.level(r.unit.level).label
                    if _known_level(snap, r.unit.level)
                    else r.unit.level
                ),
                Cell(percent(r.value), r.value),
                Cell(wording.counts(r.numerator, r.denominator)),
                Cell(percent(r.milestone), r.milestone),
                Cell(status_text(r), css=STATUS_CSS[r.status]),
            ]
            for r in ranked
        ],
    )
    behind = Table(
        f"cham-{code}",
        f"Đơn vị chưa đạt mốc — {indicator.name}",
        LAGGING_COLUMNS,
        _lagging_rows(snap, lagging(rows)),
    )
    definition = indicator.definition
    return IndicatorPage(
        code=code,
        name=indicator.name,
        wording=indicator.wording,
        numerator=indicator.numerator_label or (definition.numerator if definition else ""),
        denominator=indicator.denominator_label or (definition.denominator if definition else ""),
        sql=sql,
        tasks=measured,
        ranking=ranking,
        lagging=behind,
        chart=distribution(rows, indicator.name, snap),
    )
