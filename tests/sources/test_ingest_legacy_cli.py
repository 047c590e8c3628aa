"""``chitieu ingest dossiers`` of files saved in the legacy TCVN3 (ABC) and VNI encodings: the
rows stored are those of the same file in UTF-8, and a file only likely in one of them is
refused whole (exit 2, the file and the line named), the store unchanged."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from chitieu.domain import Source
from chitieu.facts import open_store
from chitieu.facts.schema import table_for
from chitieu.facts.store import FACTS_FILE
from chitieu.legacy_encodings import encode_tcvn3, encode_vni
from tests.cli.conftest import Run
from tests.sources.corpus import write_dossiers

DOSSIERS = (
    "dossier_code,procedure_code,unit_code,channel,received_at,due_at,finished_at,status,"
    "fee_amount,paid_online,handler_code\n"
    "HS-001,1.004227,Sở Tư pháp,trực tuyến,2024-01-02T09:00:00,2024-01-10T17:00:00,"
    "2024-01-05T10:00:00,10,30000,có,Nguyễn Văn Đức\n"
    "HS-002,2.000815,UBND xã Mẫu 1,trực tiếp,2024-02-03 08:30:00,,,4,0,không,Trần Thị Hường\n"
    "HS-003,2.000815,70.H01.PTP,bưu chính,2024-03-04T14:15:00,2024-03-08T17:00:00,"
    "2024-03-06T09:00:00,9,,không,Lê Hoàng Yến\n"
)
"""Dossiers whose Vietnamese is in the units named (not coded), the channels and the handlers."""

LEGACY: dict[str, Callable[[str], bytes]] = {"tcvn3": encode_tcvn3, "vni": encode_vni}
Row = tuple[object, ...]


def _rows(home: Path) -> list[Row]:
    if not (home / FACTS_FILE).exists():
        return []
    columns = ", ".join(table_for(Source.DOSSIERS).columns)
    with open_store(home, read_only=True) as store:
        rows = store.connection.execute(
            f"SELECT {columns} FROM dossiers ORDER BY dossier_code"
        ).fetchall()
    return [tuple(row) for row in rows]


def _ingest(run: Run, home: Path, path: Path) -> None:
    result = run("ingest", "dossiers", path, "--home", home)
    assert result.code == 0, result.err
    assert f"Đã nạp {path.name}: 3 dòng mới" in result.out


@pytest.fixture
def from_utf8(run: Run, units_home: Path, tmp_path: Path) -> list[Row]:
    """The rows stored from the UTF-8 file, in a home of their own."""
    home = tmp_path / "utf8-home"
    shutil.copytree(units_home, home)
    path = tmp_path / "utf8.csv"
    path.write_text(DOSSIERS, encoding="utf-8")
    _ingest(run, home, path)
    rows = _rows(home)
    assert [(r[2], r[3], r[16]) for r in rows] == [
        ("70.STP", "online", "Nguyễn Văn Đức"),
        ("70.X0001", "counter", "Trần Thị Hường"),
        ("70.H01.PTP", "postal", "Lê Hoàng Yến"),
    ]
    return rows


@pytest.mark.parametrize("encoding", list(LEGACY))
def test_a_legacy_dossier_file_stores_the_rows_of_the_utf8_one(
    encoding: str, run: Run, home: Path, tmp_path: Path, from_utf8: list[Row]
) -> None:
    data = LEGACY[encoding](DOSSIERS)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    path = tmp_path / f"{encoding}.csv"
    path.write_bytes(data)
    _ingest(run, home, path)
    assert _rows(home) == from_utf8


UNSURE = {
    # Words that are no Vietnamese syllable in the TCVN3 reading, on line 5: not converted.
    "unsure-tcvn3.csv": (
        encode_tcvn3(DOSSIERS)
        + b"HS-004,2.000815,70.STP,online,2024-03-05T08:00:00,,,4,0,0,\xb8\xb8x \xe9\xe9q "
        b"\xfd\xfdz \xe9\xd6k\n",
        "dòng 5",
        "TCVN3",
    ),
    # 0x97 is «Ộ» in the VN1 table and no letter of TCVN3 (VN3), on line 3.
    "vn1-capital.csv": (
        encode_tcvn3(DOSSIERS).replace(b"Tr\xc7n", b"TR\x97N"),
        "dòng 3",
        "TCVN3",
    ),
    "unsure-vni.csv": (
        encode_vni(DOSSIERS)
        + b"HS-004,2.000815,70.STP,online,2024-03-05T08:00:00,,,4,0,0,a\xf9\xf9x o\xe2\xe2q "
        b"e\xf8\xf8z u\xef\xefk\n",
        "dòng 5",
        "VNI",
    ),
}


@pytest.mark.parametrize("name", list(UNSURE))
def test_an_unsure_legacy_dossier_file_is_refused_and_changes_nothing(
    name: str, run: Run, home: Path, tmp_path: Path
) -> None:
    first = tmp_path / "first.csv"
    first.write_text(DOSSIERS, encoding="utf-8")
    _ingest(run, home, first)
    before = _rows(home)
    data, line, encoding = UNSURE[name]
    path = tmp_path / name
    path.write_bytes(data)
    result = run("ingest", "dossiers", path, "--home", home)
    assert result.code == 2, result.out
    assert "Traceback" not in result.err
    err = " ".join(result.err.split())
    assert f"Lỗi: {name}: tệp có vẻ viết bằng bảng mã {encoding}" in err
    assert f"({line}: «" in err
    assert "lưu lại dạng UTF-8" in err
    assert _rows(home) == before


# --- Workbooks whose cells were typed in a .VnTime or VNI font -----------------------------------


def _font_cells(text: str, encode: Callable[[str], bytes]) -> str:
    """A cell as Excel keeps text typed in a legacy font: the font's bytes as Windows-1252."""
    return encode(text).decode("cp1252")


