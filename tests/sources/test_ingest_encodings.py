"""Vietnamese text arrives intact whatever the encoding the office's software saved it in."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from chitieu.catalog import Catalogue
from chitieu.domain import OrgUnit, Source
from chitieu.facts import DuckDBStore
from chitieu.sources.ingest import ingest
from tests.windows1258 import to_windows_1258

PROCEDURES = (
    "procedure_code,name,unit_code,eligible_full_online,online_level,is_copy_certification\n"
    "2.000815,Chứng thực bản sao từ bản chính giấy tờ do cơ quan có thẩm quyền cấp,"
    "UBND xã Mẫu 1,1,toàn trình,1\n"
    "1.004227,Đăng ký khai sinh kết hợp nhận cha mẹ con,Sở Tư pháp,true,một phần,false\n"
    "1.001008,Cấp giấy phép hoạt động giáo dục nghề nghiệp,Phòng Tư pháp,0,không,0\n"
)
"""A procedure catalogue naming units by their Vietnamese names; "Phòng Tư pháp" is the name of
three divisions, so that row names one by code below."""

EXPECTED = [
    ("1.001008", "Cấp giấy phép hoạt động giáo dục nghề nghiệp", "70.H01.PTP", False, "none"),
    ("1.004227", "Đăng ký khai sinh kết hợp nhận cha mẹ con", "70.STP", True, "partial"),
    (
        "2.000815",
        "Chứng thực bản sao từ bản chính giấy tờ do cơ quan có thẩm quyền cấp",
        "70.X0001",
        True,
        "full",
    ),
]

TEXT = PROCEDURES.replace("Phòng Tư pháp", "70.H01.PTP")

ENCODINGS = {
    "windows-1258": to_windows_1258(TEXT),
    "utf-16": TEXT.encode("utf-16"),
    "utf-16-le-no-bom": TEXT.encode("utf-16-le"),
    "utf-8-bom": TEXT.encode("utf-8-sig"),
    "utf-8-nfd": unicodedata.normalize("NFD", TEXT).encode("utf-8"),
}


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_vietnamese_is_stored_intact_and_nfc(
    encoding: str,
    tmp_path: Path,
    store: DuckDBStore,
    units: list[OrgUnit],
    catalogue: Catalogue,
) -> None:
    path = tmp_path / f"{encoding}.csv"
    path.write_bytes(ENCODINGS[encoding])
    ingest(store, Source.PROCEDURES, [path], units=units, catalogue=catalogue, actor="test")
    rows = store.connection.execute(
        "SELECT procedure_code, name, unit_code, eligible_full_online, online_level "
        "FROM procedures ORDER BY procedure_code"
    ).fetchall()
    assert [tuple(row) for row in rows] == EXPECTED
    assert all(unicodedata.is_normalized("NFC", row[1]) for row in rows)


def test_windows_1258_bytes_differ_from_utf8() -> None:
    # The test above is only worth something if the legacy bytes are really not UTF-8.
    with pytest.raises(UnicodeDecodeError):
        ENCODINGS["windows-1258"].decode("utf-8")
