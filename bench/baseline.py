"""The two implementations the engine is measured against, written as their authors would.

``duckdb_sql``: one hand-written DuckDB query — the dossiers joined with the year's 21 periods
(12 months, 4 quarters within themselves, 4 quarters year to date, the year), every dossier
indicator's numerator and denominator a conditional sum, grouped by unit and period.

``pandas_values``: what a vendor would write with pandas — per period, boolean masks over the
frame and a group-by sum per unit.

Both compute each unit's own values (no roll-up) for the dossier indicators of ``INDICATORS.md``
and return rows ``(unit_code, indicator, kind, period, numerator, denominator)``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import pandas as pd

DOSSIER_INDICATORS = (
    "online_payment",
    "online_dossiers",
    "digitized",
    "e_results",
    "e_certified_copies",
    "data_reuse",
    "synced_national",
    "satisfaction",
    "on_time",
)

Row = tuple[str, str, str, str, int, int]


def periods(year: int) -> list[tuple[str, str, dt.date, dt.date]]:
    """``(kind, label, start, end)`` of every period of a year, ``end`` exclusive."""

    def month_start(month: int) -> dt.date:
        return dt.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)

    rows = [("month", f"{year}-{m:02d}", month_start(m), month_start(m + 1)) for m in range(1, 13)]
    for q in range(1, 5):
        rows.append(("quarter", f"{year}-Q{q}", month_start(3 * q - 2), month_start(3 * q + 1)))
    for q in range(1, 5):
        rows.append(("ytd", f"{year}-Q{q}", month_start(1), month_start(3 * q + 1)))
    rows.append(("year", str(year), month_start(1), month_start(13)))
    return rows


# The predicates of INDICATORS.md, with P's bounds as columns of the joined period row.
_RECEIVED = "d.status NOT IN (1, 3, 7) AND d.received_at >= p.s AND d.received_at < p.e"
_FINISHED = "d.status IN (9, 10) AND d.finished_at >= p.s AND d.finished_at < p.e"
_ENDED = "d.status IN (8, 9, 10) AND d.finished_at >= p.s AND d.finished_at < p.e"
_OPEN = (
    "d.status NOT IN (1, 3, 7) AND d.received_at < p.e AND NOT (d.status IN (8, 9, 10) "
    "AND COALESCE(d.finished_at < p.e, FALSE))"
)
_COPY = "d.procedure_code IN (SELECT procedure_code FROM procedures WHERE is_copy_certification)"
_ON_TIME = "(d.due_at IS NULL OR CAST(d.finished_at AS DATE) <= CAST(d.due_at AS DATE))"
_NOT_OVERDUE = "(d.due_at IS NULL OR CAST(d.due_at AS DATE) >= CAST(p.e AS DATE))"

_MEASURES: dict[str, tuple[str, str]] = {
    "online_payment": (
        f"({_RECEIVED}) AND d.fee_amount > 0 AND d.paid_online",
        f"({_RECEIVED}) AND d.fee_amount > 0",
    ),
    "online_dossiers": (f"({_RECEIVED}) AND d.channel = 'online'", _RECEIVED),
    "digitized": (
        f"({_RECEIVED}) AND d.components_digitized AND (NOT (d.status IN (9, 10) "
        "AND d.finished_at < p.e) OR d.result_digitized)",
        _RECEIVED,
    ),
    "e_results": (f"({_FINISHED}) AND d.e_result", _FINISHED),
    "e_certified_copies": (
        f"({_FINISHED}) AND {_COPY} AND d.e_result",
        f"({_FINISHED}) AND {_COPY}",
    ),
    "data_reuse": (f"({_RECEIVED}) AND d.reused_data", _RECEIVED),
    "synced_national": (
        f"(({_RECEIVED}) OR ({_ENDED})) AND d.synced_national",
        f"({_RECEIVED}) OR ({_ENDED})",
    ),
    "satisfaction": (
        f"({_FINISHED}) AND d.rating IS NOT NULL AND d.rating >= 4",
        f"({_FINISHED}) AND d.rating IS NOT NULL",
    ),
    "on_time": (
        f"(({_ENDED}) AND {_ON_TIME}) OR (({_OPEN}) AND {_NOT_OVERDUE})",
        f"({_ENDED}) OR ({_OPEN})",
    ),
}


def duckdb_sql(year: int, table: str = "dossiers") -> str:
    """The hand-written query."""
    values = ", ".join(
        f"('{kind}', '{label}', TIMESTAMP '{start} 00:00:00', TIMESTAMP '{end} 00:00:00')"
        for kind, label, start, end in periods(year)
    )
    sums = []
    for code in DOSSIER_INDICATORS:
        numerator, denominator = _MEASURES[code]
        sums.append(f"SUM(CASE WHEN {numerator} THEN 1 ELSE 0 END) AS n_{code}")
        sums.append(f"SUM(CASE WHEN {denominator} THEN 1 ELSE 0 END) AS d_{code}")
    return (
        f"WITH p(kind, label, s, e) AS (VALUES {values}) "
        f"SELECT d.unit_code, p.kind, p.label, {', '.join(sums)} "
        f"FROM {table} d CROSS JOIN p GROUP BY d.unit_code, p.kind, p.label"
    )


def duckdb_values(con: duckdb.DuckDBPyConnection, year: int) -> list[Row]:
    """Run the hand-written query; rows with a zero denominator left out."""
    result: list[Row] = []
    for row in con.execute(duckdb_sql(year)).fetchall():
        unit, kind, label = row[0], row[1], row[2]
        for index, code in enumerate(DOSSIER_INDICATORS):
            numerator, denominator = row[3 + 2 * index], row[4 + 2 * index]
            if denominator:
                result.append((unit, code, kind, label, int(numerator), int(denominator)))
    return result


def pandas_values(frame: pd.DataFrame, copy_procedures: set[str], year: int) -> list[Row]:
    """The vendor's implementation over a frame of the dossiers table."""
    status = frame["status"]
    received_at, finished_at, due_at = frame["received_at"], frame["finished_at"], frame["due_at"]
    live = ~status.isin([1, 3, 7])
    done = status.isin([9, 10])
    closed = status.isin([8, 9, 10])
    paid = (frame["fee_amount"] > 0).to_numpy()
    online = (frame["channel"] == "online").to_numpy()
    copy = frame["procedure_code"].isin(copy_procedures).to_numpy()
    rated = frame["rating"].notna().to_numpy()
    good = (frame["rating"].fillna(0) >= 4).to_numpy()
    on_time = (due_at.isna() | (finished_at.dt.normalize() <= due_at.dt.normalize())).to_numpy()
    flags = {
        name: frame[name].fillna(False).astype(bool).to_numpy()
        for name in ("paid_online", "components_digitized", "result_digitized", "e_result")
    }
    flags |= {
        name: frame[name].fillna(False).astype(bool).to_numpy()
        for name in ("reused_data", "synced_national")
    }
    units = frame["unit_code"]
    result: list[Row] = []
    for kind, label, start, end in periods(year):
        s, e = pd.Timestamp(start), pd.Timestamp(end)
        received = (live & (received_at >= s) & (received_at < e)).to_numpy()
        finished = (done & (finished_at >= s) & (finished_at < e)).to_numpy()
        ended = (closed & (finished_at >= s) & (finished_at < e)).to_numpy()
        closed_before = (closed & (finished_at < e)).to_numpy()
        open_ = (live & (received_at < e)).to_numpy() & ~closed_before
        finished_before = (done & (finished_at < e)).to_numpy()
        not_overdue = (due_at.isna() | (due_at.dt.normalize() >= e)).to_numpy()
        measures: dict[str, tuple[Any, Any]] = {
            "online_payment": (received & paid & flags["paid_online"], received & paid),
            "online_dossiers": (received & online, received),
            "digitized": (
                received
                & flags["components_digitized"]
                & (~finished_before | flags["result_digitized"]),
                received,
            ),
            "e_results": (finished & flags["e_result"], finished),
            "e_certified_copies": (finished & copy & flags["e_result"], finished & copy),
            "data_reuse": (received & flags["reused_data"], received),
            "synced_national": ((received | ended) & flags["synced_national"], received | ended),
            "satisfaction": (finished & rated & good, finished & rated),
            "on_time": ((ended & on_time) | (open_ & not_overdue), ended | open_),
        }
        columns = {}
        for code, (numerator, denominator) in measures.items():
            columns[f"n_{code}"] = numerator
            columns[f"d_{code}"] = denominator
        sums = pd.DataFrame(columns).groupby(units.to_numpy()).sum()
        for unit, row in zip(sums.index, sums.itertuples(index=False), strict=True):
            values = row._asdict()
            for code in DOSSIER_INDICATORS:
                denominator = int(values[f"d_{code}"])
                if denominator:
                    result.append(
                        (str(unit), code, kind, label, int(values[f"n_{code}"]), denominator)
                    )
    return result
