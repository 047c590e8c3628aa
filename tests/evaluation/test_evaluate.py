"""A quarter's evaluation of a small province, every figure worked out by hand."""

from __future__ import annotations

from dataclasses import replace

import pytest

from chitieu.domain import Basis, Milestone, Quarter
from chitieu.evaluation import (
    Evaluation,
    Outlook,
    Override,
    Status,
    UnitEvaluation,
    evaluate,
    lagging,
    needed_phrase,
)
from tests.evaluation.builders import months, target_set, tree, value

Q3 = Quarter(2024, 3)

VALUES = [
    # II.3 online dossiers, year to date at Q3, tier values
    value("D1", "online_dossiers", "ytd", "2024-Q3", 630, 900),  # 70 % = the Q3 milestone
    value("D2", "online_dossiers", "ytd", "2024-Q3", 650, 1000),  # 65 %, 5 points short
    value("X1", "online_dossiers", "ytd", "2024-Q3", 100, 200),  # 50 % = the commune milestone
    value("X2", "online_dossiers", "ytd", "2024-Q3", 0, 0),  # nothing received
    # H1 has no value at all.
    *months("D1", "online_dossiers", dict.fromkeys(range(1, 10), (70, 100))),
    # II.7 reuse: D1 measured nothing itself, the portal did; D2 both.
    value("D1", "data_reuse", "ytd", "2024-Q3", 0, 0),
    value("D1", "data_reuse", "ytd", "2024-Q3", 30, 100, source="dvcqg"),
    value("D2", "data_reuse", "ytd", "2024-Q3", 60, 100),
    value("D2", "data_reuse", "ytd", "2024-Q3", 40, 100, source="dvcqg"),
    # The province as a whole (the root's subtree).
    value("P", "online_dossiers", "ytd", "2024-Q3", 2000, 10000, scope="subtree"),
    # A value of another quarter and of the subtree scope are not judged on.
    value("D2", "online_dossiers", "ytd", "2024-Q2", 900, 1000),
    value("D2", "online_dossiers", "ytd", "2024-Q3", 900, 1000, scope="subtree"),
]


@pytest.fixture
def evaluation() -> Evaluation:
    return evaluate(target_set(), tree(), VALUES, Q3)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 9)


def _row(evaluation: Evaluation, unit: str, indicator: str) -> UnitEvaluation:
    [row] = [r for r in evaluation.rows if r.unit.code == unit and r.indicator == indicator]
    return row


def test_who_holds_which_target(evaluation: Evaluation) -> None:
    held = [(r.indicator, r.unit.code) for r in evaluation.rows]
    assert held == [
        # departments at the top of their tier (not D2A, under D2; not DOLD, abolished)
        ("online_dossiers", "D1"),
        ("online_dossiers", "D2"),
        # the district committee, not its division
        ("online_dossiers", "H1"),
        ("online_dossiers", "X1"),
        ("online_dossiers", "X2"),
        # II.6: Sở Tư pháp by name, then the district and commune levels
        ("e_certified_copies", "D1"),
        ("e_certified_copies", "H1"),
        ("e_certified_copies", "X1"),
        ("e_certified_copies", "X2"),
        ("data_reuse", "D1"),
        ("data_reuse", "D2"),
        ("data_reuse", "H1"),
        ("data_reuse", "X1"),
        ("data_reuse", "X2"),
    ]
    assert _row(evaluation, "D1", "e_certified_copies").named
    assert evaluation.warnings == (
        "nhiệm vụ III.1: chưa khớp chỉ số nào trong danh mục, không đánh giá",
    )


# unit, indicator → value, milestone, status, gap, needed, rank, source (by hand)
EXPECTED = [
    ("D1", "online_dossiers", 70.0, 70.0, Status.MET, 0.0, 0, 1, "dossiers"),
    # 65 % vs 70 %: k ≥ (70 000 − 65 000) / 30 = 166.7 → 167 (817/1167 = 70.009 %)
    ("D2", "online_dossiers", 65.0, 70.0, Status.NOT_MET, -5.0, 167, 2, "dossiers"),
    ("H1", "online_dossiers", None, 60.0, Status.NO_DATA, None, None, None, None),
    ("X1", "online_dossiers", 50.0, 50.0, Status.MET, 0.0, 0, 1, "dossiers"),
    # 0/0: data received, nothing to measure
    ("X2", "online_dossiers", None, 50.0, Status.NOT_APPLICABLE, None, None, None, None),
    # no dossier data of its own: judged on the portal's 30 %; 50 % needs (5000−3000)/50 = 40
    ("D1", "data_reuse", 30.0, 50.0, Status.NOT_MET, -20.0, 40, 2, "dvcqg"),
    # both: ours (60 %) is judged on
    ("D2", "data_reuse", 60.0, 50.0, Status.MET, 10.0, 0, 1, "dossiers"),
]


