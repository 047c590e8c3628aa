"""The working-day calendar as a table of the store, for SQL that counts working days."""

from __future__ import annotations

import duckdb
import pyarrow as pa

from chitieu.domain.workdays import calendar
from chitieu.facts.sql import first_row

CALENDAR_TABLE = "calendar"


def ensure_calendar(
    con: duckdb.DuckDBPyConnection,
    first_year: int,
    last_year: int,
    *,
    table: str = CALENDAR_TABLE,
    temporary: bool = False,
) -> None:
    """Make the ``calendar`` table (day, is_working, working_index) cover these years.

    The index runs from 1 January 2000 so that it stays the same whatever years are added.
    ``temporary`` makes it a table of this connection only, which writes nothing to the store.
    """
    first_year = min(first_year, 2000)
    con.execute(
        f"CREATE {'TEMP ' if temporary else ''}TABLE IF NOT EXISTS {table} (day DATE PRIMARY KEY, is_working BOOLEAN, working_index INTEGER)"
    )
    row = first_row(con, f"SELECT min(day), max(day) FROM {table}")
    if row and row[0] is not None and row[0].year <= first_year and row[1].year >= last_year:
        return
    days = list(calendar(first_year, max(last_year, row[1].year if row and row[1] else last_year)))
    rows = pa.table(
        {
            "day": pa.array([d.day for d in days], pa.date32()),
            "is_working": pa.array([d.is_working for d in days]),
            "working_index": pa.array([d.working_index for d in days], pa.int32()),
        }
    )
    con.register("_calendar_rows", rows)
    con.execute(f"DELETE FROM {table}")
    con.execute(f"INSERT INTO {table} SELECT * FROM _calendar_rows")
    con.unregister("_calendar_rows")
