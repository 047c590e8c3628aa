"""How each unit of the demo behaves: its volume, its skill, and, for each indicator, the share of
its dossiers (or procedures, publications, feedback items, documents) that count in the
numerator, month by month.

For a unit and an indicator with a target row, the unit's *factor* is the indicator's attainment
times a log-normal draw that follows the unit's skill (leaders high on most indicators, laggards
low); its *aim* is min(100%, factor × the row's annual target, or factor × where the unit stood
if that is higher). Its monthly share moves from near the decision's latest baseline in January
along a saturating curve (faster for skilled units) to a December level solved so that the
year-to-date value at Q4 is the aim; where that would take more than 100%, December is 100% and
the unit falls short. Whether a unit meets each quarter's milestone follows from its curve, so
some do and others do not. An indicator without a baseline starts at factor × the first
quarter's milestone instead; one measured "as at the end" (``Behaviour.as_at_end``) ends at its
aim in December; a unit without a target row for an indicator stays at the indicator's
untargeted value times its factor all year.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from chitieu.demo.model import (
    BASELINE_SPREAD,
    BEHAVIOURS,
    COMMITTEE_VOLUME,
    DEFAULT_BEHAVIOUR,
    LATE_RATE,
    LATE_SPREAD,
    LEVEL_SHARES,
    MONTHLY_NOISE,
    OFFICIALS_MAX,
    OFFICIALS_MIN,
    RAMP_MONTHS,
    RAMP_SKILL,
    RATED_SHARE,
    SKILL_CORRELATION,
    VOLUME_SPREAD,
    Behaviour,
)
from chitieu.demo.tree import DemoTree, Role
from chitieu.domain import Target, TargetSet

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

MONTHS = 12


def behaviour(indicator: str) -> Behaviour:
    """How the province fares on an indicator."""
    return BEHAVIOURS.get(indicator, DEFAULT_BEHAVIOUR)


@dataclass(frozen=True, slots=True)
class Standing:
    """Where the handlers stand on one indicator: ``aim[h]`` is the year-to-date share aimed at
    for Q4 (0..1), ``start[h]`` January's point of departure."""

    aim: FloatArray
    start: FloatArray


