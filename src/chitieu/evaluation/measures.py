"""Status, gap and count still needed of one value against one milestone (``INDICATORS.md``).

Comparisons are made on exact fractions, not floats: a unit at exactly 56.05 % of a 56.05 %
milestone has met it, and the count still needed is 0 exactly when the status is met.
"""

from __future__ import annotations

import math
from fractions import Fraction

from chitieu.evaluation.model import Status


def exact(value: float) -> Fraction:
    """A percentage as the decimal it was written as (``56.05`` is 5605/100, not the binary
    float just below it).

    >>> exact(56.05)
    Fraction(1121, 20)
    """
    return Fraction(repr(float(value)))


def status_of(numerator: float, denominator: float, milestone: float) -> Status:
    """``met`` when 100·n/d ≥ milestone, ``not_met`` below, ``not_applicable`` when d is 0
    (nothing to measure; a unit without any value is ``no_data``, decided by the caller).

    >>> status_of(7, 10, 70.0), status_of(69, 100, 70.0), status_of(0, 0, 70.0)
    (<Status.MET: 'met'>, <Status.NOT_MET: 'not_met'>, <Status.NOT_APPLICABLE: 'not_applicable'>)
    """
    if denominator == 0:
        return Status.NOT_APPLICABLE
    if 100 * Fraction(numerator) >= exact(milestone) * Fraction(denominator):
        return Status.MET
    return Status.NOT_MET


def gap(value: float | None, milestone: float) -> float | None:
    """Value − milestone in percentage points; negative when short, ``None`` without a value."""
    if value is None:
        return None
    return value - milestone


def count_needed(numerator: float, denominator: float, milestone: float) -> int | None:
    """The smallest k with (n + k) / (d + k) ≥ milestone: k new events that all count in the
    numerator. 0 when met; ``None`` when no count reaches it (a 100 % milestone already missed)
    and when there is no data (d = 0: nothing says the unit handles such events at all).

    >>> count_needed(10, 100, 50.0), count_needed(99, 100, 100.0), count_needed(60, 100, 50.0)
    (80, None, 0)
    """
    if denominator == 0:
        return None
    if status_of(numerator, denominator, milestone) is Status.MET:
        return 0
    target = exact(milestone)
    if target >= 100:
        return None
    # (n + k) / (d + k) ≥ m/100  ⇔  k · (100 − m) ≥ m·d − 100·n
    shortfall = target * Fraction(denominator) - 100 * Fraction(numerator)
    return max(0, math.ceil(shortfall / (100 - target)))
