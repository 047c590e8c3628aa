"""The DuckDB facts store: replacing by key, all-or-nothing transactions, history, summary."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest

from chitieu.clock import TODAY_ENV
from chitieu.domain import Source
from chitieu.facts import TABLES, DuckDBStore, open_store
from chitieu.facts.calendar import ensure_calendar
from chitieu.facts.replace import Written
from chitieu.facts.store import FACTS_FILE, discard_store, store_exists
from chitieu.facts.summary import empty_summary, summarize


@pytest.fixture
def store(tmp_path: Path) -> Iterator[DuckDBStore]:
    """A fresh store."""
    with open_store(tmp_path) as opened:
        yield opened


def _portal(rows: list[dict[str, object]]) -> pa.Table:
    columns = TABLES[Source.DVCQG].columns
    return pa.Table.from_pylist(
        [{name: row.get(name) for name in columns} for row in rows],
        schema=pa.schema(
            [
                (
                    name,
                    pa.float64()
                    if name in {"numerator", "denominator", "ratio", "score", "max_score"}
                    else pa.string(),
                )
                for name in columns
            ]
        ),
    )


def _insert(store: DuckDBStore, source: Source, rows: pa.Table) -> Written:
    store.connection.register("_rows", rows)
    try:
        with store.transaction():
            return store.replace_rows(TABLES[source], "_rows")
    finally:
        store.connection.unregister("_rows")


def test_rows_are_replaced_by_key_even_when_part_of_it_is_empty(store: DuckDBStore) -> None:
    # Shape A portal units have no code: their key is the name, the code part NULL.
    first: dict[str, object] = {"portal_unit_code": None, "portal_unit_name": "Sở A"}
    first |= {"period": "2026-08", "group_code": "transparency", "sub_indicator": "x"}
    first |= {"numerator": 1.0}
    other = first | {"portal_unit_name": "Sở B", "numerator": 5.0}
    assert _insert(store, Source.DVCQG, _portal([first, other])) == Written(2, 0, 0)
    assert _insert(store, Source.DVCQG, _portal([first | {"numerator": 2.0}])) == Written(0, 1, 0)
    rows = store.connection.execute(
        "SELECT portal_unit_name, numerator FROM dvcqg_values ORDER BY 1"
    ).fetchall()
    assert rows == [("Sở A", 2.0), ("Sở B", 5.0)]


def test_a_failed_transaction_writes_nothing(store: DuckDBStore) -> None:
    row: dict[str, object] = {"portal_unit_code": "H1", "portal_unit_name": "Sở A"}
    row |= {"period": "2026-08"}
    row |= {"group_code": "g", "sub_indicator": "x"}
    store.connection.register("_rows", _portal([row]))

    def interrupted() -> None:
        with store.transaction():
            store.replace_rows(TABLES[Source.DVCQG], "_rows")
            store.record_import(
                source=Source.DVCQG,
                file="f",
                checksum="c",
                actor="a",
                rows_read=1,
                written=Written(1, 0, 0),
            )
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        interrupted()
    assert store.connection.execute("SELECT count(*) FROM dvcqg_values").fetchall() == [(0,)]
    assert store.history() == []


def test_history_and_finding_an_earlier_import(store: DuckDBStore) -> None:
    with store.transaction():
        first = store.record_import(
            source=Source.DOSSIERS,
            file="a.csv",
            checksum="aa",
            actor="x",
            rows_read=3,
            written=Written(1, 1, 1),
        )
        second = store.record_import(
            source=Source.MANUAL,
            file="b.csv",
            checksum="aa",
            actor="y",
            rows_read=1,
            written=Written(0, 0, 1),
        )
    assert (first.id, second.id) == (1, 2)
    assert (first.rows_new, first.rows_replaced, first.rows_unchanged) == (1, 1, 1)
    assert (first.rows_written, second.rows_written) == (2, 0)
    assert store.history() == [first, second]
    assert store.find_import(Source.DOSSIERS, "aa") == first
    assert store.find_import(Source.FEEDBACK, "aa") is None
    assert first.to_dict()["imported_at"] == first.imported_at.isoformat(timespec="seconds")


def test_summary_counts_per_unit_and_month(store: DuckDBStore) -> None:
    con = store.connection
    con.execute(
        "INSERT INTO dossiers (dossier_code, unit_code, received_at, status) VALUES "
        "('A', 'U1', '2024-01-31 23:59:59', 2), ('B', 'U1', '2024-02-01 00:00:00', 2), "
        "('C', 'U2', '2024-02-10 10:00:00', 2)"
    )
    con.execute(
        "INSERT INTO manual_values (indicator, unit_code, period, numerator, denominator) "
        "VALUES ('regulation_update', 'U1', '2024-Q1', 1, 2)"
    )
    con.execute("INSERT INTO procedures (procedure_code, unit_code) VALUES ('1.0', 'U2')")
    summary = summarize(store).to_dict()
    assert summary["tables"]["dossiers"] == {
        "rows": 3,
        "by_unit": {"U1": 2, "U2": 1},
        "by_month": {"2024-01": 1, "2024-02": 2},
    }
    assert summary["tables"]["manual_values"]["by_month"] == {"2024-Q1": 1}
    assert summary["tables"]["procedures"] == {"rows": 1, "by_unit": {"U2": 1}, "by_month": {}}
    assert summary["imports"] == []


def test_the_summary_of_no_store_is_that_of_an_empty_one(store: DuckDBStore) -> None:
    assert summarize(store) == empty_summary()


def test_a_temporary_calendar_leaves_the_store_untouched(store: DuckDBStore) -> None:
    ensure_calendar(store.connection, 2024, 2024, table="_days", temporary=True)
    persistent = store.connection.execute(
        "SELECT table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY 1"
    ).fetchall()
    assert ("_days",) not in persistent
    working = store.connection.execute(
        "SELECT count(*) FROM _days WHERE is_working AND day BETWEEN '2024-09-01' AND '2024-09-30'"
    ).fetchall()
    # September 2024: 21 weekdays, less the National Day holidays on Monday 2 and Tuesday 3.
    assert working == [(19,)]


def test_discarding_a_new_store(tmp_path: Path) -> None:
    open_store(tmp_path).close()
    assert store_exists(tmp_path)
    discard_store(tmp_path)
    assert not (tmp_path / FACTS_FILE).exists()
    assert list(tmp_path.iterdir()) == []


def test_import_time_is_the_clock_s(store: DuckDBStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TODAY_ENV, "2026-08-14T09:30")
    with store.transaction():
        record = store.record_import(
            source=Source.DOSSIERS, file="a", checksum="c", actor="x", rows_read=0,
            written=Written(0, 0, 0),
        )  # fmt: skip
    assert record.imported_at == dt.datetime.fromisoformat("2026-08-14T09:30")
    assert store.history()[0].imported_at == record.imported_at
