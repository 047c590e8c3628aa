"""Portal units matched to ours by code or by name as offices write it."""

from __future__ import annotations

from pathlib import Path

import pytest

from chitieu.domain import OrgUnit
from chitieu.dvcqg import Group, Method, PortalRow, match_units, name_key, read_response

OURS = [
    OrgUnit("25", "Tỉnh Phú Thọ", "province"),
    OrgUnit("H44.07", "Sở Công thương", "province_department", "25"),
    OrgUnit("S-VP", "Văn phòng Ủy ban nhân dân tỉnh Phú Thọ", "province_department", "25"),
    OrgUnit("S-VH", "Sở Văn hoá Thể thao và Du lịch", "province_department", "25"),
    OrgUnit("08500", "Xã Xuân Lũng", "commune", "25"),
    OrgUnit("07900", "P. Việt Trì", "commune", "25"),
    OrgUnit("08494", "X. Lâm Thao", "commune", "25"),
    OrgUnit("08000", "Nông Trang", "commune", "25"),
    # Legacy town of the same name as the ward: a different kind, never matched to it.
    OrgUnit("227", "Thị xã Phú Thọ", "district", "25"),
    # Two units of one name: not guessed.
    OrgUnit("A1", "Xã Hy Cương", "commune", "25"),
    OrgUnit("A2", "UBND xã Hy Cương", "commune", "25"),
]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("UBND xã Xuân Lũng", "Xã Xuân Lũng"),
        ("UBND xã Xuân Lũng", "X. Xuân Lũng"),
        ("Ủy ban nhân dân xã Xuân Lũng", "x xuân lũng"),
        ("Sở Công Thương - Tỉnh Phú Thọ", "Sở Công thương"),
        ("UBND xã Vĩnh Tường - tỉnh Phú Thọ", "Xã Vĩnh Tường"),
        ("UBND Phường Thanh Miếu", "P. Thanh Miếu"),
        ("Thị trấn Hùng Sơn", "TT. Hùng Sơn"),
        ("Đặc khu Côn Đảo", "ĐK Côn Đảo"),
        ("Văn phòng UBND Tỉnh - Tỉnh Phú Thọ", "Văn phòng Ủy ban nhân dân tỉnh"),
        ("Sở Y tế", "SỞ Y TẾ"),
    ],
)
def test_names_written_differently_have_one_key(one: str, other: str) -> None:
    assert name_key(one) == name_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("UBND Phường Phú Thọ", "Thị xã Phú Thọ"),
        ("Xã Tân Sơn", "Phường Tân Sơn"),
        ("Xã Tam Dương", "Xã Tam Dương Bắc"),
    ],
)
def test_different_units_have_different_keys(one: str, other: str) -> None:
    assert name_key(one) != name_key(other)


def _rows(fixtures: Path, *endpoints: str) -> list[PortalRow]:
    return [row for e in endpoints for row in read_response(fixtures / e / "month-all.json").rows]


def test_fixture_units_matched_by_code_and_by_name(fixtures: Path) -> None:
    result = match_units(_rows(fixtures, "dvc-progress-tree"), OURS)
    names = {
        (name, result.methods[unit_id])
        for unit_id, name in (
            (row.unit_id, row.unit_name) for row in _rows(fixtures, "dvc-progress-tree")
        )
        if unit_id in result.matched
    }
    assert names == {
        ("UBND tỉnh Phú Thọ", Method.NAME),
        ("Sở Công Thương - Tỉnh Phú Thọ", Method.CODE),
        ("Văn phòng UBND Tỉnh - Tỉnh Phú Thọ", Method.NAME),
        ("Sở Văn hóa, Thể thao và Du lịch - Tỉnh Phú Thọ", Method.NAME),
        ("UBND xã Xuân Lũng", Method.NAME),
        ("UBND Phường Việt Trì", Method.NAME),
        ("UBND xã Lâm Thao - Tỉnh Phú Thọ", Method.NAME),
        ("UBND Phường Nông Trang", Method.NAME),
    }
    assert sorted(result.matched.values()) == sorted(
        ["25", "H44.07", "S-VP", "S-VH", "08500", "07900", "08494", "08000"]
    )
    assert len(result.unmatched) == 164 - 8
    reasons = {row.unit_name: result.reasons[row.unit_id] for row in result.unmatched}
    assert reasons["UBND Phường Phú Thọ"] == "không có đơn vị nào cùng mã hoặc cùng tên"
    assert reasons["UBND xã Hy Cương"] == (
        "tên khớp nhiều đơn vị: A1 Xã Hy Cương, A2 UBND xã Hy Cương"
    )


def test_shape_a_units_are_matched_by_code_through_their_id_in_other_files(
    fixtures: Path,
) -> None:
    alone = match_units(_rows(fixtures, "transparency"), OURS)
    together = match_units(_rows(fixtures, "transparency", "dvc-progress-tree"), OURS)
    department = next(
        r.unit_id for r in _rows(fixtures, "transparency") if r.unit_name.startswith("Sở Công")
    )
    assert (alone.matched[department], alone.methods[department]) == ("H44.07", Method.NAME)
    assert (together.matched[department], together.methods[department]) == ("H44.07", Method.CODE)


def _portal(unit_id: str, name: str) -> PortalRow:
    return PortalRow(
        unit_id, None, name, "COMMUNE_PEOPLE_COMMITTEE", "COMMUNE", False,
        Group.TRANSPARENCY, "DOSSIER_SYNC", 1, 2, 50, 3, 6,
    )  # fmt: skip


def test_two_portal_units_claiming_one_of_ours_are_both_left_unmatched() -> None:
    rows = [_portal("p1", "UBND xã Tân Sơn"), _portal("p2", "UBND phường Tân Sơn")]
    result = match_units(rows, [OrgUnit("T", "Tân Sơn", "commune", "25")])
    assert result.matched == {}
    assert [row.unit_id for row in result.unmatched] == ["p1", "p2"]
    assert result.reasons["p1"] == (
        "đơn vị T khớp tên với nhiều đơn vị của cổng: UBND xã Tân Sơn, UBND phường Tân Sơn"
    )


def test_the_level_settles_a_name_shared_by_a_department_and_a_commune() -> None:
    ours = [
        OrgUnit("D", "Thanh Sơn", "province_department", "25"),
        OrgUnit("C", "Thanh Sơn", "commune", "25"),
    ]
    result = match_units([_portal("p", "UBND xã Thanh Sơn")], ours)
    assert result.matched == {"p": "C"}
