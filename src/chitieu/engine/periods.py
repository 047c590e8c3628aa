"""The periods the engine computes for a year, as rows of the ``periods`` table."""

from __future__ import annotations

from dataclasses import dataclass

from chitieu.domain import Period, PeriodKind, periods_of_year


@dataclass(frozen=True, slots=True)
class PeriodRow:
    """A period with its month bounds relative to the year (start 0–11, end 1–12)."""

    kind: PeriodKind
    label: str
    start_m: int
    end_m: int


def period_rows(year: int) -> list[PeriodRow]:
    """Months, quarters, year-to-date quarters and the year."""
    return [_row(p, year) for p in periods_of_year(year)]


def _row(period: Period, year: int) -> PeriodRow:
    start_m = (period.start.year - year) * 12 + period.start.month - 1
    end_m = (period.end.year - year) * 12 + period.end.month - 1
    return PeriodRow(period.kind, period.label, start_m, end_m)


KINDS = tuple(kind.value for kind in PeriodKind)
