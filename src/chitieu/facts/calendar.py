"""The working-day calendar as a table of the store, for SQL that counts working days."""

from __future__ import annotations

import duckdb
import pyarrow as pa

from chitieu.domain.workdays import calendar

CALENDAR_TABLE = "calendar"


def ensure_calendar(con: duckdb.DuckDBPyConnection, first_year: int, last_year: int) -> None:
    """Make the ``calendar`` table (day, is_working, working_index) cover these years.

    The index runs from 1 January 2000 so that it stays the same whatever years are added.
    """
    first_year = min(first_year, 2000)
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {CALENDAR_TABLE} (day DATE PRIMARY KEY, is_working BOOLEAN, working_index INTEGER)"
    )
    row = con.execute(f"SELECT min(day), max(day) FROM {CALENDAR_TABLE}").fetchone()
    if row and row[0] is not None and row[0].year <= first_year and row[1].year >= last_year:
        return
    days = list(calendar(first_year, max(last_year, row[1].year if row and row[1] else last_year)))
    table = pa.table(
        {
            "day": pa.array([d.day for d in days], pa.date32()),
            "is_working": pa.array([d.is_working for d in days]),
            "working_index": pa.array([d.working_index for d in days], pa.int32()),
        }
    )
    con.register("_calendar_rows", table)
    con.execute(f"DELETE FROM {CALENDAR_TABLE}")
    con.execute(f"INSERT INTO {CALENDAR_TABLE} SELECT * FROM _calendar_rows")
    con.unregister("_calendar_rows")
