"""Trees built from the official GSO lists: Bình Phước before 1/7/2025, Đồng Nai after."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from chitieu.catalog.loader import load_catalogue
from chitieu.domain import OrgUnit
from chitieu.errors import ChitieuError
from chitieu.units import (
    Structure,
    UnitTree,
    build_province_tree,
    find_province,
    load_departments,
)
from chitieu.units.gso import split_kind

LEVELS = {level.code for level in load_catalogue().levels}


@pytest.fixture(scope="module")
def binh_phuoc() -> UnitTree:
    return UnitTree(build_province_tree("Bình Phước", Structure.LEGACY), LEVELS)


@pytest.fixture(scope="module")
def dong_nai() -> UnitTree:
    return UnitTree(build_province_tree("Đồng Nai", Structure.Y2025), LEVELS)


def _committees(tree: UnitTree) -> list[OrgUnit]:
    return [u for u in tree.children(tree.root.code) if u.level == "district"]


def test_binh_phuoc_legacy_has_one_root_11_district_committees_and_111_communes(
    binh_phuoc: UnitTree,
) -> None:
    root = binh_phuoc.root
    assert (root.code, root.name, root.level) == ("70", "UBND tỉnh Bình Phước", "province")
    assert [u for u in binh_phuoc if u.parent_code is None] == [root]
    committees = _committees(binh_phuoc)
    assert [u.code for u in committees] == [str(code) for code in range(688, 699)]
    communes = [u for u in binh_phuoc if u.level == "commune"]
    assert len(communes) == 111
    assert {u.parent_code for u in communes} == {u.code for u in committees}
    counts = Counter(u.level for u in binh_phuoc)
    # 11 committees with 12 divisions each (10 everywhere, 2 by the district's type).
    assert counts == {"province": 1, "province_department": 20, "district": 143, "commune": 111}


def test_district_committees_and_communes_carry_their_real_names(binh_phuoc: UnitTree) -> None:
    names = {u.code: u.name for u in _committees(binh_phuoc)}
    assert names["689"] == "UBND thành phố Đồng Xoài"
    assert names["690"] == "UBND thị xã Bình Long"
    assert names["696"] == "UBND huyện Bù Đăng"
    assert binh_phuoc["25216"] == OrgUnit(
        code="25216",
        name="UBND phường Thác Mơ",
        level="commune",
        parent_code="688",
        valid_to=date(2025, 6, 30),
        latitude=11.849869,
        longitude=107.000799,
    )
    kinds = Counter(u.name.split()[1] for u in binh_phuoc if u.level == "commune")
    assert set(kinds) == {"xã", "phường", "thị"}  # xã, phường, thị trấn


def test_the_departments_are_under_the_root(binh_phuoc: UnitTree) -> None:
    departments = [u for u in binh_phuoc if u.level == "province_department"]
    listed = load_departments().for_structure(Structure.LEGACY)
    assert [u.code for u in departments] == sorted(f"70.{d.code}" for d in listed)
    assert {u.parent_code for u in departments} == {"70"}
    assert binh_phuoc["70.STP"].name == "Sở Tư pháp"
    assert binh_phuoc.find_by_name("Sở Tư pháp") == [binh_phuoc["70.STP"]]
    assert binh_phuoc.find_by_name("Văn phòng UBND tỉnh")[0].code == "70.VPUBND"
    assert binh_phuoc.find_by_name("Sở Thông tin và Truyền thông")[0].code == "70.STTTT"


def test_each_district_committee_holds_a_justice_division_of_its_own_tier(
    binh_phuoc: UnitTree,
) -> None:
    for committee in _committees(binh_phuoc):
        justice = binh_phuoc[f"{committee.code}.PTP"]
        assert justice.parent_code == committee.code
        assert justice.level == "district"
        assert justice in binh_phuoc.tier(committee.code)
    assert binh_phuoc["689.PTP"].name == "Phòng Tư pháp thành phố Đồng Xoài"
    assert binh_phuoc["696.PTP"].name == "Phòng Tư pháp huyện Bù Đăng"
    assert len(binh_phuoc.find_by_name("Phòng Tư pháp")) == 11


def test_rural_and_urban_districts_get_their_own_economic_divisions(
    binh_phuoc: UnitTree,
) -> None:
    rural = {u.code.split(".")[1] for u in binh_phuoc.children("696") if "." in u.code}
    urban = {u.code.split(".")[1] for u in binh_phuoc.children("689") if "." in u.code}
    assert rural - urban == {"PKTHT", "PNN"}
    assert urban - rural == {"PKT", "PQLDT"}


def test_a_district_committees_tier_holds_its_divisions_not_its_communes(
    binh_phuoc: UnitTree,
) -> None:
    tier = binh_phuoc.tier("689")
    subtree = binh_phuoc.subtree("689")
    assert {u.level for u in tier} == {"district"}
    assert len(tier) == 13
    communes = [u for u in subtree if u.level == "commune"]
    assert len(subtree) == len(tier) + len(communes)
    assert len(communes) == 8  # 6 phường, 2 xã
    assert {u.parent_code for u in communes} == {"689"}


def test_legacy_units_end_on_30_june_2025(binh_phuoc: UnitTree) -> None:
    assert {(u.valid_from, u.valid_to) for u in binh_phuoc} == {(None, date(2025, 6, 30))}
    located = [u for u in binh_phuoc if u.level in ("province", "commune")]
    assert all(u.latitude and u.longitude for u in located)
    assert all(u.latitude is None for u in binh_phuoc if u.level == "province_department")


def test_dong_nai_2025_has_95_communes_under_the_root_and_no_district_level(
    dong_nai: UnitTree,
) -> None:
    counts = Counter(u.level for u in dong_nai)
    listed = load_departments().for_structure(Structure.Y2025)
    assert counts == {"province": 1, "province_department": len(listed), "commune": 95}
    assert dong_nai.root.name == "UBND tỉnh Đồng Nai"
    assert {u.parent_code for u in dong_nai if u.level == "commune"} == {"75"}
    assert {(u.valid_from, u.valid_to) for u in dong_nai} == {(date(2025, 7, 1), None)}
    assert dong_nai.find_by_name("UBND phường Đồng Xoài")[0].code == "25210"
    assert dong_nai.find_by_name("Sở Nông nghiệp và Môi trường")[0].code == "75.SNNMT"
    assert dong_nai.find_by_name("Sở Kế hoạch và Đầu tư") == []


def test_the_build_is_deterministic_and_in_the_trees_order() -> None:
    first = build_province_tree("binh phuoc", Structure.LEGACY)
    assert first == build_province_tree("tỉnh Bình Phước", Structure.LEGACY)
    assert first == list(UnitTree(reversed(first)))
    assert first[0].code == "70"
    # Under a committee, its divisions come before its communes.
    below = [u.code for u in first if u.parent_code == "689"]
    assert below.index("689.VP") < below.index("25195")


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Bình Phước", "70"),
        ("tỉnh Bình Phước", "70"),
        ("binh phuoc", "70"),
        ("TP. Hồ Chí Minh", "79"),
        ("Thành phố Hồ Chí Minh", "79"),
        ("Hà Nội", "01"),
    ],
)
def test_a_province_is_found_by_its_folded_name(name: str, code: str) -> None:
    assert find_province(name, Structure.LEGACY).code == code


def test_centrally_run_cities_are_named_as_cities() -> None:
    assert find_province("ha noi", Structure.Y2025).committee_name == "UBND thành phố Hà Nội"


def test_an_unknown_province_suggests_the_closest_names() -> None:
    with pytest.raises(ChitieuError) as caught:
        find_province("Binh Phuok", Structure.LEGACY)
    assert caught.value.message == (
        "Không tìm thấy tỉnh, thành phố «Binh Phuok» trong danh mục cấu trúc trước 1/7/2025 "
        "(3 cấp, có cấp huyện). Có phải: Bình Phước, Vĩnh Phúc, Bình Thuận?"
    )


def test_a_province_merged_away_in_2025_points_to_the_legacy_list() -> None:
    with pytest.raises(ChitieuError, match="chọn cấu trúc «legacy»"):
        build_province_tree("Bình Phước", Structure.Y2025)


def test_island_districts_without_communes_keep_their_committee() -> None:
    tree = UnitTree(build_province_tree("Bà Rịa - Vũng Tàu", Structure.LEGACY))
    assert tree["755"].name == "UBND huyện Côn Đảo"
    assert [u for u in tree.subtree("755") if u.level == "commune"] == []


@pytest.mark.parametrize(
    ("full", "expected"),
    [
        ("Thành Phố Bắc Kạn", ("thành phố", "Bắc Kạn")),
        ("Thị xã Bình Long", ("thị xã", "Bình Long")),
        ("Thị trấn Yên Viên", ("thị trấn", "Yên Viên")),
        ("Đặc khu Phú Quốc", ("đặc khu", "Phú Quốc")),
        ("Phường 1", ("phường", "1")),
    ],
)
def test_the_kind_is_read_from_the_full_name(full: str, expected: tuple[str, str]) -> None:
    assert split_kind(full) == expected
