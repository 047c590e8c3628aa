"""``chitieu ingest dossiers`` of files saved in the legacy TCVN3 (ABC) and VNI encodings: the
rows stored are those of the same file in UTF-8, and a file only likely in one of them is
refused whole (exit 2, the file and the line named), the store unchanged."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from chitieu.domain import Source
from chitieu.facts import open_store
from chitieu.facts.schema import table_for
from chitieu.facts.store import FACTS_FILE
from chitieu.legacy_encodings import encode_tcvn3, encode_vni
from tests.cli.conftest import Run

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
