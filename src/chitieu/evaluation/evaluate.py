"""The evaluation of a quarter: every unit holding a target, judged on its tier value.

Pure Python over values given as input (``IndicatorValue``), so that it is tested with values
built by hand; the command line reads them from the facts store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

from chitieu import clock
from chitieu.domain import Baseline, Basis, Quarter, Target, TargetSet
from chitieu.engine.values import IndicatorValue, Scope
from chitieu.evaluation.assignment import assign
from chitieu.evaluation.measures import count_needed, gap, status_of
from chitieu.evaluation.model import (
    Assignment,
    BaselineComparison,
    Evaluation,
    LevelSummary,
    Override,
    ProvinceValue,
    Status,
    UnitEvaluation,
)
from chitieu.evaluation.projection import DEFAULT_WINDOW, outlook, project_year_end
from chitieu.evaluation.ranking import ranks
from chitieu.evaluation.values import ValueBook
from chitieu.units import UnitTree


def compare(value: float | None, baselines: Iterable[Baseline]) -> tuple[BaselineComparison, ...]:
    """A value against each baseline, most recent year first."""
    return tuple(
        BaselineComparison(b.year, b.value, None if value is None else value - b.value)
        for b in sorted(baselines, key=lambda b: -b.year)
    )


def _judge(
    assignment: Assignment,
    quarter: Quarter,
    basis: Basis,
    book: ValueBook,
    last_year: ValueBook,
    window: int,
    provisional: bool,
) -> UnitEvaluation:
    target, unit, indicator = assignment.target, assignment.unit, assignment.indicator
    stored = book.get(unit.code, indicator, basis.value, quarter.label)
    milestone = target.milestone(quarter.number)
    n = stored.numerator if stored else None
    d = stored.denominator if stored else None
    value = stored.value if stored else None
    status = Status.NO_DATA if stored is None else status_of(n or 0.0, d or 0.0, milestone)
    projection = project_year_end(
        book.months(unit.code, indicator, quarter.year),
        3 * quarter.number,
        last_year=last_year.months(unit.code, indicator, quarter.year - 1) or None,
        window=window,
    )
    projected = projection.value if projection else None
    return UnitEvaluation(
        unit=unit,
        target=target,
        period=quarter.label,
        numerator=n,
        denominator=d,
        value=value,
        milestone=milestone,
        annual=target.annual,
        status=status,
        gap=gap(value, milestone),
        needed=count_needed(n or 0.0, d or 0.0, milestone),
        projection=projected,
        outlook=outlook(projected, target.annual),
        rank=None,
        source=stored.source if stored and stored.denominator > 0 else None,
        baselines=compare(value, target.baselines),
        row=assignment.row,
        named=assignment.named,
        overridden=assignment.overridden,
        provisional=provisional,
    )


def _level_summaries(
    rows: Sequence[UnitEvaluation], targets: Sequence[Target], period: str, quarter: int
) -> list[LevelSummary]:
    summaries: list[LevelSummary] = []
    for index, target in enumerate(targets):
        if target.indicator is None:
            continue
        # A row's units are grouped by level: a named department beside the district and commune
        # levels of II.6 counts among the departments.
        held = [r for r in rows if r.row == index]
        levels = list(dict.fromkeys([*target.levels, *(r.unit.level for r in held)]))
        for level in levels:
            members = [r for r in held if r.unit.level == level]
            count = {s: sum(1 for r in members if r.status is s) for s in Status}
            summaries.append(
                LevelSummary(
                    indicator=target.indicator,
                    task=target.task,
                    level=level,
                    period=period,
                    milestone=target.milestone(quarter),
                    units=len(members),
                    met=count[Status.MET],
                    not_met=count[Status.NOT_MET],
                    no_data=count[Status.NO_DATA],
                    not_applicable=count[Status.NOT_APPLICABLE],
                )
            )
    return summaries


def _province(
    target_set: TargetSet, root: str, quarter: Quarter, book: ValueBook
) -> list[ProvinceValue]:
    result: list[ProvinceValue] = []
    seen: set[str] = set()
    for target in target_set.targets:
        indicator = target.indicator
        if indicator is None or indicator in seen:
            continue
        seen.add(indicator)
        baselines = [b for t in target_set.targets if t.indicator == indicator for b in t.baselines]
        unique = {b.year: b for b in baselines}.values()
        stored = book.get(root, indicator, target_set.basis.value, quarter.label, Scope.SUBTREE)
        value = stored.value if stored else None
        result.append(
            ProvinceValue(
                indicator=indicator,
                task=target.task,
                period=quarter.label,
                numerator=stored.numerator if stored else None,
                denominator=stored.denominator if stored else None,
                value=value,
                source=stored.source if stored else None,
                baselines=compare(value, unique),
            )
        )
    return result


def evaluate(
    target_set: TargetSet,
    tree: UnitTree,
    values: Iterable[IndicatorValue],
    quarter: Quarter,
    *,
    overrides: Sequence[Override] = (),
    last_year: Iterable[IndicatorValue] = (),
    window: int = DEFAULT_WINDOW,
    today: date | None = None,
) -> Evaluation:
    """Judge every unit holding a target of ``target_set`` in ``quarter``.

    ``values`` are the year's stored values (the milestone's basis — year to date or within the
    quarter — at the quarter, the months for the projection, the root's subtree values for the
    province's line), ours and the portal's; ``last_year`` the previous year's months, for
    seasonality. A quarter that has not ended by ``today`` (default: the clock's) is judged on
    its value so far and marked provisional.
    """
    if quarter.year != target_set.year:
        raise ValueError(
            f"quarter {quarter.label} is not of the target set's year {target_set.year}"
        )
    book = ValueBook(values)
    previous = ValueBook(last_year)
    as_of = today or clock.today()
    provisional = as_of < quarter.end
    assignments = assign(target_set, tree, overrides)
    rows = [
        _judge(a, quarter, target_set.basis, book, previous, window, provisional)
        for a in assignments.assignments
    ]
    rows = [
        replace(row, rank=rank, ranked=among)
        for row, (rank, among) in zip(rows, ranks(rows), strict=True)
    ]
    return Evaluation(
        period=quarter.label,
        basis=target_set.basis.value,
        rows=tuple(rows),
        levels=tuple(_level_summaries(rows, target_set.targets, quarter.label, quarter.number)),
        province=tuple(_province(target_set, tree.root.code, quarter, book)),
        warnings=assignments.warnings,
        provisional=provisional,
        as_of=as_of,
    )
