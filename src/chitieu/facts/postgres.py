"""The facts store in PostgreSQL: the same tables as the DuckDB store, for a server
(``DATABASE_URL``) and for running the engine's shared test suite on PostgreSQL.

Rows are replaced by key exactly as ``DuckDBStore.replace_rows`` does, and kept as changes for
incremental compute once the engine has computed that kind of fact.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import duckdb
import pyarrow as pa
import sqlglot

from chitieu.domain import Source
from chitieu.errors import ChitieuError
from chitieu.facts.replace import ReplaceSql, Written, outcome
from chitieu.facts.schema import (
    CHANGE_LOG_DDL,
    CHANGE_TRACKING_DDL,
    CHANGE_TRACKING_TABLE,
    IMPORT_COUNTS,
    IMPORTS_DDL,
    TABLES,
    FactTable,
    keep_changes_sql,
)
from chitieu.facts.sql import transaction
from chitieu.facts.store import (
    ImportRecord,
    configured_memory_limit,
    import_record,
    new_record,
    record_row,
    track_earlier_store,
)

DATABASE_URL = "DATABASE_URL"
_SCHEMA = re.compile(r"^[a-z_][a-z0-9_]*$")


def database_url() -> str | None:
    """``$DATABASE_URL`` when it names a PostgreSQL database, else ``None``."""
    url = os.environ.get(DATABASE_URL, "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def postgres_ddl(ddl: str) -> str:
    """DDL written for DuckDB as PostgreSQL writes it (``DOUBLE`` → ``DOUBLE PRECISION``)."""
    return sqlglot.transpile(ddl, read="duckdb", write="postgres")[0]


def shown_url(url: str) -> str:
    """``url`` with its password hidden, for messages and logs.

    >>> shown_url("postgresql://chitieu:bí-mật@db:5432/tinh?sslmode=require")
    'postgresql://chitieu:***@db:5432/tinh?sslmode=require'
    """
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{host}"))


def connect(url: str) -> Any:
    """A psycopg connection in autocommit mode; ``ChitieuError`` when it cannot be opened."""
    try:
        import psycopg  # noqa: PLC0415 — optional dependency, loaded only for PostgreSQL
    except ImportError as error:  # pragma: no cover — part of the dev extra
        raise ChitieuError("Chưa cài psycopg: pip install 'psycopg[binary]'") from error
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=5)
    except psycopg.Error as error:
        raise ChitieuError(f"Không kết nối được PostgreSQL ({shown_url(url)}): {error}") from error


def table_exists(connection: Any, name: str) -> bool:
    """Whether a table (temporary ones included) of this name is on the search path."""
    found = connection.execute("SELECT to_regclass(%s) IS NOT NULL", [name]).fetchone()
    return bool(found and found[0])


def copy_rows(connection: Any, name: str, rows: pa.Table) -> None:
    """``COPY`` Arrow rows into the existing table ``name`` (columns by name)."""
    if rows.num_rows == 0:
        return
    columns = ", ".join(rows.column_names)
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {name} ({columns}) FROM STDIN") as copy,
    ):
        for row in zip(*(c.to_pylist() for c in rows.columns), strict=True):
            copy.write_row(row)


class PostgresFacts:
    """Fact tables in one schema of a PostgreSQL database."""

    def __init__(self, connection: Any, *, schema: str | None = None) -> None:
        self.connection = connection
        self.schema = schema
        if schema is not None:
            if not _SCHEMA.match(schema):
                raise ValueError(f"not a plain schema name: {schema!r}")
            connection.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
            connection.execute(f"SET search_path TO {schema}")
        self.ensure_schema()

    def ensure_schema(self) -> None:
        """Create the tables that are missing."""
        for table in TABLES.values():
            self.connection.execute(postgres_ddl(table.ddl()))
        self.connection.execute(postgres_ddl(IMPORTS_DDL))
        self.connection.execute(postgres_ddl(CHANGE_LOG_DDL))
        for column in IMPORT_COUNTS:
            self.connection.execute(f"ALTER TABLE imports ADD COLUMN IF NOT EXISTS {column} BIGINT")
        if not table_exists(self.connection, CHANGE_TRACKING_TABLE):
            found = self.connection.execute("SELECT count(*) FROM imports").fetchone()
            self.connection.execute(postgres_ddl(CHANGE_TRACKING_DDL))
            if found and found[0]:
                track_earlier_store(self.keep_changes)

    def keep_changes(self, source: Source) -> None:
        """Keep every later import of ``source`` as a change (for incremental compute)."""
        for statement in keep_changes_sql(source):
            self.connection.execute(postgres_ddl(statement))

    def drop(self) -> None:
        """Drop the schema and everything in it (tests)."""
        if self.schema is not None:
            self.connection.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All the writes inside commit together or not at all."""
        with transaction(self.connection):
            yield

    def _tracked(self, table: FactTable) -> bool:
        """Whether the store keeps this kind of fact's changes (its own flag)."""
        counted = self.connection.execute(
            f"SELECT count(*) FROM {CHANGE_TRACKING_TABLE} WHERE source = %s", [table.source.value]
        ).fetchone()
        return bool(counted and counted[0])

    def replace_rows(self, table: FactTable, rows: pa.Table) -> Written:
        """Replace by key the stored rows of ``table`` by ``rows`` (one row per key, the
        table's columns), as ``DuckDBStore.replace_rows`` does. Call inside ``transaction()``."""
        self._incoming(table)
        copy_rows(self.connection, "_incoming", rows.select(list(table.columns)))
        return self._replace(table)

    def replace_from_csv(self, table: FactTable, path: Path) -> Written:
        """``replace_rows`` from a CSV file of the table's columns in order (no header), streamed
        to the server in blocks: bounded memory whatever its size."""
        self._incoming(table)
        columns = ", ".join(table.columns)
        with (
            self.connection.cursor() as cursor,
            cursor.copy(f"COPY _incoming ({columns}) FROM STDIN (FORMAT csv)") as copy,
            path.open("rb") as handle,
        ):
            for block in iter(lambda: handle.read(1 << 20), b""):
                copy.write(block)
        return self._replace(table)

    def _incoming(self, table: FactTable) -> None:
        self.connection.execute("DROP TABLE IF EXISTS _incoming")
        self.connection.execute(f"CREATE TEMP TABLE _incoming (LIKE {table.name})")

    def _replace(self, table: FactTable) -> Written:
        """Replace by ``_incoming``, unchanged rows left alone; kept as a change (rows written
        +1, the versions they replace -1) when the store keeps this kind of fact's changes."""
        con = self.connection
        plan = ReplaceSql(table, "_incoming")
        # Planned on the rows as they are: a temporary table has no statistics until analysed.
        con.execute("ANALYZE _incoming")
        found = con.execute(plan.total()).fetchone()
        total = int(found[0]) if found else 0
        if self._tracked(table):
            con.execute(plan.create_changes())
            row = con.execute("SELECT coalesce(max(seq), 0) + 1 FROM change_log").fetchone()
            seq = int(row[0]) if row else 1
            if con.execute(plan.log_added(seq)).rowcount:
                con.execute("INSERT INTO change_log VALUES (%s, %s)", [seq, table.source.value])
                con.execute(plan.log_removed(seq))
        replaced = int(con.execute(plan.delete()).rowcount)
        inserted = int(con.execute(plan.insert()).rowcount)
        con.execute("DROP TABLE _incoming")
        return outcome(total, replaced, inserted)


