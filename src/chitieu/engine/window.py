"""Indicator values for any window of whole days, computed on the fly, never stored.

An ad hoc report asks for a unit's figures from one day to another (17 March to 4 May), which no
stored value holds: stored values are of months, quarters and years. The window is computed by
the year's own plan (``plan.py``), with one change: each timestamp a definition compares with a
period's bound is bucketed around the window instead of by month — -1 before its first day, 0
inside, 1 from the day after its last day, NULL when empty (``sql._bucket``) — and the window is
the one period, ``start_m`` 0 and ``end_m`` 1. Every bound of the window is the first instant of
a day, as are the buckets' edges, so each rewritten comparison holds exactly when the original
does: ``x >= P.start`` is ``bucket >= 0``, ``x < P.end`` is ``bucket < 1``, and ``CAST(x AS
DATE)`` against ``P.start_date`` or ``P.end_date`` the same (a date is at or after a day's date
exactly when the timestamp is at or after that day's first instant). Joins that do not involve
the period (the procedure catalogue, the working-day calendar) are the year's.

Manual values are entered per month, quarter or year: a manual value counts in the window when
its whole period lies inside the window (1 April to 30 June takes the values of April, May, June
and of the second quarter; 17 March to 4 May takes April's only). A window equal to a quarter
thus counts what the stored quarter counts.

Nothing is written to the store: the partials, the period and the unit tree are temporary tables
of the connection (``window_…`` names, apart from the stored ``partials_<source>_<year>``; the
tree in the ``unit_closure`` the roll-up reads, a temporary table the year's compute also makes
afresh), dropped afterwards; a store opened read-only will do. The store runs the SQL (DuckDB or
PostgreSQL); Spark is not offered for a window.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta

import duckdb
import pyarrow as pa

from chitieu.catalog import Catalogue
from chitieu.domain import OrgUnit, PeriodKind, Source, periods_of_year
from chitieu.domain.workdays import calendar
from chitieu.engine.backends import Backend, DuckDBBackend, PostgresBackend
from chitieu.engine.compute import CALENDAR_FIRST_YEAR, as_backend, source_plans
from chitieu.engine.plan import SourcePlan
from chitieu.engine.sql import CLOSURE_TABLE, ROLLUP, stage1_select, stage2_select
from chitieu.engine.tree import closure
from chitieu.engine.values import IndicatorValue, Scope
from chitieu.errors import ChitieuError
from chitieu.facts.calendar import CALENDAR_TABLE
from chitieu.facts.schema import TABLES

WINDOW_PREFIX = "window_"
PERIODS = f"{WINDOW_PREFIX}periods"
OWN = f"{WINDOW_PREFIX}own"

_MANUAL_KINDS = (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR)


def window_label(start: date, end: date) -> str:
    """The window's period label: ``2024-03-15..2024-05-20`` (first and last day).

    >>> window_label(date(2024, 3, 17), date(2024, 5, 4))
    '2024-03-17..2024-05-04'
    """
    return f"{start.isoformat()}..{end.isoformat()}"


def manual_periods(start: date, end: date) -> list[str]:
    """The labels of the manual values' periods (months, quarters, years) lying wholly inside
    the window from ``start`` to ``end`` (both days included).

    >>> manual_periods(date(2024, 3, 17), date(2024, 5, 4))
    ['2024-04']
    >>> manual_periods(date(2024, 4, 1), date(2024, 6, 30))
    ['2024-04', '2024-05', '2024-06', '2024-Q2']
    """
    after = end + timedelta(days=1)
    labels: list[str] = []
    for year in range(start.year, end.year + 1):
        for period in periods_of_year(year):
            if period.kind in _MANUAL_KINDS and start <= period.start and period.end <= after:
                labels.append(period.label)
    return labels


def _partials(source: Source) -> str:
    return f"{WINDOW_PREFIX}partials_{source.value}"


def _reads(plan: SourcePlan) -> list[str]:
    """The stored tables a plan's stage 1 reads: its facts and the tables its joins name (as
    ``compute`` finds a plan's dependencies)."""
    return [
        plan.table,
        *(
            t.name
            for t in TABLES.values()
            if t.name != plan.table and any(t.name in j.sql for j in plan.joins)
        ),
    ]


def _temporary(backend: Backend, name: str) -> str:
    """A temporary table's qualified name, so that dropping it never reaches a stored one."""
    if isinstance(backend, PostgresBackend):
        return f"pg_temp.{name}"
    return f"temp.{name}"


def _calendar_covers(backend: Backend, last_year: int) -> bool:
    if not backend.exists(CALENDAR_TABLE):
        return False
    found = backend.rows(f"SELECT min(day), max(day) FROM {CALENDAR_TABLE}")
    first, last = found[0] if found else (None, None)
    return first is not None and first.year <= CALENDAR_FIRST_YEAR and last.year >= last_year


def _calendar(backend: Backend, last_year: int, made: list[str]) -> None:
    """The working-day calendar through ``last_year``: the stored one when it covers it (as the
    year's compute left it), else a temporary one of the connection."""
    if _calendar_covers(backend, last_year):
        return
    days = list(calendar(CALENDAR_FIRST_YEAR, last_year))
    backend.run(
        f"CREATE TEMP TABLE {CALENDAR_TABLE} (day DATE, is_working BOOLEAN, working_index INTEGER)"
    )
    made.append(CALENDAR_TABLE)
    backend.append(
        CALENDAR_TABLE,
        pa.table(
            {
                "day": pa.array([d.day for d in days], pa.date32()),
                "is_working": pa.array([d.is_working for d in days], pa.bool_()),
                "working_index": pa.array([d.working_index for d in days], pa.int32()),
            }
        ),
    )


