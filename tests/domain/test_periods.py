"""Quarters and periods in local time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from chitieu.domain import Basis, Period, PeriodKind, Quarter, periods_of_year


def test_quarter_labels_and_bounds() -> None:
    q3 = Quarter.parse("2024-Q3")
    assert (q3.year, q3.number, q3.label, q3.roman) == (2024, 3, "2024-Q3", "III")
    assert (q3.start, q3.end) == (date(2024, 7, 1), date(2024, 10, 1))
    assert Quarter.parse("2024q4").end == date(2025, 1, 1)


@pytest.mark.parametrize("label", ["2024-Q5", "Q3", "2024-3", ""])
def test_bad_quarter_labels(label: str) -> None:
    with pytest.raises(ValueError, match="không phải một quý"):
        Quarter.parse(label)


def test_year_to_date_and_within_quarter() -> None:
    q2 = Quarter(2024, 2)
    assert q2.period(Basis.YTD) == Period(
        PeriodKind.YEAR_TO_DATE, 2024, 2, date(2024, 1, 1), date(2024, 7, 1)
    )
    assert q2.period(Basis.QUARTER) == Period(
        PeriodKind.QUARTER, 2024, 2, date(2024, 4, 1), date(2024, 7, 1)
    )


def test_boundaries_are_local_time() -> None:
    q1 = Period.quarter(2024, 1)
    # 31 March 2024 17:30 UTC is 1 April 00:30 in Việt Nam: the second quarter.
    assert not q1.contains(datetime(2024, 3, 31, 17, 30, tzinfo=UTC))
    assert q1.contains(datetime(2024, 3, 31, 16, 59, tzinfo=UTC))
    plus7 = timezone(timedelta(hours=7))
    assert q1.contains(datetime(2024, 1, 1, 0, 0, tzinfo=plus7))
    assert not q1.contains(datetime(2023, 12, 31, 23, 59, tzinfo=plus7))


def test_periods_of_a_year() -> None:
    periods = periods_of_year(2024)
    assert len(periods) == 21
    assert [p.label for p in periods if p.kind is PeriodKind.MONTH][:2] == ["2024-01", "2024-02"]
    assert periods[-1].label == "2024"