class PostgresStore:
    """The facts store of a server: the facts in PostgreSQL, each file checked in DuckDB first.

    It answers to the same calls as ``DuckDBStore``, so the import pipeline is one: files are
    staged and validated by a private DuckDB (``connection``, in memory, its memory bounded; the
    staged rows in a scratch file, ``sources.ingest.scratch_database``), and only validated rows
    travel to PostgreSQL, as CSV through ``COPY``, in the one PostgreSQL transaction that also
    writes the import history. Two imports at the same moment may both take the next history
    number: one of them then fails whole (the history's primary key), as it should.
    """

    def __init__(
        self,
        url: str,
        *,
        scratch: Path,
        memory_limit: str | None = None,
        schema: str | None = None,
    ) -> None:
        self.server = PostgresFacts(connect(url), schema=schema)
        scratch.mkdir(parents=True, exist_ok=True)
        self.scratch = scratch
        self.connection = duckdb.connect()
        self.connection.execute(f"SET memory_limit = '{memory_limit or configured_memory_limit()}'")
        self.connection.execute(f"SET temp_directory = '{scratch}'")
        self.connection.execute("SET preserve_insertion_order = false")

    def close(self) -> None:
        """Close both connections."""
        self.connection.close()
        self.server.connection.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def rows(self, sql: str, parameters: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Rows of a query written in DuckDB's dialect, run on the server."""
        query = sqlglot.transpile(sql, read="duckdb", write="postgres")[0]
        return list(self.server.connection.execute(query, list(parameters)).fetchall())

    def has_table(self, name: str) -> bool:
        """Whether a table of this name is on the connection's search path."""
        return table_exists(self.server.connection, name)

    def find_import(self, source: Source, checksum: str) -> ImportRecord | None:
        """The earlier import of the same content for the same kind of fact, if any."""
        found = self.server.connection.execute(
            "SELECT * FROM imports WHERE source = %s AND checksum = %s ORDER BY id LIMIT 1",
            [source.value, checksum],
        ).fetchone()
        return import_record(found) if found else None

    def history(self) -> list[ImportRecord]:
        """Every import, oldest first."""
        found = self.server.connection.execute("SELECT * FROM imports ORDER BY id").fetchall()
        return [import_record(r) for r in found]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All the writes to the server inside commit together or not at all."""
        with self.server.transaction():
            yield

    def replace_rows(self, table: FactTable, staged: str) -> Written:
        """Replace stored rows by the staged ones (``staged``: a table or query of the DuckDB
        staging connection, one row per key), as ``DuckDBStore.replace_rows`` does. Call inside
        ``transaction()``."""
        columns = ", ".join(table.columns)
        with tempfile.TemporaryDirectory(dir=self.scratch) as folder:
            path = Path(folder) / "rows.csv"
            # DuckDB writes an empty text as "" and a missing value as nothing: PostgreSQL's CSV
            # reads them back as '' and NULL.
            self.connection.execute(
                f"COPY (SELECT {columns} FROM {staged}) TO '{path}' "
                "(FORMAT csv, HEADER false, TIMESTAMPFORMAT '%Y-%m-%d %H:%M:%S.%f')"
            )
            return self.server.replace_from_csv(table, path)

    def keep_changes(self, source: Source) -> None:
        """Keep every later import of ``source`` as a change (for incremental compute)."""
        self.server.keep_changes(source)

    def record_import(
        self,
        *,
        source: Source,
        file: str,
        checksum: str,
        actor: str,
        rows_read: int,
        written: Written,
    ) -> ImportRecord:
        """Add an entry to the import history. Call inside ``transaction()``."""
        con = self.server.connection
        found = con.execute("SELECT coalesce(max(id), 0) + 1 FROM imports").fetchone()
        next_id = int(found[0]) if found else 1
        record = new_record(next_id, source, file, checksum, actor, rows_read, written)
        con.execute(
            "INSERT INTO imports VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            record_row(record),
        )
        return record