@contextmanager
def _scratch(backend: Backend) -> Iterator[list[str]]:
    """The names of the temporary tables made meanwhile, dropped afterwards."""
    made: list[str] = []
    try:
        yield made
    finally:
        for name in reversed(made):
            backend.run(f"DROP TABLE IF EXISTS {_temporary(backend, name)}")


def _manual_own(year: int, label: str, periods: Sequence[str]) -> str:
    names = ", ".join(f"'{p}'" for p in periods)
    return (
        f"SELECT {year} AS year, m.unit_code AS unit_code, m.indicator AS indicator, "
        f"'{PeriodKind.RANGE}' AS kind, '{label}' AS period, "
        "CAST(SUM(m.numerator) AS DOUBLE) AS numerator, "
        "CAST(SUM(m.denominator) AS DOUBLE) AS denominator "
        f"FROM {TABLES[Source.MANUAL].name} AS m "
        f"WHERE m.unit_code IS NOT NULL AND m.period IN ({names}) "
        "GROUP BY m.unit_code, m.indicator"
    )


def window_values(
    store: Backend | duckdb.DuckDBPyConnection,
    *,
    units: Sequence[OrgUnit],
    catalogue: Catalogue,
    start: date,
    end: date,
) -> list[IndicatorValue]:
    """Every unit's own, subtree and tier value of every indicator for the window from
    ``start`` to ``end`` (both days included, local time), by the catalogue's definitions.

    The values have kind ``range``, period ``window_label(start, end)`` and the year ``end``
    falls in; a window may span two years. The store is read, never written.
    """
    if end < start:
        raise ChitieuError(
            f"khoảng thời gian không hợp lệ: ngày bắt đầu {start:%d/%m/%Y} sau ngày kết thúc "
            f"{end:%d/%m/%Y}"
        )
    backend = as_backend(store)
    if not isinstance(backend, DuckDBBackend | PostgresBackend):
        raise ChitieuError(
            "chỉ tính được số liệu theo khoảng thời gian trên DuckDB hoặc PostgreSQL"
        )
    year, label = end.year, window_label(start, end)
    bounds = (start, end + timedelta(days=1))
    plans = [p for p in source_plans(catalogue) if all(backend.exists(t) for t in _reads(p))]
    manual = any(i.is_manual for i in catalogue.indicators) and backend.exists(
        TABLES[Source.MANUAL].name
    )
    with _scratch(backend) as made:
        if any(CALENDAR_TABLE in j.sql for p in plans for j in p.joins):
            _calendar(backend, end.year + 1, made)
        parts = []
        for index, plan in enumerate(plans):
            partials = _partials(plan.source)
            made.append(partials)
            backend.run(
                f"CREATE TEMP TABLE {partials} AS {stage1_select(plan, year, window=bounds)}"
            )
            own = stage2_select(plan, year, partials=partials, periods=PERIODS)
            parts.append(
                f"SELECT s{index}.*, '{plan.source.value}' AS source FROM ({own}) AS s{index}"
            )
        periods = manual_periods(start, end)
        if manual and periods:
            parts.append(
                f"SELECT mv.*, 'manual' AS source FROM ({_manual_own(year, label, periods)}) AS mv"
            )
        if not parts:
            return []
        made.append(PERIODS)
        backend.put_rows(
            PERIODS,
            [
                ("kind", "VARCHAR"),
                ("label", "VARCHAR"),
                ("start_m", "INTEGER"),
                ("end_m", "INTEGER"),
            ],
            [(PeriodKind.RANGE.value, label, 0, 1)],
        )
        made.append(CLOSURE_TABLE)
        backend.put_rows(
            CLOSURE_TABLE,
            [("ancestor", "VARCHAR"), ("descendant", "VARCHAR"), ("same_tier", "BOOLEAN")],
            [(r.ancestor, r.descendant, r.same_tier) for r in closure(units)],
        )
        made.append(OWN)
        backend.run(
            f"CREATE TEMP TABLE {OWN} AS SELECT o.year, o.unit_code, o.indicator, o.kind, "
            "o.period, o.numerator, o.denominator, o.source "
            f"FROM ({' UNION ALL '.join(parts)}) AS o "
            f"WHERE o.unit_code IN (SELECT descendant FROM {CLOSURE_TABLE})"
        )
        rows = backend.rows(
            f"SELECT year, unit_code, indicator, kind, period, '{Scope.OWN}' AS scope, numerator, "
            f"denominator, source FROM {OWN} UNION ALL {ROLLUP.format(own=OWN)}"
        )
    scopes = {s.value: s for s in Scope}
    return sorted(
        (
            IndicatorValue(
                int(r[0]),
                r[1],
                r[2],
                PeriodKind.RANGE,
                r[4],
                scopes[r[5]],
                float(r[6]),
                float(r[7]),
                r[8],
            )
            for r in rows
        ),
        key=lambda v: (v.unit_code, v.indicator, v.scope, v.source),
    )
