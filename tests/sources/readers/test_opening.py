"""Files recognised by content, and everything that cannot be read refused with a reason."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from chitieu.containers import ZipLimits
from chitieu.sources.readers import opening
from tests.sources.readers.builders import refusal, write_parquet, write_xlsx

SHEET = "xl/worksheets/sheet1.xml"


def _xlsx(tmp_path: Path) -> Path:
    path = tmp_path / "plain.xlsx"
    write_xlsx(path, ["ma", "ten"], [["A", "Sở Tư pháp"]])
    return path


def _bomb(tmp_path: Path, megabytes: int) -> Path:
    """A workbook whose sheet inflates to ``megabytes`` of repeated rows: streamed into the zip,
    so the test never holds or writes the inflated sheet."""
    plain = _xlsx(tmp_path)
    path = tmp_path / "bomb.xlsx"
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c></row>' * 16_384
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as bomb,
    ):
        for info in source.infolist():
            if info.filename != SHEET:
                bomb.writestr(info, source.read(info))
        with bomb.open(SHEET, "w", force_zip64=True) as sheet:
            for _ in range((megabytes << 20) // len(row)):
                sheet.write(row)
    return path


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("rong.csv", b"", "rong.csv: tệp rỗng"),
        ("trang.csv", b" \r\n\t\n", "trang.csv: tệp chỉ có khoảng trắng, không có dữ liệu"),
        (
            "anh.csv",
            bytes(range(256)) * 64,
            "anh.csv: tệp nhị phân, không phải văn bản; hãy gửi tệp CSV, Excel (.xlsx), Parquet "
            "hoặc JSON",
        ),
        (
            "bao-cao.csv",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
            "bao-cao.csv: đây là tệp PDF, không phải bảng dữ liệu; hãy gửi tệp CSV, Excel (.xlsx), "
            "Parquet hoặc JSON",
        ),
        (
            "cu.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
            "cu.xls: tệp Word/Excel định dạng cũ (.doc/.xls) không được hỗ trợ; hãy lưu lại thành "
            ".docx hoặc .xlsx",
        ),
        (
            "hong.xlsx",
            b"PK\x03\x04" + b"\x00" * 100,
            "hong.xlsx: tệp bị hỏng hoặc không đầy đủ (không mở được như tệp Office)",
        ),
        (
            "hong.parquet",
            b"PAR1" + b"\x00" * 100,
            "hong.parquet: tệp Parquet bị hỏng hoặc không đầy đủ, không đọc được",
        ),
    ],
)
def test_unreadable_files_are_refused(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    [problem] = refusal(path)
    assert problem.startswith(reason)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert refusal(tmp_path / "khong-co.csv") == ["khong-co.csv: không tìm thấy tệp"]
    (tmp_path / "thu-muc").mkdir()
    assert refusal(tmp_path / "thu-muc") == ["thu-muc: đây là một thư mục, không phải tệp"]


def test_word_document_and_other_zip(tmp_path: Path) -> None:
    word = tmp_path / "so-lieu.xlsx"
    document = docx.Document()
    document.add_paragraph("Số liệu")
    document.save(str(word))
    assert refusal(word) == [
        "so-lieu.xlsx: văn bản Word không phải bảng dữ liệu; hãy gửi tệp CSV, Excel (.xlsx), "
        "Parquet hoặc JSON"
    ]
    other = tmp_path / "du-lieu.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("du-lieu.csv", "ma\nA\n")
    assert refusal(other) == [
        "du-lieu.zip: tệp nén không phải bảng tính Excel (.xlsx); hãy gửi tệp CSV, Excel (.xlsx), "
        "Parquet hoặc JSON"
    ]


def test_encrypted_workbook(tmp_path: Path) -> None:
    locked = tmp_path / "khoa.xlsx"
    encrypted = io.BytesIO()
    with _xlsx(tmp_path).open("rb") as handle:
        OOXMLFile(handle).encrypt("matkhau", encrypted)
    locked.write_bytes(encrypted.getvalue())
    assert refusal(locked) == [
        "khoa.xlsx: tệp được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi gửi lại"
    ]


def test_truncated_workbook(tmp_path: Path) -> None:
    whole = _xlsx(tmp_path)
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    assert refusal(cut) == [
        "cut.xlsx: tệp bị hỏng hoặc không đầy đủ (không mở được như tệp Office)"
    ]


def test_workbook_with_a_corrupt_sheet(tmp_path: Path) -> None:
    # The zip's directory is whole, the sheet's compressed bytes are not: found while reading.
    plain = _xlsx(tmp_path)
    with zipfile.ZipFile(plain) as archive:
        info = archive.getinfo(SHEET)
    data = bytearray(plain.read_bytes())
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start : start + info.compress_size] = b"\xff" * info.compress_size
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(bytes(data))
    [problem] = refusal(broken)
    assert problem.startswith("broken.xlsx")
    assert "tệp Excel bị hỏng hoặc không đầy đủ, không đọc được" in problem


def test_zip_bomb_is_refused_without_inflating(tmp_path: Path) -> None:
    bomb = _bomb(tmp_path, megabytes=256)
    assert bomb.stat().st_size < 2 << 20
    assert refusal(bomb) == [
        f"bomb.xlsx: tỉ lệ nén bất thường ở phần «{SHEET}» (nghi ngờ tệp độc hại), không đọc"
    ]


def test_sheet_larger_than_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        opening, "XLSX_LIMITS", ZipLimits(total_bytes=1 << 30, member_bytes=8 << 20)
    )
    assert refusal(_bomb(tmp_path, megabytes=16)) == [
        f"bomb.xlsx: tệp giải nén ra quá lớn (nghi ngờ tệp độc hại), không đọc (phần «{SHEET}»)"
    ]


def test_truncated_parquet(tmp_path: Path) -> None:
    whole = tmp_path / "whole.parquet"
    write_parquet(whole, ["ma"], [[f"HS{i}"] for i in range(1000)])
    cut = tmp_path / "cut.parquet"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size - 20])
    [problem] = refusal(cut)
    assert problem.startswith("cut.parquet: tệp Parquet bị hỏng hoặc không đầy đủ")
