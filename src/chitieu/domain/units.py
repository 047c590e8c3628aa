"""Organisation units (đơn vị): the nodes of a province's tree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class OrgUnit:
    """A unit: the province, a department, a district committee or division, a commune, an
    official. ``parent_code`` is ``None`` only for the root."""

    code: str
    name: str
    level: str
    parent_code: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    latitude: float | None = None
    longitude: float | None = None
