"""The SQL of both stages, written once and rendered for each engine with SQLGlot."""

from __future__ import annotations

from enum import StrEnum

import sqlglot

from chitieu.domain import FACT_COLUMNS, ColumnType
from chitieu.engine.plan import Count, SourcePlan

PARTIALS_PREFIX = "partials_"


class Dialect(StrEnum):
    """The engines, by SQLGlot dialect name."""

    DUCKDB = "duckdb"
    POSTGRES = "postgres"
    SPARK = "spark"


def render(sql: str, dialect: Dialect) -> str:
    """Generic SQL as the engine writes it."""
    return ";\n".join(
        s.sql(dialect=dialect.value, pretty=True) for s in sqlglot.parse(sql) if s is not None
    )


def partials_table(plan: SourcePlan) -> str:
    """The table keeping a source's partial aggregates."""
    return f"{PARTIALS_PREFIX}{plan.source.value}"


def _bucket(column: str, kind: ColumnType, year: int) -> str:
    literal = "DATE" if kind is ColumnType.DATE else "TIMESTAMP"
    suffix = "" if kind is ColumnType.DATE else " 00:00:00"
    start = f"CAST('{year}-01-01{suffix}' AS {literal})"
    end = f"CAST('{year + 1}-01-01{suffix}' AS {literal})"
    return (
        f"CASE WHEN {column} IS NULL THEN NULL WHEN {column} < {start} THEN -1 "
        f"WHEN {column} >= {end} THEN 12 ELSE CAST(EXTRACT(MONTH FROM {column}) AS INTEGER) - 1 END"
    )


def stage1_select(
    plan: SourcePlan, year: int, source_table: str | None = None, *, signed: bool = False
) -> str:
    """The scan: partial aggregates of the facts, per unit and bucket.

    ``signed`` reads a table of changes, whose rows count ``_sign`` (+1 a new row, -1 a
    replaced one) instead of 1.
    """
    kinds = FACT_COLUMNS[plan.source]
    buckets = [(f"b_{c}", _bucket(c, kinds[c], year)) for c in plan.buckets]
    one = "_sign" if signed else "1"
    measures = [
        f"SUM(CASE WHEN {sql} THEN {one} ELSE 0 END) AS {name}"
        if sql != "TRUE" or signed
        else f"COUNT(*) AS {name}"
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


def stage2_select(plan: SourcePlan, year: int) -> str:
    """Each unit's own numerator and denominator per indicator and period, from the partials."""
    parts = []
    for indicator in plan.indicators:
        parts.append(
            f"SELECT g.year AS year, g.unit_code AS unit_code, '{indicator.code}' AS indicator, "
            f"p.kind AS kind, p.label AS period, "
            f"SUM({_count(indicator.numerator)}) AS numerator, "
            f"SUM({_count(indicator.denominator)}) AS denominator "
            f"FROM {partials_table(plan)} AS g CROSS JOIN periods AS p WHERE g.year = {year} "
            f"GROUP BY g.year, g.unit_code, p.kind, p.label"
        )
    return " UNION ALL ".join(parts)


ROLLUP = """
SELECT o.year, c.ancestor AS unit_code, o.indicator, o.kind, o.period, 'subtree' AS scope,
       SUM(o.numerator) AS numerator, SUM(o.denominator) AS denominator, o.source
FROM {own} AS o JOIN unit_closure AS c ON c.descendant = o.unit_code
GROUP BY o.year, c.ancestor, o.indicator, o.kind, o.period, o.source
UNION ALL
SELECT o.year, c.ancestor AS unit_code, o.indicator, o.kind, o.period, 'tier' AS scope,
       SUM(o.numerator) AS numerator, SUM(o.denominator) AS denominator, o.source
FROM {own} AS o JOIN unit_closure AS c ON c.descendant = o.unit_code AND c.same_tier
GROUP BY o.year, c.ancestor, o.indicator, o.kind, o.period, o.source
"""
