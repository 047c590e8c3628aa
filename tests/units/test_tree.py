"""The unit tree on a small hand-built province: navigation, tier against subtree, validation,
lookup by name and merging."""

from __future__ import annotations

import random
from datetime import date

import pytest

from chitieu.domain import OrgUnit
from chitieu.errors import ChitieuError
from chitieu.units import TreeError, UnitTree, merge_units

LEVELS = {"province", "province_department", "district", "commune", "official"}


def _unit(code: str, name: str, level: str, parent: str | None) -> OrgUnit:
    return OrgUnit(code, name, level, parent)


SMALL = [
    _unit("1", "UBND tỉnh Mẫu", "province", None),
    _unit("1.STP", "Sở Tư pháp", "province_department", "1"),
    _unit("1.STP.CB1", "Nguyễn Văn An", "official", "1.STP"),
    _unit("10", "UBND huyện Một", "district", "1"),
    _unit("10.VP", "Văn phòng HĐND và UBND huyện Một", "district", "10"),
    _unit("10.PTP", "Phòng Tư pháp huyện Một", "district", "10"),
    _unit("10.PTP.CB1", "Trần Thị Bình", "official", "10.PTP"),
    _unit("100", "UBND xã Một", "commune", "10"),
    _unit("100.CB1", "Lê Văn Cường", "official", "100"),
    _unit("101", "UBND xã Hai", "commune", "10"),
    _unit("11", "UBND huyện Hai", "district", "1"),
    _unit("11.PTP", "Phòng Tư pháp huyện Hai", "district", "11"),
    _unit("110", "UBND xã Ba", "commune", "11"),
]


def _codes(units: list[OrgUnit]) -> list[str]:
    return [unit.code for unit in units]


@pytest.fixture
def tree() -> UnitTree:
    return UnitTree(SMALL, LEVELS)


def test_a_district_tier_is_the_committee_and_its_divisions(tree: UnitTree) -> None:
    assert _codes(tree.tier("10")) == ["10", "10.PTP", "10.VP"]
    assert _codes(tree.tier("11")) == ["11", "11.PTP"]


def test_a_subtree_is_everything_below(tree: UnitTree) -> None:
    assert _codes(tree.subtree("10")) == [
        "10",
        "10.PTP",
        "10.PTP.CB1",
        "10.VP",
        "100",
        "100.CB1",
        "101",
    ]
    assert len(tree.subtree("1")) == len(SMALL)


def test_the_tier_of_a_unit_without_units_of_its_level_below_is_itself(tree: UnitTree) -> None:
    assert _codes(tree.tier("1")) == ["1"]
    assert _codes(tree.tier("100")) == ["100"]
    assert _codes(tree.tier("1.STP")) == ["1.STP"]


def test_a_tier_stops_where_another_level_comes_between() -> None:
    # A district-level unit under a commune is not in the district committee's tier.
    units = [*SMALL, _unit("100.X", "Tổ công tác", "district", "100")]
    tree = UnitTree(units, LEVELS)
    assert "100.X" not in _codes(tree.tier("10"))
    assert "100.X" in _codes(tree.subtree("10"))


def test_navigation(tree: UnitTree) -> None:
    assert tree.root.code == "1"
    assert _codes(tree.children("10")) == ["10.PTP", "10.VP", "100", "101"]
    assert _codes(tree.ancestors("10.PTP.CB1")) == ["10.PTP", "10", "1"]
    assert tree.ancestors("1") == []
    assert tree.get("nope") is None
    assert "10.PTP" in tree
    with pytest.raises(KeyError):
        tree.subtree("nope")


def test_the_order_does_not_depend_on_the_input_order(tree: UnitTree) -> None:
    shuffled = SMALL[:]
    random.Random(7).shuffle(shuffled)
    assert list(UnitTree(shuffled)) == list(tree)
    assert _codes(list(tree))[:4] == ["1", "1.STP", "1.STP.CB1", "10"]


