"""Where the engine's SQL runs: DuckDB, PostgreSQL or Spark, behind one small interface.

The engine writes its SQL once (generic, as ``sql.py`` builds it) and a backend renders it for its
engine with SQLGlot before running it. A backend that keeps data (DuckDB, PostgreSQL) is also the
*store*: the facts, the partial aggregates, the engine's state and the indicator values live there
and are written in its transactions. Spark is an *executor* only: the facts are registered in it as
views, it runs the same SQL a cluster would, and the engine writes what it returns to a store.
"""

from __future__ import annotations

import decimal
import os
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from chitieu.engine.engines import Engine
from chitieu.engine.sql import render
from chitieu.errors import ChitieuError
from chitieu.facts.postgres import (
    DATABASE_URL,
    PostgresStore,
    copy_rows,
    database_url,
    table_exists,
)
from chitieu.facts.sql import transaction
from chitieu.facts.store import FactsStore

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class BackendError(ChitieuError):
    """An engine that cannot be reached or used."""


def _checked(name: str) -> str:
    """A table name the engine made itself; refuse anything else (names are spliced into SQL)."""
    if not _NAME.match(name):
        raise ValueError(f"not a plain table name: {name!r}")
    return name


class Backend(ABC):
    """One engine able to run the engine's SQL."""

    engine: Engine
    keeps_data: bool = True
    """Whether this backend is a store (transactions, tables that outlive the connection)."""

    def sql(self, generic: str) -> str:
        """The generic SQL as this engine writes it."""
        return render(generic, self.engine)

    @abstractmethod
    def run(self, generic: str) -> None:
        """Run one statement, discarding any result."""

    @abstractmethod
    def rows(self, generic: str) -> list[tuple[Any, ...]]:
        """Run a query and return its rows."""

    @abstractmethod
    def arrow(self, generic: str) -> pa.Table:
        """Run a query and return its result as an Arrow table."""

    @abstractmethod
    def put(self, name: str, rows: pa.Table, *, temporary: bool = True) -> None:
        """Create (or replace) table ``name`` holding ``rows``."""

    def put_rows(
        self, name: str, columns: Sequence[tuple[str, str]], rows: Sequence[tuple[Any, ...]]
    ) -> None:
        """Create (or replace) temporary table ``name`` from Python rows; ``columns`` are names
        with SQL types (``VARCHAR``, ``INTEGER``, ``BOOLEAN``)."""
        self.put(
            name,
            pa.table(
                {
                    column: pa.array([r[i] for r in rows], _ARROW_TYPES[kind])
                    for i, (column, kind) in enumerate(columns)
                }
            ),
        )

    @abstractmethod
    def append(self, name: str, rows: pa.Table) -> None:
        """Insert ``rows`` into the existing table ``name`` (columns by name)."""

    @abstractmethod
    def exists(self, name: str) -> bool:
        """Whether a table or view of this name is visible."""

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything inside commits together or not at all (a no-op where nothing is kept)."""
        yield

    def value(self, generic: str) -> int:
        """The integer a one-value query returns (0 for ``NULL`` or no row)."""
        found = self.rows(generic)
        return int(found[0][0]) if found and found[0][0] is not None else 0


class DuckDBBackend(Backend):
    """A DuckDB connection: the default store and engine."""

    engine = Engine.DUCKDB

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self.connection = connection

    def sql(self, generic: str) -> str:
        """The generic SQL as it is: the engine writes it in DuckDB's dialect, so DuckDB (the
        default, and the one measured by ``make bench``) skips SQLGlot's parse and render."""
        return generic

    def run(self, generic: str) -> None:
        """Run one statement (the result is read whole so that the connection is free again)."""
        self.connection.execute(self.sql(generic)).fetchall()

    def rows(self, generic: str) -> list[tuple[Any, ...]]:
        """Rows of a query."""
        return [tuple(r) for r in self.connection.execute(self.sql(generic)).fetchall()]

    def arrow(self, generic: str) -> pa.Table:
        """A query's result in Arrow."""
        return self.connection.sql(self.sql(generic)).to_arrow_table()

    def put(self, name: str, rows: pa.Table, *, temporary: bool = True) -> None:
        """Create or replace a table from Arrow rows."""
        view = f"_rows_{_checked(name)}"
        self.connection.register(view, rows)
        try:
            kind = "TEMP TABLE" if temporary else "TABLE"
            self.connection.execute(f"CREATE OR REPLACE {kind} {name} AS SELECT * FROM {view}")
        finally:
            self.connection.unregister(view)

    def put_rows(
        self, name: str, columns: Sequence[tuple[str, str]], rows: Sequence[tuple[Any, ...]]
    ) -> None:
        """Small tables (the tree, the periods) as SQL literals: building Arrow arrays from Python
        objects imports pandas, a third of a second that an incremental compute cannot spare."""
        typed = ", ".join(f"{column} {kind}" for column, kind in columns)
        self.connection.execute(f"CREATE OR REPLACE TEMP TABLE {_checked(name)} ({typed})")
        for start in range(0, len(rows), _CHUNK):
            values = ", ".join(
                "(" + ", ".join(_literal(v) for v in row) + ")"
                for row in rows[start : start + _CHUNK]
            )
            self.connection.execute(f"INSERT INTO {name} VALUES {values}").fetchall()

    def append(self, name: str, rows: pa.Table) -> None:
        """Insert Arrow rows."""
        view = f"_rows_{_checked(name)}"
        self.connection.register(view, rows)
        try:
            columns = ", ".join(rows.column_names)
            self.connection.execute(
                f"INSERT INTO {name} ({columns}) SELECT {columns} FROM {view}"
            ).fetchall()
        finally:
            self.connection.unregister(view)

    def exists(self, name: str) -> bool:
        """Tables of the connection's catalogs, temporary ones included."""
        found = self.connection.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? "
            "UNION ALL SELECT count(*) FROM duckdb_views() WHERE view_name = ?",
            [name, name],
        ).fetchall()
        return sum(int(r[0]) for r in found) > 0

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A DuckDB transaction."""
        with transaction(self.connection):
            yield

    def to_parquet(self, generic: str, path: Path) -> None:
        """Write a query's result to a Parquet file, streaming (for a Spark executor)."""
        query = self.sql(generic)
        self.connection.execute(f"COPY ({query}) TO '{path}' (FORMAT parquet)").fetchall()


