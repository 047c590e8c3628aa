"""Which period a response covers, from a manifest's request payload or the caller."""

from __future__ import annotations

from typing import Any

import pytest

from chitieu.dvcqg.periods import formality_of_payload, parse_period, period_of_payload


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("2026-08", "2026-08"),
        ("2026-8", "2026-08"),
        (" 2026 - 12 ", "2026-12"),
        ("2026-13", None),
        ("2026-Q3", "2026-Q3"),
        ("2026q1", "2026-Q1"),
        ("2026-Q5", None),
        ("2026", "2026"),
        ("08/2026", None),
        ("", None),
    ],
)
def test_period_labels(text: str, label: str | None) -> None:
    assert parse_period(text) == label


@pytest.mark.parametrize(
    ("payload", "label"),
    [
        ({"timeType": "month", "year": 2026, "month": 8}, "2026-08"),
        ({"timeType": "quarter", "year": 2026, "quarter": 3}, "2026-Q3"),
        ({"timeType": "year", "year": 2026}, "2026"),
        ({"timeType": "month", "year": 2026}, None),
        ({"timeType": "week", "year": 2026}, None),
        ({"fromDate": "2026-08-01", "toDate": "2026-08-31"}, "2026-08"),
        ({"fromDate": "2026-02-01", "toDate": "2026-02-28"}, "2026-02"),
        ({"fromDate": "2026-07-01", "toDate": "2026-09-30"}, "2026-Q3"),
        ({"fromDate": "2026-01-01", "toDate": "2026-12-31"}, "2026"),
        ({"fromDate": "2026-08-01", "toDate": "2026-10-31"}, None),
        ({"fromDate": "2026-02-01", "toDate": "2026-04-30"}, None),
        ({"fromDate": "2026-08-05", "toDate": "2026-08-31"}, None),
        ({"fromDate": "2026-08-01", "toDate": "2026-08-30"}, None),
        ({"fromDate": "01/08/2026", "toDate": "31/08/2026"}, None),
        ({}, None),
    ],
)
def test_period_of_a_request(payload: dict[str, Any], label: str | None) -> None:
    assert period_of_payload(payload) == label


def test_the_procedure_filter_in_either_spelling() -> None:
    assert formality_of_payload({"formalityId": "a"}) == "a"
    assert formality_of_payload({"formalityID": "b"}) == "b"
    assert formality_of_payload({"year": 2026}) is None
