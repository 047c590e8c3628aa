"""Workbooks that used to reach the store wrong or be refused without their place: formulas
without a computed value, codes Excel rounded, titles above the header, several sheets, the
header pasted again below the data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from chitieu.catalog import Catalogue
from chitieu.domain import OrgUnit, Source
from chitieu.errors import InputError, Severity
from chitieu.facts import DuckDBStore
from chitieu.facts.summary import summarize
from chitieu.sources.ingest import ingest
from chitieu.sources.readers import XlsxSource, open_source
from chitieu.sources.stage import StagedFile
from tests.sources.corpus import GOOD, HEADER
from tests.sources.readers.builders import patch_sheet, read_rows, refusal, write_xlsx

UNCOMPUTED = "công thức chưa được tính"


def _refused(
    store: DuckDBStore, path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> list[str]:
    """The lines of an import's refusal, the store checked unchanged by it."""
    before = summarize(store).to_dict()
    with pytest.raises(InputError) as refused:
        ingest(store, Source.DOSSIERS, [path], units=units, catalogue=catalogue, actor="test")
    assert summarize(store).to_dict() == before
    return [problem.describe() for problem in refused.value.problems]


def _dossiers(path: Path, rows: list[list[Any]], *, start_row: int = 1) -> Path:
    write_xlsx(path, HEADER, rows, start_row=start_row)
    return path


def _stored(store: DuckDBStore, columns: str) -> list[tuple[Any, ...]]:
    sql = f"SELECT {columns} FROM dossiers ORDER BY dossier_code"
    return [tuple(row) for row in store.connection.execute(sql).fetchall()]


# --- formulas ---------------------------------------------------------------------------------


def test_a_formula_without_its_value_is_refused_at_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "cong-thuc.xlsx"
    write_xlsx(path, ["ma", "phi", "truc tuyen"], [["A", "=1000*6", "=1=1"], ["B", 5, True]])
    problems = refusal(path)
    assert len(problems) == 2
    assert problems[0].startswith(f"cong-thuc.xlsx, trang tính «Sheet», ô B2 (phi): {UNCOMPUTED}")
    assert problems[1].startswith(
        f"cong-thuc.xlsx, trang tính «Sheet», ô C2 (truc tuyen): {UNCOMPUTED}"
    )


def test_a_formula_with_its_cached_value_reads_as_that_value(tmp_path: Path) -> None:
    path = tmp_path / "da-tinh.xlsx"
    write_xlsx(path, ["ma", "phi", "truc tuyen", "ten"], [["A", "=1000*6", "=1=1", '=""&"x"']])
    # As Excel saves them: the formula and, beside it, the value it computed.
    patch_sheet(
        path,
        {
            '<c r="B2"><f>1000*6</f><v></v></c>': '<c r="B2"><f>1000*6</f><v>6000</v></c>',
            '<c r="C2"><f>1=1</f><v></v></c>': '<c r="C2" t="b"><f>1=1</f><v>1</v></c>',
            '<c r="D2"><f>""&amp;"x"</f><v></v></c>': (
                '<c r="D2" t="str"><f>""&amp;"x"</f><v>x</v></c>'
            ),
        },
    )
    assert read_rows(path) == [
        {"ma": "A", "phi": "6000", "truc tuyen": "1", "ten": "x", "_position": "2"}
    ]


def test_a_formula_whose_cached_value_is_empty_text_is_an_empty_cell(tmp_path: Path) -> None:
    path = tmp_path / "rong.xlsx"
    write_xlsx(path, ["ma", "ghi chu"], [["A", '=""']])
    patch_sheet(path, {'<c r="B2"><f>""</f><v></v></c>': '<c r="B2" t="str"><f>""</f><v></v></c>'})
    assert read_rows(path) == [{"ma": "A", "ghi chu": None, "_position": "2"}]


