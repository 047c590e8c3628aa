"""What an evaluation says about a unit, an indicator and a quarter, and its summaries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from chitieu.domain import OrgUnit, Target

# Overrides are domain objects; the alias re-exports it (mypy strict) for the evaluation's callers.
from chitieu.domain import Override as Override  # noqa: PLC0414


class Status(StrEnum):
    """Where a unit stands against a quarter's milestone: đạt / không đạt; «không phát sinh»
    when its value is 0/0 (data was received, but nothing it handled falls under the indicator);
    «chưa có số liệu» when no value was received or computed for it at all."""

    MET = "met"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"
    NO_DATA = "no_data"

    @property
    def judged(self) -> bool:
        """Whether the unit was measured against the milestone (met or not met)."""
        return self in (Status.MET, Status.NOT_MET)


class Outlook(StrEnum):
    """Whether the projected year-end value reaches the annual target."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"


@dataclass(frozen=True, slots=True)
class Assignment:
    """A unit holding a target: the annex row (with the unit's override applied, if any), its
    index in the target set, and whether the row names the unit (rather than its level)."""

    unit: OrgUnit
    target: Target
    row: int = 0
    named: bool = False
    overridden: bool = False

    @property
    def indicator(self) -> str:
        """The indicator the target is on (assignments are made only for mapped targets)."""
        return self.target.indicator or ""


@dataclass(frozen=True, slots=True)
class BaselineComparison:
    """A value against a baseline year's: ``change`` in percentage points (``None`` without a
    value)."""

    year: int
    baseline: float
    change: float | None


@dataclass(frozen=True, slots=True)
class UnitEvaluation:
    """One unit, indicator and quarter, judged on the unit's tier value.

    ``gap`` is value − milestone in percentage points (negative when short); ``needed`` the count
    still needed to reach the milestone (0 when met, ``None`` when it cannot be reached or there is
    no data); ``projection`` the year-end value the unit's own pace leads to; ``rank`` 1 for the
    best among units of the same level on the same indicator (``None`` without a value);
    ``row`` the index of the annex row in the target set; ``ranked`` how many units of the level
    have a rank (``rank`` of ``ranked``: «Hạng 12/111»); ``overridden`` whether the unit's own
    target replaced the annex's; ``provisional`` whether the quarter had not ended when it was
    judged (the value so far against the milestone: «tạm tính»).
    """

    unit: OrgUnit
    target: Target
    period: str
    numerator: float | None
    denominator: float | None
    value: float | None
    milestone: float
    annual: float
    status: Status
    gap: float | None
    needed: int | None
    projection: float | None
    outlook: Outlook | None
    rank: int | None
    source: str | None
    baselines: tuple[BaselineComparison, ...] = ()
    row: int = 0
    named: bool = False
    overridden: bool = False
    provisional: bool = False
    ranked: int = 0

    @property
    def indicator(self) -> str:
        """The indicator's code."""
        return self.target.indicator or ""


@dataclass(frozen=True, slots=True)
class LevelSummary:
    """How the units of one level holding one annex row did in a quarter. ``milestone`` is the
    row's (a unit's override may differ)."""

    indicator: str
    task: str
    level: str
    period: str
    milestone: float
    units: int
    met: int
    not_met: int
    no_data: int
    not_applicable: int = 0


@dataclass(frozen=True, slots=True)
class ProvinceValue:
    """The province's own value of an indicator (the root's whole subtree) against the
    decision's baselines."""

    indicator: str
    task: str
    period: str
    numerator: float | None
    denominator: float | None
    value: float | None
    source: str | None
    baselines: tuple[BaselineComparison, ...]


@dataclass(frozen=True, slots=True)
class Evaluation:
    """A quarter's evaluation: one row per unit holding a target and indicator, the per-level
    summaries and the province's values; ``warnings`` in Vietnamese (unknown named units,
    overrides that change nothing, targets without an indicator); ``provisional`` when the
    quarter had not ended on ``as_of``, the day it was evaluated."""

    period: str
    basis: str
    rows: tuple[UnitEvaluation, ...]
    levels: tuple[LevelSummary, ...]
    province: tuple[ProvinceValue, ...]
    warnings: tuple[str, ...] = field(default=())
    provisional: bool = False
    as_of: date | None = None
