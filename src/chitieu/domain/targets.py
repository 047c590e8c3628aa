"""Targets (chỉ tiêu): what the decision asks of each level or unit, year and quarter.

The rules a target's values must keep live here, once, so that every way in says the same thing
in the same words: a decision's annex (text, Word, Excel), its JSON form, and a unit's override
(``chitieu decision override``). They are:

- **Range**: the annual target and every milestone lie within 0–100%. Every indicator of the
  catalogue is a ratio of two counts (a share of dossiers, procedures, reports…), so none is
  unbounded and a target above 100% is always a mistake (``out_of_range``).
- **Above the annual target**: no quarter's minimum exceeds the year's target
  (``above_annual``): refused wherever it is found.

A decreasing roadmap is not one of these: a decision is an official document and may say so
(the annex reader warns of it); an override, which the province types itself, refuses it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from chitieu.domain.periods import ROMAN_QUARTERS, Basis
from chitieu.formatting import percent
from chitieu.text import fold, nfc

ANNUAL_LABEL = "chỉ tiêu năm"
LOWEST_PERCENT = 0.0
HIGHEST_PERCENT = 100.0


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


def milestone_label(quarter: int) -> str:
    """How messages name a quarter's milestone: ``mốc quý III``.

    >>> milestone_label(3)
    'mốc quý III'
    """
    return f"mốc quý {ROMAN_QUARTERS[quarter - 1]}"


def out_of_range(what: str, value: float) -> str | None:
    """Why ``value`` cannot be a target (``what``: «chỉ tiêu năm», «mốc quý II»), or ``None``.

    >>> out_of_range("chỉ tiêu năm", 120.0)
    'chỉ tiêu năm phải từ 0% đến 100%, không phải 120%'
    >>> out_of_range("mốc quý I", float("nan"))
    'mốc quý I phải từ 0% đến 100%, không phải nan'
    >>> out_of_range("chỉ tiêu năm", 100.0) is None
    True
    """
    if LOWEST_PERCENT <= value <= HIGHEST_PERCENT:
        return None
    # Babel writes neither a NaN nor an infinity in a way an official would recognise.
    shown = percent(value) if math.isfinite(value) else str(value)
    return f"{what} phải từ 0% đến 100%, không phải {shown}"


@dataclass(frozen=True, slots=True)
class AboveAnnual:
    """A milestone above the annual target: its quarter and the reason, in Vietnamese."""

    quarter: int
    reason: str


def above_annual(
    annual: float,
    milestones: Iterable[Milestone],
    *,
    from_annex: Collection[int] = (),
    annual_from_annex: bool = False,
) -> list[AboveAnnual]:
    """Every milestone above the annual target, in quarter order.

    ``from_annex`` names the quarters, and ``annual_from_annex`` the annual target, whose values
    an override keeps from the annex, so that the message says which value is whose.

    >>> [a.reason for a in above_annual(80.0, [Milestone(1, 90.0), Milestone(2, 60.0)])]
    ['mốc quý I (90%) cao hơn chỉ tiêu năm (80%)']
    """
    annex = " của phụ lục"
    where = annex if annual_from_annex else ""
    return [
        AboveAnnual(
            m.quarter,
            f"{milestone_label(m.quarter)}{annex if m.quarter in from_annex else ''} "
            f"({percent(m.value)}) cao hơn {ANNUAL_LABEL}{where} ({percent(annual)})",
        )
        for m in sorted(milestones, key=lambda m: m.quarter)
        if m.value > annual
    ]


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
