"""A province's unit tree from the official GSO lists (the ``vietnamadminunits`` package): the
provincial committee, its district committees and communes with their real names and codes, plus
the departments and district divisions of the shipped list.

Two tables: ``admin_units_legacy`` (province → district → ward, before 1 July 2025) and
``admin_units`` (province → ward, from 1 July 2025). Their full names are more reliable than
their type columns (``Thành Phố Bắc Kạn``, ``Thị trấn Ngọc Lặc`` typed as a commune), so a unit's
kind is read from its full name.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from vietnamadminunits.database import query

from chitieu.domain import OrgUnit
from chitieu.errors import ChitieuError
from chitieu.text import fold
from chitieu.units.departments import (
    DepartmentList,
    department_units,
    division_units,
    load_departments,
)
from chitieu.units.structure import COMMUNE, DISTRICT, PROVINCE, Structure, validity
from chitieu.units.tree import UnitTree

_TABLES = {Structure.LEGACY: "admin_units_legacy", Structure.Y2025: "admin_units"}
# Longest first, so that "thị xã" is not read as "thị" + "xã …".
_KINDS = tuple(
    sorted(
        ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn", "đặc khu"),
        key=len,
        reverse=True,
    )
)
_PREFIXES = ("tinh ", "thanh pho ", "tp ")


@dataclass(frozen=True, slots=True)
class Province:
    """A province or centrally-run city of one structure's list."""

    code: str
    kind: str
    name: str
    latitude: float | None
    longitude: float | None

    @property
    def committee_name(self) -> str:
        """The name of its People's Committee, e.g. "UBND tỉnh Bình Phước"."""
        return f"UBND {self.kind} {self.name}"


def provinces(structure: Structure) -> tuple[Province, ...]:
    """Every province of a structure's list, by code."""
    return tuple(_province(row) for row in _province_rows(structure))


def find_province(name: str, structure: Structure) -> Province:
    """The province so named, compared folded: "Bình Phước", "tỉnh Bình Phước", "binh phuoc",
    "TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh" and "HCM" all work.

    Raises ``ChitieuError`` with the closest names when there is none.
    """
    wanted = _province_key(name)
    rows = _province_rows(structure)
    for row in rows:
        if wanted in _keywords(row):
            return _province(row)
    other = next(s for s in Structure if s is not structure)
    if wanted and any(wanted in _keywords(row) for row in _province_rows(other)):
        raise ChitieuError(
            f"Tỉnh, thành phố «{name}» không có trong danh mục {structure.label}; "
            f"chỉ có trong danh mục {other.label}: chọn cấu trúc «{other.value}»."
        )
    names = {str(row["provinceShort"]): row for row in rows}
    folded = {fold(short).replace(" ", ""): short for short in names}
    close = difflib.get_close_matches(wanted, list(folded), n=3, cutoff=0.6)
    hint = f" Có phải: {', '.join(folded[c] for c in close)}?" if close else ""
    raise ChitieuError(
        f"Không tìm thấy tỉnh, thành phố «{name}» trong danh mục {structure.label}.{hint}"
    )


def build_province_tree(
    province: str, structure: Structure, departments: DepartmentList | None = None
) -> list[OrgUnit]:
    """The whole unit tree of a province: the provincial committee (code = GSO province code),
    its departments (from ``departments``, the shipped list by default), and

    - ``legacy``: the district committees (GSO district codes) each with its divisions, and the
      communes (GSO ward codes) under their district committee;
    - ``2025``: the communes directly under the provincial committee, no district level.

    Units carry the list's coordinates and the structure's validity (legacy until 30/6/2025,
    2025 from 1/7/2025). The order is the ``UnitTree`` order: depth-first, children by code,
    a unit's own tier before the level below.
    """
    found = find_province(province, structure)
    listing = departments if departments is not None else load_departments()
    valid_from, valid_to = validity(structure)
    root = OrgUnit(
        code=found.code,
        name=found.committee_name,
        level=PROVINCE,
        valid_from=valid_from,
        valid_to=valid_to,
        latitude=found.latitude,
        longitude=found.longitude,
    )
    units = [root, *department_units(root, listing.for_structure(structure), structure)]
    if structure is Structure.LEGACY:
        units.extend(_legacy_units(root, listing))
    else:
        units.extend(_communes(root, _rows(structure, root.code), structure))
    return list(UnitTree(units))


