"""CSV as offices save it: encodings, normal forms, delimiters, line breaks inside fields, and
rows of the wrong width reported with their lines."""

from __future__ import annotations

import codecs
import csv
import io
import random
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from chitieu.errors import InputError
from chitieu.sources.readers import CsvSource, delimited, open_source, opening
from tests.sources.readers.builders import read_rows, refusal
from tests.windows1258 import to_windows_1258

TEXT = (
    "Mã hồ sơ,Đơn vị xử lý,Ghi chú\n"
    "HS-001,Ủy ban nhân dân xã Tân Thành,Đã trả kết quả\n"
    "HS-002,Phòng Tài nguyên và Môi trường,Người nộp: Nguyễn Thị Ánh Tuyết\n"
)
EXPECTED = [
    {
        "Mã hồ sơ": "HS-001",
        "Đơn vị xử lý": "Ủy ban nhân dân xã Tân Thành",
        "Ghi chú": "Đã trả kết quả",
        "_position": "2",
    },
    {
        "Mã hồ sơ": "HS-002",
        "Đơn vị xử lý": "Phòng Tài nguyên và Môi trường",
        "Ghi chú": "Người nộp: Nguyễn Thị Ánh Tuyết",
        "_position": "3",
    },
]

Encoder = Callable[[str], bytes]


@pytest.mark.parametrize(
    ("name", "encode", "encoding"),
    [
        ("utf8", lambda t: t.encode("utf-8"), "utf-8"),
        ("utf8-bom", lambda t: t.encode("utf-8-sig"), "utf-8"),
        ("utf16", lambda t: t.encode("utf-16"), "utf-16-le"),
        ("utf16-be-bom", lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16-be"),
        ("utf16-le-no-bom", lambda t: t.encode("utf-16-le"), "utf-16-le"),
        ("windows-1258", to_windows_1258, "cp1258"),
        ("nfd", lambda t: unicodedata.normalize("NFD", t).encode("utf-8"), "utf-8"),
        ("crlf", lambda t: t.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    ],
)
def test_encodings_read_the_same(tmp_path: Path, name: str, encode: Encoder, encoding: str) -> None:
    path = tmp_path / f"{name}.csv"
    path.write_bytes(encode(TEXT))
    source = open_source(path)
    assert isinstance(source, CsvSource)
    assert source.encoding == encoding
    assert source.columns == ["Mã hồ sơ", "Đơn vị xử lý", "Ghi chú"]
    rows = read_rows(path)
    assert rows == EXPECTED
    assert all(unicodedata.is_normalized("NFC", v or "") for row in rows for v in row.values())


def test_windows_1258_is_really_decomposed_on_disk() -> None:
    # The test above is only worth something if the file holds combining tone marks.
    assert to_windows_1258("Tuyết").decode("cp1258") == "Tuyê\u0301t"


@pytest.mark.parametrize(
    ("delimiter", "text"),
    [
        (";", "ma;ten;so tien\nA;Sở, Ban;1,5\n"),
        ("\t", "ma\tten\tso tien\nA\tSở, Ban\t1,5\n"),
        (",", 'ma,ten,so tien\nA,"Sở, Ban","1,5"\n'),
    ],
)
def test_delimiter_is_found_from_the_header(tmp_path: Path, delimiter: str, text: str) -> None:
    path = tmp_path / "d.csv"
    path.write_text(text, encoding="utf-8")
    source = open_source(path)
    assert isinstance(source, CsvSource)
    assert source.delimiter == delimiter
    assert read_rows(path) == [{"ma": "A", "ten": "Sở, Ban", "so tien": "1,5", "_position": "2"}]


def test_positions_count_line_breaks_inside_quoted_fields(tmp_path: Path) -> None:
    path = tmp_path / "nhieu-dong.csv"
    path.write_bytes(
        b"\n"  # 1: blank before the header
        b'ma,"ghi\nchu",so\n'  # 2-3: the header itself spans two lines
        b'A,"dong 1\ndong 2\ndong 3",1\n'  # 4-6
        b"\n"  # 7: blank
        b'B,"windows\r\nline",2\r\n'  # 8-9
        b'C,"old mac\rline",3\n'  # 10-11
        b",,\n"  # 12: nothing but delimiters
        b'D,"",\n'  # 13: empty fields are null
    )
    rows = read_rows(path)
    assert [(r["ma"], r["_position"]) for r in rows] == [
        ("A", "4"),
        ("B", "8"),
        ("C", "10"),
        ("D", "13"),
    ]
    assert rows[0]["ghi\nchu"] == "dong 1\ndong 2\ndong 3"
    assert rows[3]["ghi\nchu"] is None
    assert rows[3]["so"] is None


def test_positions_stay_exact_across_many_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small blocks, so that rows with line breaks fall on every side of block boundaries; the
    # lines are checked against Python's csv module, which counts them one record at a time.
    monkeypatch.setattr(delimited, "_BLOCK_BYTES", 4096)
    rng = random.Random(7)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["ma", "noi dung"])
    for index in range(5000):
        breaks = rng.choice([0, 0, 0, 1, 3])
        writer.writerow([f"HS{index}", "\n".join(["dòng"] * (breaks + 1))])
        if rng.random() < 0.05:
            out.write("\n")
    text = out.getvalue()
    path = tmp_path / "lon.csv"
    path.write_text(text, encoding="utf-8")

    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader)
    expected: dict[str, str] = {}
    before = reader.line_num
    for record in reader:
        if record:
            expected[record[0]] = str(before + 1)
        before = reader.line_num

    rows = read_rows(path, rows=777)
    assert {row["ma"]: row["_position"] for row in rows if row["ma"]} == expected


