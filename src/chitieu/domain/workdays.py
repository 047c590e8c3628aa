"""Working days in Việt Nam: Monday to Friday except public holidays (the ``holidays`` package,
which follows the lunar calendar for Tết and Giỗ Tổ Hùng Vương), with the government's swaps of
working days: a weekday given off to bridge a holiday and the Saturday or Sunday worked in
exchange (Saturday 4 May 2024 was worked for Monday 29 April).

The swaps come from two places, both read once: the weekend days the ``holidays`` package knows
were worked (``weekend_workdays``, the other half of the days off it lists), and the bundled
``data/workday_swaps.toml`` (per year, ``off`` and ``worked`` days, each swap with the
announcement it comes from), which adds the swaps the installed package may not know.

A home's own swaps (a province announcing its own) are not read: the calendar is the engine's
table as well as the letters' dates, computed where no home is at hand.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import holidays

from chitieu.errors import ChitieuError

SWAPS_FILE = Path(__file__).resolve().parent / "data" / "workday_swaps.toml"
"""The bundled swaps of working days (per year: ``off`` and ``worked`` days)."""


@dataclass(frozen=True, slots=True)
class Swaps:
    """Days that are not what the week and the public holidays make them: weekdays off, and
    Saturdays or Sundays worked."""

    off: frozenset[dt.date] = frozenset()
    worked: frozenset[dt.date] = frozenset()


def _days(where: str, value: object) -> frozenset[dt.date]:
    if not isinstance(value, list) or not all(
        isinstance(d, dt.date) and not isinstance(d, dt.datetime) for d in value
    ):
        raise ChitieuError(
            f"{where}: phải là một danh sách ngày viết năm-tháng-ngày, ví dụ [2024-05-04]"
        )
    return frozenset(value)


def parse_swaps(text: str, source: str) -> Swaps:
    """The swaps written in ``text`` (TOML: a table per year with the lists ``off`` and
    ``worked``), or a Vietnamese sentence naming ``source`` and what is wrong.

    >>> parse_swaps("[2024]\\noff = [2024-04-29]\\nworked = [2024-05-04]", "x").worked
    frozenset({datetime.date(2024, 5, 4)})
    """
    try:
        data: Mapping[str, object] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ChitieuError(f"{source}: không đọc được tệp ngày làm việc ({error})") from error
    off: set[dt.date] = set()
    worked: set[dt.date] = set()
    for year, table in data.items():
        if not year.isdigit() or not isinstance(table, dict):
            raise ChitieuError(f"{source}: «{year}» phải là một năm, ví dụ [2024]")
        unknown = set(table) - {"off", "worked"}
        if unknown:
            raise ChitieuError(
                f"{source}, năm {year}: chỉ có «off» (ngày nghỉ thêm) và «worked» (ngày làm bù), "
                f"không có «{', '.join(sorted(unknown))}»"
            )
        for key, found in (("off", off), ("worked", worked)):
            days = _days(f"{source}, năm {year}, «{key}»", table.get(key, []))
            wrong = sorted(d for d in days if d.year != int(year))
            if wrong:
                raise ChitieuError(
                    f"{source}, năm {year}: ngày {wrong[0]:%d/%m/%Y} không thuộc năm {year}"
                )
            found.update(days)
    both = sorted(off & worked)
    if both:
        raise ChitieuError(f"{source}: ngày {both[0]:%d/%m/%Y} vừa là ngày nghỉ vừa là ngày làm bù")
    return Swaps(frozenset(off), frozenset(worked))


@cache
def bundled_swaps() -> Swaps:
    """The swaps of ``data/workday_swaps.toml``, read once."""
    return parse_swaps(SWAPS_FILE.read_text(encoding="utf-8"), str(SWAPS_FILE))


@cache
def _year(year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    """The year's days off (public holidays and swapped days) and weekend days worked."""
    known = holidays.country_holidays("VN", years=[year])
    swaps = bundled_swaps()
    package_worked = {d for d in getattr(known, "weekend_workdays", ()) if d.year == year}
    worked = package_worked | {d for d in swaps.worked if d.year == year}
    off = (set(known.keys()) | {d for d in swaps.off if d.year == year}) - worked
    return frozenset(off), frozenset(worked)


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday, not a public holiday nor a day given off in a swap; or a Saturday or
    Sunday worked in a swap.

    >>> is_working_day(dt.date(2024, 5, 4)), is_working_day(dt.date(2024, 4, 29))
    (True, False)
    """
    off, worked = _year(day.year)
    if day in worked:
        return True
    return day.weekday() < 5 and day not in off


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
    >>> add_working_days(dt.date(2024, 4, 26), 2)  # 29 April to 1 May off, Saturday 4 May worked
    datetime.date(2024, 5, 3)
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
