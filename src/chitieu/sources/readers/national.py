"""The national portal's dossier sync record (``HoSoDongBoDVC``, DOSSIER_FORMAT.md §2) as a row of
the canonical dossier columns, every value as text.

Nothing is converted here: dates stay ``yyyyMMddHHmmss`` strings, codes stay codes, and the unit
is the handling unit's *name* (``DonViXuLy``); the import validates and resolves them as it does
for any other file. Field names are matched without regard to case, since .NET exporters write
``maHoSo`` as often as ``MaHoSo``.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Context, Decimal, Inexact, InvalidOperation, Overflow, localcontext

from chitieu.domain import FACT_COLUMNS, Source
from chitieu.sources.readers.base import LARGEST_NUMBER, text_of

DOSSIER_COLUMNS = list(FACT_COLUMNS[Source.DOSSIERS])
"""The columns of a national record once mapped: all the canonical dossier columns."""

NATIONAL_DOSSIER_FIELDS: dict[str, str] = {
    "dossier_code": "MaHoSo",
    "procedure_code": "MaTTHC",
    "unit_code": "DonViXuLy",
    "channel": "KenhThucHien",
    "received_at": "NgayTiepNhan",
    "due_at": "NgayHenTra",
    "finished_at": "NgayKetThucXuLy",
    "returned_at": "NgayTra",
    "status": "TrangThaiHoSo",
}
"""Canonical column ← the national field copied into it as text."""

NATIONAL_DOSSIER_RULES: dict[str, str] = {
    "components_digitized": (
        "1 if HoSoCoThanhPhanSoHoa = 1 or a TaiLieuNop[] item not deleted (IsDeleted ≠ 1) has "
        "DuocSoHoa = 1; 0 otherwise; empty if neither field is present"
    ),
    "result_digitized": (
        "1 if a DanhSachGiayToKetQua[] item has a DuongDanTepTinKetQua that is not the URL of a "
        "submitted document (the sync reuses the first submitted document as the result item "
        "when there is no result file); 0 otherwise; empty without the list"
    ),
    "e_result": (
        "1 if such a result file is the procedure's main result document (MaGiayToKetQua given): "
        "the portal then holds the result itself in electronic form; 0 otherwise; empty without "
        "the list"
    ),
    "reused_data": (
        "1 if a TaiLieuNop[] item not deleted has DuocTaiSuDung ∈ {1, 2} or DuocLayTuKhoDMQG = 1; "
        "0 otherwise; empty without the list"
    ),
    "fee_amount": "Σ DanhSachLePhi[].Gia (paid fees only are synced); empty without the list",
    "paid_online": "1 if DuocThanhToanTrucTuyen ∈ {1, 2}, 0 for another value, empty if absent",
    "synced_national": "1: a record in the sync shape is what was sent to the portal",
    "handler_code": "empty: the sync record does not name the official",
    "rating": "empty: the sync record carries no rating",
}
"""Canonical column ← how it is derived, in words, for review; ``dossier_row`` does exactly this."""

YES = "1"
PAID_ONLINE_VALUES = frozenset({"1", "2"})
# "1" and "2" are the two reuse states the sync sends (component digitisation states 2 and 3);
# "0" is no reuse.
REUSED_VALUES = frozenset({"1", "2"})
SYNCED_NATIONAL = "1"
# Digits a fee total is summed to; anything needing more is no amount of money (and the typed
# stage refuses amounts far below this).
_FEE_CONTEXT = Context(prec=60, traps=[Inexact, InvalidOperation, Overflow])

Problem = tuple[str, str]
"""A problem of a record: the field concerned and the reason."""


def is_national(record: Mapping[str, object]) -> bool:
    """Whether a JSON record is in the national sync shape (it has ``MaHoSo``)."""
    return any(key.lower() == "mahoso" for key in record)


_ABSENT = object()


class _Spelling:
    """Finds a national field whatever its case, learning the spelling a file uses from the
    first record that has it, so that each later lookup is one dictionary access."""

    def __init__(self) -> None:
        self._seen: dict[str, str] = {}

    def get(self, record: Mapping[str, object], name: str) -> object:
        """The value of field ``name`` (its national spelling) in ``record``; ``None`` if absent."""
        value = record.get(self._seen.get(name, name), _ABSENT)
        if value is not _ABSENT:
            return value
        wanted = name.lower()
        for candidate in record:
            if candidate.lower() == wanted:
                self._seen[name] = candidate
                return record[candidate]
        return None


def _flag(condition: bool) -> str:
    return "1" if condition else "0"


class DossierMapper:
    """Maps national records to canonical dossier rows (see ``NATIONAL_DOSSIER_RULES``)."""

    def __init__(self) -> None:
        self._fields = _Spelling()
        self._items = _Spelling()

    def row(self, record: Mapping[str, object]) -> tuple[dict[str, str | None], list[Problem]]:
        """The canonical dossier row of one national record, and the problems found in it."""
        problems: list[Problem] = []
        row: dict[str, str | None] = dict.fromkeys(DOSSIER_COLUMNS)
        for column, field in NATIONAL_DOSSIER_FIELDS.items():
            row[column] = self._scalar(record, field, problems)

        documents = self._list(record, "TaiLieuNop", problems)
        results = self._list(record, "DanhSachGiayToKetQua", problems)
        fees = self._list(record, "DanhSachLePhi", problems)
        item = self._item
        active = [d for d in documents or [] if item(d, "IsDeleted") != YES]

        has_digitized = self._scalar(record, "HoSoCoThanhPhanSoHoa", problems)
        if has_digitized is not None or documents is not None:
            row["components_digitized"] = _flag(
                has_digitized == YES or any(item(d, "DuocSoHoa") == YES for d in active)
            )

        if results is not None:
            submitted = {item(d, "DuongDanTaiTepTin") for d in documents or []}
            files = [
                r
                for r in results
                if (url := item(r, "DuongDanTepTinKetQua")) and url not in submitted
            ]
            row["result_digitized"] = _flag(bool(files))
            row["e_result"] = _flag(any(item(r, "MaGiayToKetQua") for r in files))

        if documents is not None:
            row["reused_data"] = _flag(
                any(
                    item(d, "DuocTaiSuDung") in REUSED_VALUES or item(d, "DuocLayTuKhoDMQG") == YES
                    for d in active
                )
            )

        if fees is not None:
            row["fee_amount"] = text_of(self._fee_total(fees, problems))

        paid = self._scalar(record, "DuocThanhToanTrucTuyen", problems)
        if paid is not None:
            row["paid_online"] = _flag(paid in PAID_ONLINE_VALUES)

        row["synced_national"] = SYNCED_NATIONAL
        return row, problems

    def _scalar(
        self, record: Mapping[str, object], field: str, problems: list[Problem]
    ) -> str | None:
        value = self._fields.get(record, field)
        if type(value) is str:  # the national shape's own type: the fast path
            return value or None
        if isinstance(value, dict | list):
            problems.append((field, "phải là một giá trị đơn, không phải đối tượng hay mảng"))
            return None
        return text_of(value)

    def _item(self, item: Mapping[str, object], field: str) -> str | None:
        value = self._items.get(item, field)
        if type(value) is str:
            return value or None
        return None if isinstance(value, dict | list) else text_of(value)

    def _list(
        self, record: Mapping[str, object], field: str, problems: list[Problem]
    ) -> list[Mapping[str, object]] | None:
        """The items of a list field; ``None`` when the field is absent."""
        value = self._fields.get(record, field)
        if value is None:
            return None
        if not isinstance(value, list):
            problems.append((field, "phải là một mảng"))
            return None
        items: list[Mapping[str, object]] = []
        for index, item in enumerate(value, start=1):
            if isinstance(item, dict):
                items.append(item)
            else:
                problems.append((f"{field}[{index}]", "phải là một đối tượng"))
        return items

    def _fee_total(self, fees: list[Mapping[str, object]], problems: list[Problem]) -> Decimal:
        total = Decimal(0)
        # Summed exactly: the default context would round a total past 28 digits silently.
        with localcontext(_FEE_CONTEXT):
            for index, fee in enumerate(fees, start=1):
                amount = self._item(fee, "Gia")
                if amount is None:
                    continue
                field = f"DanhSachLePhi[{index}].Gia"
                try:
                    value = Decimal(amount.strip())
                except InvalidOperation:
                    problems.append((field, f"«{amount}» không phải số tiền"))
                    continue
                if not value.is_finite() or value.copy_abs() > LARGEST_NUMBER:
                    # 1e400 comes here as its 401 digits: told short.
                    shown = amount if len(amount) <= 30 else str(value.normalize(Context()))
                    problems.append((field, f"«{shown}» không phải số tiền (không hữu hạn)"))
                    continue
                try:
                    total += value
                except (Inexact, InvalidOperation, Overflow):
                    problems.append((field, f"«{amount}» quá lớn, không phải số tiền"))
        return total


def dossier_row(record: Mapping[str, object]) -> tuple[dict[str, str | None], list[Problem]]:
    """The canonical dossier row of one national record, and the problems found in it."""
    return DossierMapper().row(record)
