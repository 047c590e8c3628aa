"""The sample of dossiers in the national sync shape (shared/dvcqg/DOSSIER_FORMAT.md)."""

from __future__ import annotations

import csv
import json
import re
from typing import Any

import pytest

from chitieu.demo import DemoSummary
from chitieu.demo.dvcqg import portal_unit_names
from chitieu.domain import OrgUnit

FIELDS = {
    "MaHoSo",
    "MaTTHC",
    "TenTTHC",
    "MaLinhVuc",
    "TenLinhVuc",
    "KenhThucHien",
    "SoGiayToChuHoSo",
    "ChuHoSo",
    "LoaiDoiTuong",
    "MaDoiTuong",
    "ThongTinKhac",
    "Email",
    "Fax",
    "SoDienThoai",
    "TrichYeuHoSo",
    "NgayTiepNhan",
    "NgayHenTra",
    "TrangThaiHoSo",
    "NgayTra",
    "ThongTinTra",
    "HinhThuc",
    "NgayKetThucXuLy",
    "DonViXuLy",
    "GhiChu",
    "TaiLieuNop",
    "DanhSachLePhi",
    "DanhSachTepDinhKemKhac",
    "DanhSachHoSoBoSung",
    "DanhSachGiayToKetQua",
    "NoiNopHoSo",
    "HoSoCoThanhPhanSoHoa",
    "TaiKhoanDuocXacThucVoiVNeID",
    "DuocThanhToanTrucTuyen",
    "NgayTuChoi",
    "DinhDanhCHS",
    "NgayNopHoSo",
    "DSKetNoiCSDL",
}
DATES = ("NgayTiepNhan", "NgayHenTra", "NgayTra", "NgayKetThucXuLy", "NgayTuChoi", "NgayNopHoSo")
STAMP = re.compile(r"^20\d{12}$")


@pytest.fixture(scope="module")
def records(small_demo: DemoSummary) -> list[dict[str, Any]]:
    """The sample's objects."""
    data = json.loads(small_demo.dossiers_dvcqg_sample.path.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


@pytest.fixture(scope="module")
def rows(small_demo: DemoSummary) -> dict[str, dict[str, str]]:
    """The CSV rows by dossier code."""
    with small_demo.dossiers_csv.path.open(encoding="utf-8") as handle:
        return {row["dossier_code"]: row for row in csv.DictReader(handle)}


def _scalars(value: object) -> list[object]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _scalars(v)]
    if isinstance(value, list):
        return [s for v in value for s in _scalars(v)]
    return [value]


def test_a_json_array_of_200_sync_objects(
    records: list[dict[str, Any]], small_demo: DemoSummary
) -> None:
    assert len(records) == 200 == small_demo.dossiers_dvcqg_sample.rows
    assert all(set(record) == FIELDS for record in records)
    assert len({r["MaHoSo"] for r in records}) == 200


def test_every_scalar_is_a_string(records: list[dict[str, Any]]) -> None:
    assert all(isinstance(value, str) for value in _scalars(records))


def test_dates_are_14_digits_of_local_time(records: list[dict[str, Any]]) -> None:
    for record in records:
        assert STAMP.match(record["NgayTiepNhan"])
        for name in DATES:
            assert record[name] == "" or STAMP.match(record[name]), (name, record[name])


def test_the_sample_is_the_same_dossiers(
    records: list[dict[str, Any]], rows: dict[str, dict[str, str]]
) -> None:
    def stamp(value: str) -> str:
        return value.replace("-", "").replace("T", "").replace(":", "")

    channels = {"1": "counter", "2": "online", "3": "postal"}
    for record in records:
        row = rows[record["MaHoSo"]]
        assert record["MaTTHC"] == row["procedure_code"]
        assert channels[record["KenhThucHien"]] == row["channel"]
        assert record["TrangThaiHoSo"] == row["status"]
        for name, column in (
            ("NgayTiepNhan", "received_at"),
            ("NgayHenTra", "due_at"),
            ("NgayKetThucXuLy", "finished_at"),
            ("NgayTra", "returned_at"),
        ):
            assert record[name] == stamp(row[column])
        assert record["HoSoCoThanhPhanSoHoa"] == row["components_digitized"]
        assert (len(record["TaiLieuNop"]) > 0) == (row["components_digitized"] == "1")
        assert all(item["DuocSoHoa"] == "1" for item in record["TaiLieuNop"])
        assert sum(int(fee["Gia"]) for fee in record["DanhSachLePhi"]) == int(row["fee_amount"])
        paid = record["DuocThanhToanTrucTuyen"] in ("1", "2")
        assert paid == (row["paid_online"] == "1")
        reused = any(item["DuocTaiSuDung"] == "1" for item in record["TaiLieuNop"])
        assert reused == (row["reused_data"] == "1")
        assert (len(record["DanhSachGiayToKetQua"]) > 0) == (row["result_digitized"] == "1")
        assert record["TrangThaiHoSo"] not in ("5", "6", "8"), "the sync would send 9"


def test_the_sample_spreads_over_the_year(records: list[dict[str, Any]]) -> None:
    months = {record["NgayTiepNhan"][4:6] for record in records}
    assert len(months) == 12


def test_units_by_name_when_unique_else_by_code(small_units: list[OrgUnit]) -> None:
    names = portal_unit_names(small_units)
    assert names["70.STP"] == "Sở Tư pháp"
    assert names["70.H01.PTP"] == "70.H01.PTP", "every district has a Phòng Tư pháp"
    assert names["70.X0001"] == "UBND xã Mẫu 1"
