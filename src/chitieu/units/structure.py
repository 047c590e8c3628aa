"""The two shapes of a province's administration, and the levels the unit builder uses."""

from __future__ import annotations

from datetime import date
from enum import StrEnum


class Structure(StrEnum):
    """Which official list a tree is built from: ``legacy`` (province, district, commune, before
    1 July 2025) or ``2025`` (province and commune, the district level abolished)."""

    LEGACY = "legacy"
    Y2025 = "2025"

    @property
    def label(self) -> str:
        """The structure as a Vietnamese phrase, for messages."""
        if self is Structure.LEGACY:
            return "cấu trúc trước 1/7/2025 (3 cấp, có cấp huyện)"
        return "cấu trúc từ 1/7/2025 (2 cấp, không có cấp huyện)"


# The day the two-level local government took over (Resolution 202/2025/QH15); a legacy unit is
# valid up to the day before, a 2025 unit from that day on.
LEGACY_VALID_TO = date(2025, 6, 30)
STRUCTURE_2025_VALID_FROM = date(2025, 7, 1)

# Level codes the builder writes; they are the codes of catalog/data/levels.toml.
PROVINCE = "province"
PROVINCE_DEPARTMENT = "province_department"
DISTRICT = "district"
COMMUNE = "commune"


def validity(structure: Structure) -> tuple[date | None, date | None]:
    """``(valid_from, valid_to)`` of every unit built for a structure."""
    if structure is Structure.LEGACY:
        return None, LEGACY_VALID_TO
    return STRUCTURE_2025_VALID_FROM, None
