"""The province's unit tree as the demo sees it: which units handle dossiers, and in what role."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from chitieu.domain import OrgUnit, Target
from chitieu.errors import ChitieuError
from chitieu.text import fold


class Role(StrEnum):
    """What a unit that handles dossiers is: the tree's levels, with the district level split
    into the committee and its divisions."""

    DEPARTMENT = "department"
    COMMITTEE = "committee"
    DIVISION = "division"
    COMMUNE = "commune"


LEVEL_OF_ROLE: dict[Role, str] = {
    Role.DEPARTMENT: "province_department",
    Role.COMMITTEE: "district",
    Role.DIVISION: "district",
    Role.COMMUNE: "commune",
}


@dataclass(frozen=True, slots=True)
class DemoTree:
    """The units that handle dossiers (``handlers``, in the tree's order) with their roles.

    A district unit whose parent is also a district unit is a division; one under anything else
    is a district committee. The root and units of other levels (officials) handle none.
    """

    handlers: tuple[OrgUnit, ...]
    roles: tuple[Role, ...]

    @classmethod
    def of(cls, units: Sequence[OrgUnit]) -> DemoTree:
        """Read the roles off a province's tree; ``ChitieuError`` if no unit handles dossiers."""
        by_code = {unit.code: unit for unit in units}
        handlers: list[OrgUnit] = []
        roles: list[Role] = []
        for unit in units:
            role = _role(unit, by_code)
            if role is not None:
                handlers.append(unit)
                roles.append(role)
        if not handlers:
            raise ChitieuError(
                "Cây đơn vị không có sở, ngành, đơn vị cấp huyện hay cấp xã nào để tạo hồ sơ mẫu"
            )
        return cls(tuple(handlers), tuple(roles))

    @property
    def has_district(self) -> bool:
        """Whether the tree has the district level (the structure before 1 July 2025)."""
        return any(role in (Role.COMMITTEE, Role.DIVISION) for role in self.roles)

    def level(self, index: int) -> str:
        """The tree level of a handler."""
        return LEVEL_OF_ROLE[self.roles[index]]

    def indices(self, *roles: Role) -> list[int]:
        """The handlers of some roles, by index."""
        return [i for i, role in enumerate(self.roles) if role in roles]

    def holds(self, index: int, target: Target) -> bool:
        """Whether a target row is a handler's: by its level, or by its name among the units the
        row names (a row naming "Sở Tư pháp" holds the department so named)."""
        if self.level(index) in target.levels:
            return True
        return self.roles[index] is Role.DEPARTMENT and named(self.handlers[index], target.units)


def named(unit: OrgUnit, names: Sequence[str]) -> bool:
    """Whether a unit is one of the units a target names: its folded name begins with one of
    them ("Sở Tư pháp" names "Sở Tư pháp tỉnh …")."""
    own = fold(unit.name)
    return any(own == fold(name) or own.startswith(fold(name) + " ") for name in names if name)


def _role(unit: OrgUnit, by_code: dict[str, OrgUnit]) -> Role | None:
    if unit.parent_code is None:
        return None
    if unit.level == "province_department":
        return Role.DEPARTMENT
    if unit.level == "commune":
        return Role.COMMUNE
    if unit.level == "district":
        parent = by_code.get(unit.parent_code)
        return (
            Role.DIVISION if parent is not None and parent.level == "district" else Role.COMMITTEE
        )
    return None
