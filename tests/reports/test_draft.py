"""Next year's draft decision: the proposal rule checked against this year's rows counted here,
and the round trip — the draft, in Word and in Excel, reads back to the same targets."""

from __future__ import annotations

import dataclasses
import math
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from chitieu.catalog import load_catalogue
from chitieu.decisions import read_decision, to_dict
from chitieu.domain import Quarter, TargetSet
from chitieu.reports.context import ReportContext
from chitieu.reports.draft import draft_target_set
from tests.cli.conftest import Run, run

__all__ = ["run"]


@pytest.fixture(scope="module")
def year_end(report_home: Path) -> ReportContext:
    from chitieu.app.reports import report_context

    return report_context(report_home, Quarter(2024, 4), today=date(2025, 1, 10))


def _reached(context: ReportContext) -> dict[tuple[str, str], float]:
    """Each task's pooled value per level, from the rows."""
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for row in context.evaluation.rows:
        if row.denominator:
            pair = sums[(row.target.task, row.unit.level)]
            pair[0] += row.numerator or 0
            pair[1] += row.denominator
    return {key: 100 * n / d for key, (n, d) in sums.items() if d}


def test_each_proposal_follows_the_rule(year_end: ReportContext) -> None:
    draft = draft_target_set(year_end)
    reached = _reached(year_end)
    province = {p.task: p.value for p in year_end.evaluation.province}
    assert draft.year == 2025
    assert "năm 2025" in draft.title
    assert len(draft.targets) == len(year_end.target_set.targets)
    raised = 0
    for old, new in zip(year_end.target_set.targets, draft.targets, strict=True):
        assert (new.task, new.levels, new.units, new.indicator) == (
            old.task,
            old.levels,
            old.units,
            old.indicator,
        )
        values = [
            reached[(old.task, level)] for level in old.levels if (old.task, level) in reached
        ]
        floor = math.floor(min(values)) if values else old.annual
        assert new.annual == min(100, max(old.annual, floor)), old.task
        raised += new.annual > old.annual
        # Each milestone as far below the annual target as this year's, never below 0 nor the
        # quarter before.
        previous = 0.0
        for before, after in zip(old.milestones, new.milestones, strict=True):
            expected = min(new.annual, max(0.0, new.annual - (old.annual - before.value), previous))
            assert after.value == pytest.approx(expected), (old.task, before.quarter)
            previous = after.value
        assert new.milestones[-1].value == new.annual
        if province.get(old.task) is not None:
            assert new.baselines[0].year == 2024
            assert new.baselines[0].value == round(province[old.task] or 0, 2)
    assert raised > 0


def test_national_targets_from_the_settings_raise_a_task(year_end: ReportContext) -> None:
    settings = dataclasses.replace(year_end.settings, national_targets={"II.3": 95})
    draft = draft_target_set(dataclasses.replace(year_end, settings=settings))
    for target in draft.targets:
        if target.task == "II.3":
            assert target.annual == 95
            assert target.milestones[-1].value == 95


def _same(path: Path, draft: TargetSet) -> None:
    read = read_decision(path, load_catalogue())
    assert read.warnings == ()
    assert to_dict(read.target_set) == to_dict(draft)


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_the_draft_reads_back_to_the_same_targets(
    run: Run, report_home: Path, tmp_path: Path, year_end: ReportContext, suffix: str
) -> None:
    out = tmp_path / f"du-thao{suffix}"
    done = run("decision", "draft", "--year", "2025", "-o", out, "--home", report_home)
    assert done.code == 0, done.err
    expected = draft_target_set(year_end)
    _same(out, expected)
    shown = run("decision", "show", out)
    assert shown.code == 0, shown.err
    assert "Chỉ tiêu năm 2025" in shown.out


def test_a_draft_without_this_years_set_is_refused(
    run: Run, report_home: Path, tmp_path: Path
) -> None:
    out = tmp_path / "du-thao.docx"
    done = run("decision", "draft", "--year", "2024", "-o", out, "--home", report_home)
    assert done.code == 2
    assert "Chưa có bộ chỉ tiêu năm 2023" in done.err
    assert not out.exists()