_CHUNK = 5000
_ARROW_TYPES = {"VARCHAR": pa.string(), "INTEGER": pa.int32(), "BOOLEAN": pa.bool_()}


def _literal(value: object) -> str:
    """A SQL literal of a string, integer, boolean or ``None``."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


_PG_TYPES: dict[str, str] = {
    "string": "VARCHAR",
    "large_string": "VARCHAR",
    "bool": "BOOLEAN",
    "int8": "SMALLINT",
    "int16": "SMALLINT",
    "int32": "INTEGER",
    "int64": "BIGINT",
    "double": "DOUBLE PRECISION",
    "float": "DOUBLE PRECISION",
    "date32[day]": "DATE",
    "timestamp[us]": "TIMESTAMP",
    "timestamp[ns]": "TIMESTAMP",
    "timestamp[ms]": "TIMESTAMP",
    "timestamp[s]": "TIMESTAMP",
    "null": "VARCHAR",
}


def _plain(value: object) -> object:
    """PostgreSQL's numerics come back as ``Decimal``: the engine's counts are integers."""
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class PostgresBackend(Backend):
    """A PostgreSQL connection (psycopg 3), optionally working in one schema."""

    engine = Engine.POSTGRES

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.connection.autocommit = True

    def run(self, generic: str) -> None:
        """Run one statement."""
        self.connection.execute(self.sql(generic))

    def rows(self, generic: str) -> list[tuple[Any, ...]]:
        """Rows of a query, numerics as Python numbers."""
        cursor = self.connection.execute(self.sql(generic))
        return [tuple(_plain(v) for v in row) for row in cursor.fetchall()]

    def arrow(self, generic: str) -> pa.Table:
        """A query's result in Arrow (the engine's results are small: aggregates)."""
        cursor = self.connection.execute(self.sql(generic))
        names = [c.name for c in cursor.description or ()]
        found = [tuple(_plain(v) for v in row) for row in cursor.fetchall()]
        columns = list(zip(*found, strict=True)) if found else [() for _ in names]
        return pa.table({n: pa.array(list(c)) for n, c in zip(names, columns, strict=True)})

    def put(self, name: str, rows: pa.Table, *, temporary: bool = True) -> None:
        """Create or replace a table, then copy the rows in."""
        columns = ", ".join(
            f"{f.name} {_PG_TYPES.get(str(f.type), 'VARCHAR')}" for f in rows.schema
        )
        self.connection.execute(f"DROP TABLE IF EXISTS {_checked(name)}")
        kind = "TEMP TABLE" if temporary else "TABLE"
        self.connection.execute(f"CREATE {kind} {name} ({columns})")
        self.append(name, rows)

    def append(self, name: str, rows: pa.Table) -> None:
        """``COPY`` the rows in."""
        copy_rows(self.connection, _checked(name), rows)

    def exists(self, name: str) -> bool:
        """Tables on the search path, temporary ones included."""
        return table_exists(self.connection, name)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A PostgreSQL transaction (DDL included: PostgreSQL's DDL is transactional)."""
        with transaction(self.connection):
            yield


