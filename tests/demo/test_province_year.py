"""The issue's demonstration: a million dossiers of Bình Phước's 2024, in which some indicators
reach their annual target by Q4 and others fall short, measured by plain SQL over the files."""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
import pytest

from chitieu.demo import DemoSummary, generate_demo
from chitieu.domain import OrgUnit, Target, TargetSet
from tests.demo.duck import connect
from tests.demo.trees import province_tree

DOSSIERS = 1_000_000
START, END = "TIMESTAMP '2024-01-01'", "TIMESTAMP '2025-01-01'"

# The precise rules of INDICATORS.md, year to date at Q4: P = [1 January, 1 January next year).
RECEIVED = f"status NOT IN (1, 3, 7) AND received_at >= {START} AND received_at < {END}"
FINISHED = f"status IN (9, 10) AND finished_at >= {START} AND finished_at < {END}"
ENDED = f"status IN (8, 9, 10) AND finished_at >= {START} AND finished_at < {END}"
COPY = "procedure_code IN (SELECT procedure_code FROM procedures WHERE is_copy_certification)"
RATIOS = {
    "online_dossiers": (f"{RECEIVED} AND channel = 'online'", RECEIVED),
    "online_payment": (
        f"{RECEIVED} AND fee_amount > 0 AND paid_online",
        f"{RECEIVED} AND fee_amount > 0",
    ),
    "digitized": (
        f"{RECEIVED} AND components_digitized AND (NOT (status IN (9, 10) AND finished_at < {END}) OR result_digitized)",
        RECEIVED,
    ),
    "e_results": (f"{FINISHED} AND e_result", FINISHED),
    "e_certified_copies": (f"{FINISHED} AND {COPY} AND e_result", f"{FINISHED} AND {COPY}"),
    "data_reuse": (f"{RECEIVED} AND reused_data", RECEIVED),
    "synced_national": (
        f"(({RECEIVED}) OR ({ENDED})) AND synced_national",
        f"({RECEIVED}) OR ({ENDED})",
    ),
    "satisfaction": (f"{FINISHED} AND rating >= 4", f"{FINISHED} AND rating IS NOT NULL"),
}


def binh_phuoc_like() -> list[OrgUnit]:
    """A tree of Bình Phước's shape: 20 departments, 11 districts of 12 divisions, 111 communes."""
    return province_tree(20, 11, 12, 111)


@pytest.fixture(scope="module")
def year(
    tmp_path_factory: pytest.TempPathFactory, target_set: TargetSet
) -> tuple[DemoSummary, float]:
    """The million dossiers, generated once, and the seconds it took."""
    started = time.perf_counter()
    summary = generate_demo(
        binh_phuoc_like(),
        target_set,
        dossiers=DOSSIERS,
        seed=2024,
        out=tmp_path_factory.mktemp("year"),
    )
    return summary, time.perf_counter() - started


def _holders(units: list[OrgUnit], target: Target) -> list[str]:
    """The units a target row is evaluated over: those of its levels, and those it names."""
    return [
        u.code
        for u in units
        if u.parent_code is not None and (u.level in target.levels or u.name in target.units)
    ]


def _values(
    con: duckdb.DuckDBPyConnection, target_set: TargetSet, units: list[OrgUnit]
) -> dict[int, float]:
    """Q4 year-to-date value of every dossier target row over its holders, in percent."""
    rows = [(i, t) for i, t in enumerate(target_set.targets) if t.indicator in RATIOS]
    con.execute("CREATE TABLE holders (row_id INTEGER, unit_code VARCHAR)")
    con.executemany(
        "INSERT INTO holders VALUES (?, ?)",
        [(i, code) for i, t in rows for code in _holders(units, t)],
    )
    sums = ", ".join(
        f"count(*) FILTER ({numerator}) AS {code}_n, count(*) FILTER ({denominator}) AS {code}_d"
        for code, (numerator, denominator) in RATIOS.items()
    )
    totals = ", ".join(f"sum({code}_n), sum({code}_d)" for code in RATIOS)
    result = con.execute(
        f"WITH per_unit AS (SELECT unit_code, {sums} FROM dossiers GROUP BY unit_code) "
        f"SELECT row_id, {totals} FROM holders JOIN per_unit USING (unit_code) GROUP BY row_id"
    ).fetchall()
    codes = list(RATIOS)
    values: dict[int, float] = {}
    for row_id, *counts in result:
        target = target_set.targets[row_id]
        k = codes.index(str(target.indicator))
        values[row_id] = 100 * counts[2 * k] / counts[2 * k + 1]
    return values