def test_find_by_name_folds_and_returns_every_match(tree: UnitTree) -> None:
    assert _codes(tree.find_by_name("so tu phap")) == ["1.STP"]
    assert _codes(tree.find_by_name("SỞ TƯ PHÁP")) == ["1.STP"]
    assert _codes(tree.find_by_name("Ủy ban nhân dân huyện Một")) == ["10"]
    assert _codes(tree.find_by_name("Phòng Tư pháp")) == ["10.PTP", "11.PTP"]
    assert tree.find_by_name("Sở Y tế") == []
    assert tree.find_by_name("  ") == []


def test_every_problem_of_a_list_is_reported_at_once() -> None:
    units = [
        *SMALL,
        _unit("10", "UBND huyện Một (bản sao)", "district", "1"),
        _unit("12", "UBND huyện Ba", "huyen", "1"),
        _unit("13", "UBND huyện Bốn", "district", "99"),
        _unit("14", "UBND huyện Năm", "district", "14"),
        _unit("15", "Vòng A", "district", "16"),
        _unit("16", "Vòng B", "district", "15"),
        _unit("2", "UBND tỉnh Khác", "province", None),
    ]
    with pytest.raises(TreeError) as caught:
        UnitTree(units, LEVELS)
    assert [p.describe() for p in caught.value.problems] == [
        "đơn vị «10»: mã bị trùng (2 đơn vị cùng mã)",
        "đơn vị «12»: cấp «huyen» không hợp lệ (chỉ nhận: commune, district, official, "
        "province, province_department)",
        "đơn vị «13»: đơn vị cấp trên «99» không có trong cây",
        "đơn vị «14»: đơn vị cấp trên là chính nó",
        "đơn vị «15»: vòng lặp cấp trên: 15 → 16 → 15",
        "cây có 2 đơn vị gốc (không có cấp trên): 1, 2; chỉ được có một",
    ]
    assert caught.value.message.startswith("Cây đơn vị có lỗi:\n- đơn vị «10»")


def test_an_empty_tree_has_no_root() -> None:
    tree = UnitTree([])
    assert len(tree) == 0
    with pytest.raises(ChitieuError, match="Cây đơn vị trống"):
        _ = tree.root


def test_merge_adds_and_updates_by_code_and_never_deletes() -> None:
    existing = [
        OrgUnit("1", "UBND tỉnh Mẫu", "province", latitude=11.5, longitude=106.9),
        OrgUnit("1.STP", "Sở Tư pháp", "province_department", "1"),
        OrgUnit("10", "UBND huyện Một", "district", "1", valid_to=date(2025, 6, 30)),
    ]
    incoming = [
        OrgUnit("1", "UBND tỉnh Mẫu Mới", "province"),
        OrgUnit("10", "UBND huyện Một", "district", "1"),
        OrgUnit("1.SYT", "Sở Y tế", "province_department", "1"),
    ]
    result = merge_units(existing, incoming)
    assert result.added == ("1.SYT",)
    assert result.updated == ("1",)
    assert result.unchanged == ("10",)
    assert _codes(list(result.units)) == ["1", "1.STP", "10", "1.SYT"]
    # The CSV gave no coordinates or dates: the stored ones stay.
    assert result.units[0] == OrgUnit(
        "1", "UBND tỉnh Mẫu Mới", "province", latitude=11.5, longitude=106.9
    )
    assert result.units[2].valid_to == date(2025, 6, 30)
    assert merge_units(result.units, incoming).added == ()
    assert merge_units(result.units, []).units == result.units


def test_merge_refuses_a_code_twice_in_the_incoming_units() -> None:
    incoming = [OrgUnit("1.SYT", "Sở Y tế", "province_department", "1")] * 2
    with pytest.raises(ChitieuError) as caught:
        merge_units(SMALL, incoming)
    assert caught.value.message == "Danh sách đơn vị cần nạp có mã trùng: 1.SYT; không lưu gì"
