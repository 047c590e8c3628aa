"""Header names recognised as canonical columns: canonical, national and Vietnamese names."""

from __future__ import annotations

import unicodedata
from collections import defaultdict

import pytest

from chitieu.domain import FACT_COLUMNS, Source
from chitieu.sources.readers import HEADER_ALIASES, NATIONAL_DOSSIER_FIELDS, canonical_columns
from chitieu.sources.readers.headers import header_key


@pytest.mark.parametrize("source", [s for s in Source if s in FACT_COLUMNS])
def test_canonical_names_map_to_themselves(source: Source) -> None:
    columns = list(FACT_COLUMNS[source])
    assert canonical_columns(columns, source) == {c: c for c in columns}


def test_national_names_any_case() -> None:
    names = [*NATIONAL_DOSSIER_FIELDS.values(), "HoSoCoThanhPhanSoHoa", "DuocThanhToanTrucTuyen"]
    upper = [name.upper() for name in names]
    assert canonical_columns(names + upper, Source.DOSSIERS) == {
        **{name: column for column, name in NATIONAL_DOSSIER_FIELDS.items()},
        **{name.upper(): column for column, name in NATIONAL_DOSSIER_FIELDS.items()},
        "HoSoCoThanhPhanSoHoa": "components_digitized",
        "HOSOCOTHANHPHANSOHOA": "components_digitized",
        "DuocThanhToanTrucTuyen": "paid_online",
        "DUOCTHANHTOANTRUCTUYEN": "paid_online",
    }


def test_vietnamese_headings_folded() -> None:
    headings = [
        "Mã hồ sơ",
        unicodedata.normalize("NFD", "NGÀY TIẾP NHẬN"),
        "Ngày hẹn trả",
        "Trạng thái",
        "Phí, lệ phí",
        "Ghi chú",
        "dossier code",
    ]
    assert canonical_columns(headings, Source.DOSSIERS) == {
        "Mã hồ sơ": "dossier_code",
        headings[1]: "received_at",
        "Ngày hẹn trả": "due_at",
        "Trạng thái": "status",
        "Phí, lệ phí": "fee_amount",
        "dossier code": "dossier_code",
    }
    assert canonical_columns(["Mã PAKN", "Ngày trả lời"], Source.FEEDBACK) == {
        "Mã PAKN": "feedback_code",
        "Ngày trả lời": "resolved_at",
    }
    assert canonical_columns(["Tử số", "Mẫu số", "Kỳ"], Source.MANUAL) == {
        "Tử số": "numerator",
        "Mẫu số": "denominator",
        "Kỳ": "period",
    }


@pytest.mark.parametrize("source", list(HEADER_ALIASES))
def test_no_name_claimed_by_two_columns(source: Source) -> None:
    claims: dict[str, set[str]] = defaultdict(set)
    for column in FACT_COLUMNS[source]:
        claims[header_key(column)].add(column)
    for column, aliases in HEADER_ALIASES[source].items():
        assert column in FACT_COLUMNS[source]
        for alias in aliases:
            claims[header_key(alias)].add(column)
    assert {key: columns for key, columns in claims.items() if len(columns) > 1} == {}
