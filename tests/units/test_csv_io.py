"""Loading units from CSV: a corpus of bad files, each refused whole with the row named; the
encodings offices use; export to CSV and JSON."""

from __future__ import annotations

import io
import json
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from chitieu.domain import OrgUnit
from chitieu.errors import InputError
from chitieu.units import read_units_csv, units_to_json, write_units_csv
from tests.windows1258 import to_windows_1258

BAD = Path(__file__).parent / "bad_csv"
LEVELS = {"province", "province_department", "district", "commune", "official"}
ALLOWED = "(chỉ nhận: commune, district, official, province, province_department)"
EXISTING = [
    OrgUnit("70", "UBND tỉnh Bình Phước", "province"),
    OrgUnit("70.STP", "Sở Tư pháp", "province_department", "70"),
    OrgUnit("689", "UBND thành phố Đồng Xoài", "district", "70"),
    OrgUnit("689.PTP", "Phòng Tư pháp thành phố Đồng Xoài", "district", "689"),
    OrgUnit("25195", "UBND phường Tân Phú", "commune", "689"),
]
GOOD = (
    "code,name,level,parent_code\n"
    "70.SYT,Sở Y tế,province_department,70\n"
    '70.SVHTTDL,"Sở Văn hóa, Thể thao và Du lịch",province_department,70\n'
    "689.PYT,Phòng Y tế thành phố Đồng Xoài,district,689\n"
    "689.PYT.CB1,Nguyễn Thị Hồng Nhung,official,689.PYT\n"
)

CORPUS = {
    "empty.csv": [
        "empty.csv: tệp rỗng: cần dòng tiêu đề code,name,level,parent_code và các dòng đơn vị"
    ],
    "header_only.csv": [
        "header_only.csv, dòng 1: tệp chỉ có dòng tiêu đề, không có đơn vị nào",
    ],
    "missing_column.csv": [
        "missing_column.csv, dòng 1: thiếu cột «parent_code» (dòng tiêu đề phải có các cột "
        "code, name, level, parent_code)"
    ],
    "empty_code.csv": ["empty_code.csv, dòng 3, cột 1 (code): thiếu mã đơn vị"],
    "duplicate_code.csv": [
        "duplicate_code.csv, dòng 4, cột 1 (code): mã «70.SYT» trùng với dòng 2",
    ],
    "unknown_level.csv": [
        f"unknown_level.csv, dòng 2, cột 3 (level): cấp «sở» không hợp lệ {ALLOWED}",
    ],
    "unknown_parent.csv": [
        "unknown_parent.csv, dòng 3, cột 4 (parent_code): đơn vị cấp trên «690» không có "
        "trong tệp và chưa có trong cây đơn vị"
    ],
    "own_parent.csv": [
        "own_parent.csv, dòng 2, cột 4 (parent_code): đơn vị không thể là cấp trên của chính nó"
    ],
    "cycle.csv": [
        "cycle.csv, dòng 2, cột 4 (parent_code): vòng lặp cấp trên: 689.TO1 (dòng 2) → "
        "689.TO2 (dòng 3) → 689.TO3 (dòng 4) → 689.TO1"
    ],
    "cycle_through_tree.csv": [
        "cycle_through_tree.csv, dòng 2, cột 4 (parent_code): vòng lặp cấp trên: 689 (dòng 2) "
        "→ 689.PTP (đã có trong cây) → 689"
    ],
    "second_root.csv": [
        "second_root.csv, dòng 2, cột 4 (parent_code): parent_code trống (đơn vị gốc) nhưng "
        "cây đã có đơn vị gốc «70»; chỉ được có một đơn vị gốc"
    ],
    "unquoted_comma.csv": [
        "unquoted_comma.csv, dòng 2, cột 5: dòng có 5 ô nhưng tiêu đề chỉ có 4 cột (tên có "
        "dấu phẩy phải đặt trong dấu ngoặc kép)"
    ],
    "bad_values.csv": [
        "bad_values.csv, dòng 2, cột 5 (valid_from): ngày «31/02/2025» không hợp lệ (viết "
        "2025-06-30 hoặc 30/06/2025)",
        "bad_values.csv, dòng 3, cột 6 (latitude): «191» không phải vĩ độ hợp lệ (số từ -90 "
        "đến 90)",
    ],
    "many_faults.csv": [
        "many_faults.csv, dòng 3, cột 1 (code): mã «70.SYT» trùng với dòng 2",
        "many_faults.csv, dòng 3, cột 2 (name): thiếu tên đơn vị",
        f"many_faults.csv, dòng 4, cột 3 (level): cấp «xã» không hợp lệ {ALLOWED}",
        "many_faults.csv, dòng 5, cột 4 (parent_code): đơn vị cấp trên «699» không có trong "
        "tệp và chưa có trong cây đơn vị",
    ],
}


def _problems(path: Path, existing: list[OrgUnit] = EXISTING) -> list[str]:
    with pytest.raises(InputError) as caught:
        read_units_csv(path, LEVELS, existing)
    return [problem.describe() for problem in caught.value.problems]


def test_the_corpus_covers_every_bad_file() -> None:
    assert sorted(p.name for p in BAD.iterdir()) == sorted(CORPUS)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_a_bad_file_is_refused_whole_with_the_row_named(name: str) -> None:
    assert _problems(BAD / name) == CORPUS[name]


