"""Manual values (numerator and denominator entered by hand with evidence) for the manual
indicators, per quarter, for every unit holding a target row of them.

A row holds the quarter's own counts (a year to date sums the quarters); the numerator is the
denominator times the unit's mean monthly share over the quarter, as for dossiers; the evidence
is the unit's report number and date, a few working days after the quarter.

Only the quarters whose report is dated today or before are written: a
manual value is a quarter's own count, reported once the quarter is over, so a quarter still
running (or just ended, its report not yet sent) has none. A figure "to date" would be a partial
count the unit replaces later, which is not what an office enters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from chitieu.demo.calendar import DemoCalendar
from chitieu.demo.model import MANUAL_DEFAULT_VOLUME, MANUAL_ROLE_FACTORS, MANUAL_VOLUMES
from chitieu.demo.tree import DemoTree
from chitieu.domain import Indicator, TargetSet
from chitieu.domain.periods import ROMAN_QUARTERS, Quarter
from chitieu.text import fold

FloatArray = npt.NDArray[np.float64]

QUARTERS = 4


@dataclass(frozen=True, slots=True)
class ManualValue:
    """One row of ``manual.csv``."""

    indicator: str
    unit_code: str
    period: str
    numerator: int
    denominator: int
    evidence: str
    entered_by: str

    def row(self) -> tuple[str | int, ...]:
        """The CSV row."""
        return (
            self.indicator,
            self.unit_code,
            self.period,
            self.numerator,
            self.denominator,
            self.evidence,
            self.entered_by,
        )


def draw_manual(
    tree: DemoTree,
    target_set: TargetSet,
    indicator: Indicator,
    shares: FloatArray,
    focal_points: Sequence[str],
    calendar: DemoCalendar,
    rng: np.random.Generator,
) -> list[ManualValue]:
    """Four quarters of values for each handler holding a target row of ``indicator`` (the
    quarters reported by today in the current year); ``shares[h, m]`` is handler h's monthly
    share, ``focal_points[h]`` the official who enters its figures."""
    rows = [t for t in target_set.targets if t.indicator == indicator.code]
    volume = MANUAL_VOLUMES.get(indicator.code, MANUAL_DEFAULT_VOLUME)
    values: list[ManualValue] = []
    for handler, unit in enumerate(tree.handlers):
        if not any(tree.holds(handler, row) for row in rows):
            continue
        typical = volume * MANUAL_ROLE_FACTORS[tree.roles[handler].value]
        size = typical * np.exp(0.5 * rng.standard_normal())
        denominators = np.maximum(1, np.rint(size * np.exp(0.2 * rng.standard_normal(QUARTERS))))
        for q in range(QUARTERS):
            share = float(shares[handler, 3 * q : 3 * q + 3].mean())
            numerator = min(round(share * denominators[q]), int(denominators[q]))
            reported, evidence = _evidence(unit.name, indicator.name, q + 1, calendar, rng)
            if not calendar.has_happened(reported):
                continue
            values.append(
                ManualValue(
                    indicator=indicator.code,
                    unit_code=unit.code,
                    period=Quarter(target_set.year, q + 1).label,
                    numerator=numerator,
                    denominator=int(denominators[q]),
                    evidence=evidence,
                    entered_by=focal_points[handler],
                )
            )
    return values


def _evidence(
    unit_name: str, topic: str, quarter: int, calendar: DemoCalendar, rng: np.random.Generator
) -> tuple[int, str]:
    """The day number of the unit's quarterly report, and the evidence naming it."""
    end = calendar.day(Quarter(calendar.year, quarter).end)
    day = calendar.add_working_days(
        np.array([end], dtype=np.int64), np.array([rng.integers(2, 9)], dtype=np.int64)
    )
    date = calendar.date(int(day[0]))
    number = int(rng.integers(1, 400))
    subject = topic[0].lower() + topic[1:]
    return int(day[0]), (
        f"Báo cáo số {number}/BC-{abbreviation(unit_name)} ngày {date:%d/%m/%Y} "
        f"về {subject} quý {ROMAN_QUARTERS[quarter - 1]}/{calendar.year}"
    )


def abbreviation(name: str) -> str:
    """The initials an office puts after "BC-": ``Sở Tư pháp`` → ``STP``, a people's committee
    → ``UBND``."""
    folded = fold(name)
    if folded.startswith(("uy ban nhan dan", "ubnd")):
        return "UBND"
    return "".join(word[0] for word in folded.split() if word != "va").upper()
