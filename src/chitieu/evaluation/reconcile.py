"""Our values against the national portal's, where both measured the same unit, indicator and
period: the units where they differ by more than a threshold."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from chitieu.engine.values import IndicatorValue
from chitieu.evaluation.values import is_portal

DEFAULT_THRESHOLD = 5.0
"""Percentage points; below this, the portal's and our counting rules explain the difference."""


@dataclass(frozen=True, slots=True)
class Difference:
    """One unit, indicator and period measured both by us and by the portal."""

    ours: IndicatorValue
    portal: IndicatorValue

    @property
    def difference(self) -> float:
        """Our value − the portal's, in percentage points."""
        return (self.ours.value or 0.0) - (self.portal.value or 0.0)


def reconcile(
    values: Iterable[IndicatorValue], threshold: float = DEFAULT_THRESHOLD
) -> list[Difference]:
    """The keys (unit, indicator, kind, period, scope) where our value (the preferred of ours)
    and the portal's both exist with a denominator and differ by more than ``threshold``
    percentage points, the largest difference first."""
    grouped: dict[tuple[str, str, str, str, str], list[IndicatorValue]] = defaultdict(list)
    for value in values:
        if value.denominator > 0:
            key = (value.unit_code, value.indicator, value.kind, value.period, value.scope)
            grouped[key].append(value)
    found: list[Difference] = []
    for members in grouped.values():
        portal = [v for v in members if is_portal(v)]
        ours = sorted((v for v in members if not is_portal(v)), key=lambda v: v.source == "manual")
        if portal and ours:
            pair = Difference(ours[0], portal[0])
            if abs(pair.difference) > threshold:
                found.append(pair)
    found.sort(
        key=lambda p: (-abs(p.difference), p.ours.unit_code, p.ours.indicator, p.ours.period)
    )
    return found
