"""A sample of the demo's dossiers in the shape provincial systems sync to the national portal
(``HoSoDongBoDVC``, see ``shared/dvcqg/DOSSIER_FORMAT.md``): every scalar a string, dates as
``yyyyMMddHHmmss`` in local time.

Choices where the sync and chitieu's canonical columns differ:

* ``DonViXuLy`` is the unit's name, as the sync sends it, when no other unit of the tree has the
  same name (compared folded, "UBND"/"Ủy ban nhân dân" dropped, as the importer resolves names);
  otherwise its code, since "Phòng Tư pháp" of one district would be read as any other's.
* The sync sends local statuses 5, 6 and 8 as 9; the sample takes no such dossier, so that its
  ``TrangThaiHoSo`` is the canonical status either way.
* ``DanhSachLePhi`` lists the dossier's fee whether or not it was paid online (the sync lists only
  paid requests), so that Σ ``Gia`` is the dossier's ``fee_amount``;
  ``DuocThanhToanTrucTuyen`` is "1" when paid online, "3" when a fee was paid otherwise, "0"
  when free.
* ``TaiLieuNop`` lists digitized components only (the sync selects components with a file), so
  it is empty when the components were not digitized; the first item carries the reuse flag.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np

from chitieu.demo.names import person_names
from chitieu.demo.procedures import DemoCatalogue
from chitieu.domain import OrgUnit
from chitieu.text import fold

SAMPLE_SIZE = 200
"""Dossiers in the sample."""

SKIPPED_STATUSES = frozenset({5, 6, 8})
"""Local statuses the sync rewrites to 9: left out of the sample."""

CHANNEL_CODES = {"counter": "1", "online": "2", "postal": "3"}
FILES = "https://motcua.example.gov.vn/tai-lieu"
"""Where the sample's attachments would be downloaded from (a placeholder address)."""

_PREFIXES = ("uy ban nhan dan ", "ubnd ")


def portal_unit_names(units: Sequence[OrgUnit]) -> dict[str, str]:
    """What ``DonViXuLy`` says for each unit code: its name when unique, else its code."""

    def key(name: str) -> str:
        folded = fold(name)
        for prefix in _PREFIXES:
            if folded.startswith(prefix):
                return folded[len(prefix) :]
        return folded

    seen: dict[str, int] = {}
    for unit in units:
        seen[key(unit.name)] = seen.get(key(unit.name), 0) + 1
    return {u.code: u.name if seen[key(u.name)] == 1 else u.code for u in units}


def _when(value: dt.datetime | None) -> str:
    return "" if value is None else value.strftime("%Y%m%d%H%M%S")


def sync_records(
    rows: Sequence[dict[str, Any]],
    procedures: Sequence[int],
    pages: Sequence[int],
    catalogue: DemoCatalogue,
    unit_names: dict[str, str],
    official_names: dict[str, str],
    rng: np.random.Generator,
) -> list[dict[str, Any]]:
    """The national sync records of some dossiers (canonical rows with their procedure numbers and
    page counts)."""
    applicants = person_names(rng, len(rows))
    records: list[dict[str, Any]] = []
    for row, procedure, page_count, applicant in zip(
        rows, procedures, pages, applicants, strict=True
    ):
        records.append(
            _record(
                row, procedure, page_count, applicant, catalogue, unit_names, official_names, rng
            )
        )
    return records


