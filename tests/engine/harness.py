"""One interface over the three engines for the shared suite: facts go in through the real
import, the engine computes, the stored values come out.

- ``duckdb``: the home's store is the engine (the default).
- ``spark``: the facts stay in a DuckDB store; Spark (local mode) runs the SQL; the values are
  stored back in DuckDB.
- ``postgres``: the facts are imported (to type and convert them exactly as the import does) and
  then loaded into a PostgreSQL schema of their own, which the engine computes in.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from chitieu.catalog import Catalogue
from chitieu.domain import OrgUnit, Source
from chitieu.engine import Engine
from chitieu.engine.backends import Backend, DuckDBBackend, PostgresBackend
from chitieu.engine.compute import ComputeReport, compute
from chitieu.engine.values import VALUES_TABLE
from chitieu.facts.postgres import PostgresFacts, connect
from chitieu.facts.schema import TABLES
from chitieu.facts.store import DuckDBStore
from chitieu.sources.ingest import ingest

YEAR = 2024
NOW = dt.datetime(2025, 6, 1)
ENGINES = [pytest.param(e, marks=pytest.mark.spark) if e is Engine.SPARK else e for e in Engine]
"""Every engine as a test parameter; Spark's carry the ``spark`` marker (``-m "not spark"``)."""

Key = tuple[str, str, str, str, str]
"""(unit_code, indicator, kind, period, scope)"""


def read_values(backend: Backend, year: int = YEAR) -> dict[Key, tuple[float, float]]:
    """Every stored value of the year, keyed, with its numerator and denominator."""
    rows = backend.rows(
        "SELECT unit_code, indicator, kind, period, scope, numerator, denominator "
        f"FROM {VALUES_TABLE} WHERE year = {year}"
    )
    return {(r[0], r[1], r[2], r[3], r[4]): (float(r[5]), float(r[6])) for r in rows}


class Harness:
    """Facts in, values out, on one engine."""

    def __init__(
        self,
        engine: Engine,
        folder: Path,
        units: Sequence[OrgUnit],
        catalogue: Catalogue,
        *,
        executor: Backend | None = None,
        postgres_url: str | None = None,
    ) -> None:
        self.engine = engine
        self.folder = folder
        self.units = list(units)
        self.catalogue = catalogue
        self.executor = executor
        self.store = DuckDBStore(folder / "facts.duckdb")
        self.files = 0
        self.postgres: PostgresFacts | None = None
        self.backend: Backend = DuckDBBackend(self.store.connection)
        if engine is Engine.POSTGRES:
            assert postgres_url is not None
            schema = f"chitieu_test_{uuid.uuid4().hex[:12]}"
            self.postgres = PostgresFacts(connect(postgres_url), schema=schema)
            self.backend = PostgresBackend(self.postgres.connection)

    def ingest(self, source: Source, text: str) -> None:
        """Import a CSV text through the real import (and on to PostgreSQL when it computes)."""
        self.files += 1
        path = self.folder / f"{source.value}-{self.files}.csv"
        path.write_text(text.strip() + "\n", encoding="utf-8")
        if self.postgres is None:
            ingest(self.store, source, [path], units=self.units, catalogue=self.catalogue,
                   actor="test", now=NOW)  # fmt: skip
            return
        # The batch alone, typed by the import, then replaced by key in PostgreSQL.
        scratch = self.folder / f"batch-{self.files}"
        with DuckDBStore(scratch / "facts.duckdb") as batch:
            ingest(batch, source, [path], units=self.units, catalogue=self.catalogue,
                   actor="test", now=NOW)  # fmt: skip
            table = TABLES[source]
            rows = batch.connection.sql(
                f"SELECT {', '.join(table.columns)} FROM {table.name}"
            ).to_arrow_table()
        with self.postgres.transaction():
            self.postgres.replace_rows(table, rows)

    def upsert(self, source: Source, rows: Sequence[dict[str, Any]]) -> None:
        """Replace rows by key as an import does (kept as a change once computed), bypassing the
        reading and checking of files."""
        table = TABLES[source]
        data = _arrow(source, rows)
        if self.postgres is not None:
            with self.postgres.transaction():
                self.postgres.replace_rows(table, data)
            return
        self.store.connection.register("_upsert", data)
        try:
            with self.store.transaction():
                self.store.replace_rows(table, "_upsert")
        finally:
            self.store.connection.unregister("_upsert")

    def replace_all(self, source: Source, rows: Sequence[dict[str, Any]]) -> None:
        """Make a table hold exactly these rows (typed Python values), bypassing the import."""
        table = TABLES[source]
        columns = list(table.columns)
        data = _arrow(source, rows)
        if self.postgres is not None:
            self.postgres.connection.execute(f"DELETE FROM {table.name}")
            with self.postgres.transaction():
                self.postgres.replace_rows(table, data)
            return
        con = self.store.connection
        con.execute(f"DELETE FROM {table.name}")
        con.register("_rows", data)
        con.execute(f"INSERT INTO {table.name} ({', '.join(columns)}) SELECT * FROM _rows")
        con.unregister("_rows")

    def compute(
        self, units: Sequence[OrgUnit] | None = None, *, full: bool = False
    ) -> ComputeReport:
        """The engine's compute of the year."""
        return compute(
            self.backend,
            units=units if units is not None else self.units,
            catalogue=self.catalogue,
            year=YEAR,
            full=full,
            executor=self.executor,
        )

    def values(self) -> dict[Key, tuple[float, float]]:
        """The stored values of the year."""
        return read_values(self.backend)

    def reopen(self) -> None:
        """Open the DuckDB store again (after another process used it)."""
        self.store = DuckDBStore(self.folder / "facts.duckdb")
        if self.postgres is None:
            self.backend = DuckDBBackend(self.store.connection)

    def close(self) -> None:
        """Drop the PostgreSQL schema, close the store."""
        if self.postgres is not None:
            self.postgres.drop()
            self.postgres.connection.close()
        self.store.close()


def _arrow(source: Source, rows: Sequence[dict[str, Any]]) -> pa.Table:
    columns = TABLES[source].columns
    return pa.table(
        {c: pa.array([r.get(c) for r in rows], _ARROW[kind.value]) for c, kind in columns.items()}
    )


_ARROW: dict[str, pa.DataType] = {
    "text": pa.string(),
    "integer": pa.int32(),
    "decimal": pa.float64(),
    "boolean": pa.bool_(),
    "timestamp": pa.timestamp("us"),
    "date": pa.date32(),
}