@pytest.mark.parametrize(
    ("unit", "indicator", "value", "milestone", "status", "gap", "needed", "rank", "source"),
    EXPECTED,
)
def test_rows_by_hand(
    evaluation: Evaluation,
    unit: str,
    indicator: str,
    value: float | None,
    milestone: float,
    status: Status,
    gap: float | None,
    needed: int | None,
    rank: int | None,
    source: str | None,
) -> None:
    row = _row(evaluation, unit, indicator)
    assert (row.value, row.milestone, row.status) == (value, milestone, status)
    assert row.gap == (None if gap is None else pytest.approx(gap))
    assert (row.needed, row.rank, row.source) == (needed, rank, source)
    assert row.period == "2024-Q3"


def test_projection_and_outlook_from_the_months(evaluation: Evaluation) -> None:
    steady = _row(evaluation, "D1", "online_dossiers")
    assert steady.projection == pytest.approx(70.0)
    assert steady.annual == 80.0
    assert steady.outlook is Outlook.AT_RISK
    no_months = _row(evaluation, "D2", "online_dossiers")
    assert (no_months.projection, no_months.outlook) == (None, None)


def test_last_year_seasonality_reaches_the_projection() -> None:
    # Last year: 50 % a month, December 300 dossiers at 20 %: D1's year becomes
    # (630 + 70 + 70 + 300·(0.7 − 0.3)) / (900 + 500) = 890/1400 = 63.571 %.
    last_year = months(
        "D1", "online_dossiers", dict.fromkeys(range(1, 12), (50, 100)) | {12: (60, 300)}, year=2023
    )
    result = evaluate(target_set(), tree(), VALUES, Q3, last_year=last_year)
    assert _row(result, "D1", "online_dossiers").projection == pytest.approx(890 / 14)


def test_baselines_compared(evaluation: Evaluation) -> None:
    row = _row(evaluation, "D1", "online_dossiers")
    assert [(b.year, b.baseline, _rounded(b.change)) for b in row.baselines] == [
        (2023, 11.35, 58.65),
        (2022, 11.35, 58.65),
    ]
    assert _row(evaluation, "D1", "data_reuse").baselines[0].change == pytest.approx(30.0)
    assert _row(evaluation, "H1", "online_dossiers").baselines == ()


def test_level_summaries(evaluation: Evaluation) -> None:
    summaries = {(s.task, s.level): s for s in evaluation.levels}
    departments = summaries[("II.3", "province_department")]
    assert (departments.units, departments.met, departments.not_met, departments.no_data) == (
        2,
        1,
        1,
        0,
    )
    assert departments.milestone == 70.0
    district = summaries[("II.3", "district")]
    assert (district.units, district.no_data) == (1, 1)
    communes = summaries[("II.3", "commune")]
    assert (communes.units, communes.met, communes.not_applicable, communes.no_data) == (2, 1, 1, 0)
    # II.6's named department is counted among the departments, beside the row's two levels.
    assert [s.level for s in evaluation.levels if s.task == "II.6"] == [
        "district",
        "commune",
        "province_department",
    ]
    assert summaries[("II.6", "province_department")].units == 1


def test_province_value_against_baselines(evaluation: Evaluation) -> None:
    online = next(p for p in evaluation.province if p.indicator == "online_dossiers")
    assert online.value == pytest.approx(20.0)
    assert [(b.year, _rounded(b.change)) for b in online.baselines] == [
        (2023, 8.65),
        (2022, 8.65),
    ]
    reuse = next(p for p in evaluation.province if p.indicator == "data_reuse")
    assert (reuse.value, reuse.baselines[0].change) == (None, None)
    assert [p.indicator for p in evaluation.province] == [
        "online_dossiers",
        "e_certified_copies",
        "data_reuse",
    ]


def test_overrides_change_one_unit_only() -> None:
    overrides = [
        Override("D2", "online_dossiers", annual=75.0, milestones=(Milestone(3, 65.0),)),
        Override("X1", "satisfaction", annual=90.0),
    ]
    result = evaluate(target_set(), tree(), VALUES, Q3, overrides=overrides)
    d2 = _row(result, "D2", "online_dossiers")
    assert (d2.milestone, d2.annual, d2.status, d2.needed, d2.overridden) == (
        65.0,
        75.0,
        Status.MET,
        0,
        True,
    )
    # The other quarters keep the annex's milestones; the other department its target.
    assert d2.target.milestone(2) == 60.0
    assert _row(result, "D1", "online_dossiers").milestone == 70.0
    # The level summary counts the overridden unit as met; its milestone stays the row's.
    departments = next(s for s in result.levels if s.task == "II.3")
    assert (departments.met, departments.milestone) == (2, 70.0)
    assert result.warnings[-1] == (
        "chỉ tiêu riêng của đơn vị X1 cho chỉ số satisfaction không áp dụng: "
        "đơn vị không giữ chỉ tiêu này"
    )


