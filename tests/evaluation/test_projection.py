"""The year-end projection and outlook on constructed monthly series, against hand computation."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from chitieu.evaluation import Outlook, outlook, project_year_end

Counts = dict[int, tuple[float, float]]


def _series(counts: Sequence[tuple[float, float]]) -> Counts:
    return dict(enumerate(counts, 1))


STEADY = _series([(60, 100)] * 9)
# Online share rising 10 points a month: 10 %, 20 %, …, 90 % of 100 dossiers.
ACCELERATING = _series([(10 * m, 100) for m in range(1, 10)])
# 80 % for half a year, then no online dossier at all while the counter goes on.
STALLED_SHARE = _series([(80, 100)] * 6 + [(0, 100)] * 3)
# 80 % for half a year, then nothing handled at all.
STALLED_VOLUME = _series([(80, 100)] * 6)
# Last year: 50 % of 100 dossiers a month, but December triples its volume at 20 % online.
LAST_YEAR = _series([(50, 100)] * 11 + [(60, 300)])

# series, through month, last year → projected value (%), pace of the last 3 months (%), by hand
CASES = [
    # 60 % every month stays 60 %.
    ("steady", STEADY, 9, None, 60.0, 60.0),
    # ytd 450/900 = 50 %; last 3 months 240/300 = 80 % kept on 100 a month:
    # (450 + 240) / (900 + 300) = 57.5 %, above the ytd value, not extrapolated beyond 80 %.
    ("accelerating", ACCELERATING, 9, None, 57.5, 80.0),
    # ytd 480/900 = 53.33 %; the last 3 months are 0 %: (480 + 0) / (900 + 300) = 40 %.
    ("stalled share", STALLED_SHARE, 9, None, 40.0, 0.0),
    # Nothing in the last 3 months: nothing more is projected, the year stays 480/600 = 80 %.
    ("stalled volume", STALLED_VOLUME, 9, None, 80.0, None),
    # Oct, Nov: 100 dossiers at 60 %; Dec: 100 × 300/100 = 300 dossiers at 60 + (20 − 50) = 30 %:
    # (540 + 60 + 60 + 90) / (900 + 100 + 100 + 300) = 750 / 1400 = 53.571 %.
    ("seasonal", STEADY, 9, LAST_YEAR, 750 / 1400 * 100, 60.0),
    # Q1: months 1–3 at 60 %, steady for 9 more months.
    ("first quarter", _series([(60, 100)] * 3), 3, None, 60.0, 60.0),
    # Q4: the year is over, the projection is the year's value (ytd 540+70·3 / 1200).
    ("year over", _series([(60, 100)] * 9 + [(70, 100)] * 3), 12, None, 62.5, 70.0),
]


@pytest.mark.parametrize(
    ("name", "months", "through", "last_year", "expected", "pace"),
    CASES,
    ids=[case[0] for case in CASES],
)
def test_projection_by_hand(
    name: str,
    months: Counts,
    through: int,
    last_year: Counts | None,
    expected: float,
    pace: float | None,
) -> None:
    projection = project_year_end(months, through, last_year=last_year)
    assert projection is not None
    assert projection.value == pytest.approx(expected)
    if pace is None:
        assert projection.pace is None
    else:
        assert projection.pace == pytest.approx(pace)
    assert projection.seasonal is (last_year is not None and through < 12)


def test_seasonality_changes_the_outlook() -> None:
    plain = project_year_end(STEADY, 9)
    seasonal = project_year_end(STEADY, 9, last_year=LAST_YEAR)
    assert plain is not None
    assert seasonal is not None
    assert outlook(plain.value, 55.0) is Outlook.ON_TRACK
    assert outlook(seasonal.value, 55.0) is Outlook.AT_RISK


def test_a_partial_last_year_gives_no_seasonality() -> None:
    partial = {m: c for m, c in LAST_YEAR.items() if m != 4}
    projection = project_year_end(STEADY, 9, last_year=partial)
    assert projection is not None
    assert not projection.seasonal
    assert projection.value == pytest.approx(60.0)


def test_seasonal_share_is_kept_within_100_percent() -> None:
    # Last year December was 40 points above the window's 50 %: 90 + 40 would be 130 %.
    last_year = _series([(50, 100)] * 11 + [(90, 100)])
    projection = project_year_end(_series([(90, 100)] * 9), 9, last_year=last_year)
    assert projection is not None
    # Oct, Nov at 90 %, Dec at 100 %: (810 + 90 + 90 + 100) / 1200
    assert projection.value == pytest.approx(1090 / 1200 * 100)


def test_accelerating_is_on_track_only_if_its_recent_pace_is_enough() -> None:
    projection = project_year_end(ACCELERATING, 9)
    assert projection is not None
    assert outlook(projection.value, 57.5) is Outlook.ON_TRACK
    assert outlook(projection.value, 60.0) is Outlook.AT_RISK


def test_stalled_is_at_risk() -> None:
    projection = project_year_end(STALLED_SHARE, 9)
    assert projection is not None
    assert outlook(projection.value, 50.0) is Outlook.AT_RISK


def test_no_series_no_projection() -> None:
    assert project_year_end({}, 9) is None
    assert project_year_end({10: (5, 10)}, 9) is None
    assert outlook(None, 50.0) is None


def test_months_after_the_quarter_are_not_used() -> None:
    later = {**STEADY, 10: (0.0, 1000.0)}
    projection = project_year_end(later, 9)
    assert projection is not None
    assert projection.value == pytest.approx(60.0)


def test_a_longer_window() -> None:
    # Window of 6 over the accelerating series: months 4–9, 390/600 = 65 % on 100 a month:
    # (450 + 195) / 1200 = 53.75 %.
    projection = project_year_end(ACCELERATING, 9, window=6)
    assert projection is not None
    assert projection.value == pytest.approx(53.75)


def test_month_out_of_range() -> None:
    with pytest.raises(ValueError, match=r"1\.\.12"):
        project_year_end(STEADY, 13)
