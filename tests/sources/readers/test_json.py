"""JSON: the national sync shape mapped to the canonical dossier columns, plain records, and a
streaming parser that gives the same result whatever the block boundaries."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from chitieu.sources.readers import JsonSource, json_stream, open_source
from tests.sources.readers.builders import read_rows, refusal, write_json

DOWNLOAD = "https://dvc.binhphuoc.gov.vn/api/files/"


def _national(code: str, **changes: Any) -> dict[str, Any]:
    """A ``HoSoDongBoDVC`` object as the sync service sends it (DOSSIER_FORMAT.md §2)."""
    record: dict[str, Any] = {
        "MaHoSo": code,
        "MaTTHC": "2.000815",
        "TenTTHC": "Chứng thực bản sao từ bản chính",
        "MaLinhVuc": "CT",
        "TenLinhVuc": "Chứng thực",
        "KenhThucHien": "2",
        "SoGiayToChuHoSo": "070190001234",
        "ChuHoSo": "Nguyễn Thị Ánh Tuyết",
        "LoaiDoiTuong": "1",
        "MaDoiTuong": "TECH-123",
        "ThongTinKhac": "",
        "Email": "",
        "Fax": "",
        "SoDienThoai": "0912345678",
        "TrichYeuHoSo": "Chứng thực bản sao giấy khai sinh",
        "NgayTiepNhan": "20240315093000",
        "NgayHenTra": "20240320170000",
        "TrangThaiHoSo": "10",
        "NgayTra": "20240319100000",
        "ThongTinTra": "",
        "HinhThuc": "0",
        "NgayKetThucXuLy": "20240318160000",
        "DonViXuLy": "UBND xã Tân Thành",
        "GhiChu": "",
        "TaiLieuNop": [
            {
                "TepDinhKemId": "",
                "TenTepDinhKem": "Giấy khai sinh",
                "IsDeleted": "0",
                "MaThanhPhanHoSo": "TP01",
                "DuongDanTaiTepTin": DOWNLOAD + "khai-sinh.pdf",
                "DuocSoHoa": "1",
                "DuocTaiSuDung": "0",
                "DuocLayTuKhoDMQG": "1",
                "MaKetQuaThayThe": None,
            }
        ],
        "DanhSachLePhi": [
            {"TenPhiLePhi": "Lệ phí chứng thực", "MaPhiLePhi": "1", "HinhThucThu": "1",
             "Gia": "2000", "LoaiPhiLePhi": "1"},
            {"TenPhiLePhi": "Phí bản sao", "MaPhiLePhi": "1", "HinhThucThu": "1",
             "Gia": "3000.50", "LoaiPhiLePhi": "1"},
        ],
        "DanhSachTepDinhKemKhac": [],
        "DanhSachHoSoBoSung": [],
        "DanhSachGiayToKetQua": [
            {"TenGiayTo": "ban-sao.pdf", "MaThanhPhanHoSo": "", "GiayToId": "",
             "DuongDanTepTinKetQua": DOWNLOAD + "ban-sao.pdf", "MaGiayToKetQua": "KQ.CT.01"},
        ],
        "NoiNopHoSo": "2",
        "HoSoCoThanhPhanSoHoa": "1",
        "TaiKhoanDuocXacThucVoiVNeID": "0",
        "DuocThanhToanTrucTuyen": "1",
        "NgayTuChoi": None,
        "DinhDanhCHS": [{"LoaiDinhDanh": "1", "SoDinhDanh": "070190001234"}],
        "NgayNopHoSo": "20240315093000",
        "DSKetNoiCSDL": [{"MaCSDL": "7"}],
    }  # fmt: skip
    record.update(changes)
    return record


SAMPLE = [
    _national("000.00.31.H10-240315-0001"),
    # At the counter; the only digitised document was deleted; no result file, so the sync
    # reused the submitted document as the result item; no fee; re-used data (state "2").
    _national(
        "000.00.31.H10-240315-0002",
        KenhThucHien="1",
        HoSoCoThanhPhanSoHoa="0",
        TaiLieuNop=[
            {"DuongDanTaiTepTin": DOWNLOAD + "don.pdf", "DuocSoHoa": "0", "IsDeleted": "0",
             "DuocTaiSuDung": "2", "DuocLayTuKhoDMQG": "0"},
            {"DuongDanTaiTepTin": DOWNLOAD + "cu.pdf", "DuocSoHoa": "1", "IsDeleted": "1",
             "DuocTaiSuDung": "0", "DuocLayTuKhoDMQG": "0"},
        ],
        DanhSachGiayToKetQua=[
            {"TenGiayTo": "don.pdf", "DuongDanTepTinKetQua": DOWNLOAD + "don.pdf",
             "MaGiayToKetQua": "KQ.CT.01"},
        ],
        DanhSachLePhi=[],
        DuocThanhToanTrucTuyen="0",
        TrangThaiHoSo="4",
        NgayKetThucXuLy=None,
        NgayTra=None,
    ),
]  # fmt: skip
# A .NET exporter's camelCase, the lists left out, a fee row not paid online.
CAMEL = {
    "maHoSo": "000.00.31.H10-240316-0003",
    "maTTHC": "1.001612",
    "kenhThucHien": "3",
    "donViXuLy": "Sở Tư pháp",
    "ngayTiepNhan": "20240316080000",
    "ngayHenTra": "",
    "trangThaiHoSo": 9,
    "ngayKetThucXuLy": "20240316160000",
    "duocThanhToanTrucTuyen": "3",
}

EXPECTED = [
    {
        "dossier_code": "000.00.31.H10-240315-0001",
        "procedure_code": "2.000815",
        "unit_code": "UBND xã Tân Thành",
        "channel": "2",
        "received_at": "20240315093000",
        "due_at": "20240320170000",
        "finished_at": "20240318160000",
        "returned_at": "20240319100000",
        "status": "10",
        "components_digitized": "1",
        "result_digitized": "1",
        "e_result": "1",
        "reused_data": "1",
        "fee_amount": "5000.5",
        "paid_online": "1",
        "synced_national": "1",
        "handler_code": None,
        "rating": None,
        "_position": "1",
    },
    {
        "dossier_code": "000.00.31.H10-240315-0002",
        "procedure_code": "2.000815",
        "unit_code": "UBND xã Tân Thành",
        "channel": "1",
        "received_at": "20240315093000",
        "due_at": "20240320170000",
        "finished_at": None,
        "returned_at": None,
        "status": "4",
        "components_digitized": "0",
        "result_digitized": "0",
        "e_result": "0",
        "reused_data": "1",
        "fee_amount": "0",
        "paid_online": "0",
        "synced_national": "1",
        "handler_code": None,
        "rating": None,
        "_position": "2",
    },
    {
        "dossier_code": "000.00.31.H10-240316-0003",
        "procedure_code": "1.001612",
        "unit_code": "Sở Tư pháp",
        "channel": "3",
        "received_at": "20240316080000",
        "due_at": None,
        "finished_at": "20240316160000",
        "returned_at": None,
        "status": "9",
        "components_digitized": None,
        "result_digitized": None,
        "e_result": None,
        "reused_data": None,
        "fee_amount": None,
        "paid_online": "0",
        "synced_national": "1",
        "handler_code": None,
        "rating": None,
        "_position": "3",
    },
]


def test_national_sync_records_map_to_canonical_text(tmp_path: Path) -> None:
    path = tmp_path / "dvcqg.json"
    write_json(path, [*SAMPLE, CAMEL])
    source = open_source(path)
    assert isinstance(source, JsonSource)
    assert source.national
    assert source.position_word == "bản ghi"
    assert read_rows(path) == EXPECTED


@pytest.mark.parametrize(
    ("shape", "text"),
    [
        ("wrapped", json.dumps({"error_code": "0", "message": "thành công", "data": SAMPLE})),
        ("lines", "\n".join(json.dumps(r, ensure_ascii=False) for r in SAMPLE) + "\n"),
        ("utf16", None),
    ],
)
def test_other_shapes_read_the_same(tmp_path: Path, shape: str, text: str | None) -> None:
    path = tmp_path / f"{shape}.json"
    if text is None:
        path.write_bytes(json.dumps(SAMPLE, ensure_ascii=False).encode("utf-16"))
    else:
        path.write_text(text, encoding="utf-8")
    assert read_rows(path) == EXPECTED[:2]


def test_same_rows_whatever_the_block_boundaries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Seven-byte blocks cut numbers, strings and multi-byte characters everywhere.
    records = [
        {"ma": f"HS{i}", "ten": "Nguyễn Thị Ánh Tuyết", "so": 1234567 + i, "tien": 1.25}
        for i in range(40)
    ]
    path = tmp_path / "nho.json"
    write_json(path, records)
    whole = read_rows(path)
    monkeypatch.setattr(json_stream, "_BLOCK_BYTES", 7)
    assert read_rows(path) == whole
    assert whole[39] == {
        "ma": "HS39",
        "ten": "Nguyễn Thị Ánh Tuyết",
        "so": "1234606",
        "tien": "1.25",
        "_position": "40",
    }


@pytest.mark.parametrize("block", [7, 1 << 20])
@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('[{"a": 1},\n {"a": 2}\n {"a": 3}]', "x.json, dòng 3, cột 2: JSON sai cú pháp: thiếu «,» hoặc «]»"),
        ('[{"a": 1},\n {"a": 2', "x.json, dòng 2, cột 9: JSON sai cú pháp: tệp kết thúc giữa chừng (bị cắt cụt?)"),
        ('[{"a": 1},\n {"a": tru}]', "x.json, dòng 2, cột 8: JSON sai cú pháp: thiếu giá trị hoặc giá trị không hợp lệ"),
        ('[{"a": 1}] []', "x.json, dòng 1, cột 12: JSON sai cú pháp: dữ liệu thừa sau mảng bản ghi"),
        ('{"a": 1}\n{"a": 2} 5', "x.json, bản ghi 3: bản ghi không phải một đối tượng JSON «{…}»"),
        ("[]", "x.json: tệp JSON không có bản ghi nào"),
        ('[{"a": 1}, 5]', "x.json, bản ghi 2: bản ghi không phải một đối tượng JSON «{…}»"),
        ('[{"a": 1}, {"a": [1]}]', "x.json, bản ghi 2, cột 1 (a): phải là một giá trị đơn, không phải đối tượng hay mảng"),
        ('[{"a": 1}, {"b": 2}]', "x.json, bản ghi 2 (b): trường không có trong bản ghi đầu tiên (bản ghi đầu tiên quyết định các cột)"),
        ('[{"MaHoSo": "A", "DanhSachLePhi": [{"Gia": "1"}, {"Gia": "mười"}]}]', "x.json, bản ghi 1 (DanhSachLePhi[2].Gia): «mười» không phải số tiền"),
        ('[{"MaHoSo": "A", "TaiLieuNop": {"DuocSoHoa": "1"}}]', "x.json, bản ghi 1 (TaiLieuNop): phải là một mảng"),
    ],
)  # fmt: skip
def test_bad_json_is_refused_with_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int, text: str, problem: str
) -> None:
    monkeypatch.setattr(json_stream, "_BLOCK_BYTES", block)
    path = tmp_path / "x.json"
    path.write_text(text, encoding="utf-8")
    assert refusal(path) == [problem]
