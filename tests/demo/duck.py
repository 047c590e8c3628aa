"""The demo's files opened in DuckDB with plain SQL, independent of chitieu's readers."""

from __future__ import annotations

from pathlib import Path

import duckdb

from chitieu.demo import DemoSummary
from chitieu.domain import FACT_COLUMNS, ColumnType, Source

DUCK_TYPES = {
    ColumnType.TEXT: "VARCHAR",
    ColumnType.INTEGER: "INTEGER",
    ColumnType.DECIMAL: "BIGINT",
    ColumnType.BOOLEAN: "BOOLEAN",
    ColumnType.TIMESTAMP: "TIMESTAMP",
    ColumnType.DATE: "DATE",
}


def _csv(path: Path, source: Source) -> str:
    types = ", ".join(
        f"'{name}': '{DUCK_TYPES[kind]}'" for name, kind in FACT_COLUMNS[source].items()
    )
    return f"read_csv('{path}', header = true, columns = {{{types}}})"


def connect(summary: DemoSummary) -> duckdb.DuckDBPyConnection:
    """A connection with the views ``dossiers`` (Parquet), ``dossiers_csv``, ``procedures``,
    ``publications``, ``feedback``, ``manual`` and ``officials``."""
    con = duckdb.connect()
    con.execute(
        f"CREATE VIEW dossiers AS SELECT * FROM read_parquet('{summary.dossiers_parquet.path}')"
    )
    con.execute(
        f"CREATE VIEW dossiers_csv AS SELECT * FROM {_csv(summary.dossiers_csv.path, Source.DOSSIERS)}"
    )
    for name, source, file in (
        ("procedures", Source.PROCEDURES, summary.procedures.path),
        ("publications", Source.PUBLICATIONS, summary.publications.path),
        ("feedback", Source.FEEDBACK, summary.feedback.path),
        ("manual", Source.MANUAL, summary.manual.path),
    ):
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM {_csv(file, source)}")
    con.execute(
        f"CREATE VIEW officials AS SELECT * FROM read_csv('{summary.officials.path}', header = true, "
        "columns = {'code': 'VARCHAR', 'name': 'VARCHAR', 'level': 'VARCHAR', 'parent_code': 'VARCHAR'})"
    )
    return con


def scalar(con: duckdb.DuckDBPyConnection, sql: str) -> object:
    """The single value a query returns."""
    row = con.execute(sql).fetchone()
    assert row is not None
    return row[0]


def count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    """The single integer a query returns."""
    value = scalar(con, sql)
    assert isinstance(value, int)
    return value


def number(con: duckdb.DuckDBPyConnection, sql: str) -> float:
    """The single number a query returns."""
    value = scalar(con, sql)
    assert isinstance(value, int | float)
    return float(value)