SPARK_CONFIG: dict[str, str] = {
    # Facts are local wall-clock times (INDICATORS.md); read and compared as such, with no shift.
    "spark.sql.session.timeZone": "UTC",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.driver.memory": "1g",
}


def spark_session(master: str = "local[2]") -> SparkSession:
    """A Spark session for the engine (local mode unless a cluster's master is given)."""
    try:
        from pyspark.sql import SparkSession  # noqa: PLC0415 — optional and slow to import
    except ImportError as error:  # pragma: no cover — installed with the dev extra
        raise BackendError("Chưa cài pyspark: pip install pyspark") from error
    builder = SparkSession.builder.master(master).appName("chitieu")
    for key, value in SPARK_CONFIG.items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as error:  # Java missing or broken: Spark reports it as a generic error
        raise BackendError(f"Không khởi động được Spark: {error}") from error
    session.sparkContext.setLogLevel("ERROR")
    return session


class SparkBackend(Backend):
    """A Spark session: tables are temporary views; nothing is kept, nothing is transactional."""

    engine = Engine.SPARK
    keeps_data = False

    def __init__(self, session: SparkSession) -> None:
        self.session = session

    def run(self, generic: str) -> None:
        """Run one statement."""
        self.session.sql(self.sql(generic)).collect()

    def rows(self, generic: str) -> list[tuple[Any, ...]]:
        """Rows of a query."""
        return [tuple(r) for r in self.session.sql(self.sql(generic)).collect()]

    def arrow(self, generic: str) -> pa.Table:
        """A query's result in Arrow."""
        return self.session.sql(self.sql(generic)).toArrow()

    def put(self, name: str, rows: pa.Table, *, temporary: bool = True) -> None:
        """Register the rows as a temporary view."""
        del temporary  # a Spark session keeps nothing beyond itself
        self.session.createDataFrame(_spark_safe(rows)).createOrReplaceTempView(_checked(name))

    def put_parquet(self, name: str, path: Path) -> None:
        """Register Parquet files as a temporary view (how a cluster would read the facts)."""
        self.session.read.parquet(str(path)).createOrReplaceTempView(_checked(name))

    def append(self, name: str, rows: pa.Table) -> None:
        """Replace the view by its rows and these (views are immutable)."""
        current = self.session.table(_checked(name))
        added = self.session.createDataFrame(_spark_safe(rows)).select(*current.columns)
        current.unionByName(added).localCheckpoint().createOrReplaceTempView(name)

    def exists(self, name: str) -> bool:
        """A temporary view or table of the session."""
        return bool(self.session.catalog.tableExists(name))


def _spark_safe(rows: pa.Table) -> pa.Table:
    """Arrow's untyped nulls (a column that is empty in every row) become strings for Spark."""
    fields = [pa.field(f.name, pa.string()) if pa.types.is_null(f.type) else f for f in rows.schema]
    return rows.cast(pa.schema(fields))


SPARK_MASTER = "SPARK_MASTER"
"""The environment variable naming a Spark cluster's master (local mode when unset)."""


def backend_of(store: FactsStore) -> Backend:
    """The engine's backend over a facts store: PostgreSQL's or DuckDB's connection."""
    if isinstance(store, PostgresStore):
        return PostgresBackend(store.server.connection)
    return DuckDBBackend(store.connection)


@contextmanager
def executor_for(engine: Engine | None) -> Iterator[SparkBackend | None]:
    """The executor other than the store that ``engine`` asks for: a Spark session (stopped
    afterwards) for Spark, ``None`` when the store runs the SQL itself.

    PostgreSQL runs the SQL only where the facts are, so it needs ``DATABASE_URL``.
    """
    if engine is Engine.POSTGRES and database_url() is None:
        raise BackendError(
            f"--engine postgres cần biến môi trường {DATABASE_URL} "
            "(ví dụ postgresql://người_dùng@máy:5432/cơ_sở_dữ_liệu)"
        )
    if engine is not Engine.SPARK:
        yield None
        return
    session = spark_session(os.environ.get(SPARK_MASTER, "local[*]"))
    try:
        yield SparkBackend(session)
    finally:
        session.stop()
