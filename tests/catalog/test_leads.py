"""Lead-unit cells mean levels and named units as the table of INDICATORS.md says."""

from __future__ import annotations

import pytest

from chitieu.catalog import load_catalogue
from chitieu.catalog.leads import LeadReading, read_lead

CASES = [
    ("Các sở, ngành và tương đương thuộc UBND tỉnh", ("province_department",), ()),
    ("Các phòng, ban và tương đương thuộc UBND cấp huyện", ("district",), ()),
    ("UBND cấp xã", ("commune",), ()),
    (
        "Các sở, ngành và tương đương thuộc UBND tỉnh; UBND cấp huyện, UBND cấp xã",
        ("province_department", "district", "commune"),
        (),
    ),
    ("Sở Tư pháp, UBND cấp huyện, UBND cấp xã", ("district", "commune"), ("Sở Tư pháp",)),
    (
        "Các sở, ngành và tương đương thuộc UBND tỉnh; UBND cấp huyện",
        ("province_department", "district"),
        (),
    ),
    (
        "Các sở, ban, ngành tỉnh; UBND các huyện, thị xã, thành phố",
        ("province_department", "district"),
        (),
    ),
    ("Ủy ban nhân dân các xã, phường, thị trấn", ("commune",), ()),
    ("Uỷ ban nhân dân cấp xã", ("commune",), ()),
    ("Phòng Tư pháp cấp huyện và UBND cấp xã", ("commune",), ("Phòng Tư pháp cấp huyện",)),
    ("Sở Thông tin và Truyền thông", (), ("Sở Thông tin và Truyền thông",)),
    (
        "Sở Văn hóa, Thể thao và Du lịch; Công an tỉnh",
        (),
        ("Sở Văn hóa, Thể thao và Du lịch", "Công an tỉnh"),
    ),
    ("Văn phòng HĐND-UBND cấp huyện", (), ("Văn phòng HĐND-UBND cấp huyện",)),
    ("", (), ()),
]


@pytest.mark.parametrize(("cell", "levels", "units"), CASES)
def test_lead_cell(cell: str, levels: tuple[str, ...], units: tuple[str, ...]) -> None:
    assert read_lead(cell, load_catalogue()) == LeadReading(levels, units)
