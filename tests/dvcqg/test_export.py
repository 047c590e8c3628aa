"""The recomputed scores as CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from chitieu.dvcqg import (
    COLUMNS,
    TOTAL,
    ScoreRow,
    export_scores_csv,
    read_response,
    score_reports,
)
from tests.dvcqg.conftest import ENDPOINTS


def _row(**changes: object) -> ScoreRow:
    values: dict[str, object] = {
        "unit_id": "u",
        "unit_code": "H44.03",
        "unit_name": "Ban quản lý các khu công nghiệp",
        "is_province": False,
        "group": "formality-online-payment-tree",
        "sub_indicator": "formality_online_payment_procedures",
        "numerator": 2,
        "denominator": 3,
        "score": 1.67,
        "portal_score": None,
        "max_score": 2,
    }
    values.update(changes)
    return ScoreRow(**values)  # type: ignore[arg-type]


def _csv(rows: list[ScoreRow]) -> str:
    stream = io.StringIO()
    export_scores_csv(rows, stream)
    return stream.getvalue()


def test_columns_numbers_and_empty_cells() -> None:
    text = _csv(
        [
            _row(),
            _row(sub_indicator=TOTAL, numerator=None, denominator=None, score=7.67, portal_score=7.67),
            _row(group="dvc-progress-tree", sub_indicator="dvc_progress", numerator=184513.0,
                 denominator=184513, score=20.0, portal_score=20),
            _row(sub_indicator="x", numerator=0.5, denominator=None, score=None, portal_score=0.05),
        ]
    )  # fmt: skip
    assert text == (
        "unit_code,unit_name,group,sub_indicator,numerator,denominator,score,portal_score\n"
        "H44.03,Ban quản lý các khu công nghiệp,formality-online-payment-tree,"
        "formality_online_payment_procedures,2,3,1.67,\n"
        "H44.03,Ban quản lý các khu công nghiệp,formality-online-payment-tree,total,,,7.67,7.67\n"
        "H44.03,Ban quản lý các khu công nghiệp,dvc-progress-tree,dvc_progress,184513,184513,20,20\n"
        "H44.03,Ban quản lý các khu công nghiệp,formality-online-payment-tree,x,0.5,,,0.05\n"
    )


def test_text_a_spreadsheet_would_run_is_quoted() -> None:
    text = _csv([_row(unit_code=None, unit_name='=HYPERLINK("http://x","a, b")')])
    [_, line] = text.splitlines()
    assert line == (
        ',"\'=HYPERLINK(""http://x"",""a, b"")",formality-online-payment-tree,'
        "formality_online_payment_procedures,2,3,1.67,"
    )
    for start in "+-@":
        assert f",'{start}UBND," in _csv([_row(unit_name=f"{start}UBND")])


def test_the_fixtures_export_one_line_per_score_row(fixtures: Path) -> None:
    reports = [read_response(fixtures / e / "month-all.json") for e in ENDPOINTS]
    rows = score_reports(reports)
    lines = list(csv.DictReader(io.StringIO(_csv(rows))))
    assert tuple(lines[0]) == COLUMNS
    # 164 units × (4 + 1 transparency, 1 + 1 progress, 1 + 1 online, 3 + 1 payment, 1 overall).
    assert len(lines) == len(rows) == 164 * 14
    totals = [line for line in lines if line["sub_indicator"] == TOTAL and line["group"] != TOTAL]
    assert len(totals) == 164 * 4
    assert all(
        line["score"] == line["portal_score"]
        for line in totals
        if line["group"] != "provide-online-tree"
    )
    assert {line["score"] for line in totals if line["group"] == "provide-online-tree"} == {""}
