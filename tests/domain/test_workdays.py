"""Working days: the week, the public holidays, and the swaps of working days (a weekday given
off to bridge a holiday, a Saturday worked in exchange)."""

from __future__ import annotations

from datetime import date

import pytest

from chitieu.domain.workdays import (
    add_working_days,
    bundled_swaps,
    calendar,
    is_working_day,
    parse_swaps,
    working_days_before,
)
from chitieu.errors import ChitieuError


def test_the_2024_bridge_of_30_april() -> None:
    # Công văn 2450/VPCP-KGVX: off from Saturday 27 April to Wednesday 1 May 2024, Monday 29
    # April swapped for Saturday 4 May.
    assert is_working_day(date(2024, 5, 4))
    for day in (date(2024, 4, 27), date(2024, 4, 28), date(2024, 4, 29), date(2024, 4, 30)):
        assert not is_working_day(day), day
    assert not is_working_day(date(2024, 5, 1))
    assert is_working_day(date(2024, 5, 2))
    assert not is_working_day(date(2024, 5, 5))  # the Sunday after stays a Sunday


def test_the_2025_bridge_of_30_april() -> None:
    assert is_working_day(date(2025, 4, 26))
    assert not is_working_day(date(2025, 5, 2))


def test_an_ordinary_saturday_and_a_holiday_are_not_working_days() -> None:
    assert not is_working_day(date(2024, 5, 11))
    assert not is_working_day(date(2024, 9, 2))
    assert is_working_day(date(2024, 5, 10))


def test_counting_working_days_across_the_swap() -> None:
    # Friday 26 April 2024 + 3: Thursday 2, Friday 3 and Saturday 4 May.
    assert add_working_days(date(2024, 4, 26), 3) == date(2024, 5, 4)
    assert add_working_days(date(2024, 4, 26), 4) == date(2024, 5, 6)
    # [w, Monday 6 May) holds three working days: 2, 3 and 4 May.
    assert working_days_before(date(2024, 5, 6), 3) == date(2024, 5, 2)


def test_the_calendar_counts_the_saturday_worked() -> None:
    days = {d.day: d for d in calendar(2024, 2024)}
    assert days[date(2024, 5, 4)].is_working
    assert days[date(2024, 5, 6)].working_index == days[date(2024, 5, 3)].working_index + 2
    assert days[date(2024, 4, 29)].working_index == days[date(2024, 4, 26)].working_index


def test_the_bundled_file_reads_and_every_swap_is_a_weekday_for_a_weekend_day() -> None:
    swaps = bundled_swaps()
    assert date(2024, 5, 4) in swaps.worked
    assert date(2024, 4, 29) in swaps.off
    assert all(d.weekday() >= 5 for d in swaps.worked)
    assert all(d.weekday() < 5 for d in swaps.off)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[2024]\noff = [2024-04-29", "không đọc được"),
        ("[nam]\noff = []", "phải là một năm"),
        ("[2024]\nextra = []", "chỉ có «off»"),
        ('[2024]\noff = ["29/4"]', "danh sách ngày"),
        ("[2024]\noff = [2025-04-29]", "không thuộc năm 2024"),
        ("[2024]\noff = [2024-05-04]\nworked = [2024-05-04]", "vừa là ngày nghỉ"),
    ],
)
def test_a_wrong_swaps_file_is_refused_in_one_sentence(text: str, said: str) -> None:
    with pytest.raises(ChitieuError, match=said):
        parse_swaps(text, "workdays.toml")
