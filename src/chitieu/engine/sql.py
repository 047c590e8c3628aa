"""The SQL of both stages, written once and rendered for each engine with SQLGlot."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import sqlglot

from chitieu.domain import FACT_COLUMNS, ColumnType, PeriodKind, Source
from chitieu.engine.engines import Engine
from chitieu.engine.plan import Count, SourcePlan
from chitieu.engine.values import Scope

PARTIALS_PREFIX = "partials_"
PERIODS_TABLE = "periods"
CLOSURE_TABLE = "unit_closure"


@lru_cache(maxsize=512)
def render(sql: str, engine: Engine) -> str:
    """Generic SQL as the engine writes it (cached: the same statements recur every compute).

    >>> render("SELECT CAST(x AS DOUBLE) AS y FROM t", Engine.POSTGRES)
    'SELECT\\n  CAST(x AS DOUBLE PRECISION) AS y\\nFROM t'
    """
    return ";\n".join(
        s.sql(dialect=engine.value, pretty=True) for s in sqlglot.parse(sql) if s is not None
    )


def partials_name(source: Source, year: int) -> str:
    """The table keeping a source's partial aggregates of a year."""
    return f"{PARTIALS_PREFIX}{source.value}_{year}"


def _bucket(
    column: str, kind: ColumnType, year: int, window: tuple[date, date] | None = None
) -> str:
    """The month of a timestamp within the year (0–11), -1 before it, 12 after, NULL if empty.

    With ``window`` (its first day and the day after its last, ``engine.window``): 0 inside the
    window, -1 before it, 1 from the day after it, NULL if empty; ``year`` is then unused.
    """
    literal = "DATE" if kind is ColumnType.DATE else "TIMESTAMP"
    suffix = "" if kind is ColumnType.DATE else " 00:00:00"
    if window is not None:
        first = f"CAST('{window[0].isoformat()}{suffix}' AS {literal})"
        after = f"CAST('{window[1].isoformat()}{suffix}' AS {literal})"
        return (
            f"CASE WHEN {column} IS NULL THEN NULL WHEN {column} < {first} THEN -1 "
            f"WHEN {column} >= {after} THEN 1 ELSE 0 END"
        )
    start = f"CAST('{year}-01-01{suffix}' AS {literal})"
    end = f"CAST('{year + 1}-01-01{suffix}' AS {literal})"
    return (
        f"CASE WHEN {column} IS NULL THEN NULL WHEN {column} < {start} THEN -1 "
        f"WHEN {column} >= {end} THEN 12 ELSE CAST(EXTRACT(MONTH FROM {column}) AS INTEGER) - 1 END"
    )


def stage1_select(
    plan: SourcePlan,
    year: int,
    source_table: str | None = None,
    *,
    signed: bool = False,
    window: tuple[date, date] | None = None,
) -> str:
    """The scan: partial aggregates of the facts, per unit and bucket.

    ``signed`` reads a table of changes, whose rows count ``_sign`` (+1 a new row, -1 a
    replaced one) instead of 1. ``window`` buckets timestamps around a window of whole days
    instead of by month (``_bucket``).
    """
    kinds = FACT_COLUMNS[plan.source]
    buckets = [(f"b_{c}", _bucket(c, kinds[c], year, window)) for c in plan.buckets]
    one = "_sign" if signed else "1"
    # Counts are BIGINT on every engine, so that partials of full and incremental scans match.
    measures = [
        f"CAST(SUM(CASE WHEN {sql} THEN {one} ELSE 0 END) AS BIGINT) AS {name}"
        if sql != "TRUE" or signed
        else f"CAST(COUNT(*) AS BIGINT) AS {name}"
        for name, sql in plan.measures.items()
    ]
    joins = " ".join(j.sql.format(alias=j.alias) for j in plan.joins)
    select = [
        f"{year} AS year",
        "unit_code",
        *(f"{expr} AS {name}" for name, expr in buckets),
        *measures,
    ]
    group = ["unit_code", *(expr for _, expr in buckets)]
    return (
        f"SELECT {', '.join(select)} FROM {source_table or plan.table} {joins} "
        f"GROUP BY {', '.join(group)}"
    )


