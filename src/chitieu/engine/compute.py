"""Computing a year's indicator values, fully or incrementally, on DuckDB, PostgreSQL or Spark.

Two stages (``sql.py``): stage 1 scans each source's facts once into partial aggregates per unit
and month buckets of its timestamps (``partials_<source>_<year>``, kept in the store); stage 2
turns the partials into each unit's own numerator and denominator for every period, and the
roll-up sums them up the tree as subtree and tier values. Everything a compute writes (partials,
engine state, values) is written in one transaction of the store: a compute that dies half-way
leaves the previous values as they were.

The *store* (DuckDB or PostgreSQL) holds the facts and everything the engine keeps. The
*executor* runs the SQL: the store itself by default, or a Spark session, to which the facts are
shipped as views and from which the (small) aggregates come back to be stored.

Incremental: once a source has partials, every later import keeps its batch as a change (new rows
+1, replaced versions -1, ``facts.store``). The next compute adds stage 1 over those changes only
to the partials — exact, since partial aggregates are sums — then reruns stage 2 and the roll-up
over the partials, which are small. A change of a table a source's definitions join (the
procedure catalogue for copy certification), of its definitions, or partials that are missing
make that source's stage 1 run in full. A store that keeps no change log is always computed in
full.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import duckdb
import pyarrow as pa

from chitieu.catalog import Catalogue
from chitieu.domain import OrgUnit, Source
from chitieu.domain.workdays import calendar
from chitieu.engine.backends import Backend, DuckDBBackend, SparkBackend
from chitieu.engine.periods import period_rows
from chitieu.engine.plan import SourcePlan, compile_source
from chitieu.engine.sql import (
    CLOSURE_TABLE,
    MANUAL_OWN,
    PERIODS_TABLE,
    ROLLUP,
    partials_name,
    stage1_select,
    stage2_select,
)
from chitieu.engine.tree import closure
from chitieu.engine.values import VALUES_DDL, VALUES_TABLE, Scope
from chitieu.facts.calendar import CALENDAR_TABLE, ensure_calendar
from chitieu.facts.schema import (
    ENGINE_STATE_DDL,
    ENGINE_STATE_TABLE,
    TABLES,
    changes_table,
    keep_changes_sql,
)

COMPUTED_SOURCES = tuple(source for source in Source if source.is_computed)
"""Sources whose indicators the engine computes from rows, in the order they are computed."""

CHANGE_LOG = "change_log"
OWN_TABLE = "_own"
CALENDAR_FIRST_YEAR = 2000
"""The working-day calendar counts from here (``facts.calendar``), whatever years are added."""

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
    return [
        source
        for source, table in TABLES.items()
        if source is not plan.source and any(table.name in j.sql for j in plan.joins)
    ]


def _reads_calendar(plan: SourcePlan) -> bool:
    return any(CALENDAR_TABLE in j.sql for j in plan.joins)


def _fingerprint(plan: SourcePlan, year: int) -> str:
    """What the partials were computed by: a changed definition changes it."""
    return hashlib.sha256(stage1_select(plan, year).encode()).hexdigest()[:32]


@dataclass
class _Run:
    """One compute: the store, the executor and a scratch folder for shipping facts."""

    store: Backend
    executor: Backend
    year: int
    scratch: Path | None = None

    @property
    def local(self) -> bool:
        """Whether the SQL runs inside the store (no shipping of facts)."""
        return self.executor is self.store

    def ship(self, name: str, query: str) -> None:
        """Make ``query``'s rows (from the store) a table ``name`` of the executor."""
        if isinstance(self.executor, SparkBackend) and isinstance(self.store, DuckDBBackend):
            # Facts can be large: streamed to Parquet, read by Spark as a cluster would.
            if self.scratch is None:
                self.scratch = Path(tempfile.mkdtemp(prefix="chitieu-spark-"))
            path = self.scratch / f"{name}.parquet"
            self.store.to_parquet(query, path)
            self.executor.put_parquet(name, path)
        else:
            self.executor.put(name, self.store.arrow(query))

    def close(self) -> None:
        """Remove the scratch folder."""
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)


def _tree_tables(backend: Backend, units: Sequence[OrgUnit], year: int) -> None:
    """The closure of the unit tree and the year's periods, as temporary tables."""
    backend.put_rows(
        CLOSURE_TABLE,
        [("ancestor", "VARCHAR"), ("descendant", "VARCHAR"), ("same_tier", "BOOLEAN")],
        [(r.ancestor, r.descendant, r.same_tier) for r in closure(units)],
    )
    backend.put_rows(
        PERIODS_TABLE,
        [("kind", "VARCHAR"), ("label", "VARCHAR"), ("start_m", "INTEGER"), ("end_m", "INTEGER")],
        [(p.kind, p.label, p.start_m, p.end_m) for p in period_rows(year)],
    )


