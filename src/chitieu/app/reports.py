"""A home's documents as every caller asks for them: the command line and the pages build a
report from the same context, read here from the home."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from chitieu import wording
from chitieu.app.home import (
    catalogue,
    evaluate_home,
    facts_of,
    has_facts,
    require_tree,
    target_set_of,
)
from chitieu.clock import today as clock_today
from chitieu.domain import Quarter
from chitieu.engine.backends import backend_of
from chitieu.engine.window import window_values
from chitieu.errors import ChitieuError
from chitieu.evaluation.inputs import evaluate_inputs
from chitieu.formatting import date as format_date
from chitieu.lookup import find_unit
from chitieu.reports.adhoc import AdhocContext
from chitieu.reports.context import ReportContext
from chitieu.reports.settings import read_settings


def report_context(home: Path, quarter: Quarter, *, today: date | None = None) -> ReportContext:
    """``quarter``'s evaluation of the home with its settings, dated ``today`` (the clock's by
    default); refused with the next step as ``evaluate_home`` refuses."""
    day = today or clock_today()
    result = evaluate_home(home, quarter, today=day)
    trend: dict[str, list[tuple[int, float | None]]] = {}
    # The same inputs judged at each earlier quarter's end: the province's line of each task.
    for number in range(1, quarter.number + 1):
        earlier = (
            result.evaluation
            if number == quarter.number
            else evaluate_inputs(
                dataclasses.replace(result.inputs, quarter=Quarter(quarter.year, number)), today=day
            )
        )
        for value in earlier.province:
            trend.setdefault(value.task, []).append((number, value.value))
    return ReportContext(
        quarter=quarter,
        evaluation=result.evaluation,
        tree=result.tree,
        target_set=result.inputs.target_set,
        catalogue=catalogue(),
        settings=read_settings(home, result.tree.root.name),
        today=day,
        trend={task: tuple(points) for task, points in trend.items()},
    )


def adhoc_inputs(
    home: Path, unit: str, start: date, end: date, *, today: date | None = None
) -> AdhocContext:
    """What the ad hoc report on ``unit``'s subtree (its code or name) from ``start`` to ``end``
    (both days included) needs: the tree, the target set of the year ``end`` falls in (a window
    may start in the year before), and the window's values computed from the facts store opened
    read-only. Refused in one Vietnamese sentence: a window ending before it starts, an unknown
    unit, a year without a target set, a home without facts."""
    if end < start:
        raise ChitieuError(
            f"--from {format_date(start)} sau --to {format_date(end)}: ngày bắt đầu phải trước "
            "hoặc trùng ngày kết thúc"
        )
    tree = require_tree(home)
    try:
        chosen = find_unit(tree, unit)
    except ChitieuError as error:
        raise ChitieuError(f"--unit: {error.message}") from error
    target_set = target_set_of(home, end.year)
    if target_set is None:
        raise ChitieuError(
            f"Chưa có bộ chỉ tiêu năm {end.year} (năm của ngày {format_date(end)}); hãy nhập "
            "quyết định giao chỉ tiêu trước: "
            f"«{wording.command('chitieu', 'decision', 'import', 'TỆP_QUYẾT_ĐỊNH', home=home)}»"
        )
    if not has_facts(home):
        raise ChitieuError(
            f"Thư mục dữ liệu {home} chưa có dữ liệu nào; hãy nạp dữ liệu trước: "
            f"«{wording.command('chitieu', 'ingest', 'dossiers', 'TỆP', home=home)}»"
        )
    from chitieu.app.targets.services import overrides  # noqa: PLC0415 — Django

    inside = {u.code for u in tree.subtree(chosen.code)}
    with facts_of(home, read_only=True) as store:
        values = window_values(
            backend_of(store), units=tree.units, catalogue=catalogue(), start=start, end=end
        )
    return AdhocContext(
        unit=chosen,
        start=start,
        end=end,
        tree=tree,
        target_set=target_set,
        catalogue=catalogue(),
        settings=read_settings(home, tree.root.name),
        today=today or clock_today(),
        values=tuple(v for v in values if v.unit_code in inside),
        overrides=tuple(overrides(end.year)),
    )
