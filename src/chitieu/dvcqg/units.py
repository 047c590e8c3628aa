"""Which of our units a portal unit is: by code, else by name as offices write it.

Our unit codes may be the portal's ``departmentCode`` (``H44.07``) when a province loaded them so;
otherwise names decide. Names are compared as keys: folded (no diacritics or case), without
the "UBND"/"Ủy ban nhân dân" prefix or a trailing "- Tỉnh Phú Thọ", with the kind of commune
(xã, phường, thị trấn, đặc khu…) read also from its abbreviation (``X.``, ``P.``, ``TT.``), so that
"UBND xã Xuân Lũng", "Xã Xuân Lũng" and "X. Xuân Lũng" are one unit, and "Sở Công Thương" is
"Sở Công thương". A name that fits several of our units is not guessed: the unit is unmatched.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from chitieu.domain import OrgUnit
from chitieu.dvcqg.model import PortalRow
from chitieu.text import fold, nfc

# Longest first: "thi xa" must not be read as "thi" + "xa".
_KINDS = ("thi tran", "thi xa", "thanh pho", "dac khu", "phuong", "huyen", "quan", "tinh", "xa")
_ABBREVIATIONS = {
    "x": "xa",
    "p": "phuong",
    "tt": "thi tran",
    "tx": "thi xa",
    "tp": "thanh pho",
    "q": "quan",
    "h": "huyen",
    "dk": "dac khu",
}
# "Văn phòng UBND Tỉnh - Tỉnh Phú Thọ", "UBND xã Vĩnh Tường - tỉnh Phú Thọ".
_PROVINCE_SUFFIX = re.compile(r"\s*[-–—]\s*(?:tỉnh|thành phố|tp\.?)\s[^-–—]*$", re.IGNORECASE)
_COMMITTEE = re.compile(r"\buy ban nhan dan\b")

# Portal levels and types against ours.
_PORTAL_LEVELS = {"COMMUNE": "commune", "COMMUNE_PEOPLE_COMMITTEE": "commune"}


class Method(StrEnum):
    """How a portal unit was matched."""

    CODE = "code"
    NAME = "name"


@dataclass(frozen=True, slots=True)
class NameKey:
    """A unit name as compared: the kind of unit (``xa``, ``phuong``… or ``None``) and the rest."""

    kind: str | None
    core: str


def name_key(name: str, provinces: Collection[str] = ()) -> NameKey:
    """The comparison key of a unit name. ``provinces`` (folded, e.g. ``phu tho``) lets a
    trailing "tỉnh Phú Thọ" written without a dash be dropped too.

    >>> name_key("UBND xã Xuân Lũng - Tỉnh Phú Thọ") == name_key("X. Xuân Lũng")
    True
    >>> name_key("Sở Công Thương tỉnh Phú Thọ", ["phu tho"])
    NameKey(kind=None, core='so cong thuong')
    """
    words = _COMMITTEE.sub("ubnd", fold(_PROVINCE_SUFFIX.sub("", nfc(name)))).split()
    if len(words) > 1 and words[0] == "ubnd":
        words = words[1:]
    if len(words) > 1 and words[0] in _ABBREVIATIONS:
        words = [*_ABBREVIATIONS[words[0]].split(), *words[1:]]
    text = " ".join(words)
    for province in provinces:
        if text.endswith(" tinh " + province):
            text = text.removesuffix(" tinh " + province)
    for kind in _KINDS:
        if text.startswith(kind + " "):
            return NameKey(kind, text.removeprefix(kind + " "))
    # "Văn phòng UBND tỉnh", "Thanh tra tỉnh": the province's own offices, named either way.
    return NameKey(None, text.removesuffix(" tinh"))


@dataclass(frozen=True, slots=True)
class MatchResult:
    """Portal units (by ``departmentId``) matched to our unit codes, how, and those left over
    (one row each) with the reason in Vietnamese."""

    matched: dict[str, str]
    unmatched: list[PortalRow]
    methods: dict[str, Method] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)


def _level_fits(row: PortalRow, unit: OrgUnit) -> bool:
    if row.is_province:
        return unit.level == "province" or unit.parent_code is None
    wanted = _PORTAL_LEVELS.get(row.unit_type or row.level or "", "province_department")
    return unit.level == wanted


def _province_names(rows: Iterable[PortalRow], units: Sequence[OrgUnit]) -> set[str]:
    names = [row.unit_name for row in rows if row.is_province]
    names += [unit.name for unit in units if unit.parent_code is None or unit.level == "province"]
    return {key.core for key in map(name_key, names) if key.kind in {"tinh", "thanh pho"}}


def _candidates(
    row: PortalRow, by_key: dict[NameKey, list[OrgUnit]], provinces: set[str]
) -> list[OrgUnit]:
    key = name_key(row.unit_name, provinces)
    found = by_key.get(key, [])
    if not found:
        # One side may leave the kind out ("Xuân Lũng"); conflicting kinds never match.
        found = [
            unit
            for other, units in by_key.items()
            if other.core == key.core and (other.kind is None or key.kind is None)
            for unit in units
        ]
    if len(found) > 1:
        fitting = [unit for unit in found if _level_fits(row, unit)]
        return fitting or found
    return found


def match_units(rows: Iterable[PortalRow], units: Sequence[OrgUnit]) -> MatchResult:
    """Match every portal unit of ``rows`` (from one or several responses) to one of ``units``:
    first by code (the portal's ``departmentCode``, known for Shape A units through their id in
    other responses), then by name key; one-to-one, never guessing between equal names."""
    portal: dict[str, PortalRow] = {}
    codes: dict[str, str] = {}
    for row in rows:
        portal.setdefault(row.unit_id, row)
        if row.unit_code:
            codes.setdefault(row.unit_id, row.unit_code)
    ours = {unit.code.strip().casefold(): unit for unit in units}
    matched: dict[str, str] = {}
    methods: dict[str, Method] = {}
    reasons: dict[str, str] = {}
    for unit_id in portal:
        unit = ours.get(codes.get(unit_id, "").strip().casefold())
        if unit is not None:
            matched[unit_id] = unit.code
            methods[unit_id] = Method.CODE
    provinces = _province_names(portal.values(), units)
    taken = set(matched.values())
    by_key: dict[NameKey, list[OrgUnit]] = {}
    for unit in units:
        if unit.code not in taken:
            by_key.setdefault(name_key(unit.name, provinces), []).append(unit)
    claims: dict[str, list[str]] = {}
    for unit_id, row in portal.items():
        if unit_id in matched:
            continue
        found = _candidates(row, by_key, provinces)
        if len(found) == 1:
            claims.setdefault(found[0].code, []).append(unit_id)
        elif found:
            names = ", ".join(f"{unit.code} {unit.name}" for unit in found)
            reasons[unit_id] = f"tên khớp nhiều đơn vị: {names}"
        else:
            reasons[unit_id] = "không có đơn vị nào cùng mã hoặc cùng tên"
    for code, claimants in claims.items():
        if len(claimants) == 1:
            matched[claimants[0]] = code
            methods[claimants[0]] = Method.NAME
            continue
        others = ", ".join(portal[unit_id].unit_name for unit_id in claimants)
        for unit_id in claimants:
            reasons[unit_id] = f"đơn vị {code} khớp tên với nhiều đơn vị của cổng: {others}"
    unmatched = [row for unit_id, row in portal.items() if unit_id in reasons]
    return MatchResult(matched, unmatched, methods, reasons)
