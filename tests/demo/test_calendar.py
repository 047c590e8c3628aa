"""The demo's calendar: Tết, working days, and the weight of each day."""

from __future__ import annotations

import datetime as dt

import holidays
import numpy as np
import pytest

from chitieu.demo.calendar import TET, DemoCalendar, tet
from chitieu.domain.workdays import add_working_days
from chitieu.errors import ChitieuError


@pytest.mark.parametrize("year", sorted(TET))
def test_tet_is_the_lunar_new_year_of_the_holidays_package(year: int) -> None:
    names = holidays.country_holidays("VN", years=[year], language="en_US")
    assert names.get(TET[year]) == "Lunar New Year"


def test_a_year_outside_the_table_is_refused() -> None:
    with pytest.raises(ChitieuError, match="chưa có ngày Tết"):
        tet(1990)


@pytest.mark.parametrize("year", [2024, 2025])
def test_working_days_agree_with_the_domain(year: int) -> None:
    calendar = DemoCalendar.of(year)
    rng = np.random.default_rng(1)
    days = calendar.first + rng.integers(0, calendar.days_in_year, 300)
    counts = rng.integers(0, 30, 300)
    got = calendar.add_working_days(days, counts)
    for day, count, due in zip(days.tolist(), counts.tolist(), got.tolist(), strict=True):
        date = calendar.date(day)
        if count == 0:
            expected = date if calendar.working[day] else add_working_days(date, 1)
        else:
            expected = add_working_days(date, count)
        assert calendar.date(due) == expected


def test_tet_moves_the_dip() -> None:
    """The weeks after Tết are quiet: February in 2024 (Tết 10/2), late January in 2025 (29/1)."""

    def weight(calendar: DemoCalendar, start: dt.date, days: int) -> float:
        first = calendar.day(start) - calendar.first
        return float(calendar.weight[first : first + days].sum())

    y2024, y2025 = DemoCalendar.of(2024), DemoCalendar.of(2025)
    assert weight(y2024, dt.date(2024, 2, 5), 21) < 0.5 * weight(y2024, dt.date(2024, 3, 4), 21)
    assert weight(y2025, dt.date(2025, 1, 25), 21) < 0.5 * weight(y2025, dt.date(2025, 3, 3), 21)
    assert weight(y2025, dt.date(2025, 2, 24), 21) > weight(y2025, dt.date(2025, 1, 25), 21)


def test_no_desk_is_open_on_sundays_and_holidays() -> None:
    calendar = DemoCalendar.of(2024)
    for index, weight in enumerate(calendar.weight.tolist()):
        date = calendar.date(calendar.first + index)
        if date.weekday() == 6 or date in (dt.date(2024, 4, 30), dt.date(2024, 9, 2)):
            assert weight == 0, date
