"""Targets (chỉ tiêu): what the decision asks of each level or unit, year and quarter."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from chitieu.domain.periods import Basis
from chitieu.text import fold, nfc


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


# What stands before a province's own name: its committee ("UBND tỉnh Bình Phước", the root
# of a unit tree) and its kind ("Tỉnh", "Thành phố", "TP."), compared folded.
_COMMITTEE = re.compile(r"^(?:ubnd|uy ban nhan dan)\s+")
_KIND = re.compile(r"^(?:tinh|thanh pho|tp)\s+")
_KIND_WRITTEN = re.compile(r"^(?:tỉnh|thành phố|tp\.?)\s+", re.IGNORECASE)
_COMMITTEE_WRITTEN = re.compile(r"^(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+", re.IGNORECASE)


def province_key(name: str) -> str:
    """A province's name as compared: folded (NFC or NFD, old or new tone placement, case),
    without its committee and kind.

    >>> province_key("UBND tỉnh Bình Phước") == province_key("BÌNH PHƯỚC")
    True
    >>> province_key("Thành phố Hồ Chí Minh"), province_key("Khánh Hoà")
    ('ho chi minh', 'khanh hoa')
    """
    key = _COMMITTEE.sub("", fold(name))
    return _KIND.sub("", key)


def same_province(first: str, second: str) -> bool:
    """Whether two names are of the same province (see ``province_key``)."""
    return province_key(first) == province_key(second)


def _kind_and_name(name: str) -> tuple[str, str]:
    bare = _COMMITTEE_WRITTEN.sub("", nfc(name).strip())
    kind = _KIND_WRITTEN.match(bare)
    if kind is None:
        return "tỉnh", bare
    word = "tỉnh" if kind.group(0).strip().lower() == "tỉnh" else "thành phố"
    return word, bare[kind.end() :]


def province_name(name: str) -> str:
    """The province's own name, without its committee and kind, as written.

    >>> province_name("UBND tỉnh Bình Phước"), province_name("Thành phố Hồ Chí Minh")
    ('Bình Phước', 'Hồ Chí Minh')
    """
    return _kind_and_name(name)[1]


def province_label(name: str) -> str:
    """The province as a sentence names it: «tỉnh Đồng Nai», «thành phố Hồ Chí Minh».

    >>> province_label("Đồng Nai"), province_label("UBND tỉnh Bình Phước")
    ('tỉnh Đồng Nai', 'tỉnh Bình Phước')
    >>> province_label("Thành phố Hồ Chí Minh")
    'thành phố Hồ Chí Minh'
    """
    return " ".join(_kind_and_name(name))
