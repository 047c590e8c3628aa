"""The year-end value a unit reaches if it keeps the pace of its last months.

Month by month from the month after the evaluated quarter to December, each month is given

- a volume (denominator): the mean of the last ``window`` months, scaled by last year's volume of
  that month against last year's mean over the same window months (seasonality); and
- a share (numerator / denominator): the share of the last ``window`` months together, moved by
  how much last year's share of that month differed from last year's share over the window
  months (in percentage points, kept within 0–100 %).

The projected value is the year's sums (observed plus projected) as a ratio, like any value.
Seasonality is used only when last year has data in all twelve months: a partial last year would
read missing months as months without dossiers. The pace is kept, not extrapolated: an
accelerating unit is projected at its recent share, not beyond it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from chitieu.evaluation.model import Outlook

MONTHS = range(1, 13)
DEFAULT_WINDOW = 3

Counts = tuple[float, float]
"""A month's numerator and denominator."""


@dataclass(frozen=True, slots=True)
class Projection:
    """A projected year: the totals, the value in percent (``None`` if nothing is projected to
    be measured), the share of the recent months and whether last year's seasonality was used."""

    numerator: float
    denominator: float
    pace: float | None
    seasonal: bool

    @property
    def value(self) -> float | None:
        """The projected year-end value in percent."""
        if self.denominator == 0:
            return None
        return 100.0 * self.numerator / self.denominator


def _complete(last_year: Mapping[int, Counts] | None) -> bool:
    return last_year is not None and all(last_year.get(m, (0.0, 0.0))[1] > 0 for m in MONTHS)


def project_year_end(
    months: Mapping[int, Counts],
    through: int,
    *,
    last_year: Mapping[int, Counts] | None = None,
    window: int = DEFAULT_WINDOW,
) -> Projection | None:
    """Project the year from the months ``1..through`` of ``months`` (month → counts; a missing
    month counted nothing). ``None`` when no month up to ``through`` has a value at all: there is
    no pace to keep.

    >>> steady = {m: (60.0, 100.0) for m in range(1, 10)}
    >>> project_year_end(steady, 9).value
    60.0
    """
    if not 1 <= through <= 12:
        raise ValueError(f"month must be 1..12, not {through}")
    if not any(m <= through for m in months):
        return None
    observed = [months.get(m, (0.0, 0.0)) for m in range(1, through + 1)]
    numerator = sum(n for n, _ in observed)
    denominator = sum(d for _, d in observed)
    recent = range(max(1, through - window + 1), through + 1)
    recent_n = sum(months.get(m, (0.0, 0.0))[0] for m in recent)
    recent_d = sum(months.get(m, (0.0, 0.0))[1] for m in recent)
    seasonal = _complete(last_year)
    if recent_d == 0 or through == 12:
        # Nothing handled lately (or nothing left of the year): the year stays as it is.
        pace = None if recent_d == 0 else 100.0 * recent_n / recent_d
        return Projection(numerator, denominator, pace, seasonal and through < 12)
    volume = recent_d / len(recent)
    share = recent_n / recent_d
    for month in range(through + 1, 13):
        month_volume, month_share = volume, share
        if last_year is not None and seasonal:
            month_volume, month_share = _seasonal(last_year, recent, month, volume, share)
        denominator += month_volume
        numerator += month_volume * month_share
    return Projection(numerator, denominator, 100.0 * share, seasonal)


def _seasonal(
    last_year: Mapping[int, Counts], recent: range, month: int, volume: float, share: float
) -> Counts:
    """A future month's volume and share, shaped by last year's same month against last year's
    window months."""
    base_d = sum(last_year[m][1] for m in recent)
    base_n = sum(last_year[m][0] for m in recent)
    month_n, month_d = last_year[month]
    scaled = volume * month_d / (base_d / len(recent))
    moved = share + (month_n / month_d - base_n / base_d)
    return scaled, min(1.0, max(0.0, moved))


def outlook(projection: float | None, annual: float) -> Outlook | None:
    """``on_track`` when the projected year-end value reaches the annual target, else
    ``at_risk``; ``None`` without a projection."""
    if projection is None:
        return None
    # Projections are estimates: a hair below the target through float error is still on track.
    return Outlook.ON_TRACK if projection >= annual - 1e-9 else Outlook.AT_RISK
