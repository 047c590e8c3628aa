"""Status, gap and count still needed against hand computation (``INDICATORS.md``)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chitieu.evaluation import Status, count_needed, gap, status_of

# numerator, denominator, milestone → status, gap (points), count still needed; each worked out
# by hand from (n + k) / (d + k) ≥ m, k the smallest such whole number.
CASES = [
    # exactly on the milestone: met, nothing needed
    (7, 10, 70.0, Status.MET, 0.0, 0),
    # 69/100 vs 70 %: k ≥ (7000 − 6900) / 30 = 3.33 → 4 (73/104 = 70.19 %; 72/103 = 69.90 %)
    (69, 100, 70.0, Status.NOT_MET, -1.0, 4),
    # 10/100 vs 50 %: k ≥ (5000 − 1000) / 50 = 80 → 90/180 = 50 % exactly
    (10, 100, 50.0, Status.NOT_MET, -40.0, 80),
    # a 100 % milestone already missed cannot be reached
    (99, 100, 100.0, Status.NOT_MET, -1.0, None),
    # nothing to measure (0/0): not applicable, no gap, no count
    (0, 0, 70.0, Status.NOT_APPLICABLE, None, None),
    # a decimal milestone met exactly: 1121/2000 = 56.05 %
    (1121, 2000, 56.05, Status.MET, 0.0, 0),
    # 1120/2000 vs 56.05 %: k ≥ (112 100 − 112 000) / 43.95 = 2.28 → 3
    # (1123/2003 = 56.066 %; 1122/2002 = 56.044 %)
    (1120, 2000, 56.05, Status.NOT_MET, -0.05, 3),
    # none of 5 online, 95 %: k ≥ 475 / 5 = 95 → 95/100
    (0, 5, 95.0, Status.NOT_MET, -95.0, 95),
    # 1 234/10 000 vs 60 %: k ≥ (600 000 − 123 400) / 40 = 11 915 exactly → 13 149/21 915 = 60 %
    (1234, 10000, 60.0, Status.NOT_MET, -47.66, 11915),
    # above the milestone
    (95, 100, 90.0, Status.MET, 5.0, 0),
    # a 0 % milestone is met by any value
    (0, 40, 0.0, Status.MET, 0.0, 0),
]


@pytest.mark.parametrize(
    ("numerator", "denominator", "milestone", "status", "points", "needed"), CASES
)
def test_status_gap_and_count_needed_by_hand(
    numerator: float,
    denominator: float,
    milestone: float,
    status: Status,
    points: float | None,
    needed: int | None,
) -> None:
    assert status_of(numerator, denominator, milestone) is status
    value = None if denominator == 0 else 100 * numerator / denominator
    result = gap(value, milestone)
    if points is None:
        assert result is None
    else:
        assert result == pytest.approx(points, abs=1e-9)
    assert count_needed(numerator, denominator, milestone) == needed


@given(
    denominator=st.integers(1, 100_000),
    share=st.fractions(0, 1),
    milestone=st.sampled_from([20.0, 35.0, 50.0, 56.05, 70.0, 80.0, 95.0, 99.99]),
)
def test_count_needed_is_the_smallest_that_reaches_the_milestone(
    denominator: int, share: Fraction, milestone: float
) -> None:
    numerator = int(share * denominator)
    k = count_needed(numerator, denominator, milestone)
    assert k is not None
    assert status_of(numerator + k, denominator + k, milestone) is Status.MET
    if k > 0:
        assert status_of(numerator + k - 1, denominator + k - 1, milestone) is Status.NOT_MET
    assert (k == 0) == (status_of(numerator, denominator, milestone) is Status.MET)
