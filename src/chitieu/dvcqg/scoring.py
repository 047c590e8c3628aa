"""Recomputing the portal's 766 scores from its own numerators and denominators.

Rounding is half-up to 2 decimals, as the portal prints scores; it rounds the float it computed,
so a product such as ``6 × 98.75 / 100`` (stored just below 5.925) gives 5.92, as on the portal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from chitieu.dvcqg.formulas import Formula, Kind, WhenEmpty, formula_for, group_max
from chitieu.dvcqg.model import TOTAL, Group, PortalReport, PortalRow, PortalUnit


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """One line of the recomputed scores: a sub-indicator of a unit, or a total.

    ``group`` is a :class:`Group` value, or ``TOTAL`` for a unit's sum over the groups of several
    files; ``sub_indicator`` is the metric code, a Shape B name, or ``TOTAL`` for a group total.
    ``score`` is ours (``None`` where the formula is not known or there is nothing to score),
    ``portal_score`` the portal's.
    """

    unit_id: str
    unit_code: str | None
    unit_name: str
    is_province: bool
    group: str
    sub_indicator: str
    numerator: float | None
    denominator: float | None
    score: float | None
    portal_score: float | None
    max_score: float | None


def round_half_up(value: float, places: int = 2) -> float:
    """``value`` rounded half-up to ``places`` decimals, on its exact binary value.

    >>> round_half_up(1.955051), round_half_up(0.125), round_half_up(5.925)
    (1.96, 0.13, 5.92)
    """
    step = Decimal(1).scaleb(-places)
    return float(Decimal(value).quantize(step, rounding=ROUND_HALF_UP))


def score(
    formula: Formula, numerator: float | None, denominator: float | None, ratio: float | None
) -> float | None:
    """The points of one sub-indicator; ``ratio`` (a percentage) is used only when the portal
    gives no numerator and denominator (ELECTRONIC_CERTIFIED_COPY)."""
    if formula.kind is not Kind.PROPORTIONAL:
        return None
    if numerator is None or denominator is None:
        if ratio is None:
            return None
        value = formula.coefficient * ratio / 100
    elif denominator == 0:
        return {WhenEmpty.NONE: None, WhenEmpty.ZERO: 0.0, WhenEmpty.FULL: formula.max_score}[
            formula.when_empty
        ]
    elif formula.percent_first:
        value = formula.coefficient * round_half_up(100 * numerator / denominator) / 100
    else:
        value = formula.coefficient * numerator / denominator
    return round_half_up(min(formula.max_score, value))


def _row_score(row: PortalRow, code: str | None) -> ScoreRow:
    formula = formula_for(row.group, row.sub_indicator)
    return ScoreRow(
        unit_id=row.unit_id,
        unit_code=code,
        unit_name=row.unit_name,
        is_province=row.is_province,
        group=row.group.value,
        sub_indicator=row.sub_indicator,
        numerator=row.numerator,
        denominator=row.denominator,
        score=None if formula is None else score(formula, *_inputs(row)),
        portal_score=row.score,
        max_score=row.max_score if formula is None else formula.max_score,
    )


def _inputs(row: PortalRow) -> tuple[float | None, float | None, float | None]:
    return row.numerator, row.denominator, row.ratio


def _total(unit: PortalUnit, group: Group, parts: list[ScoreRow], code: str | None) -> ScoreRow:
    formulas = [formula_for(group, part.sub_indicator) for part in parts]
    known = all(f is not None and f.kind is not Kind.UNKNOWN for f in formulas)
    scores = [part.score for part in parts if part.score is not None]
    # The cap only matters for online payment, whose parts are worth 6 + 2 + 2.5 = 10.5 of 10.
    total = round_half_up(min(group_max(group), sum(scores))) if known else None
    return ScoreRow(
        unit_id=unit.unit_id,
        unit_code=code,
        unit_name=unit.unit_name,
        is_province=unit.is_province,
        group=group.value,
        sub_indicator=TOTAL,
        numerator=None,
        denominator=None,
        score=total,
        portal_score=unit.total_score,
        max_score=unit.total_max_score if unit.total_max_score is not None else group_max(group),
    )


def score_unit(unit: PortalUnit, group: Group, code: str | None = None) -> list[ScoreRow]:
    """A unit's sub-indicator scores, then its group total (``sub_indicator == TOTAL``), which is
    ``None`` when a part's formula is not known."""
    code = code or unit.unit_code
    parts = [_row_score(row, code) for row in unit.rows]
    return [*parts, _total(unit, group, parts, code)]


def score_report(report: PortalReport, codes: Mapping[str, str] | None = None) -> list[ScoreRow]:
    """Every unit's scores, the province first; ``codes`` (portal id → ``departmentCode``) fills
    the codes Shape A responses do not carry."""
    codes = codes or {}
    return [
        row
        for unit in report.all_units
        for row in score_unit(unit, report.group, codes.get(unit.unit_id))
    ]


def portal_codes(reports: Iterable[PortalReport]) -> dict[str, str]:
    """Each portal unit's ``departmentCode`` by its id, from whichever responses carry it (the
    ids are the same in every endpoint)."""
    return {
        unit.unit_id: unit.unit_code
        for report in reports
        for unit in report.all_units
        if unit.unit_code is not None
    }


def _overall(rows: list[ScoreRow]) -> ScoreRow:
    totals = [row for row in rows if row.sub_indicator == TOTAL]
    first = totals[0]
    ours = [row.score for row in totals]
    portal = [row.portal_score for row in totals]
    maxima = [row.max_score for row in totals]
    return ScoreRow(
        unit_id=first.unit_id,
        unit_code=first.unit_code,
        unit_name=first.unit_name,
        is_province=first.is_province,
        group=TOTAL,
        sub_indicator=TOTAL,
        numerator=None,
        denominator=None,
        score=None if None in ours else round_half_up(sum(s for s in ours if s is not None)),
        portal_score=None
        if None in portal
        else round_half_up(sum(s for s in portal if s is not None)),
        max_score=None if None in maxima else sum(m for m in maxima if m is not None),
    )


def score_reports(reports: Sequence[PortalReport]) -> list[ScoreRow]:
    """The scores of several responses, unit by unit (the province first) and group by group in
    the order given. When they are of different groups and one period, each unit also gets a
    ``group == TOTAL`` row: the sum of its group totals (ours, and the portal's)."""
    codes = portal_codes(reports)
    by_unit: dict[str, list[ScoreRow]] = {}
    for report in reports:
        for row in score_report(report, codes):
            by_unit.setdefault(row.unit_id, []).append(row)
    groups = {report.group for report in reports}
    overall = len(groups) == len(reports) > 1 and len({r.period for r in reports}) == 1
    result: list[ScoreRow] = []
    for rows in by_unit.values():
        result.extend(rows)
        if overall:
            result.append(_overall(rows))
    return result
