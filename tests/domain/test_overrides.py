"""An override's checks: every problem at once, the annex's values filling in the rest."""

from __future__ import annotations

from chitieu.domain import Milestone, Override, Target

KNOWN = {"online_dossiers", "data_reuse"}

ANNEX = Target(
    task="II.3",
    title="Tỷ lệ hồ sơ trực tuyến",
    indicator="online_dossiers",
    lead="",
    coordinating="",
    levels=("commune",),
    units=(),
    annual=60.0,
    milestones=tuple(Milestone(q, v) for q, v in enumerate((30.0, 40.0, 50.0, 60.0), 1)),
)


def _override(annual: float | None = None, **quarters: float) -> Override:
    milestones = tuple(Milestone(int(name[1]), value) for name, value in quarters.items())
    return Override("X1", "online_dossiers", annual=annual, milestones=milestones)


def test_a_sound_override_has_no_problem_and_applies_over_the_annex() -> None:
    override = _override(annual=70.0, q3=55.0, q4=70.0)
    assert override.problems(indicators=KNOWN, annex=ANNEX) == []
    held = override.applied_to(ANNEX)
    assert held.annual == 70.0
    assert [m.value for m in held.milestones] == [30.0, 40.0, 55.0, 70.0]
    assert override.milestone(2) is None


def test_every_problem_is_reported_at_once() -> None:
    override = Override(
        "X1",
        "no_such_indicator",
        annual=120.0,
        milestones=(Milestone(2, -5.0), Milestone(5, 10.0), Milestone(1, 10.0), Milestone(1, 20.0)),
    )
    assert override.problems(indicators=KNOWN) == [
        "không có chỉ số «no_such_indicator» trong danh mục",
        "mốc quý I được cho hai lần",
        "quý phải từ 1 đến 4, không phải 5",
        "chỉ tiêu năm phải từ 0% đến 100%, không phải 120%",
        "mốc quý II phải từ 0% đến 100%, không phải -5%",
    ]


def test_nothing_given_is_refused() -> None:
    assert _override().problems(indicators=KNOWN) == [
        "chỉ tiêu riêng phải thay ít nhất chỉ tiêu năm hoặc một mốc quý"
    ]


def test_milestones_may_not_decrease_once_the_annexs_are_filled_in() -> None:
    # Q2 at 20% is below the annex's Q1 (30%); Q3 at 45% alone would be fine.
    assert _override(q2=20.0).problems(indicators=KNOWN, annex=ANNEX) == [
        "mốc quý II (20%) thấp hơn mốc quý I của phụ lục (30%): mốc các quý không được giảm dần",
    ]
    assert _override(q3=45.0).problems(indicators=KNOWN, annex=ANNEX) == []


def test_without_an_annex_only_the_given_milestones_are_compared() -> None:
    assert _override(q2=20.0).problems(indicators=KNOWN) == []
    assert _override(q1=50.0, q3=40.0).problems(indicators=KNOWN) == [
        "mốc quý III (40%) thấp hơn mốc quý I (50%): mốc các quý không được giảm dần",
    ]


def test_milestones_may_not_exceed_the_annual_target() -> None:
    # A lower annual target leaves the annex's Q4 (60%) above it.
    assert _override(annual=55.0).problems(indicators=KNOWN, annex=ANNEX) == [
        "mốc quý IV của phụ lục (60%) cao hơn chỉ tiêu năm (55%)",
    ]
    assert _override(q4=65.0).problems(indicators=KNOWN, annex=ANNEX) == [
        "mốc quý IV (65%) cao hơn chỉ tiêu năm của phụ lục (60%)",
    ]


def test_an_override_equal_to_the_annex_changes_nothing_and_is_refused() -> None:
    assert _override(annual=60.0, q2=40.0).problems(indicators=KNOWN, annex=ANNEX) == [
        "chỉ tiêu riêng không thay đổi gì so với phụ lục (nhiệm vụ II.3: chỉ tiêu năm 60%)",
    ]


def test_the_issues_override_is_refused_by_the_rule_the_annex_applies() -> None:
    # ``decision override --q1 90 --annual 80`` (issue 12): the reason an annex row with the
    # same values is refused, word for word (``targets.above_annual``, used by both).
    from chitieu.domain.targets import above_annual

    found = _override(annual=80.0, q1=90.0, q2=90.0, q3=90.0, q4=90.0).problems(
        indicators=KNOWN, annex=ANNEX
    )
    annex_rule = [a.reason for a in above_annual(80.0, [Milestone(q, 90.0) for q in (1, 2, 3, 4)])]
    assert (
        found
        == annex_rule
        == [
            f"mốc quý {roman} (90%) cao hơn chỉ tiêu năm (80%)"
            for roman in ("I", "II", "III", "IV")
        ]
    )


def test_not_a_number_is_out_of_range() -> None:
    nan, inf = float("nan"), float("inf")
    assert _override(annual=nan, q4=inf).problems(indicators=KNOWN, annex=ANNEX) == [
        "chỉ tiêu năm phải từ 0% đến 100%, không phải nan",
        "mốc quý IV phải từ 0% đến 100%, không phải inf",
    ]