def _calendar_rows(last_year: int) -> pa.Table:
    days = list(calendar(CALENDAR_FIRST_YEAR, last_year))
    return pa.table(
        {
            "day": pa.array([d.day for d in days], pa.date32()),
            "is_working": pa.array([d.is_working for d in days], pa.bool_()),
            "working_index": pa.array([d.working_index for d in days], pa.int32()),
        }
    )


def _ensure_calendar(backend: Backend, year: int) -> None:
    """The working-day calendar covering the year and its neighbours, where the SQL runs."""
    if isinstance(backend, DuckDBBackend):
        ensure_calendar(backend.connection, year - 1, year + 1)
        return
    if backend.exists(CALENDAR_TABLE):
        span = backend.rows(f"SELECT min(day), max(day) FROM {CALENDAR_TABLE}")
        first, last = span[0] if span else (None, None)
        if first is not None and first.year <= CALENDAR_FIRST_YEAR and last.year >= year + 1:
            return
    backend.put(CALENDAR_TABLE, _calendar_rows(year + 1), temporary=not backend.keeps_data)


def _state(store: Backend, plan: SourcePlan, year: int) -> tuple[int, str] | None:
    found = store.rows(
        f"SELECT last_seq, fingerprint FROM {ENGINE_STATE_TABLE} "
        f"WHERE source = '{plan.source.value}' AND year = {year}"
    )
    return (int(found[0][0]), str(found[0][1])) if found else None


def _last_change(store: Backend) -> int | None:
    """The latest change the store logged; ``None`` when it keeps no change log."""
    if not store.exists(CHANGE_LOG):
        return None
    return store.value(f"SELECT coalesce(max(seq), 0) FROM {CHANGE_LOG}")


def _pending(store: Backend, sources: Sequence[Source], since: int) -> int:
    """How many batches of these sources were logged after ``since``."""
    names = ", ".join(f"'{s.value}'" for s in sources)
    return store.value(
        f"SELECT count(*) FROM {CHANGE_LOG} WHERE seq > {since} AND source IN ({names})"
    )


def _facts(run: _Run, plan: SourcePlan) -> None:
    """Ship the tables stage 1 reads in full to a distinct executor."""
    if run.local:
        return
    for source in [plan.source, *_dependencies(plan)]:
        table = TABLES[source]
        run.ship(table.name, f"SELECT {', '.join(table.columns)} FROM {table.name}")
    if _reads_calendar(plan):
        _ensure_calendar(run.executor, run.year)


def _refresh_partials(run: _Run, plan: SourcePlan, last_seq: int | None, full: bool) -> Mode:
    """Bring one source's partials up to ``last_seq`` (the latest change); how it was done."""
    store, year = run.store, run.year
    partials = partials_name(plan.source, year)
    state = _state(store, plan, year)
    fingerprint = _fingerprint(plan, year)
    dependencies = _dependencies(plan)
    incremental = (
        not full
        and last_seq is not None
        and state is not None
        and state[1] == fingerprint
        and store.exists(partials)
        and not (dependencies and _pending(store, dependencies, state[0]))
    )
    if not incremental:
        _facts(run, plan)
        query = stage1_select(plan, year)
        store.run(f"DROP TABLE IF EXISTS {partials}")
        if run.local:
            store.run(f"CREATE TABLE {partials} AS {query}")
        else:
            store.put(partials, run.executor.arrow(query), temporary=False)
        mode = Mode.FULL
    elif state is not None and _pending(store, [plan.source], state[0]):
        table = TABLES[plan.source]
        changes = f"SELECT * FROM {changes_table(table)} WHERE _seq > {state[0]}"
        source_rows = f"({changes}) AS {table.name}"
        if not run.local:
            for dependency in dependencies:
                run.ship(TABLES[dependency].name, f"SELECT * FROM {TABLES[dependency].name}")
            if _reads_calendar(plan):
                _ensure_calendar(run.executor, year)
            run.ship(changes_table(table), changes)
            source_rows = f"{changes_table(table)} AS {table.name}"
        query = stage1_select(plan, year, source_rows, signed=True)
        if run.local:
            store.run(f"INSERT INTO {partials} {query}")
        else:
            store.append(partials, run.executor.arrow(query))
        mode = Mode.INCREMENTAL
    else:
        mode = Mode.UNCHANGED
    store.run(
        f"DELETE FROM {ENGINE_STATE_TABLE} WHERE source = '{plan.source.value}' AND year = {year}"
    )
    store.run(
        f"INSERT INTO {ENGINE_STATE_TABLE} VALUES "
        f"('{plan.source.value}', {year}, {last_seq or 0}, '{fingerprint}')"
    )
    return mode


