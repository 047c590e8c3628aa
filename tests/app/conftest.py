"""Each test gets its own home: a fresh application database, migrated."""

from __future__ import annotations

from pathlib import Path

import pytest

from chitieu.domain import OrgUnit


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A new home, this process's Django pointed at it."""
    from chitieu.app.bootstrap import use_home

    use_home(tmp_path)
    return tmp_path


@pytest.fixture
def with_units(home: Path) -> Path:
    """A home with a small tree: the province, two departments, a commune."""
    from chitieu.app.orgunits.services import save_units

    units = [
        OrgUnit("P", "UBND tỉnh Thử Nghiệm", "province"),
        OrgUnit("D1", "Sở Tư pháp", "province_department", "P"),
        OrgUnit("D2", "Sở Nội vụ", "province_department", "P"),
        OrgUnit("X1", "UBND xã Một", "commune", "P"),
    ]
    save_units(units, actor="test", levels=["province", "province_department", "commune"])
    return home
