"""Working days in Việt Nam: Monday to Friday except public holidays (the ``holidays`` package,
which follows the lunar calendar for Tết and Giỗ Tổ Hùng Vương and the government's swaps)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import holidays


@cache
def _holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("VN", years=[year]).keys())


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday, not a public holiday."""
    return day.weekday() < 5 and day not in _holidays(day.year)


@dataclass(frozen=True, slots=True)
class CalendarDay:
    """A day with the count of working days from the calendar's start up to and including it."""

    day: dt.date
    is_working: bool
    working_index: int


def calendar(first_year: int, last_year: int) -> Iterator[CalendarDay]:
    """Every day of the years, with a running count of working days (the engine's calendar table:
    "n working days before/after" becomes arithmetic on ``working_index``)."""
    day = dt.date(first_year, 1, 1)
    end = dt.date(last_year + 1, 1, 1)
    index = 0
    while day < end:
        working = is_working_day(day)
        index += working
        yield CalendarDay(day, working, index)
        day += dt.timedelta(days=1)


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The ``count``-th working day after ``day`` (``day`` itself not counted).

    >>> add_working_days(dt.date(2024, 2, 7), 1)  # Tết 2024: 8–14 February are holidays
    datetime.date(2024, 2, 15)
    """
    current = day
    remaining = count
    while remaining > 0:
        current += dt.timedelta(days=1)
        remaining -= is_working_day(current)
    return current


def working_days_before(day: dt.date, count: int) -> dt.date:
    """The working day ``w`` such that ``[w, day)`` holds exactly ``count`` working days.

    >>> working_days_before(dt.date(2024, 3, 18), 5)  # a Monday: five working days before
    datetime.date(2024, 3, 11)
    """
    current = day
    remaining = count
    while remaining > 0:
        current -= dt.timedelta(days=1)
        remaining -= is_working_day(current)
    return current
