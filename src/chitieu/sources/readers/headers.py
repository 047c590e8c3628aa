"""Recognising the columns of a file: canonical names, the national sync names, and the
Vietnamese headings offices write, all compared folded (no diacritics, case or spacing)."""

from __future__ import annotations

from chitieu.domain import FACT_COLUMNS, Source
from chitieu.text import fold

HEADER_ALIASES: dict[Source, dict[str, tuple[str, ...]]] = {
    Source.DOSSIERS: {
        "dossier_code": ("MaHoSo", "Mã hồ sơ", "Số hồ sơ"),
        "procedure_code": ("MaTTHC", "Mã thủ tục", "Mã thủ tục hành chính", "Mã TTHC"),
        "unit_code": (
            "DonViXuLy",
            "Mã đơn vị",
            "Đơn vị",
            "Đơn vị xử lý",
            "Đơn vị giải quyết",
            "Cơ quan giải quyết",
        ),
        "channel": ("KenhThucHien", "Kênh", "Kênh thực hiện", "Kênh nộp", "Hình thức nộp"),
        "received_at": ("NgayTiepNhan", "Ngày tiếp nhận", "Ngày nhận"),
        "due_at": ("NgayHenTra", "Ngày hẹn trả", "Hạn xử lý", "Hạn giải quyết"),
        "finished_at": (
            "NgayKetThucXuLy",
            "Ngày kết thúc xử lý",
            "Ngày hoàn thành",
            "Ngày xử lý xong",
            "Ngày có kết quả",
        ),
        "returned_at": ("NgayTra", "Ngày trả", "Ngày trả kết quả"),
        "status": ("TrangThaiHoSo", "Trạng thái", "Trạng thái hồ sơ"),
        "components_digitized": (
            "HoSoCoThanhPhanSoHoa",
            "Hồ sơ có thành phần số hóa",
            "Thành phần số hóa",
            "Số hóa thành phần",
        ),
        "result_digitized": ("Kết quả số hóa", "Số hóa kết quả"),
        "e_result": ("Kết quả điện tử", "Cấp kết quả điện tử"),
        "reused_data": ("Tái sử dụng dữ liệu", "Tái sử dụng"),
        "fee_amount": ("Phí, lệ phí", "Phí lệ phí", "Lệ phí", "Số tiền phí"),
        "paid_online": ("DuocThanhToanTrucTuyen", "Thanh toán trực tuyến"),
        "synced_national": ("TrangThaiDongBoDVC", "Đồng bộ DVCQG", "Đã đồng bộ"),
        "handler_code": ("Mã cán bộ", "Cán bộ xử lý", "Người xử lý"),
        "rating": ("Đánh giá", "Mức đánh giá", "Mức độ hài lòng"),
    },
    Source.PROCEDURES: {
        "procedure_code": ("MaTTHC", "Mã thủ tục", "Mã thủ tục hành chính", "Mã TTHC"),
        "name": ("TenTTHC", "Tên thủ tục", "Tên thủ tục hành chính", "Tên TTHC"),
        "unit_code": ("Mã đơn vị", "Đơn vị", "Cơ quan thực hiện"),
        "eligible_full_online": ("Đủ điều kiện toàn trình", "Đủ điều kiện trực tuyến toàn trình"),
        "online_level": ("MucDo", "Mức độ", "Mức độ trực tuyến", "Mức độ DVC trực tuyến"),
        "is_copy_certification": ("Chứng thực bản sao", "Thủ tục chứng thực"),
    },
    Source.PUBLICATIONS: {
        "procedure_code": ("MaTTHC", "Mã thủ tục", "Mã thủ tục hành chính", "Mã TTHC"),
        "unit_code": ("Mã đơn vị", "Đơn vị"),
        "legal_basis_effective_on": ("Ngày hiệu lực", "Ngày văn bản có hiệu lực"),
        "published_on": ("Ngày công bố", "Ngày công khai"),
    },
    Source.FEEDBACK: {
        "feedback_code": ("Mã phản ánh", "Mã PAKN", "Mã phản ánh kiến nghị"),
        "unit_code": ("Mã đơn vị", "Đơn vị", "Đơn vị xử lý"),
        "received_at": ("Ngày tiếp nhận", "Ngày nhận"),
        "due_at": ("Hạn xử lý", "Hạn trả lời"),
        "resolved_at": ("Ngày xử lý xong", "Ngày trả lời", "Ngày giải quyết"),
    },
    Source.MANUAL: {
        "indicator": ("Chỉ số", "Mã chỉ số", "Chỉ tiêu"),
        "unit_code": ("Mã đơn vị", "Đơn vị"),
        "period": ("Kỳ", "Kỳ báo cáo"),
        "numerator": ("Tử số",),
        "denominator": ("Mẫu số",),
        "evidence": ("Minh chứng", "Tài liệu minh chứng"),
        "entered_by": ("Người nhập",),
    },
}
"""Canonical column ← other names a file may give it (besides the canonical name itself)."""


def header_key(name: str) -> str:
    """A header name as compared: folded, spaces, underscores and punctuation removed.

    >>> header_key("Mã hồ sơ") == header_key("MaHoSo") == header_key("ma_ho_so")
    True
    """
    return fold(name).replace(" ", "")


def header_table(source: Source) -> dict[str, str]:
    """Every accepted name of a source's columns, as a key, and the canonical column it names."""
    table: dict[str, str] = {}
    for canonical in FACT_COLUMNS.get(source, {}):
        table[header_key(canonical)] = canonical
    for canonical, aliases in HEADER_ALIASES.get(source, {}).items():
        for alias in aliases:
            table.setdefault(header_key(alias), canonical)
    return table


def canonical_columns(columns: list[str], source: Source) -> dict[str, str]:
    """The header names that name a canonical column of ``source``, each with that column.

    Names not recognised are left out (the caller reports them); two names of one column both
    appear, for the caller to refuse.

    >>> canonical_columns(["Mã hồ sơ", "NGAYTIEPNHAN", "Ghi chú"], Source.DOSSIERS)
    {'Mã hồ sơ': 'dossier_code', 'NGAYTIEPNHAN': 'received_at'}
    """
    table = header_table(source)
    found: dict[str, str] = {}
    for name in columns:
        canonical = table.get(header_key(name))
        if canonical is not None:
            found[name] = canonical
    return found


TITLE_ROWS = 10
"""How many non-empty rows at the top of a file may be titles above the header (a ministry's
form has the issuer, the document's name and a date above its table)."""


class HeaderMatcher:
    """Tells how much a row looks like the header of one source's file: how many distinct
    canonical columns its cells name."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self._table = header_table(source)

    def score(self, names: list[str]) -> int:
        """The number of distinct canonical columns ``names`` name.

        >>> HeaderMatcher(Source.DOSSIERS).score(["DANH SÁCH HỒ SƠ", "", ""])
        0
        >>> HeaderMatcher(Source.DOSSIERS).score(["Mã hồ sơ", "Trạng thái", "Ghi chú"])
        2
        """
        return len({c for name in names if (c := self._table.get(header_key(name))) is not None})


def pick_header(rows: list[list[str]], matcher: HeaderMatcher | None) -> int:
    """The index, among the first non-empty rows of a file (at most ``TITLE_ROWS``), of the row
    that is the header: the first that names the most columns of the source; the first row when
    no source is known or no row names any column (the header problems are then reported on it).
    """
    if matcher is None or not rows:
        return 0
    scores = [matcher.score(row) for row in rows[:TITLE_ROWS]]
    best = max(scores)
    return scores.index(best) if best else 0
