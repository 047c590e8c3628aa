"""Small helpers for reading one row or one value from DuckDB, and for transactions.

DuckDB 2 keeps a result open until a fetch returns nothing: after ``fetchone()`` the connection
refuses ``register()`` and similar work. Reading the whole (one-row) result closes it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import duckdb


def first_row(
    con: duckdb.DuckDBPyConnection, sql: str, parameters: Sequence[object] | None = None
) -> tuple[Any, ...] | None:
    """The first row of a query, the result closed afterwards; ``None`` when there is none."""
    rows = con.execute(sql, parameters).fetchall() if parameters else con.execute(sql).fetchall()
    return tuple(rows[0]) if rows else None


def count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    """The integer a one-value query returns (0 for ``NULL`` or no row)."""
    row = first_row(con, sql)
    return int(row[0]) if row and row[0] is not None else 0


def literal(text: str) -> str:
    """``text`` as an SQL string literal (DuckDB and PostgreSQL alike: a quote doubled), for the
    few statements that take no parameters (``ATTACH``, ``COPY … TO``).

    >>> literal("/srv/nhà của Hà'/tmp")
    "'/srv/nhà của Hà''/tmp'"
    """
    if "\x00" in text:
        raise ValueError("an SQL literal cannot hold a NUL character")
    return "'" + text.replace("'", "''") + "'"


@contextmanager
def transaction(connection: Any) -> Iterator[None]:
    """``BEGIN`` … ``COMMIT`` on a DuckDB or psycopg connection (in autocommit mode), ``ROLLBACK``
    when the block raises anything (a kill, a Ctrl-C included): all or nothing."""
    connection.execute("BEGIN")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
