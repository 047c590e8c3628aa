"""Task wordings of different provinces map to the right indicator, or clearly to none."""

from __future__ import annotations

import unicodedata

import pytest

from chitieu.catalog import IndicatorMatcher, load_catalogue

WORDINGS = [
    ("Tỷ lệ hồ sơ TTHC được tiếp nhận trực tuyến", "online_dossiers"),
    ("Tỷ lệ hồ sơ thủ tục hành chính nộp trực tuyến", "online_dossiers"),
    ("TỶ LỆ HỒ SƠ TRỰC TUYẾN", "online_dossiers"),
    ("Tỷ lệ DVCTT toàn trình", "full_online_services"),
    ("Tỷ lệ thủ tục hành chính cung cấp trực tuyến toàn trình", "full_online_services"),
    ("Tỷ lệ thanh toán trực tuyến", "online_payment"),
    ("Tỷ lệ hồ sơ có thanh toán trực tuyến phí, lệ phí", "online_payment"),
    ("Tỷ lệ số hoá hồ sơ, kết quả giải quyết TTHC", "digitized"),
    ("Tỷ lệ số hóa hồ sơ", "digitized"),
    ("Tỷ lệ kết quả giải quyết TTHC được cấp bản điện tử", "e_results"),
    ("Tỷ lệ chứng thực bản sao điện tử từ bản chính", "e_certified_copies"),
    ("Tỷ lệ tái sử dụng dữ liệu đã số hóa", "data_reuse"),
    ("Tỷ lệ công bố, công khai TTHC đúng hạn", "published_on_time"),
    ("Tỷ lệ đồng bộ hồ sơ lên Cổng dịch vụ công quốc gia", "synced_national"),
    ("Tỷ lệ PAKN được xử lý đúng hạn", "feedback_on_time"),
    ("Mức độ hài lòng của tổ chức, cá nhân trong giải quyết TTHC", "satisfaction"),
    ("Tỷ lệ văn bản được xử lý trên môi trường mạng", "online_documents"),
    ("Tỷ lệ hồ sơ giải quyết đúng hạn, trước hạn", "on_time"),
    ("Cập nhật, công khai quy định kinh doanh", "regulation_update"),
    ("Tỷ lệ giải ngân vốn đầu tư công", None),
    ("Tỷ lệ hồ sơ giải quyết quá hạn", None),
    ("Số lượng thủ tục hành chính được cắt giảm", None),
    ("Chỉ số cải cách hành chính (PAR INDEX)", None),
]


@pytest.fixture(scope="module")
def matcher() -> IndicatorMatcher:
    catalogue = load_catalogue()
    return IndicatorMatcher(catalogue.indicators, catalogue.abbreviations)


@pytest.mark.parametrize(("wording", "expected"), WORDINGS)
@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_wording_maps_to_indicator(
    matcher: IndicatorMatcher, wording: str, expected: str | None, form: str
) -> None:
    text = unicodedata.normalize(form, wording)  # type: ignore[arg-type]
    assert matcher.match(text).indicator == expected


def test_case_punctuation_and_tone_placement_do_not_matter(matcher: IndicatorMatcher) -> None:
    variants = [
        "Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.",
        "TỶ LỆ SỐ HOÁ HỒ SƠ; KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
        "tỷ lệ số hoá hồ sơ - kết quả giải quyết thủ tục hành chính!!",
    ]
    assert {matcher.match(v).indicator for v in variants} == {"digitized"}


def test_every_annex_wording_maps_to_its_own_indicator(matcher: IndicatorMatcher) -> None:
    for indicator in load_catalogue().indicators:
        assert matcher.match(indicator.wording).indicator == indicator.code
