"""The demo's calendar: the days around a year as arrays, working days, Tết, and how busy each
day of the year is at the one-stop desks.

Day arrays run from 1 January of the year before to 31 December of the year after, so that due
dates of December dossiers and late publications of January have a place; ``first`` is the index
of 1 January of the year itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import holidays
import numpy as np
import numpy.typing as npt

from chitieu.demo.model import MONTH_FACTORS, SATURDAY_FACTOR, TET_EFFECT
from chitieu.domain.workdays import is_working_day
from chitieu.errors import ChitieuError

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

TET: Mapping[int, dt.date] = {
    2015: dt.date(2015, 2, 19),
    2016: dt.date(2016, 2, 8),
    2017: dt.date(2017, 1, 28),
    2018: dt.date(2018, 2, 16),
    2019: dt.date(2019, 2, 5),
    2020: dt.date(2020, 1, 25),
    2021: dt.date(2021, 2, 12),
    2022: dt.date(2022, 2, 1),
    2023: dt.date(2023, 1, 22),
    2024: dt.date(2024, 2, 10),
    2025: dt.date(2025, 1, 29),
    2026: dt.date(2026, 2, 17),
    2027: dt.date(2027, 2, 6),
    2028: dt.date(2028, 1, 26),
    2029: dt.date(2029, 2, 13),
    2030: dt.date(2030, 2, 2),
    2031: dt.date(2031, 1, 23),
    2032: dt.date(2032, 2, 11),
    2033: dt.date(2033, 1, 31),
    2034: dt.date(2034, 2, 19),
    2035: dt.date(2035, 2, 8),
    2036: dt.date(2036, 1, 28),
    2037: dt.date(2037, 2, 15),
    2038: dt.date(2038, 2, 4),
    2039: dt.date(2039, 1, 24),
    2040: dt.date(2040, 2, 12),
}
"""The first day of the lunar year (Tết Nguyên Đán) in Việt Nam's calendar, which differs from
China's in some years (2030); checked against the ``holidays`` package in the tests."""

SECONDS_PER_DAY = 86_400


def tet(year: int) -> dt.date:
    """The first day of Tết in ``year``; ``ChitieuError`` outside the table."""
    try:
        return TET[year]
    except KeyError:
        raise ChitieuError(
            f"chưa có ngày Tết của năm {year} (bảng có {min(TET)}–{max(TET)})"
        ) from None


@dataclass(frozen=True, slots=True)
class DemoCalendar:
    """The days around ``year`` as arrays indexed by day number (0 = 1 January of the year
    before).

    ``working_index[d]`` counts the working days up to and including day ``d``;
    ``working_days[w - 1]`` is the day of the ``w``-th working day. ``weight`` holds, for each day
    of the year itself, how many dossiers the desks receive on it relative to an ordinary working
    day: Saturdays little, Sundays and holidays nothing, the month's factor, the rush before Tết
    and the slow weeks after it.
    """

    year: int
    origin: dt.date
    first: int
    days_in_year: int
    working: BoolArray
    working_index: IntArray
    working_days: IntArray
    month: IntArray
    weight: FloatArray
    cutoff: int
    """The day number of the first day that has not happened yet: ``end`` for a past year, the
    day after today for the current one. Nothing the demo writes happens on or after it."""
    today: int | None = None
    """Today's day number (beyond the arrays for an old year); ``None`` when not given."""

    @classmethod
    def of(cls, year: int, today: dt.date | None = None) -> DemoCalendar:
        """The calendar of ``year``, its events stopping at the end of ``today`` when ``today``
        falls within the year (a past year runs to its end)."""
        origin = dt.date(year - 1, 1, 1)
        end = dt.date(year + 2, 1, 1)
        days = [origin + dt.timedelta(days=i) for i in range((end - origin).days)]
        working = np.array([is_working_day(day) for day in days], dtype=np.bool_)
        first = (dt.date(year, 1, 1) - origin).days
        days_in_year = (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days
        year_days = days[first : first + days_in_year]
        month = np.array([day.month - 1 for day in year_days], dtype=np.int64)
        weight = np.where(working[first : first + days_in_year], 1.0, 0.0)
        # Some desks open on Saturday mornings, never on a public holiday that falls on one.
        public = holidays.country_holidays("VN", years=[year])
        saturdays = np.array(
            [day.weekday() == 5 and day not in public for day in year_days], dtype=np.bool_
        )
        weight[saturdays] = SATURDAY_FACTOR
        weight *= np.asarray(MONTH_FACTORS, dtype=np.float64)[month]
        weight *= _tet_factors(year, year_days)
        return cls(
            year=year,
            origin=origin,
            first=first,
            days_in_year=days_in_year,
            working=working,
            working_index=np.cumsum(working, dtype=np.int64),
            working_days=np.flatnonzero(working).astype(np.int64),
            month=month,
            weight=weight,
            cutoff=first + days_in_year
            if today is None or today.year != year
            else (today - origin).days + 1,
            today=None if today is None else (today - origin).days,
        )

    @property
    def end(self) -> int:
        """The day number of 1 January of the next year."""
        return self.first + self.days_in_year

    @property
    def stopped(self) -> bool:
        """Whether the data is taken before the year's end (the current year, up to today)."""
        return self.cutoff < self.end

    def has_happened(self, day: int) -> bool:
        """Whether a day is today or before (any day, when today was not given)."""
        return self.today is None or day <= self.today

    def happened_weight(self) -> FloatArray:
        """``weight`` of the days that have happened, 0 for the days after today: how events are
        spread over the days they can have taken place on."""
        if not self.stopped:
            return self.weight
        days = np.arange(self.first, self.end, dtype=np.int64)
        return np.where(days < self.cutoff, self.weight, 0.0)

    def month_volume(self) -> FloatArray:
        """The weight of each month of the year (the sum of its days' weights)."""
        volume = np.zeros(12, dtype=np.float64)
        np.add.at(volume, self.month, self.weight)
        return volume

    def date(self, day: int) -> dt.date:
        """The date of a day number."""
        return self.origin + dt.timedelta(days=int(day))

    def day(self, date: dt.date) -> int:
        """The day number of a date."""
        return (date - self.origin).days

    def add_working_days(self, day: IntArray, count: IntArray) -> IntArray:
        """The ``count``-th working day after each ``day`` (``day`` not counted); for a count of 0
        the day itself when it is a working day, else the next working day.

        Past the calendar's end the last working day is returned; the demo never asks that far.
        """
        on_rest_day = (count == 0) & ~self.working[day]
        index = self.working_index[day] - 1 + count + on_rest_day
        last = len(self.working_days) - 1
        return np.asarray(self.working_days[np.minimum(index, last)], dtype=np.int64)

    def timestamps(self, seconds: IntArray) -> npt.NDArray[np.datetime64]:
        """Local timestamps (``datetime64[s]``) of seconds since the origin's midnight."""
        return np.datetime64(self.origin.isoformat(), "s") + seconds.astype("timedelta64[s]")


def _tet_factors(year: int, days: list[dt.date]) -> FloatArray:
    factors = np.ones(len(days), dtype=np.float64)
    first_day = tet(year)
    for index, day in enumerate(days):
        offset = (day - first_day).days
        for start, stop, factor in TET_EFFECT:
            if start <= offset <= stop:
                factors[index] = factor
    return factors
