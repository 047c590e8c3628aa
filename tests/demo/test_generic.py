"""Nothing in the generator is Bình Phước's or 2024's: years, targets and baselines are data."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from chitieu.demo import generate_demo
from chitieu.domain import Baseline, Milestone, Target, TargetSet
from tests.demo.duck import connect, count, number
from tests.demo.trees import tree_2025


def _target(
    indicator: str, annual: float, milestones: tuple[float, ...], baseline: float
) -> Target:
    return Target(
        task="1",
        title=indicator,
        indicator=indicator,
        lead="",
        coordinating="",
        levels=("province_department", "commune"),
        units=(),
        annual=annual,
        milestones=tuple(Milestone(q, v) for q, v in enumerate(milestones, start=1)),
        baselines=(Baseline(2024, baseline),),
    )


def test_another_year_and_other_targets(tmp_path: Path, target_set: TargetSet) -> None:
    """A 2025 decision with two targets only: online dossiers from 30% to 90%, a low payment
    target already met; Tết fell on 29 January 2025."""
    other = dataclasses.replace(
        target_set,
        province="Tỉnh Mẫu",
        year=2025,
        targets=(
            _target("online_dossiers", 90.0, (60.0, 70.0, 80.0, 90.0), 30.0),
            _target("online_payment", 20.0, (20.0, 20.0, 20.0, 20.0), 35.0),
        ),
    )
    summary = generate_demo(tree_2025(), other, dossiers=20_000, seed=3, out=tmp_path)
    assert (summary.province, summary.year) == ("Tỉnh Mẫu", 2025)
    con = connect(summary)
    assert count(con, "SELECT count(*) FROM dossiers WHERE year(received_at) <> 2025") == 0
    tet = count(
        con, "SELECT count(*) FROM dossiers WHERE received_at BETWEEN '2025-01-25' AND '2025-02-08'"
    )
    march = count(
        con, "SELECT count(*) FROM dossiers WHERE received_at BETWEEN '2025-03-03' AND '2025-03-17'"
    )
    assert tet < 0.35 * march
    january = number(
        con,
        "SELECT avg(CASE WHEN channel = 'online' THEN 1 ELSE 0 END) FROM dossiers "
        "WHERE month(received_at) = 1 AND status NOT IN (1, 3, 7)",
    )
    assert 0.3 < january < 0.6, "January starts near the 30% baseline"
    payment = number(
        con,
        "SELECT avg(CASE WHEN paid_online THEN 1 ELSE 0 END) FROM dossiers "
        "WHERE fee_amount > 0 AND status NOT IN (1, 3, 7)",
    )
    assert payment > 0.2
    assert count(con, "SELECT count(*) FROM manual") == 0, "no manual target, no manual values"
