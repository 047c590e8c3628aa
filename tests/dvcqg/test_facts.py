"""The portal's figures as facts with source ``dvcqg``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chitieu.domain import OrgUnit
from chitieu.dvcqg import TOTAL, match_units, portal_codes, read_response, rows_for_facts
from chitieu.errors import InputError
from chitieu.facts.schema import DVCQG_COLUMNS

OURS = [
    OrgUnit("25", "Tỉnh Phú Thọ", "province"),
    OrgUnit("08500", "Xã Xuân Lũng", "commune", "25"),
]


def test_payment_records_keep_the_portals_figures_per_unit_and_sub_indicator(
    fixtures: Path,
) -> None:
    report = read_response(fixtures / "formality-online-payment-tree" / "month-all.json")
    records = rows_for_facts(report, match_units(report.rows, OURS))
    assert len(records) == 164 * 4
    assert all(set(record) == set(DVCQG_COLUMNS) for record in records)
    province = records[:4]
    assert province == [
        {
            "unit_code": "25",
            "portal_unit_code": "H44",
            "portal_unit_name": "UBND tỉnh Phú Thọ",
            "period": "2026-08",
            "group_code": "formality-online-payment-tree",
            "sub_indicator": sub,
            "numerator": numerator,
            "denominator": denominator,
            "ratio": ratio,
            "score": score,
            "max_score": max_score,
        }
        for sub, numerator, denominator, ratio, score, max_score in (
            ("formality_online_payment", 82913, 98459, None, None, 6),
            ("formality_online_payment_procedures", 93, 310, None, None, 2),
            ("formality_fee_procedures_with_dossiers", 56, 310, None, None, 2.5),
            (TOTAL, None, None, 62.5, 6.25, 10),
        )
    ]
    xuan_lung = [r for r in records if r["portal_unit_name"] == "UBND xã Xuân Lũng"]
    assert {r["unit_code"] for r in xuan_lung} == {"08500"}
    assert sum(r["unit_code"] is None for r in records) == 162 * 4


def test_shape_a_records_get_portal_codes_from_other_files(fixtures: Path) -> None:
    transparency = read_response(fixtures / "transparency" / "month-all.json")
    progress = read_response(fixtures / "dvc-progress-tree" / "month-all.json")
    matches = match_units([*transparency.rows, *progress.rows], OURS)
    without = rows_for_facts(transparency, matches)
    assert {r["portal_unit_code"] for r in without} == {None}
    records = rows_for_facts(transparency, matches, portal_codes([progress]))
    assert records[2] == {
        "unit_code": "25",
        "portal_unit_code": "H44",
        "portal_unit_name": "UBND tỉnh Phú Thọ",
        "period": "2026-08",
        "group_code": "transparency",
        "sub_indicator": "PUBLIC_CONTENT_FULL",
        "numerator": 87,
        "denominator": 89,
        "ratio": 97.75,
        "score": 1.96,
        "max_score": 2,
    }
    assert len(records) == 164 * 5


def test_records_of_several_groups_are_unique_with_their_group(fixtures: Path) -> None:
    reports = [
        read_response(fixtures / e / "month-all.json")
        for e in ("transparency", "dvc-progress-tree", "provide-online-tree")
    ]
    matches = match_units([row for report in reports for row in report.rows], OURS)
    records = [r for report in reports for r in rows_for_facts(report, matches)]
    keys = [
        (r["portal_unit_name"], r["period"], r["group_code"], r["sub_indicator"]) for r in records
    ]
    assert len(set(keys)) == len(keys)


def test_a_report_without_period_or_for_one_procedure_is_not_stored(
    fixtures: Path, tmp_path: Path
) -> None:
    path = tmp_path / "r.json"
    shutil.copyfile(fixtures / "dvc-progress-tree" / "month-all.json", path)
    report = read_response(path)
    with pytest.raises(InputError) as caught:
        rows_for_facts(report, match_units(report.rows, OURS))
    assert caught.value.problems[0].describe() == (
        f"{path}: không rõ kỳ báo cáo của tệp (không có manifest.m0.json ghi tệp này): "
        "hãy chỉ định kỳ, ví dụ 2026-08, 2026-Q3 hoặc 2026"
    )
    assert rows_for_facts(read_response(path, period="2026-08"), match_units([], OURS))
