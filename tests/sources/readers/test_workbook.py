"""Excel workbooks: the first visible sheet, the header wherever it starts, typed cells as text."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from openpyxl import Workbook

from chitieu.sources.readers import XlsxSource, open_source, workbook
from tests.sources.readers.builders import (
    read_rows,
    refusal,
    wall_clock,
    write_shared_strings_xlsx,
    write_xlsx,
)


def test_header_on_the_first_non_empty_row_and_excel_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "ds.xlsx"
    write_xlsx(path, ["ma", "ten"], [["A", "x"], [None, None], ["B", "y"]], start_row=3)
    source = open_source(path)
    assert isinstance(source, XlsxSource)
    assert source.header_row == 3
    assert read_rows(path) == [
        {"ma": "A", "ten": "x", "_position": "4"},
        {"ma": "B", "ten": "y", "_position": "6"},
    ]


def test_first_visible_sheet_is_read(tmp_path: Path) -> None:
    book = Workbook()
    hidden = book.active
    assert hidden is not None
    hidden.title = "Ẩn"
    hidden.append(["khac"])
    hidden.sheet_state = "hidden"
    shown = book.create_sheet("Hồ sơ")
    shown.append(["ma"])
    shown.append(["A"])
    path = tmp_path / "an.xlsx"
    book.save(path)
    source = open_source(path)
    assert isinstance(source, XlsxSource)
    assert source.sheet == "Hồ sơ"
    assert read_rows(path) == [{"ma": "A", "_position": "2"}]


def test_cells_become_the_text_a_csv_would_hold(tmp_path: Path) -> None:
    path = tmp_path / "kieu.xlsx"
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")
    write_xlsx(
        path,
        ["so nguyen", "so thuc", "ngay", "ngay gio", "co", "chu", "trong"],
        [
            [3.0, 2.5, dt.date(2024, 3, 15), wall_clock("2024-03-15T09:30"), True, nfd, ""],
            [
                12345678901,
                -0.1,
                wall_clock("2024-03-15T00:00"),
                wall_clock("2024-03-15T09:29:59.999900"),
                False,
                " Sở ",
                None,
            ],
        ],
    )
    rows = read_rows(path)
    assert rows == [
        {
            "so nguyen": "3",
            "so thuc": "2.5",
            "ngay": "2024-03-15",
            "ngay gio": "2024-03-15T09:30:00",
            "co": "1",
            "chu": "Nguyễn Thị Ánh Tuyết",
            "trong": None,
            "_position": "2",
        },
        {
            "so nguyen": "12345678901",
            "so thuc": "-0.1",
            "ngay": "2024-03-15",
            "ngay gio": "2024-03-15T09:30:00",
            "co": "0",
            "chu": " Sở ",
            "trong": None,
            "_position": "3",
        },
    ]
    assert unicodedata.is_normalized("NFC", rows[0]["chu"] or "")


def test_trailing_formatted_rows_give_nothing(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ma", "ten"])
    sheet.append(["A", "x"])
    for row in range(3, 200):
        sheet.cell(row=row, column=1).number_format = "0.00"
        sheet.cell(row=row, column=2).value = "  "
    path = tmp_path / "duoi.xlsx"
    book.save(path)
    assert read_rows(path) == [{"ma": "A", "ten": "x", "_position": "2"}]


def test_data_right_of_the_header_is_refused_with_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "le.xlsx"
    write_xlsx(path, ["ma", "ten"], [["A", "x"], ["B", "y", None, "thừa"]])
    assert refusal(path) == [
        "le.xlsx, trang tính «Sheet», ô D3: ô có dữ liệu nhưng cột không có tiêu đề"
    ]


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        (["ma", "ten", "ma"], "ô C1: tiêu đề «ma» lặp lại (đã có ở cột 1)"),
        (["ma", None, "ten"], "ô B1: cột không có tiêu đề"),
    ],
)
def test_header_problems_name_the_cell(tmp_path: Path, header: list[str], problem: str) -> None:
    path = tmp_path / "tieu-de.xlsx"
    write_xlsx(path, header, [["A", "B", "C"]])
    assert refusal(path) == [f"tieu-de.xlsx, trang tính «Sheet», {problem}"]


def test_empty_sheet_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "trong.xlsx"
    Workbook().save(path)
    assert refusal(path) == ["trong.xlsx, trang tính «Sheet»: trang tính không có dữ liệu"]


def test_shared_strings_as_excel_writes_them(tmp_path: Path) -> None:
    path = tmp_path / "excel.xlsx"
    nfd = unicodedata.normalize("NFD", "Ủy ban nhân dân xã Tân Thành")
    write_shared_strings_xlsx(path, {2: ["Mã", "Đơn vị"], 3: ["HS-1", nfd], 7: ["HS-2", "Sở"]})
    source = open_source(path)
    assert isinstance(source, XlsxSource)
    assert source.sheet == "Dữ liệu"
    assert read_rows(path) == [
        {"Mã": "HS-1", "Đơn vị": "Ủy ban nhân dân xã Tân Thành", "_position": "3"},
        {"Mã": "HS-2", "Đơn vị": "Sở", "_position": "7"},
    ]


def test_too_many_shared_strings_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workbook, "SHARED_STRINGS_LIMIT", 1000)
    path = tmp_path / "chuoi.xlsx"
    write_shared_strings_xlsx(path, {i: [f"Hồ sơ số {i}"] for i in range(1, 200)})
    [problem] = refusal(path)
    assert problem.startswith("chuoi.xlsx: bảng tính có quá nhiều chuỗi văn bản")