def _record(
    row: dict[str, Any],
    procedure: int,
    page_count: int,
    applicant: str,
    catalogue: DemoCatalogue,
    unit_names: dict[str, str],
    official_names: dict[str, str],
    rng: np.random.Generator,
) -> dict[str, Any]:
    code: str = row["dossier_code"]
    name = catalogue.names[procedure]
    field_code, field = catalogue.fields[procedure]
    online = row["channel"] == "online"
    identity = "".join(str(d) for d in rng.integers(0, 10, 12))
    phone = "0" + str(rng.choice([3, 7, 8, 9])) + "".join(str(d) for d in rng.integers(0, 10, 8))
    fee = int(row["fee_amount"])
    documents = [
        {
            "TepDinhKemId": "",
            "TenTepDinhKem": document,
            "IsDeleted": "0",
            "MaThanhPhanHoSo": f"{row['procedure_code']}.TP{index + 1}",
            "DuongDanTaiTepTin": f"{FILES}/{code}/tp{index + 1}.pdf",
            "DuocSoHoa": "1",
            "DuocTaiSuDung": "1" if row["reused_data"] and index == 0 else "0",
            "DuocLayTuKhoDMQG": "1" if row["reused_data"] and index == 0 else "0",
            "MaKetQuaThayThe": "",
        }
        for index, document in enumerate(
            _documents(bool(catalogue.per_page[procedure]), page_count)
        )
    ]
    results = (
        [
            {
                "TenGiayTo": f"KQ_{code}.pdf",
                "MaThanhPhanHoSo": "",
                "GiayToId": "",
                "DuongDanTepTinKetQua": f"{FILES}/{code}/ket-qua.pdf",
                "MaGiayToKetQua": f"KQ.{row['procedure_code']}",
            }
        ]
        if row["result_digitized"]
        else []
    )
    handler = row["handler_code"]
    return {
        "MaHoSo": code,
        "MaTTHC": row["procedure_code"],
        "TenTTHC": name,
        "MaLinhVuc": field_code,
        "TenLinhVuc": field,
        "KenhThucHien": CHANNEL_CODES[row["channel"]],
        "SoGiayToChuHoSo": identity,
        "ChuHoSo": applicant,
        "LoaiDoiTuong": "1",
        "MaDoiTuong": f"VNEID.{identity}" if online else "",
        "ThongTinKhac": "",
        "Email": "",
        "Fax": "",
        "SoDienThoai": phone,
        "TrichYeuHoSo": f"{name} - {applicant}",
        "NgayTiepNhan": _when(row["received_at"]),
        "NgayHenTra": _when(row["due_at"]),
        "TrangThaiHoSo": str(row["status"]),
        "NgayTra": _when(row["returned_at"]),
        "ThongTinTra": "",
        "HinhThuc": "1" if row["channel"] == "postal" else "0",
        "NgayKetThucXuLy": _when(row["finished_at"]),
        "DonViXuLy": unit_names[row["unit_code"]],
        "GhiChu": "" if handler is None else f"Cán bộ xử lý: {official_names[handler]}",
        "TaiLieuNop": documents if row["components_digitized"] else [],
        "DanhSachLePhi": [
            {
                "TenPhiLePhi": f"Phí, lệ phí {name[0].lower()}{name[1:]}",
                "MaPhiLePhi": "1",
                "HinhThucThu": "1",
                "Gia": str(fee),
                "LoaiPhiLePhi": "1",
            }
        ]
        if fee > 0
        else [],
        "DanhSachTepDinhKemKhac": [],
        "DanhSachHoSoBoSung": [],
        "DanhSachGiayToKetQua": results,
        "NoiNopHoSo": "2",
        "HoSoCoThanhPhanSoHoa": "1" if row["components_digitized"] else "0",
        "TaiKhoanDuocXacThucVoiVNeID": "0",
        "DuocThanhToanTrucTuyen": "0" if fee == 0 else "1" if row["paid_online"] else "3",
        "NgayTuChoi": _when(row["received_at"]) if row["status"] == 3 else "",
        "DinhDanhCHS": [{"LoaiDinhDanh": "1", "SoDinhDanh": identity}],
        "NgayNopHoSo": _when(row["received_at"]),
        "DSKetNoiCSDL": [{"MaCSDL": "7"}],
    }


def _documents(per_page: bool, page_count: int) -> list[str]:
    if per_page:
        return [f"Giấy tờ, văn bản yêu cầu chứng thực ({page_count} trang)"]
    return ["Tờ khai theo mẫu", "Căn cước công dân của người yêu cầu"]