def _province(con: duckdb.DuckDBPyConnection) -> dict[str, float]:
    """Every dossier indicator over the whole province (all levels together), Q4 year to date."""
    sums = ", ".join(
        f"100 * count(*) FILTER ({numerator}) / count(*) FILTER ({denominator})"
        for numerator, denominator in RATIOS.values()
    )
    row = con.execute(f"SELECT {sums} FROM dossiers").fetchone()
    assert row is not None
    return dict(zip(RATIOS, row, strict=True))


def test_a_million_dossiers_are_written(year: tuple[DemoSummary, float]) -> None:
    # Its speed is measured by `make bench` (demo_1m_seconds), not by a timed test.
    summary, _ = year
    assert summary.dossiers_parquet.rows == DOSSIERS
    assert summary.dossiers_csv.rows == DOSSIERS


def test_some_indicators_reach_their_annual_target_and_others_fall_short(
    year: tuple[DemoSummary, float], target_set: TargetSet
) -> None:
    """Targets are set per level and evaluated on the units of that level, so each row of the
    annex is compared on its own: its value is the province-wide one over the units the row
    holds (all departments, all district units, all communes, or all of them for a row of all
    levels; plus a unit the row names, as Sở Tư pháp), at Q4 year to date, against the row's
    annual target. An indicator reaches when every one of its rows does, falls short when every
    one does not. Besides, over the whole province (all levels together) an indicator is
    compared with the highest annual target of its rows: reaching that is reaching every level's.
    """
    summary, _ = year
    con = connect(summary)
    values = _values(con, target_set, binh_phuoc_like())
    by_indicator: dict[str, list[bool]] = {}
    lines = ["Q4 year to date, per target row:"]
    for row_id, value in sorted(values.items()):
        target = target_set.targets[row_id]
        by_indicator.setdefault(str(target.indicator), []).append(value >= target.annual)
        lines.append(
            f"{target.indicator} {'+'.join(target.levels)}: {value:.2f} / {target.annual:g}"
        )
    report = "\n".join(lines)
    reaching = {code for code, reached in by_indicator.items() if all(reached)}
    short = {code for code, reached in by_indicator.items() if not any(reached)}
    assert len(reaching) >= 2, report
    assert len(short) >= 2, report

    province = _province(con)
    highest = {
        code: max(t.annual for t in target_set.targets if t.indicator == code) for code in RATIOS
    }
    report = "\n".join(f"{code}: {province[code]:.2f} / {highest[code]:g}" for code in RATIOS)
    assert any(province[code] >= highest[code] for code in RATIOS), report
    assert any(province[code] < highest[code] for code in RATIOS), report


def test_units_differ_on_each_quarters_milestone(
    year: tuple[DemoSummary, float], target_set: TargetSet
) -> None:
    """Online dossiers of communes, year to date at each quarter: some meet the milestone, some
    do not."""
    summary, _ = year
    con = connect(summary)
    row = next(
        t
        for t in target_set.targets
        if t.indicator == "online_dossiers" and t.levels == ("commune",)
    )
    for quarter, end in enumerate(
        ("2024-04-01", "2024-07-01", "2024-10-01", "2025-01-01"), start=1
    ):
        shares = [
            100 * share
            for (share,) in con.execute(
                "SELECT avg(CASE WHEN channel = 'online' THEN 1 ELSE 0 END) FROM dossiers "
                f"WHERE unit_code LIKE '%.X%' AND status NOT IN (1, 3, 7) AND received_at < TIMESTAMP '{end}' "
                "GROUP BY unit_code"
            ).fetchall()
        ]
        milestone = row.milestone(quarter)
        assert any(s >= milestone for s in shares), quarter
        assert any(s < milestone for s in shares), quarter


def test_the_path_of_the_files(year: tuple[DemoSummary, float]) -> None:
    summary, _ = year
    assert all(isinstance(f.path, Path) and f.path.exists() for f in summary.files)
