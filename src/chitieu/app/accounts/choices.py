"""The roles an account has: what it may see (its scope) and, later, what it may change."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """An account's role (stored as the value; ``label`` is what a page shows)."""

    OFFICE = "office"
    FOCAL_POINT = "focal_point"
    LEADER = "leader"
    VIEWER = "viewer"

    @property
    def label(self) -> str:
        """The role in Vietnamese."""
        return LABELS[self]

    @property
    def sees_everything(self) -> bool:
        """Whether the role sees every unit whatever unit the account belongs to (the
        provincial office, which follows the whole province)."""
        return self is Role.OFFICE

    @property
    def needs_unit(self) -> bool:
        """Whether an account of the role must belong to a unit (its scope is that subtree)."""
        return self in (Role.FOCAL_POINT, Role.LEADER)


LABELS: dict[Role, str] = {
    Role.OFFICE: "Văn phòng UBND tỉnh (toàn tỉnh)",
    Role.FOCAL_POINT: "Đầu mối của đơn vị",
    Role.LEADER: "Lãnh đạo đơn vị",
    Role.VIEWER: "Người xem",
}

CHOICES: list[tuple[str, str]] = [(role.value, role.label) for role in Role]
"""For the model field's ``choices``."""

DEMO_PASSWORD = "chitieu-demo"
"""The demo accounts' password (a demo home only; printed by ``chitieu demo`` and ``make run``)."""