def test_an_import_with_uncomputed_formulas_is_refused_and_nothing_stored(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    rows: list[list[Any]] = [list(row) for row in GOOD]
    rows[1][8], rows[1][9] = "=1000*6", "=1=1"
    lines = _refused(store, _dossiers(tmp_path / "phi.xlsx", rows), units, catalogue)
    assert [line.split(": ")[0] for line in lines] == [
        "phi.xlsx, trang tính «Sheet», ô I3 (fee_amount)",
        "phi.xlsx, trang tính «Sheet», ô J3 (paid_online)",
    ]
    assert all(UNCOMPUTED in line for line in lines)
    assert _stored(store, "dossier_code") == []


def test_an_import_with_cached_formulas_stores_the_computed_values(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    rows: list[list[Any]] = [list(row) for row in GOOD]
    rows[1][8], rows[1][9] = "=1000*6", "=1=1"
    path = _dossiers(tmp_path / "phi.xlsx", rows)
    patch_sheet(
        path,
        {
            '<c r="I3"><f>1000*6</f><v></v></c>': '<c r="I3"><f>1000*6</f><v>6000</v></c>',
            '<c r="J3"><f>1=1</f><v></v></c>': '<c r="J3" t="b"><f>1=1</f><v>1</v></c>',
        },
    )
    ingest(store, Source.DOSSIERS, [path], units=units, catalogue=catalogue, actor="test")
    assert _stored(store, "dossier_code, fee_amount, paid_online")[1] == ("HS-002", 6000, True)


# --- codes typed as numbers ---------------------------------------------------------------------


def test_a_long_code_excel_rounded_is_refused_at_its_cell(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    rows: list[list[Any]] = [list(row) for row in GOOD]
    rows[0][0] = 123456789012345678  # typed as a number: openpyxl, like Excel, keeps a float
    lines = _refused(store, _dossiers(tmp_path / "ma.xlsx", rows), units, catalogue)
    assert len(lines) == 1
    assert lines[0].startswith(
        "ma.xlsx, trang tính «Sheet», ô A2 (dossier_code): mã bị Excel làm tròn"
    )
    assert "«123456789012345700»" in lines[0]


def test_a_code_excel_wrote_with_an_exponent_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "mu.xlsx"
    write_xlsx(path, HEADER, [["HS", *GOOD[0][1:]]])
    patch_sheet(
        path, {"<is><t>HS</t></is>": "<v>1.23456789012346E+17</v>", 't="inlineStr"><v>': "><v>"}
    )
    source = open_source(path, Source.DOSSIERS)
    source.code_columns = frozenset({0})
    with pytest.raises(InputError) as refused:
        list(source.batches())
    [problem] = [p.describe() for p in refused.value.problems]
    assert problem.startswith("mu.xlsx, trang tính «Sheet», ô A2 (dossier_code): mã bị Excel")
    assert "«123456789012346000»" in problem


def test_codes_and_big_numbers_keep_all_their_digits_as_text(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    rows: list[list[Any]] = [list(row) for row in GOOD]
    rows[0][0] = 987654321012  # a 12-digit code typed as a number: exact in a double
    path = _dossiers(tmp_path / "ma-so.xlsx", rows)
    # An 18-digit integer written in full (as a generator writing the XML itself may): exact.
    rows[1][0] = "HS-002"
    patch_sheet(
        path,
        {
            '<c r="A3" t="inlineStr"><is><t>HS-002</t></is></c>': (
                '<c r="A3" t="n"><v>123456789012345678</v></c>'
            )
        },
    )
    ingest(store, Source.DOSSIERS, [path], units=units, catalogue=catalogue, actor="test")
    assert [code for (code,) in _stored(store, "dossier_code")] == [
        "123456789012345678",
        "987654321012",
        "HS-003",
    ]


def test_a_big_number_outside_code_columns_has_no_exponent(tmp_path: Path) -> None:
    path = tmp_path / "so.xlsx"
    write_xlsx(path, ["ma", "so"], [["A", 123456789012345678]])
    assert read_rows(path) == [{"ma": "A", "so": "123456789012345700", "_position": "2"}]


# --- titles above the header ---------------------------------------------------------------------


def _titled(path: Path, rows: list[list[Any]]) -> Path:
    """A dossier sheet as a ministry's form has it: a merged title, a subtitle, a blank row,
    then the header on row 4."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["DANH SÁCH HỒ SƠ THỦ TỤC HÀNH CHÍNH"])
    sheet.merge_cells("A1:J1")
    sheet.append(["Kỳ báo cáo: quý I năm 2024", None, None, None, None, "Đơn vị: Sở Tư pháp"])
    sheet.append([])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_the_header_is_found_below_titles_and_the_row_named(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    path = _titled(tmp_path / "tieu-de.xlsx", [list(row) for row in GOOD])
    report = ingest(store, Source.DOSSIERS, [path], units=units, catalogue=catalogue, actor="test")
    assert [code for (code,) in _stored(store, "dossier_code")] == ["HS-001", "HS-002", "HS-003"]
    warning = report.warnings[0]
    assert warning.severity is Severity.WARNING
    assert warning.describe() == (
        "tieu-de.xlsx, trang tính «Sheet», hàng 4: dòng tiêu đề cột lấy ở hàng 4; 2 hàng phía "
        "trên (tiêu đề văn bản) được bỏ qua"
    )


def test_a_bad_cell_below_titles_is_named_by_its_excel_row(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    rows: list[list[Any]] = [list(row) for row in GOOD]
    rows[2][7] = "xong"
    lines = _refused(store, _titled(tmp_path / "sai.xlsx", rows), units, catalogue)
    assert lines == [
        "sai.xlsx, trang tính «Sheet», ô H7 (status): «xong» không phải mã trạng thái hồ sơ (1–10)"
    ]


def test_a_header_not_found_names_the_row_read_as_header(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    path = tmp_path / "thieu.xlsx"
    book_header = [name for name in HEADER if name != "channel"]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["DANH SÁCH HỒ SƠ"])
    sheet.append(book_header)
    for row in GOOD:
        sheet.append(row[:3] + row[4:])
    book.save(path)
    lines = _refused(store, path, units, catalogue)
    assert lines == [
        "thieu.xlsx, trang tính «Sheet»: thiếu cột bắt buộc «channel» (dòng tiêu đề cột đọc "
        "được: hàng 2)"
    ]


# --- several sheets ----------------------------------------------------------------------------


def _book(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_the_sheet_whose_header_matches_is_read_and_named(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    rows: list[list[Any]] = [list(row) for row in GOOD]
    rows[0][3] = "fax"
    path = _book(
        tmp_path / "nhieu.xlsx",
        {
            "Hướng dẫn": [["Cách điền"], ["Mỗi hồ sơ một dòng"]],
            "Hồ sơ": [HEADER, *rows],
            "Tổng hợp": [["Đơn vị", "Số hồ sơ"], ["70.STP", 3]],
        },
    )
    source = open_source(path, Source.DOSSIERS)
    assert isinstance(source, XlsxSource)
    assert source.sheet == "Hồ sơ"
    lines = _refused(store, path, units, catalogue)
    assert lines == [
        "nhieu.xlsx, trang tính «Hồ sơ», ô D2 (channel): «fax» không phải kênh nộp (1 trực "
        "tiếp, 2 trực tuyến, 3 bưu chính)"
    ]


def test_two_sheets_that_both_match_are_refused_naming_them(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    path = _book(
        tmp_path / "hai.xlsx",
        {"Tháng 1": [HEADER, GOOD[0]], "Tháng 2": [HEADER, GOOD[1]], "Ghi chú": [["x"]]},
    )
    assert _refused(store, path, units, catalogue) == [
        "hai.xlsx: các trang tính «Tháng 1», «Tháng 2» đều có dòng tiêu đề với các cột cần "
        "nhập; hãy để dữ liệu cần nhập trong một trang tính (hoặc ẩn hay xoá các trang khác)"
    ]


def test_sheets_none_of_which_matches_are_refused_naming_them(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    path = _book(tmp_path / "khong.xlsx", {"A": [["x", "y"], [1, 2]], "B": [["z"]]})
    assert _refused(store, path, units, catalogue) == [
        "khong.xlsx: không trang tính nào có dòng tiêu đề với các cột cần nhập (đã xem «A», «B»)"
    ]


# --- the header again ----------------------------------------------------------------------------


def test_the_header_pasted_again_is_one_problem_of_its_row(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    path = _dossiers(tmp_path / "ghep.xlsx", [list(GOOD[0]), list(HEADER), list(GOOD[1])])
    assert _refused(store, path, units, catalogue) == [
        "ghep.xlsx, trang tính «Sheet», hàng 3: hàng này lặp lại dòng tiêu đề (hàng 1); bảng "
        "ghép từ nhiều bảng? hãy xoá hàng này"
    ]


def test_a_row_only_starting_like_the_header_is_data(tmp_path: Path) -> None:
    path = tmp_path / "giong.xlsx"
    write_xlsx(path, ["ma", "ten"], [["ma", "khac"], [" ma ", "ten"]])
    problems = refusal(path)
    # The second row is the header again (spaces aside); the first is data.
    assert problems == [
        "giong.xlsx, trang tính «Sheet», hàng 3: hàng này lặp lại dòng tiêu đề (hàng 1); bảng "
        "ghép từ nhiều bảng? hãy xoá hàng này"
    ]


def test_every_place_of_a_staged_workbook_names_its_sheet() -> None:
    staged = StagedFile(
        "ds.xlsx", "t", {"status": "Trạng thái"}, {"status": 8}, "hàng", sheet="Hồ sơ"
    )
    assert [
        staged.place(7, "status").describe(),
        staged.place(7).describe(),
        staged.place(None, "status").describe(),
        staged.place(7, "due_at").describe(),
    ] == [
        "ds.xlsx, trang tính «Hồ sơ», ô H7 (Trạng thái)",
        "ds.xlsx, trang tính «Hồ sơ», hàng 7",
        "ds.xlsx, trang tính «Hồ sơ» (Trạng thái)",
        "ds.xlsx, trang tính «Hồ sơ», hàng 7 (due_at)",
    ]