def _own_query(run: _Run, plans: Sequence[SourcePlan], manual: bool) -> str:
    """Every unit's own values of the year, from the partials (and the manual values)."""
    parts = [
        f"SELECT s{i}.*, '{plan.source.value}' AS source FROM ({stage2_select(plan, run.year)}) "
        f"AS s{i}"
        for i, plan in enumerate(plans)
    ]
    if manual:
        parts.append(
            f"SELECT mv.*, 'manual' AS source FROM ({MANUAL_OWN.format(year=run.year)}) AS mv"
        )
    return (
        "SELECT o.year, o.unit_code, o.indicator, o.kind, o.period, o.numerator, o.denominator, "
        f"o.source FROM ({' UNION ALL '.join(parts)}) AS o "
        f"WHERE o.unit_code IN (SELECT descendant FROM {CLOSURE_TABLE})"
    )


def _store_values(
    run: _Run, plans: Sequence[SourcePlan], units: Sequence[OrgUnit], manual: bool
) -> None:
    """Stage 2 and the roll-up, written over the year's values in the store."""
    store, executor, year = run.store, run.executor, run.year
    _tree_tables(executor, units, year)
    if not run.local:
        for plan in plans:
            name = partials_name(plan.source, year)
            executor.put(name, store.arrow(f"SELECT * FROM {name}"))
        if manual:
            run.ship(TABLES[Source.MANUAL].name, f"SELECT * FROM {TABLES[Source.MANUAL].name}")
    own = _own_query(run, plans, manual)
    own_columns = "year, unit_code, indicator, kind, period, numerator, denominator, source"
    columns = "year, unit_code, indicator, kind, period, scope, numerator, denominator, source"
    store.run(f"DELETE FROM {VALUES_TABLE} WHERE year = {year}")
    own_values = (
        f"SELECT year, unit_code, indicator, kind, period, '{Scope.OWN}' AS scope, numerator, "
        f"denominator, source FROM {OWN_TABLE}"
    )
    if run.local:
        store.run(f"DROP TABLE IF EXISTS {OWN_TABLE}")
        store.run(f"CREATE TEMP TABLE {OWN_TABLE} AS SELECT {own_columns} FROM ({own}) AS x")
        store.run(f"INSERT INTO {VALUES_TABLE} ({columns}) {own_values}")
        store.run(f"INSERT INTO {VALUES_TABLE} ({columns}) {ROLLUP.format(own=OWN_TABLE)}")
        store.run(f"DROP TABLE {OWN_TABLE}")
        return
    executor.put(OWN_TABLE, executor.arrow(own))
    for query in (own_values, ROLLUP.format(own=OWN_TABLE)):
        rows = executor.arrow(query)
        store.append(VALUES_TABLE, rows.select(columns.split(", ")))


def _prune_changes(store: Backend) -> None:
    """Forget changes every computed year of their source has taken in."""
    for source, table in TABLES.items():
        name = changes_table(table)
        if not store.exists(name):
            continue
        seen = store.rows(
            f"SELECT min(last_seq) FROM {ENGINE_STATE_TABLE} WHERE source = '{source.value}'"
        )
        if seen and seen[0][0] is not None:
            store.run(f"DELETE FROM {name} WHERE _seq <= {int(seen[0][0])}")


def as_backend(store: Backend | duckdb.DuckDBPyConnection) -> Backend:
    """A backend for a DuckDB connection; a backend as it is."""
    return store if isinstance(store, Backend) else DuckDBBackend(store)


def compute(
    store: Backend | duckdb.DuckDBPyConnection,
    *,
    units: Sequence[OrgUnit],
    catalogue: Catalogue,
    year: int,
    full: bool = False,
    executor: Backend | None = None,
    progress: Progress | None = None,
) -> ComputeReport:
    """Compute and store every indicator value of ``year``: own, subtree and tier, for every
    unit, indicator and period. All or nothing.

    ``store`` holds the facts and receives the values (a DuckDB connection or a backend);
    ``executor`` runs the SQL when it is not the store (a ``SparkBackend``). ``full`` ignores the
    kept partial aggregates.
    """
    kept = as_backend(store)
    run = _Run(kept, executor or kept, year)
    report = ComputeReport(year)
    plans = source_plans(catalogue)
    manual = any(i.is_manual for i in catalogue.indicators)
    kept.run(ENGINE_STATE_DDL)
    kept.run(VALUES_DDL)
    for table in TABLES.values():
        kept.run(table.ddl())
    try:
        with kept.transaction():
            if any(_reads_calendar(p) for p in plans):
                _ensure_calendar(kept, year)
            last_seq = _last_change(kept)
            for plan in plans:
                if progress:
                    progress(plan.source.value)
                report.modes[plan.source.value] = _refresh_partials(run, plan, last_seq, full)
                # From now on the store keeps this source's imports as changes for the next
                # compute to add (the store's own flag: it never reads the engine's state).
                for statement in keep_changes_sql(plan.source):
                    kept.run(statement)
            if progress:
                progress("rollup")
            _store_values(run, plans, units, manual)
            report.values = kept.value(f"SELECT count(*) FROM {VALUES_TABLE} WHERE year = {year}")
            if last_seq is not None:
                _prune_changes(kept)
    finally:
        run.close()
    return report
