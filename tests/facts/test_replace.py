"""Replacing facts by key, on DuckDB and PostgreSQL alike: rows new, replaced and unchanged told
apart; unchanged rows neither rewritten nor logged as changes; the change log kept by the
store's own flag; stores made before the three counts still open."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from chitieu.domain import Source
from chitieu.errors import ChitieuError
from chitieu.facts import TABLES, open_store
from chitieu.facts.postgres import PostgresStore, connect
from chitieu.facts.replace import Written
from chitieu.facts.schema import ENGINE_STATE_DDL, ENGINE_STATE_TABLE, changes_table
from chitieu.facts.store import FACTS_FILE, FactsStore
from tests.engine.conftest import POSTGRES_URL, unavailable

DOSSIERS = TABLES[Source.DOSSIERS]


def _dossier(code: str, channel: str = "online", status: int = 2) -> dict[str, Any]:
    return {
        "dossier_code": code,
        "unit_code": "U1",
        "channel": channel,
        "received_at": dt.datetime.fromisoformat("2026-03-02T08:00"),
        "status": status,
    }


def _arrow(rows: list[dict[str, Any]]) -> pa.Table:
    types = {
        "received_at": pa.timestamp("us"),
        "due_at": pa.timestamp("us"),
        "finished_at": pa.timestamp("us"),
        "returned_at": pa.timestamp("us"),
        "status": pa.int32(),
        "rating": pa.int32(),
        "fee_amount": pa.float64(),
    }
    booleans = {name for name, kind in DOSSIERS.columns.items() if kind.value == "boolean"}
    schema = pa.schema(
        [
            (name, types.get(name, pa.bool_() if name in booleans else pa.string()))
            for name in DOSSIERS.columns
        ]
    )
    return pa.Table.from_pylist(
        [{name: row.get(name) for name in DOSSIERS.columns} for row in rows], schema=schema
    )


@pytest.fixture(params=["duckdb", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FactsStore]:
    """A fresh store of either kind (PostgreSQL in a schema of its own, dropped afterwards)."""
    if request.param == "duckdb":
        with open_store(tmp_path) as opened:
            yield opened
        return
    try:
        connect(POSTGRES_URL).close()
    except ChitieuError as error:
        unavailable(f"PostgreSQL không truy cập được tại {POSTGRES_URL}: {error.message}")
    schema = f"chitieu_test_{uuid.uuid4().hex[:12]}"
    server = PostgresStore(POSTGRES_URL, scratch=tmp_path / "tmp", schema=schema)
    try:
        yield server
    finally:
        server.server.drop()
        server.close()


def _replace(store: FactsStore, rows: list[dict[str, Any]]) -> Written:
    store.connection.register("_batch", _arrow(rows))
    try:
        with store.transaction():
            return store.replace_rows(DOSSIERS, "_batch")
    finally:
        store.connection.unregister("_batch")


def _stored(store: FactsStore) -> list[tuple[Any, ...]]:
    return store.rows("SELECT dossier_code, channel, status FROM dossiers ORDER BY 1")


def _changes(store: FactsStore) -> list[tuple[Any, ...]]:
    name = changes_table(DOSSIERS)
    if not store.has_table(name):
        return []
    return store.rows(f"SELECT _seq, _sign, dossier_code, channel FROM {name} ORDER BY 1, 2, 3")


def test_rows_are_told_new_replaced_or_unchanged(store: FactsStore) -> None:
    assert _replace(store, [_dossier("A"), _dossier("B")]) == Written(2, 0, 0)
    again = _replace(store, [_dossier("A"), _dossier("B", channel="counter"), _dossier("C")])
    assert again == Written(new=1, replaced=1, unchanged=1)
    assert again.written == 2
    assert _stored(store) == [("A", "online", 2), ("B", "counter", 2), ("C", "online", 2)]
    assert _replace(store, [_dossier("A"), _dossier("C")]) == Written(0, 0, 2)
    assert _stored(store) == [("A", "online", 2), ("B", "counter", 2), ("C", "online", 2)]


def test_a_missing_value_that_stays_missing_is_unchanged(store: FactsStore) -> None:
    # Most optional columns are empty: an empty value must equal itself, not differ from it.
    _replace(store, [_dossier("A")])
    assert _replace(store, [_dossier("A")]) == Written(0, 0, 1)
    assert _replace(store, [_dossier("A") | {"rating": 5}]) == Written(0, 1, 0)


def test_unchanged_rows_are_not_rewritten(tmp_path: Path) -> None:
    with open_store(tmp_path) as duck:
        _replace(duck, [_dossier("A"), _dossier("B")])
        before = dict(duck.rows("SELECT dossier_code, rowid FROM dossiers"))
        _replace(duck, [_dossier("A"), _dossier("B", status=4)])
        after = dict(duck.rows("SELECT dossier_code, rowid FROM dossiers"))
    # DuckDB gives a rewritten row a new rowid: A kept its own, B got a new one.
    assert after["A"] == before["A"]
    assert after["B"] != before["B"]


def test_changes_are_kept_once_the_store_is_told_to_and_only_real_ones(
    store: FactsStore,
) -> None:
    _replace(store, [_dossier("A"), _dossier("B")])
    assert _changes(store) == []
    store.keep_changes(Source.DOSSIERS)
    store.keep_changes(Source.DOSSIERS)  # twice changes nothing
    assert _replace(store, [_dossier("A"), _dossier("B")]) == Written(0, 0, 2)
    # A batch that changes nothing leaves nothing for the engine to add.
    assert store.rows("SELECT count(*) FROM change_log") == [(0,)]
    assert _changes(store) == []
    _replace(store, [_dossier("A"), _dossier("B", channel="counter"), _dossier("C")])
    assert store.rows("SELECT seq, source FROM change_log") == [(1, "dossiers")]
    assert _changes(store) == [
        (1, -1, "B", "online"),
        (1, 1, "B", "counter"),
        (1, 1, "C", "online"),
    ]


def test_the_store_does_not_read_the_engine_s_state(store: FactsStore) -> None:
    # Whatever the engine keeps, only the store's own flag makes it log changes.
    for statement in (
        ENGINE_STATE_DDL,
        f"INSERT INTO {ENGINE_STATE_TABLE} VALUES ('dossiers', 2026, 0, 'x')",
    ):
        if isinstance(store, PostgresStore):
            store.server.connection.execute(statement)
        else:
            store.connection.execute(statement)
    _replace(store, [_dossier("A")])
    _replace(store, [_dossier("A", status=4)])
    assert _changes(store) == []


def test_the_history_keeps_the_three_counts(store: FactsStore) -> None:
    written = _replace(store, [_dossier("A")])
    with store.transaction():
        record = store.record_import(
            source=Source.DOSSIERS,
            file="a.csv",
            checksum="c",
            actor="t",
            rows_read=3,
            written=Written(new=1, replaced=1, unchanged=1),
        )
    assert written == Written(1, 0, 0)
    assert store.history() == [record]
    assert (record.rows_new, record.rows_replaced, record.rows_unchanged) == (1, 1, 1)
    assert record.to_dict()["rows_unchanged"] == 1


OLD_IMPORTS = """
CREATE TABLE imports (
    id INTEGER PRIMARY KEY, source VARCHAR NOT NULL, file VARCHAR NOT NULL,
    checksum VARCHAR NOT NULL, actor VARCHAR NOT NULL, imported_at TIMESTAMP NOT NULL,
    rows_read BIGINT NOT NULL, rows_written BIGINT NOT NULL
)
"""


def test_a_store_made_before_the_counts_still_opens(tmp_path: Path) -> None:
    # A store as the previous release left it: no count columns, no flag of its own, an
    # engine that had computed dossiers.
    con = duckdb.connect(str(tmp_path / FACTS_FILE))
    con.execute(OLD_IMPORTS)
    con.execute(
        "INSERT INTO imports VALUES (1, 'dossiers', 'a.csv', 'c', 't', "
        "TIMESTAMP '2026-03-02 08:00:00', 2, 2)"
    )
    con.close()
    with open_store(tmp_path) as store:
        (earlier,) = store.history()
        assert (earlier.rows_written, earlier.rows_new, earlier.rows_unchanged) == (2, None, None)
        # It cannot know which sources the engine computed: it keeps every computed one's.
        _replace(store, [_dossier("A")])
        assert _changes(store) == [(1, 1, "A", "online")]
    with open_store(tmp_path) as reopened:
        assert len(reopened.history()) == 1


def test_a_new_store_keeps_no_changes_before_a_compute(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        _replace(store, [_dossier("A")])
    with open_store(tmp_path) as reopened:
        _replace(reopened, [_dossier("A", status=4)])
        assert _changes(reopened) == []