def _legacy_units(root: OrgUnit, listing: DepartmentList) -> list[OrgUnit]:
    valid_from, valid_to = validity(Structure.LEGACY)
    rows = _rows(Structure.LEGACY, root.code)
    units: list[OrgUnit] = []
    seen: set[str] = set()
    for row in rows:
        code = str(row["districtCode"])
        if code in seen:
            continue
        seen.add(code)
        kind, name = split_kind(str(row["district"]), row["districtType"], row["districtShort"])
        committee = OrgUnit(
            code=code,
            name=f"UBND {kind} {name}",
            level=DISTRICT,
            parent_code=root.code,
            valid_from=valid_from,
            valid_to=valid_to,
            latitude=row["districtLat"],
            longitude=row["districtLon"],
        )
        units.append(committee)
        units.extend(division_units(committee, kind, name, listing.divisions))
        # Island districts (Côn Đảo, Lý Sơn, …) have no communes: one row without a ward.
        units.extend(
            _communes(committee, [r for r in rows if r["districtCode"] == code], Structure.LEGACY)
        )
    return units


def _communes(parent: OrgUnit, rows: list[dict[str, Any]], structure: Structure) -> list[OrgUnit]:
    valid_from, valid_to = validity(structure)
    units: list[OrgUnit] = []
    for row in rows:
        if row["wardCode"] is None:
            continue
        kind, name = split_kind(str(row["ward"]), row["wardType"], row["wardShort"])
        units.append(
            OrgUnit(
                code=str(row["wardCode"]),
                name=f"UBND {kind} {name}",
                level=COMMUNE,
                parent_code=parent.code,
                valid_from=valid_from,
                valid_to=valid_to,
                latitude=row["wardLat"],
                longitude=row["wardLon"],
            )
        )
    return units


def split_kind(full: str, kind: str | None = None, short: str | None = None) -> tuple[str, str]:
    """The kind (lower case) and the proper name of an administrative unit's full name.

    >>> split_kind("Thành Phố Bắc Kạn")
    ('thành phố', 'Bắc Kạn')
    >>> split_kind("Phường 1")
    ('phường', '1')
    """
    lowered = full.lower()
    for candidate in _KINDS:
        if lowered.startswith(candidate + " "):
            return candidate, full[len(candidate) :].strip()
    # No known kind begins the name: trust the type column and the short name, whose
    # disambiguating suffix "(Xã)" is dropped.
    proper = (short or full).split(" (", 1)[0].strip()
    return (kind or "").lower(), proper


def _province(row: dict[str, Any]) -> Province:
    kind, name = split_kind(str(row["province"]), None, str(row["provinceShort"]))
    return Province(str(row["provinceCode"]), kind, name, row["provinceLat"], row["provinceLon"])


def _province_key(name: str) -> str:
    key = fold(name)
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            key = key[len(prefix) :]
            break
    return key.replace(" ", "")


def _keywords(row: dict[str, Any]) -> set[str]:
    # The package's own keys ("binhphuoc", "hcm", …) and the folded short name.
    keys = {_province_key(str(row["provinceShort"])), str(row["provinceShortKey"])}
    keys.update(str(k) for k in json.loads(row["provinceKeywords"] or "[]"))
    return keys


@cache
def _province_rows(structure: Structure) -> tuple[dict[str, Any], ...]:
    rows = query(
        "SELECT DISTINCT province, provinceShort, provinceCode, provinceLat, provinceLon, "
        f"provinceShortKey, provinceKeywords FROM {_TABLES[structure]} ORDER BY provinceCode"
    )
    return tuple(rows)


def _rows(structure: Structure, province_code: str) -> list[dict[str, Any]]:
    # ``query`` takes no parameters; the code comes from the list itself and is all digits.
    if not province_code.isdigit():
        raise ValueError(f"not a GSO province code: {province_code!r}")
    district = "districtCode, district, districtType, districtShort, districtLat, districtLon, "
    columns = (
        district if structure is Structure.LEGACY else ""
    ) + "wardCode, ward, wardType, wardShort, wardLat, wardLon"
    order = "districtCode, wardCode" if structure is Structure.LEGACY else "wardCode"
    rows: list[dict[str, Any]] = query(
        f"SELECT {columns} FROM {_TABLES[structure]} "
        f"WHERE provinceCode = '{province_code}' ORDER BY {order}"
    )
    return rows