def _workbook(path: Path, encode: Callable[[str], bytes] | None = None, *, paid: str = "1") -> Path:
    """The dossiers as a workbook, typed in a legacy font when ``encode`` is given; the first
    dossier's «có» (paid online) written ``paid``: as a cell alone, TCVN3's «cã» is a word as
    written too, and is not converted (see the test below)."""
    header, *lines = DOSSIERS.splitlines()
    rows = [line.split(",") for line in lines]
    rows[0][9] = paid
    if encode is not None:
        rows = [[_font_cells(cell, encode) for cell in row] for row in rows]
    return write_dossiers(path, rows, header.split(","))


@pytest.mark.parametrize("encoding", list(LEGACY))
def test_a_workbook_typed_in_a_legacy_font_stores_the_rows_of_the_unicode_one(
    encoding: str, run: Run, home: Path, units_home: Path, tmp_path: Path
) -> None:
    unicode_home = tmp_path / "unicode-home"
    shutil.copytree(units_home, unicode_home)
    _ingest(run, unicode_home, _workbook(tmp_path / "unicode.xlsx"))
    expected = _rows(unicode_home)
    assert [r[16] for r in expected] == ["Nguyễn Văn Đức", "Trần Thị Hường", "Lê Hoàng Yến"]
    legacy = _workbook(tmp_path / f"{encoding}.xlsx", LEGACY[encoding])
    sheet = openpyxl.load_workbook(legacy).active
    assert sheet is not None
    assert sheet["K2"].value == _font_cells("Nguyễn Văn Đức", LEGACY[encoding])
    assert sheet["K2"].value in ("NguyÔn V¨n §øc", "Nguyeãn Vaên Ñöùc")
    _ingest(run, home, legacy)
    assert _rows(home) == expected


def test_an_unsure_legacy_cell_is_refused_with_its_cell(
    run: Run, home: Path, tmp_path: Path
) -> None:
    # Alone in a Unicode sheet, «trùc tuyÕn» reads as TCVN3 «trực tuyến» but «trùc» is a word
    # as written too: not sure enough to convert, and not to be stored as it stands.
    _ingest(run, home, _workbook(tmp_path / "first.xlsx"))
    before = _rows(home)
    header, *lines = DOSSIERS.splitlines()
    rows = [line.split(",") for line in lines]
    rows[0][3] = _font_cells("trực tuyến", encode_tcvn3)
    rows[0][0] = "HS-009"
    path = write_dossiers(tmp_path / "unsure.xlsx", rows, header.split(","))
    result = run("ingest", "dossiers", path, "--home", home)
    assert result.code == 2, result.out
    assert "Traceback" not in result.err
    err = " ".join(result.err.split())
    assert (
        "unsure.xlsx, trang tính «Sheet», ô D2 (channel): có vẻ gõ bằng phông TCVN3 (.VnTime) "
        "nhưng không chuyển chắc chắn được sang Unicode"
    ) in err
    assert _rows(home) == before


def test_a_cell_that_reads_as_vietnamese_either_way_is_not_converted(
    run: Run, home: Path, tmp_path: Path
) -> None:
    # «có» typed in .VnTime is «cã», itself a Vietnamese syllable («chú» would be «chỳ»): a
    # cell alone cannot tell, even in a sheet surely in TCVN3, so it is left as written, and a
    # yes/no column refuses it with its cell rather than storing a guess.
    path = _workbook(tmp_path / "paid.xlsx", encode_tcvn3, paid="có")
    result = run("ingest", "dossiers", path, "--home", home)
    assert result.code == 2, result.out
    err = " ".join(result.err.split())
    assert "paid.xlsx, trang tính «Sheet», ô J2 (paid_online): «cã» không phải giá trị" in err
    assert _rows(home) == []
