"""Choosing, among the stored values of a unit, indicator and period, the one to judge on; and
the national portal's figures as values of our indicators.

Several sources may hold a value for the same key: the engine's (from dossiers, procedures,
feedback…), a manual value entered with evidence, and the portal's (source ``dvcqg``). Ours
come first; a manual value stands in when the engine counted nothing; the portal's is used only
when neither of ours measured anything (``INDICATORS.md``: no data when the denominator is 0 and
no manual value exists).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from chitieu.domain import PeriodKind
from chitieu.engine.values import IndicatorValue, Scope

PORTAL_SOURCE = "dvcqg"
MANUAL_SOURCE = "manual"

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")

Key = tuple[str, str, str, str, str]
"""unit_code, indicator, kind, period, scope."""


def is_portal(value: IndicatorValue) -> bool:
    """Whether a value is the national portal's."""
    return value.source == PORTAL_SOURCE


def _preference(value: IndicatorValue) -> tuple[bool, int]:
    rank = 2 if is_portal(value) else 1 if value.source == MANUAL_SOURCE else 0
    return (value.denominator == 0, rank)


class ValueBook:
    """Stored values indexed by unit, indicator, kind, period and scope."""

    def __init__(self, values: Iterable[IndicatorValue]) -> None:
        self._by_key: dict[Key, list[IndicatorValue]] = defaultdict(list)
        for value in values:
            key = (value.unit_code, value.indicator, value.kind, value.period, value.scope)
            self._by_key[key].append(value)

    def candidates(
        self, unit: str, indicator: str, kind: str, period: str, scope: str = Scope.TIER
    ) -> list[IndicatorValue]:
        """Every source's value for the key, the preferred first."""
        return sorted(self._by_key.get((unit, indicator, kind, period, scope), []), key=_preference)

    def get(
        self, unit: str, indicator: str, kind: str, period: str, scope: str = Scope.TIER
    ) -> IndicatorValue | None:
        """The value to judge on, or ``None`` when no source has one."""
        found = self.candidates(unit, indicator, kind, period, scope)
        return found[0] if found else None

    def months(
        self, unit: str, indicator: str, year: int, scope: str = Scope.TIER
    ) -> dict[int, tuple[float, float]]:
        """A unit's monthly counts of a year (month → numerator, denominator), from one kind of
        source for the whole series: ours when we measured anything in some month, else the
        portal's when it did, else ours (all empty)."""
        series: dict[bool, dict[int, tuple[float, float]]] = {False: {}, True: {}}
        for month in range(1, 13):
            for value in self.candidates(unit, indicator, "month", f"{year}-{month:02d}", scope):
                series[is_portal(value)].setdefault(month, (value.numerator, value.denominator))
        ours, portal = series[False], series[True]
        if any(d > 0 for _, d in ours.values()) or not any(d > 0 for _, d in portal.values()):
            return ours
        return portal


@dataclass(frozen=True, slots=True)
class PortalFigure:
    """One sub-indicator of one of our units as the portal published it (a row of the facts
    table ``dvcqg_values`` whose unit was matched)."""

    unit_code: str
    period: str
    sub_indicator: str
    numerator: float
    denominator: float


def _kind(period: str) -> tuple[str, int, int] | None:
    """(kind, year, index) of a portal period label."""
    if match := _MONTH.match(period):
        return "month", int(match[1]), int(match[2])
    if match := _QUARTER.match(period):
        return "quarter", int(match[1]), int(match[2])
    if match := _YEAR.match(period):
        return "year", int(match[1]), 0
    return None


def portal_values(
    figures: Iterable[PortalFigure], indicators: Mapping[str, str], root: str | None = None
) -> list[IndicatorValue]:
    """The portal's figures as values of our indicators (``indicators``: sub-indicator → our
    indicator code, the catalogue's ``dvcqg`` links), source ``dvcqg``.

    The portal measures a unit as a whole: a unit's figure is taken as its tier value, the
    province's (``root``) as its subtree value. Year-to-date values, which the portal does not
    publish, are the sums of the months (or of the quarters) from January when all are there.
    """
    sums: dict[tuple[str, str, str, int, int], tuple[float, float]] = {}
    for figure in figures:
        indicator = indicators.get(figure.sub_indicator)
        shape = _kind(figure.period)
        if indicator is None or shape is None:
            continue
        kind, year, index = shape
        key = (figure.unit_code, indicator, kind, year, index)
        n, d = sums.get(key, (0.0, 0.0))
        sums[key] = (n + figure.numerator, d + figure.denominator)
    values: list[IndicatorValue] = []
    for (unit, indicator, kind, year, index), (n, d) in sums.items():
        label = {"month": f"{year}-{index:02d}", "quarter": f"{year}-Q{index}"}.get(kind, str(year))
        values.append(_value(unit, indicator, kind, label, year, n, d, root))
    for unit, indicator, year in {(k[0], k[1], k[3]) for k in sums}:
        for quarter in range(1, 5):
            parts = _year_to_date(sums, unit, indicator, year, quarter)
            if parts is not None:
                label = f"{year}-Q{quarter}"
                values.append(_value(unit, indicator, "ytd", label, year, *parts, root))
    return sorted(values, key=lambda v: (v.unit_code, v.indicator, v.kind, v.period))


def _year_to_date(
    sums: Mapping[tuple[str, str, str, int, int], tuple[float, float]],
    unit: str,
    indicator: str,
    year: int,
    quarter: int,
) -> tuple[float, float] | None:
    for kind, count in (("month", 3 * quarter), ("quarter", quarter)):
        parts = [sums.get((unit, indicator, kind, year, i)) for i in range(1, count + 1)]
        if all(p is not None for p in parts):
            return sum(p[0] for p in parts if p), sum(p[1] for p in parts if p)
    if quarter == 4:
        return sums.get((unit, indicator, "year", year, 0))
    return None


def _value(
    unit: str,
    indicator: str,
    kind: str,
    label: str,
    year: int,
    numerator: float,
    denominator: float,
    root: str | None,
) -> IndicatorValue:
    scope = Scope.SUBTREE if unit == root else Scope.TIER
    return IndicatorValue(
        year, unit, indicator, PeriodKind(kind), label, scope, numerator, denominator, PORTAL_SOURCE
    )
