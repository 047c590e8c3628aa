"""A home's documents as every caller asks for them: the command line and the pages build a
report from the same context, read here from the home."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from chitieu.app.home import catalogue, evaluate_home
from chitieu.clock import today as clock_today
from chitieu.domain import Quarter
from chitieu.evaluation.inputs import evaluate_inputs
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
