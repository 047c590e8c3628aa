"""Computing a year's indicator values in the facts store (DuckDB), fully or incrementally.

Two stages (``sql.py``): stage 1 scans each source's facts once into partial aggregates per unit
and month buckets of its timestamps (``partials_<source>_<year>``, kept in the store); stage 2
turns the partials into each unit's own numerator and denominator for every period, and the roll-up
sums them up the tree as subtree and tier values. Everything a compute writes (partials, engine
state, values) is written in one transaction: a compute that dies half-way leaves the previous
values as they were.

Incremental: once a source has partials, every later import keeps its batch as a change (new rows
+1, replaced versions -1, ``facts.store``). The next compute adds stage 1 over those changes only
to the partials — exact, since partial aggregates are sums — then reruns stage 2 and the roll-up
over the partials, which are small. A change of a table a source's definitions join (the
procedure catalogue for copy certification), of its definitions or of the year's partials'
absence makes that source's stage 1 run in full.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import duckdb
import pyarrow as pa

from chitieu.catalog import Catalogue
from chitieu.domain import OrgUnit, Source
from chitieu.engine.periods import period_rows
from chitieu.engine.plan import SourcePlan, compile_source
from chitieu.engine.sql import ROLLUP, stage1_select, stage2_select
from chitieu.engine.tree import closure
from chitieu.engine.values import VALUES_DDL, VALUES_TABLE
from chitieu.facts.calendar import ensure_calendar
from chitieu.facts.schema import ENGINE_STATE_DDL, ENGINE_STATE_TABLE, TABLES, changes_table
from chitieu.facts.sql import count, first_row

COMPUTED_SOURCES = (Source.DOSSIERS, Source.PROCEDURES, Source.PUBLICATIONS, Source.FEEDBACK)
"""Sources whose indicators the engine computes from rows; manual values are taken as given."""

Progress = Callable[[str], None]


class Mode(StrEnum):
    """How a source's partial aggregates were brought up to date."""

    FULL = "full"
    INCREMENTAL = "incremental"
    UNCHANGED = "unchanged"


@dataclass
class ComputeReport:
    """What a compute did: per source how, and how many values it stored."""

    year: int
    modes: dict[str, Mode] = field(default_factory=dict)
    values: int = 0


def partials_name(source: Source, year: int) -> str:
    """The table of a source's partial aggregates for a year."""
    return f"partials_{source.value}_{year}"


def source_plans(catalogue: Catalogue) -> list[SourcePlan]:
    """The compiled plan of every source that has computed indicators."""
    plans = []
    for source in COMPUTED_SOURCES:
        indicators = [i for i in catalogue.indicators if i.source is source and i.definition]
        if indicators:
            plans.append(compile_source(catalogue, source, TABLES[source].name, indicators))
    return plans


def _dependencies(plan: SourcePlan) -> list[Source]:
    """The other sources whose tables the plan's joins read."""
    found = []
    for source, table in TABLES.items():
        if source is not plan.source and any(table.name in j.sql for j in plan.joins):
            found.append(source)
    return found


def _fingerprint(plan: SourcePlan, year: int) -> str:
    return hashlib.sha256(stage1_select(plan, year).encode()).hexdigest()[:32]


def _load_tree(con: duckdb.DuckDBPyConnection, units: Sequence[OrgUnit], year: int) -> None:
    rows = list(closure(units))
    con.register(
        "_closure_rows",
        pa.table(
            {
                "ancestor": [r.ancestor for r in rows],
                "descendant": [r.descendant for r in rows],
                "same_tier": pa.array([r.same_tier for r in rows], pa.bool_()),
            }
        ),
    )
    con.execute("CREATE OR REPLACE TEMP TABLE unit_closure AS SELECT * FROM _closure_rows")
    con.unregister("_closure_rows")
    periods = period_rows(year)
    con.register(
        "_period_rows",
        pa.table(
            {
                "kind": [p.kind for p in periods],
                "label": [p.label for p in periods],
                "start_m": pa.array([p.start_m for p in periods], pa.int32()),
                "end_m": pa.array([p.end_m for p in periods], pa.int32()),
            }
        ),
    )
    con.execute("CREATE OR REPLACE TEMP TABLE periods AS SELECT * FROM _period_rows")
    con.unregister("_period_rows")


def _refresh_partials(
    con: duckdb.DuckDBPyConnection, plan: SourcePlan, year: int, last_seq: int, full: bool
) -> Mode:
    """Bring one source's partials up to ``last_seq`` (the latest change); how it was done."""
    table = TABLES[plan.source]
    partials = partials_name(plan.source, year)
    state = first_row(
        con,
        f"SELECT last_seq, fingerprint FROM {ENGINE_STATE_TABLE} WHERE source = ? AND year = ?",
        [plan.source.value, year],
    )
    fingerprint = _fingerprint(plan, year)
    exists = count(
        con, f"SELECT count(*) FROM information_schema.tables WHERE table_name = '{partials}'"
    )
    dependencies = [d.value for d in _dependencies(plan)]
    dependency_changed = bool(
        state
        and dependencies
        and count(
            con,
            f"SELECT count(*) FROM change_log WHERE seq > {int(state[0])} AND source IN "
            f"({', '.join(repr(d) for d in dependencies)})",
        )
    )
    if full or state is None or state[1] != fingerprint or not exists or dependency_changed:
        con.execute(f"CREATE OR REPLACE TABLE {partials} AS {stage1_select(plan, year)}")
        mode = Mode.FULL
    else:
        seen = int(state[0])
        changes = changes_table(table)
        pending = count(
            con,
            f"SELECT count(*) FROM change_log WHERE seq > {seen} AND source = '{plan.source.value}'",
        )
        if pending:
            rows = f"(SELECT * FROM {changes} WHERE _seq > {seen}) AS {table.name}"
            con.execute(
                f"INSERT INTO {partials} {stage1_select(plan, year, rows, signed=True)}"
            ).fetchall()
            mode = Mode.INCREMENTAL
        else:
            mode = Mode.UNCHANGED
    con.execute(
        f"INSERT OR REPLACE INTO {ENGINE_STATE_TABLE} VALUES (?, ?, ?, ?)",
        [plan.source.value, year, last_seq, fingerprint],
    )
    return mode


