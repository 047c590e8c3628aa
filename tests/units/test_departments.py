"""The shipped list of departments and divisions, and how an edited list is checked."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from chitieu.domain import OrgUnit
from chitieu.errors import InputError
from chitieu.units import Structure, builtin_departments_path, load_departments
from chitieu.units.departments import department_units, division_units


def test_the_shipped_list_holds_both_structures() -> None:
    listing = load_departments()
    legacy = {d.code: d.name for d in listing.for_structure(Structure.LEGACY)}
    after = {d.code: d.name for d in listing.for_structure(Structure.Y2025)}
    assert legacy["STP"] == "Sở Tư pháp"
    assert legacy["SKHDT"] == "Sở Kế hoạch và Đầu tư"
    assert "SKHDT" not in after
    assert after["SNNMT"] == "Sở Nông nghiệp và Môi trường"
    assert after["SDTTG"] == "Sở Dân tộc và Tôn giáo"
    # A department that continues keeps its code.
    assert {"VPUBND", "STP", "STC", "SNV", "SXD", "SKHCN", "TTRA"} <= legacy.keys() & after.keys()
    divisions = {d.code for d in listing.divisions}
    assert {"VP", "PTP", "PNV", "PTCKH", "PTNMT", "PLDTBXH", "PVHTT", "PGDDT", "PYT"} <= divisions


def test_units_are_coded_under_their_parent() -> None:
    listing = load_departments()
    root = OrgUnit("70", "UBND tỉnh Bình Phước", "province")
    departments = department_units(root, listing.for_structure(Structure.LEGACY), Structure.LEGACY)
    assert departments[2] == OrgUnit(
        "70.STP", "Sở Tư pháp", "province_department", "70", valid_to=date(2025, 6, 30)
    )
    committee = OrgUnit("689", "UBND thành phố Đồng Xoài", "district", "70")
    divisions = division_units(committee, "thành phố", "Đồng Xoài", listing.divisions)
    names = {u.code: u.name for u in divisions}
    assert names["689.PTP"] == "Phòng Tư pháp thành phố Đồng Xoài"
    assert names["689.VP"] == "Văn phòng HĐND và UBND thành phố Đồng Xoài"
    assert "689.PKTHT" not in names
    assert {u.level for u in divisions} == {"district"}


def _refused(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "departments.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_departments(path)
    return [p.describe() for p in caught.value.problems]


GOOD_2025 = '\n[["2025".department]]\ncode = "STP"\nname = "Sở Tư pháp"\n'


def test_an_edited_list_with_faults_names_each_entry_by_line(tmp_path: Path) -> None:
    text = (
        "[[legacy.department]]\n"  # line 1
        'code = "STP"\n'
        'name = "Sở Tư pháp"\n'
        "\n"
        "[[legacy.department]]\n"  # line 5: duplicate code
        'code = "STP"\n'
        'name = "Sở Tư pháp 2"\n'
        "\n"
        "[[legacy.department]]\n"  # line 9: lower-case code, no name
        'code = "syt"\n'
        "\n"
        "[[legacy.division]]\n"  # line 12: unknown district type
        'code = "PTP"\n'
        'name = "Phòng Tư pháp"\n'
        'district_types = ["phường"]\n' + GOOD_2025
    )
    assert _refused(tmp_path, text) == [
        "departments.toml, dòng 5: [[legacy.department]] «STP»: mã bị trùng với dòng 1",
        "departments.toml, dòng 9: [[legacy.department]] thứ 3: mã «syt» chỉ được gồm chữ in "
        "hoa không dấu, chữ số và dấu gạch dưới, bắt đầu bằng chữ",
        "departments.toml, dòng 9: [[legacy.department]] thứ 3: thiếu trường «name»",
        "departments.toml, dòng 12: [[legacy.division]] thứ 1: loại đơn vị cấp huyện «phường» "
        "không hợp lệ (chỉ nhận: huyện, quận, thị xã, thành phố)",
    ]


def test_the_2025_structure_has_no_district_divisions(tmp_path: Path) -> None:
    text = (
        '[[legacy.department]]\ncode = "STP"\nname = "Sở Tư pháp"\n'
        + GOOD_2025
        + '\n[["2025".division]]\ncode = "PTP"\nname = "Phòng Tư pháp"\n'
    )
    assert _refused(tmp_path, text) == [
        "departments.toml: cấu trúc 2025 không có cấp huyện nên không có phòng, ban cấp huyện "
        "(«division»)"
    ]


def test_a_missing_list_and_bad_toml_are_refused(tmp_path: Path) -> None:
    assert _refused(tmp_path, '[[legacy.department]]\ncode = "STP"\nname = "Sở Tư pháp"\n') == [
        'departments.toml: thiếu danh sách sở, ngành [["2025".department]]'
    ]
    problems = _refused(tmp_path, '[[legacy.department]]\ncode = "STP\n')
    assert problems == [
        "departments.toml, dòng 2, cột 12: cú pháp TOML sai (Illegal character '\\n')"
    ]


def test_the_shipped_file_is_found_inside_the_package() -> None:
    path = builtin_departments_path()
    assert path.name == "departments.toml"
    assert path.parent.parent.name == "units"