def _count(count: Count) -> str:
    if not count.terms:
        return "0"
    return " + ".join(f"CASE WHEN {t.condition} THEN g.{t.measure} ELSE 0 END" for t in count.terms)


def stage2_select(
    plan: SourcePlan, year: int, partials: str | None = None, periods: str = PERIODS_TABLE
) -> str:
    """Each unit's own numerator and denominator per indicator and period, from the partials.

    One aggregation of the partials × periods computes every indicator's counts side by side;
    a join with the list of indicators then turns them into rows. ``partials`` and ``periods``
    name other tables than the year's (a window's, ``engine.window``).
    """
    sums = []
    for index, indicator in enumerate(plan.indicators):
        sums.append(f"SUM({_count(indicator.numerator)}) AS n{index}")
        sums.append(f"SUM({_count(indicator.denominator)}) AS d{index}")
    codes = " UNION ALL ".join(
        f"SELECT {index} AS i, '{indicator.code}' AS indicator"
        for index, indicator in enumerate(plan.indicators)
    )

    def pick(prefix: str) -> str:
        cases = " ".join(
            f"WHEN {index} THEN w.{prefix}{index}" for index in range(len(plan.indicators))
        )
        return f"CAST(CASE c.i {cases} END AS DOUBLE)"

    return (
        f"SELECT w.year AS year, w.unit_code AS unit_code, c.indicator AS indicator, "
        f"w.kind AS kind, w.period AS period, {pick('n')} AS numerator, "
        f"{pick('d')} AS denominator "
        f"FROM (SELECT g.year AS year, g.unit_code AS unit_code, p.kind AS kind, "
        f"p.label AS period, {', '.join(sums)} "
        f"FROM {partials or partials_name(plan.source, year)} AS g CROSS JOIN {periods} AS p "
        f"WHERE g.year = {year} GROUP BY g.year, g.unit_code, p.kind, p.label) AS w "
        f"CROSS JOIN ({codes}) AS c"
    )


MANUAL_OWN = f"""
SELECT {{year}} AS year, m.unit_code AS unit_code, m.indicator AS indicator, p.kind AS kind,
       p.label AS period, CAST(SUM(m.numerator) AS DOUBLE) AS numerator,
       CAST(SUM(m.denominator) AS DOUBLE) AS denominator
FROM manual_values AS m
JOIN (SELECT label, start_m, end_m FROM {PERIODS_TABLE}
      WHERE kind IN ('{PeriodKind.MONTH}', '{PeriodKind.QUARTER}', '{PeriodKind.YEAR}'))
  AS own ON own.label = m.period
JOIN {PERIODS_TABLE} AS p ON p.start_m <= own.start_m AND own.end_m <= p.end_m
WHERE m.unit_code IS NOT NULL
GROUP BY m.unit_code, m.indicator, p.kind, p.label
"""
"""A manual value counts in its own period and every longer one containing it (a month in its
quarter, year to date and year; a quarter in itself, the later year-to-date quarters and the
year). Its period is looked up among the year's own labels, so other years' values never match."""


ROLLUP = f"""
SELECT o.year AS year, c.ancestor AS unit_code, o.indicator AS indicator, o.kind AS kind,
       o.period AS period, '{Scope.SUBTREE}' AS scope, SUM(o.numerator) AS numerator,
       SUM(o.denominator) AS denominator, o.source AS source
FROM {{own}} AS o JOIN {CLOSURE_TABLE} AS c ON c.descendant = o.unit_code
GROUP BY o.year, c.ancestor, o.indicator, o.kind, o.period, o.source
UNION ALL
SELECT o.year AS year, c.ancestor AS unit_code, o.indicator AS indicator, o.kind AS kind,
       o.period AS period, '{Scope.TIER}' AS scope, SUM(o.numerator) AS numerator,
       SUM(o.denominator) AS denominator, o.source AS source
FROM {{own}} AS o JOIN {CLOSURE_TABLE} AS c ON c.descendant = o.unit_code AND c.same_tier
GROUP BY o.year, c.ancestor, o.indicator, o.kind, o.period, o.source
"""
"""Subtree and tier values: sums of the own values of the units below (``tree.closure``)."""