def test_within_quarter_basis_judges_quarter_values() -> None:
    quarterly = replace(target_set(), basis=Basis.QUARTER)
    values = [value("D2", "online_dossiers", "quarter", "2024-Q3", 72, 100), *VALUES]
    result = evaluate(quarterly, tree(), values, Q3)
    assert _row(result, "D2", "online_dossiers").status is Status.MET
    assert _row(result, "D1", "online_dossiers").status is Status.NO_DATA


def test_an_unknown_named_unit_is_a_warning() -> None:
    targets = target_set()
    renamed = tuple(
        replace(t, units=("Sở Không Có",)) if t.task == "II.6" else t for t in targets.targets
    )
    result = evaluate(replace(targets, targets=renamed), tree(), VALUES, Q3)
    assert any("không tìm thấy đơn vị «Sở Không Có»" in w for w in result.warnings)
    assert "D1" not in {r.unit.code for r in result.rows if r.indicator == "e_certified_copies"}


def test_lagging_worst_first_with_what_is_needed(evaluation: Evaluation) -> None:
    behind = lagging(evaluation.rows)
    assert [(r.unit.code, r.indicator) for r in behind] == [
        ("D1", "data_reuse"),  # −20 points
        ("D2", "online_dossiers"),  # −5 points
    ]
    assert needed_phrase(behind[1], "hồ sơ trực tuyến") == "cần thêm 167 hồ sơ trực tuyến"


def test_needed_phrase_for_an_unreachable_milestone() -> None:
    values = [value("X1", "e_certified_copies", "ytd", "2024-Q3", 1230, 1234)]
    result = evaluate(target_set(), tree(), values, Q3)
    row = _row(result, "X1", "e_certified_copies")
    assert (row.status, row.needed) == (Status.NOT_MET, None)
    assert needed_phrase(row, "hồ sơ") == (
        "không thể đạt mốc 100% của kỳ này: đã có 4 trường hợp không đạt"
    )
    big = [value("D2", "online_dossiers", "ytd", "2024-Q3", 1234, 10000)]
    row = _row(evaluate(target_set(), tree(), big, Q3), "D2", "online_dossiers")
    # k ≥ (70 · 10 000 − 100 · 1 234) / 30 = 576 600 / 30 = 19 220 exactly
    assert needed_phrase(row, "hồ sơ trực tuyến") == "cần thêm 19.220 hồ sơ trực tuyến"


def test_ties_share_a_rank() -> None:
    values = [
        value("D1", "online_dossiers", "ytd", "2024-Q3", 50, 100),
        value("D2", "online_dossiers", "ytd", "2024-Q3", 5, 10),
    ]
    result = evaluate(target_set(), tree(), values, Q3)
    assert [_row(result, u, "online_dossiers").rank for u in ("D1", "D2")] == [1, 1]


def test_a_quarter_of_another_year_is_refused() -> None:
    with pytest.raises(ValueError, match="2025-Q1"):
        evaluate(target_set(), tree(), VALUES, Quarter(2025, 1))


def test_a_quarter_not_ended_is_provisional_and_judged_on_the_value_so_far() -> None:
    import datetime as dt

    during = evaluate(target_set(), tree(), VALUES, Q3, today=dt.date(2024, 9, 14))
    after = evaluate(target_set(), tree(), VALUES, Q3, today=dt.date(2024, 10, 1))
    assert during.provisional
    assert during.as_of == dt.date(2024, 9, 14)
    assert all(r.provisional for r in during.rows)
    assert not after.provisional
    assert not any(r.provisional for r in after.rows)
    # The same values are judged the same way: only the mark differs.
    assert [r.status for r in during.rows] == [r.status for r in after.rows]


def test_rank_says_among_how_many(evaluation: Evaluation) -> None:
    d1, d2 = _row(evaluation, "D1", "online_dossiers"), _row(evaluation, "D2", "online_dossiers")
    assert (d1.rank, d1.ranked, d2.rank, d2.ranked) == (1, 2, 2, 2)
    assert _row(evaluation, "H1", "online_dossiers").ranked == 0