@dataclass(frozen=True, slots=True)
class UnitProfiles:
    """The handlers' volumes, skills, and what follows from them.

    ``volume`` sums to 1 over the handlers. ``skill`` is a standard normal draw per handler.
    ``late_rate`` is the share of dossiers a handler finishes after the due date; ``rated_share``
    the share of finished dossiers that are rated; ``officials`` the number of officials who
    handle them.
    """

    tree: DemoTree
    target_set: TargetSet
    volume: FloatArray
    skill: FloatArray
    late_rate: FloatArray
    rated_share: FloatArray
    officials: IntArray
    rng: np.random.Generator

    @classmethod
    def build(
        cls,
        tree: DemoTree,
        target_set: TargetSet,
        sector_volume: FloatArray,
        rng: np.random.Generator,
    ) -> UnitProfiles:
        """Draw the handlers' profiles; ``sector_volume`` scales each one's volume by what it
        does (land registration is busier than science licences)."""
        n = len(tree.handlers)
        raw = sector_volume * np.exp(
            np.array([VOLUME_SPREAD[tree.level(i)] for i in range(n)]) * rng.standard_normal(n)
        )
        divisions = tree.indices(Role.DIVISION)
        if divisions:
            raw[tree.indices(Role.COMMITTEE)] = COMMITTEE_VOLUME * float(np.median(raw[divisions]))
        volume = np.zeros(n, dtype=np.float64)
        levels = np.array([tree.level(i) for i in range(n)])
        present = {str(level) for level in levels}
        share_total = sum(LEVEL_SHARES[level] for level in present)
        for level in present:
            rows = levels == level
            volume[rows] = raw[rows] / raw[rows].sum() * LEVEL_SHARES[level] / share_total
        skill = rng.standard_normal(n)
        late = LATE_RATE * np.exp(-0.5 * skill + LATE_SPREAD * rng.standard_normal(n))
        rated = RATED_SHARE * np.exp(0.35 * rng.standard_normal(n))
        span = OFFICIALS_MAX - OFFICIALS_MIN
        officials = np.rint(OFFICIALS_MIN + span * np.sqrt(volume / volume.max())).astype(np.int64)
        return cls(
            tree=tree,
            target_set=target_set,
            volume=volume,
            skill=skill,
            late_rate=np.clip(late, 0.002, 0.4),
            rated_share=np.clip(rated, 0.05, 0.95),
            officials=officials,
            rng=rng,
        )

    def factor(self, indicator: str) -> FloatArray:
        """Each handler's factor on an indicator: the attainment times a draw that follows its
        skill. Drawn anew at each call: ask once per indicator."""
        how = behaviour(indicator)
        own = self.rng.standard_normal(len(self.skill))
        mixed = SKILL_CORRELATION * self.skill + np.sqrt(1 - SKILL_CORRELATION**2) * own
        return np.asarray(how.attainment * np.exp(how.spread * mixed), dtype=np.float64)

    def standing(self, indicator: str) -> Standing:
        """Where the handlers stand on an indicator (see the module's docstring)."""
        factor = self.factor(indicator)
        rows = [t for t in self.target_set.targets if t.indicator == indicator]
        baseline = _baseline(rows, self.target_set.year)
        n = len(factor)
        aim = np.empty(n, dtype=np.float64)
        start = np.empty(n, dtype=np.float64)
        wobble = BASELINE_SPREAD * self.rng.standard_normal(n)
        untargeted = behaviour(indicator).untargeted / 100
        for h in range(n):
            row = next((t for t in rows if self.tree.holds(h, t)), None)
            if row is None:
                aim[h] = min(1.0, untargeted * factor[h])
                start[h] = aim[h]
                continue
            if baseline is None:
                aim[h] = min(1.0, row.annual / 100 * factor[h])
                start[h] = min(aim[h], _first_milestone(row) / 100 * factor[h])
            else:
                start[h] = _around(baseline / 100, wobble[h])
                # A unit already above its target aims around where it stood, not back down.
                aim[h] = min(1.0, max(row.annual / 100, start[h]) * factor[h])
        return Standing(aim, start)

    def monthly(self, indicator: str, month_volume: FloatArray) -> FloatArray:
        """``p[h, m]``: the share of handler h's events of month m that count in the numerator."""
        pace = RAMP_MONTHS * np.exp(-RAMP_SKILL * self.skill)
        return monthly_shares(
            self.standing(indicator),
            pace,
            month_volume,
            behaviour(indicator).as_at_end,
            self.rng,
        )


def monthly_shares(
    standing: Standing,
    pace: FloatArray,
    month_volume: FloatArray,
    as_at_end: bool,
    rng: np.random.Generator,
) -> FloatArray:
    """Each handler's monthly shares: from ``start`` along 1 − exp(−t/pace) (t in months, scaled
    to reach 1 in December) to a December level that puts the year to date (or December itself,
    ``as_at_end``) on the aim, capped at 100%; then a little wobble."""
    aim, start = standing.aim[:, None], standing.start[:, None]
    months = np.arange(MONTHS, dtype=np.float64) + 0.5
    curve = 1.0 - np.exp(-months[None, :] / pace[:, None])
    curve /= curve[:, -1:]
    if as_at_end:
        december = aim
    else:
        mean_curve = (curve * month_volume).sum(axis=1, keepdims=True) / month_volume.sum()
        december = start + (aim - start) / mean_curve
    december = np.clip(december, 0.0, 1.0)
    shares = start + (december - start) * curve
    # Wobble the shortfall, not the share, so that a unit at 100% stays there.
    shortfall = (1.0 - shares) * np.exp(MONTHLY_NOISE * rng.standard_normal(shares.shape))
    return np.asarray(np.clip(1.0 - shortfall, 0.0, 1.0), dtype=np.float64)


def _around(share: float, shift: float) -> float:
    """A share moved by ``shift`` on the logit scale: 0% and 100% stay where they are, a share
    near either end moves little."""
    if share <= 0.0 or share >= 1.0:
        return min(max(share, 0.0), 1.0)
    return float(1.0 / (1.0 + np.exp(-(np.log(share / (1.0 - share)) + shift))))


def _first_milestone(row: Target) -> float:
    """The milestone of the first quarter the row sets, else its annual target."""
    if not row.milestones:
        return row.annual
    return min(row.milestones, key=lambda m: m.quarter).value


def _baseline(rows: Sequence[Target], year: int) -> float | None:
    """The latest baseline before the year among the rows of an indicator."""
    values: Mapping[int, float] = {
        b.year: b.value for row in rows for b in row.baselines if b.year < year
    }
    return values[max(values)] if values else None