def _stage2(plan: SourcePlan, year: int) -> str:
    """Stage 2 over this year's partials table."""
    return stage2_select(plan, year).replace(
        f"FROM partials_{plan.source.value} AS g", f"FROM {partials_name(plan.source, year)} AS g"
    )


MANUAL_OWN = """
SELECT {year} AS year, m.unit_code, m.indicator, p.kind, p.label AS period,
       SUM(m.numerator) AS numerator, SUM(m.denominator) AS denominator
FROM manual_values AS m JOIN periods AS p ON (
    (m.period = p.label AND p.kind IN ('month', 'quarter', 'year'))
    OR (m.period LIKE '{year}-__' AND m.period NOT LIKE '%Q%'
        AND p.kind <> 'month' AND CAST(substr(m.period, 6, 2) AS INTEGER) - 1 >= p.start_m
        AND CAST(substr(m.period, 6, 2) AS INTEGER) - 1 < p.end_m)
    OR (m.period LIKE '{year}-Q_' AND p.kind IN ('ytd', 'year')
        AND 3 * CAST(substr(m.period, 7, 1) AS INTEGER) <= p.end_m)
)
WHERE m.unit_code IS NOT NULL AND m.period LIKE '{year}%'
GROUP BY m.unit_code, m.indicator, p.kind, p.label
"""
"""A manual value counts in its own period and every longer one containing it (a month in its
quarter, year to date and year; a quarter in the later year-to-date quarters and the year)."""


def compute(
    con: duckdb.DuckDBPyConnection,
    *,
    units: Sequence[OrgUnit],
    catalogue: Catalogue,
    year: int,
    full: bool = False,
    progress: Progress | None = None,
) -> ComputeReport:
    """Compute and store every indicator value of ``year``: own, subtree and tier, for every
    unit, indicator and period. All or nothing."""
    report = ComputeReport(year)
    plans = source_plans(catalogue)
    ensure_calendar(con, year - 1, year + 1)
    con.execute(ENGINE_STATE_DDL)
    con.execute(VALUES_DDL)
    con.execute("BEGIN TRANSACTION")
    try:
        _load_tree(con, units, year)
        last_seq = count(con, "SELECT coalesce(max(seq), 0) FROM change_log")
        own_parts = []
        for plan in plans:
            if progress:
                progress(f"Tổng hợp {plan.source.value}")
            report.modes[plan.source.value] = _refresh_partials(con, plan, year, last_seq, full)
            own_parts.append(
                f"SELECT *, '{plan.source.value}' AS source FROM ({_stage2(plan, year)})"
            )
        if any(i.is_manual for i in catalogue.indicators):
            own_parts.append(f"SELECT *, 'manual' AS source FROM ({MANUAL_OWN.format(year=year)})")
        if progress:
            progress("Cộng dồn theo cây đơn vị")
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _own AS SELECT year, unit_code, indicator, kind, "
            "period, numerator, denominator, source FROM ("
            + " UNION ALL ".join(own_parts)
            + ") WHERE unit_code IN (SELECT descendant FROM unit_closure)"
        )
        con.execute(f"DELETE FROM {VALUES_TABLE} WHERE year = {year}")
        con.execute(
            f"INSERT INTO {VALUES_TABLE} SELECT year, unit_code, indicator, kind, period, "
            "'own', numerator, denominator, source FROM _own"
        )
        con.execute(f"INSERT INTO {VALUES_TABLE} {ROLLUP.format(own='_own')}")
        report.values = count(con, f"SELECT count(*) FROM {VALUES_TABLE} WHERE year = {year}")
        _prune_changes(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.execute("DROP TABLE IF EXISTS _own")
    return report


def _prune_changes(con: duckdb.DuckDBPyConnection) -> None:
    """Forget changes every computed year of their source has taken in."""
    for source, table in TABLES.items():
        seen = first_row(
            con,
            f"SELECT min(last_seq) FROM {ENGINE_STATE_TABLE} WHERE source = ?",
            [source.value],
        )
        exists = count(
            con,
            "SELECT count(*) FROM information_schema.tables "
            f"WHERE table_name = '{changes_table(table)}'",
        )
        if exists and seen and seen[0] is not None:
            con.execute(f"DELETE FROM {changes_table(table)} WHERE _seq <= {int(seen[0])}")
