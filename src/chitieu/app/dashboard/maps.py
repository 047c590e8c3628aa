"""What the map page shows: the units in scope that hold a target on one indicator, placed at
their coordinates (the GSO lists carry them) and coloured by their status in the quarter, with
the same figures in a table; the units without coordinates are named rather than left out.

Like ``pages``, it reads the quarter's snapshot and the account's scope only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from chitieu import wording
from chitieu.app.accounts.scope import Scope
from chitieu.app.dashboard.charts import Bounds, MapPoint, Place, unit_map
from chitieu.app.dashboard.pages import (
    STATUS_CSS,
    levels_in,
    status_text,
    tasks,
    unit_name,
    unit_url,
)
from chitieu.app.dashboard.snapshot import Snapshot
from chitieu.app.dashboard.tables import Cell, Column, Kind, Table
from chitieu.domain import OrgUnit
from chitieu.evaluation.model import Status, UnitEvaluation
from chitieu.formatting import number, percent

MAX_PLACES = 30
"""Above this many place names the map would be a blur of text: none are written then."""

COLUMNS = (
    Column("Đơn vị"),
    Column("Cấp"),
    Column("Giá trị", Kind.PERCENT),
    Column("Mốc", Kind.PERCENT),
    Column("Đánh giá"),
    Column("Vĩ độ", Kind.NUMBER),
    Column("Kinh độ", Kind.NUMBER),
)


@dataclass(frozen=True, slots=True)
class Tally:
    """How many units of the map have one status: its CSS class, its word and the count."""

    css: str
    word: str
    count: int


@dataclass(frozen=True, slots=True)
class MapPage:
    """The map page: the indicator shown and those it may show, the level filter, the table of
    the units, those without coordinates, the chart (``{}`` when no unit has coordinates) and
    the CSS aspect ratio of its box."""

    indicator: str
    name: str
    indicators: tuple[tuple[str, str], ...]
    level: str
    levels: tuple[tuple[str, str], ...]
    table: Table
    tallies: tuple[Tally, ...]
    placed: int
    unplaced: tuple[str, ...]
    chart: dict[str, object]
    aspect: str
    notice: str


def indicators(snap: Snapshot) -> list[tuple[str, str]]:
    """The indicators the target set measures, in the annex's order: (code, «II.3 name»); an
    indicator of several tasks is listed once, with their numbers."""
    numbers: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for task in tasks(snap):
        numbers.setdefault(task.indicator, []).append(task.number)
        names[task.indicator] = task.name
    return [(code, f"{', '.join(found)} {names[code]}") for code, found in numbers.items()]


def map_page(snap: Snapshot, scope: Scope, *, indicator: str = "", level: str = "") -> MapPage:
    """Everything the map page shows for the units in scope: ``indicator`` (default: the target
    set's first that can be placed on the map), of ``level`` only if given. An indicator or level the page cannot show falls
    back to the default, and ``notice`` says so in Vietnamese."""
    choices = indicators(snap)
    levels = levels_in(snap, scope)
    notices = []
    codes = [code for code, _ in choices]
    if indicator and indicator not in codes:
        shown = f"; đang hiển thị «{choices[0][1]}»" if choices else ""
        notices.append(f"Bộ chỉ tiêu năm {snap.quarter.year} không có chỉ số «{indicator}»{shown}.")
        indicator = ""
    in_scope = scope.keep(snap.evaluation.rows, lambda r: r.unit.code)
    chosen = indicator or _first_on_the_map(codes, in_scope)
    if level and level not in {code for code, _ in levels}:
        notices.append(
            f"Không có đơn vị cấp «{level}» giữ chỉ tiêu trong phạm vi bạn xem; "
            "đang hiển thị tất cả các cấp."
        )
        level = ""
    order = [lv.code for lv in snap.catalogue.levels]
    rows = sorted(
        (r for r in in_scope if r.indicator == chosen and (not level or r.unit.level == level)),
        key=lambda r: (
            order.index(r.unit.level) if r.unit.level in order else len(order),
            r.unit.name,
            r.unit.code,
            r.target.task,
        ),
    )
    placed = [r for r in rows if _located(r.unit)]
    counted = Counter(r.status for r in rows)
    chart: dict[str, object] = {}
    aspect = ""
    if placed:
        places = _places(snap, scope)
        bounds = Bounds.around(
            [(r.unit.latitude or 0.0, r.unit.longitude or 0.0) for r in placed]
            + [(p.latitude, p.longitude) for p in places]
        )
        chart = unit_map([_point(snap, r) for r in placed], places, bounds)
        aspect = f"{bounds.aspect:.3f}"
    name = snap.catalogue.indicator(chosen).name if chosen else ""
    return MapPage(
        indicator=chosen,
        name=name,
        indicators=tuple(choices),
        level=level,
        levels=tuple(levels),
        table=Table(
            f"ban-do-{chosen}",
            f"Đánh giá theo đơn vị — {name}",
            COLUMNS,
            [_table_row(snap, r) for r in rows],
        ),
        tallies=tuple(
            Tally(STATUS_CSS[s], wording.STATUS[s.value], counted[s]) for s in Status if counted[s]
        ),
        placed=len(placed),
        unplaced=tuple(unit_name(r.unit) for r in rows if not _located(r.unit)),
        chart=chart,
        aspect=aspect,
        notice=" ".join(notices),
    )


def _first_on_the_map(codes: list[str], rows: list[UnitEvaluation]) -> str:
    """The indicator shown when none is asked for: the target set's first that a unit in scope
    with coordinates holds (the first ones are often the departments' alone, which a map cannot
    place), else the first."""
    located = {r.indicator for r in rows if _located(r.unit)}
    return next((code for code in codes if code in located), codes[0] if codes else "")


def _located(unit: OrgUnit) -> bool:
    return unit.latitude is not None and unit.longitude is not None


def _level(snap: Snapshot, code: str) -> str:
    known = {level.code: level.label for level in snap.catalogue.levels}
    return known.get(code, code)


def _point(snap: Snapshot, row: UnitEvaluation) -> MapPoint:
    return MapPoint(
        code=row.unit.code,
        name=unit_name(row.unit),
        level=_level(snap, row.unit.level),
        latitude=row.unit.latitude or 0.0,
        longitude=row.unit.longitude or 0.0,
        value=percent(row.value),
        milestone=percent(row.milestone),
        status=row.status,
        status_text=status_text(row),
        href=unit_url(row.unit.code, snap.quarter.label),
    )


def _table_row(snap: Snapshot, row: UnitEvaluation) -> list[Cell]:
    unit = row.unit
    return [
        Cell(unit_name(unit), href=unit_url(unit.code, snap.quarter.label)),
        Cell(_level(snap, unit.level)),
        Cell(percent(row.value), row.value),
        Cell(percent(row.milestone), row.milestone),
        Cell(status_text(row), css=STATUS_CSS[row.status]),
        _coordinate(unit.latitude),
        _coordinate(unit.longitude),
    ]


def _coordinate(value: float | None) -> Cell:
    # Four decimals (about ten metres) on the page; the export keeps the list's own figure.
    return Cell("—", "") if value is None else Cell(number(value, 4), value)


def _places(snap: Snapshot, scope: Scope) -> list[Place]:
    """The names written on the map: the units directly under the top of the scope that have
    coordinates (the districts of the province, the communes of a district), else the top
    itself (a commune's account sees its commune named)."""
    top = scope.unit_code if not scope.everything and scope.unit_code else snap.tree.root.code
    if top not in snap.tree:
        return []
    found = [unit for unit in snap.tree.children(top) if _located(unit)]
    if not found and _located(snap.tree[top]):
        found = [snap.tree[top]]
    if len(found) > MAX_PLACES:
        return []
    return [Place(_short(u.name), u.latitude or 0.0, u.longitude or 0.0) for u in found]


def _short(name: str) -> str:
    # «UBND huyện Một» is written «huyện Một» on a map, as place names are.
    return name.removeprefix("UBND ").strip()
