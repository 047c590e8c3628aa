"""Quarters and periods in local time."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from chitieu.domain import Basis, Period, PeriodKind, Quarter, periods_of_year
from chitieu.domain.periods import (
    MAX_YEAR,
    MIN_YEAR_ENV,
    label_year_problem,
    min_year,
    year_problem,
)
from chitieu.errors import ChitieuError


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


def test_the_earliest_year_is_2000_or_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MIN_YEAR_ENV, raising=False)
    assert min_year() == 2000
    monkeypatch.setenv(MIN_YEAR_ENV, " 1995 ")
    assert min_year() == 1995
    assert year_problem(1996) is None
    assert year_problem(1994) == (
        "năm 1994 trước năm 1995, năm sớm nhất được nhận (biến môi trường CHITIEU_MIN_YEAR)"
    )
    monkeypatch.setenv(MIN_YEAR_ENV, "")
    assert min_year() == 2000


@pytest.mark.parametrize("written", ["abc", "999", "2101", "2000.0", "-2000", "２０００"])
def test_a_wrong_earliest_year_is_one_vietnamese_sentence(
    written: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MIN_YEAR_ENV, written)
    with pytest.raises(ChitieuError) as refused:
        min_year()
    assert refused.value.message == (
        f"CHITIEU_MIN_YEAR phải là một năm viết bằng số, từ 1000 đến 2100, không phải «{written}»"
    )


def test_years_of_dates_and_periods(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MIN_YEAR_ENV, raising=False)
    assert year_problem(MAX_YEAR) is None
    assert year_problem(2000) is None
    assert year_problem(24) == (
        "năm 0024 trước năm 2000, năm sớm nhất được nhận (biến môi trường CHITIEU_MIN_YEAR)"
    )
    assert year_problem(9999) == "năm 9999 sau năm 2100, không phải một năm hợp lý"
    assert [label_year_problem(p) is None for p in ("2024-Q1", "2024-03", "2024", "Q1")] == [
        True,
        True,
        True,
        True,
    ]
    assert label_year_problem("0000-Q1") == (
        "năm 0000 trước năm 2000, năm sớm nhất được nhận (biến môi trường CHITIEU_MIN_YEAR)"
    )
    assert label_year_problem("9999-03") == "năm 9999 sau năm 2100, không phải một năm hợp lý"


@pytest.mark.parametrize("label", ["9999-Q1", "0000-Q1", "Quý I/9999", "Q2/1800"])
def test_a_quarter_of_an_impossible_year_is_refused(
    label: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(MIN_YEAR_ENV, raising=False)
    with pytest.raises(ValueError, match=f"«{re.escape(label)}» không phải một quý hợp lệ: năm "):
        Quarter.parse(label)