def test_the_message_lists_every_problem_on_its_own_line() -> None:
    with pytest.raises(InputError) as caught:
        read_units_csv(BAD / "many_faults.csv", LEVELS, EXISTING)
    assert caught.value.message == "\n".join(CORPUS["many_faults.csv"])


def test_a_parent_must_be_in_the_file_or_the_stored_tree() -> None:
    # Without the stored tree, the first row's parent "689" is unknown too.
    assert _problems(BAD / "unknown_parent.csv", []) == [
        "unknown_parent.csv, dòng 2, cột 4 (parent_code): đơn vị cấp trên «689» không có "
        "trong tệp và chưa có trong cây đơn vị",
        CORPUS["unknown_parent.csv"][0],
    ]


def test_a_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_bytes(b"PK\x03\x04\x00\x00\x08\x00" * 20)
    assert _problems(path) == ["units.csv: không đọc được tệp: tệp nhị phân, không phải văn bản"]


def test_a_good_file_is_read_in_its_order(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text(GOOD, encoding="utf-8")
    units = read_units_csv(path, LEVELS, EXISTING)
    assert [u.code for u in units] == ["70.SYT", "70.SVHTTDL", "689.PYT", "689.PYT.CB1"]
    assert units[1] == OrgUnit(
        "70.SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "province_department", "70"
    )


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: text.encode("utf-8-sig"),
        lambda text: text.encode("utf-16"),
        lambda text: text.encode("utf-16-le"),
        to_windows_1258,
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-le-no-bom", "windows-1258"],
)
def test_every_encoding_keeps_vietnamese_intact(
    tmp_path: Path, encode: Callable[[str], bytes]
) -> None:
    path = tmp_path / "units.csv"
    path.write_bytes(encode(GOOD))
    units = read_units_csv(path, LEVELS, EXISTING)
    assert [u.name for u in units] == [
        "Sở Y tế",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Phòng Y tế thành phố Đồng Xoài",
        "Nguyễn Thị Hồng Nhung",
    ]


def test_nfd_names_are_stored_nfc_and_trimmed(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    nfd = unicodedata.normalize("NFD", "Phòng Tư pháp huyện Bù Đăng")
    path.write_text(f"code,name,level,parent_code\n689.X, {nfd}\u00a0 ,district,689\n")
    [unit] = read_units_csv(path, LEVELS, EXISTING)
    assert unit.name == "Phòng Tư pháp huyện Bù Đăng"
    assert unicodedata.is_normalized("NFC", unit.name)
    assert nfd != unit.name


def test_columns_in_any_order_and_case_with_extra_columns_ignored(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text(
        "STT;Parent_Code;LEVEL;Name;Code;Ghi chú\n1;70;Province_Department;Sở Y tế;70.SYT;mới\n",
        encoding="utf-8",
    )
    assert read_units_csv(path, LEVELS, EXISTING) == [
        OrgUnit("70.SYT", "Sở Y tế", "province_department", "70")
    ]


def test_optional_columns_are_read(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text(
        "code,name,level,parent_code,valid_from,valid_to,latitude,longitude\n"
        '25195,UBND phường Tân Phú,commune,689,,30/06/2025,"11,548704",106.894546\n',
        encoding="utf-8",
    )
    [unit] = read_units_csv(path, LEVELS, EXISTING)
    assert unit == OrgUnit(
        "25195",
        "UBND phường Tân Phú",
        "commune",
        "689",
        valid_to=date(2025, 6, 30),
        latitude=11.548704,
        longitude=106.894546,
    )


def test_export_is_excel_safe_and_loads_back_unchanged(tmp_path: Path) -> None:
    units = [
        *EXISTING,
        OrgUnit("70.X", '=HYPERLINK("http://x")', "province_department", "70"),
        OrgUnit("70.Y", "-Tổ công tác", "province_department", "70", date(2025, 7, 1)),
        OrgUnit("70.Z", "@Ban chỉ đạo", "province_department", "70", latitude=11.5),
    ]
    path = tmp_path / "out.csv"
    write_units_csv(units, path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == (
        "code,name,level,parent_code,valid_from,valid_to,latitude,longitude"
    )
    assert '70.X,"\'=HYPERLINK(""http://x"")",province_department,70' in text
    assert "70.Y,'-Tổ công tác,province_department,70,2025-07-01,,," in text
    assert "70.Z,'@Ban chỉ đạo,province_department,70,,,11.5," in text
    assert read_units_csv(path, LEVELS) == units


def test_restating_the_stored_tree_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "tree.csv"
    write_units_csv(EXISTING, path)
    assert read_units_csv(path, LEVELS, EXISTING) == EXISTING


def test_export_to_a_text_stream() -> None:
    stream = io.StringIO()
    write_units_csv(EXISTING[:2], stream, bom=False)
    assert stream.getvalue() == (
        "code,name,level,parent_code,valid_from,valid_to,latitude,longitude\r\n"
        "70,UBND tỉnh Bình Phước,province,,,,,\r\n"
        "70.STP,Sở Tư pháp,province_department,70,,,,\r\n"
    )


def test_json_export() -> None:
    unit = OrgUnit("25195", "UBND phường Tân Phú", "commune", "689", None, date(2025, 6, 30), 11.5)
    assert json.loads(json.dumps(units_to_json([unit]), ensure_ascii=False)) == [
        {
            "code": "25195",
            "name": "UBND phường Tân Phú",
            "level": "commune",
            "parent_code": "689",
            "valid_from": None,
            "valid_to": "2025-06-30",
            "latitude": 11.5,
            "longitude": None,
        }
    ]