def test_rows_of_the_wrong_width_are_reported_with_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "lech.csv"
    path.write_text(
        'ma,ten,so\nA,"x\ny",1\nB,2\nC,3,4\nD,5,6,7\n"E\nF",8,9,10\nG,1,2\n', encoding="utf-8"
    )
    assert refusal(path) == [
        "lech.csv, dòng 4: có 2 trường, nhưng dòng tiêu đề có 3 cột",
        "lech.csv, dòng 6: có 4 trường, nhưng dòng tiêu đề có 3 cột",
        "lech.csv, dòng 7: có 4 trường, nhưng dòng tiêu đề có 3 cột",
    ]


def test_many_wrong_rows_are_listed_fifty_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "lech.csv"
    path.write_text("ma,ten\n" + "A;B\n" * 130 + "C,D\n", encoding="utf-8")
    problems = refusal(path)
    assert len(problems) == 51
    assert problems[0] == "lech.csv, dòng 2: có 1 trường, nhưng dòng tiêu đề có 2 cột"
    assert problems[49].startswith("lech.csv, dòng 51: ")
    assert problems[50] == "lech.csv: và 80 dòng lỗi khác"


def test_no_row_is_yielded_after_a_wrong_row(tmp_path: Path) -> None:
    path = tmp_path / "lech.csv"
    path.write_text("ma,ten\nA,1\nB\nC,2\n", encoding="utf-8")
    seen: list[str] = []

    def read() -> None:
        for batch in open_source(path).batches(rows=1):
            seen.extend(batch.column("ma").to_pylist())

    with pytest.raises(InputError, match="dòng 3"):
        read()
    assert "C" not in seen


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("ma,ten,ma\n1,2,3\n", "h.csv, dòng 1, cột 3: tiêu đề «ma» lặp lại (đã có ở cột 1)"),
        ("ma,,ten\n1,2,3\n", "h.csv, dòng 1, cột 2: cột không có tiêu đề"),
        ("\n\nma, ten ,ma \n", "h.csv, dòng 3, cột 3: tiêu đề «ma» lặp lại (đã có ở cột 1)"),
        ("ma,_position\n1,2\n", "h.csv, dòng 1, cột 2: tên cột «_position» là tên dành riêng"),
    ],
)
def test_header_problems_name_the_column(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "h.csv"
    path.write_text(text, encoding="utf-8")
    assert refusal(path) == [problem]


def test_header_names_are_stripped_and_nfc(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text(unicodedata.normalize("NFD", " Mã hồ sơ ,Đơn vị\nA,B\n"), encoding="utf-8")
    assert open_source(path).columns == ["Mã hồ sơ", "Đơn vị"]


@pytest.mark.parametrize("text", ["ma,ten\n\n\n", "ma,ten", '"ma"'])
def test_a_header_without_rows_gives_no_batches(tmp_path: Path, text: str) -> None:
    path = tmp_path / "h.csv"
    path.write_text(text, encoding="utf-8")
    assert read_rows(path) == []


def test_last_line_without_a_line_break(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("ma,ten\nA,1\nB,2", encoding="utf-8")
    assert [r["_position"] for r in read_rows(path)] == ["2", "3"]


def test_utf8_broken_after_the_part_judged_names_line_and_column(tmp_path: Path) -> None:
    # The encoding is judged on the first megabyte; a Windows-1258 line far below is found
    # where it is, not read as mojibake.
    path = tmp_path / "lan.csv"
    rows = "".join(f"HS{i},Sở Tư pháp\n" for i in range(60_000))
    path.write_bytes(("ma,don vi\n" + rows).encode("utf-8") + to_windows_1258("HSX,Sở Tư pháp\n"))
    assert path.stat().st_size > 1 << 20
    assert refusal(path) == [
        "lan.csv, dòng 60002, cột 2 (don vi): có byte không hợp lệ trong bảng mã UTF-8 "
        "(tệp lẫn nhiều bảng mã?); hãy lưu lại tệp dưới dạng CSV UTF-8"
    ]


@pytest.mark.parametrize(
    ("text", "delimiter", "columns", "first"),
    [
        # Semicolons and commas split the header in two alike; the rows below settle it.
        ("ma;ten,day du\nA;B\nC;D\n", ";", ["ma", "ten,day du"], "2"),
        ("ma;ten,day du\nA;B,C\n", ",", ["ma;ten", "day du"], "2"),
        # Excel's hint line names the delimiter and is not the header.
        ("sep=;\nma;ten,day du\nA;B,C\n", ";", ["ma", "ten,day du"], "3"),
    ],
)
def test_delimiter_ties_and_excel_hint(
    tmp_path: Path, text: str, delimiter: str, columns: list[str], first: str
) -> None:
    path = tmp_path / "d.csv"
    path.write_text(text, encoding="utf-8")
    source = open_source(path)
    assert isinstance(source, CsvSource)
    assert (source.delimiter, source.columns) == (delimiter, columns)
    assert read_rows(path)[0]["_position"] == first


def test_a_character_cut_by_the_judged_prefix_keeps_utf8(tmp_path: Path) -> None:
    # "ma\n" then four bytes a line: the first megabyte ends inside a three-byte "ầ".
    path = tmp_path / "cat.csv"
    path.write_text("ma\n" + "ầ\n" * 300_000, encoding="utf-8")
    assert (opening.HEAD_BYTES - 3) % 4 == 1
    source = open_source(path)
    assert isinstance(source, CsvSource)
    assert source.encoding == "utf-8"
    rows = read_rows(path)
    assert len(rows) == 300_000
    assert {row["ma"] for row in rows} == {"ầ"}
