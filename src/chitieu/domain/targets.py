"""Targets (chỉ tiêu): what the decision asks of each level or unit, year and quarter."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from chitieu.domain.periods import Basis


@dataclass(frozen=True, slots=True)
class Milestone:
    """The minimum value of a quarter on the roadmap (lộ trình tối thiểu), in percent."""

    quarter: int
    value: float


@dataclass(frozen=True, slots=True)
class Baseline:
    """A past year's value quoted by the decision (năm cơ sở), in percent."""

    year: int
    value: float


@dataclass(frozen=True, slots=True)
class Target:
    """One row of the annex: a task's target for the levels and units its lead cell names.

    A task split by level (II.2 for departments, district divisions and communes) is one
    ``Target`` per level. ``lead`` and ``coordinating`` are kept as written; ``levels`` and
    ``units`` are what the lead means in the unit tree. ``indicator`` is ``None`` when the task's
    wording maps to no catalogue indicator.
    """

    task: str
    title: str
    indicator: str | None
    lead: str
    coordinating: str
    levels: tuple[str, ...]
    units: tuple[str, ...]
    annual: float
    milestones: tuple[Milestone, ...]
    baselines: tuple[Baseline, ...] = ()
    origin: str = field(default="", compare=False)

    def milestone(self, quarter: int) -> float:
        """The minimum of quarter 1..4."""
        for milestone in self.milestones:
            if milestone.quarter == quarter:
                return milestone.value
        raise KeyError(quarter)


@dataclass(frozen=True, slots=True)
class TargetSet:
    """A year's targets for a province, as a target decision assigns them.

    ``sections`` maps a section number of the annex ("II") to its title, for reports.
    """

    province: str
    year: int
    targets: tuple[Target, ...]
    basis: Basis = Basis.YTD
    title: str = field(default="", compare=False)
    sections: Mapping[str, str] = field(default_factory=dict, compare=False)

    @property
    def tasks(self) -> tuple[str, ...]:
        """The distinct task numbers, in the annex's order."""
        return tuple(dict.fromkeys(t.task for t in self.targets))
