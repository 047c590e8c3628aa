"""Which year a compute takes, and the values export: engine functions the command line calls."""

from __future__ import annotations

import json
from collections.abc import Iterator

import duckdb
import pytest

from chitieu.domain import Basis, Source
from chitieu.engine.backends import DuckDBBackend
from chitieu.engine.export import (
    COLUMNS,
    ExportedValue,
    ExportFormat,
    NoValuesError,
    export_values,
    exported_values,
    values_csv,
)
from chitieu.engine.values import VALUES_DDL, VALUES_TABLE, Scope
from chitieu.engine.years import NoFactsError, checked_year, latest_year, year_to_compute
from chitieu.errors import ChitieuError
from chitieu.facts.schema import TABLES


@pytest.fixture
def store() -> Iterator[DuckDBBackend]:
    """An empty in-memory store with every fact table."""
    connection = duckdb.connect()
    for table in TABLES.values():
        connection.execute(table.ddl())
    yield DuckDBBackend(connection)
    connection.close()


def _insert(store: DuckDBBackend, source: Source, **row: object) -> None:
    table = TABLES[source]
    names = ", ".join(row)
    store.connection.execute(
        f"INSERT INTO {table.name} ({names}) VALUES ({', '.join('?' for _ in row)})",
        list(row.values()),
    )


def test_an_empty_store_asks_for_data_first(store: DuckDBBackend) -> None:
    for year in (None, 2024):
        with pytest.raises(NoFactsError) as refused:
            year_to_compute(store, year)
        assert "chitieu ingest dossiers" in refused.value.message


def test_a_store_without_tables_has_no_facts() -> None:
    with pytest.raises(NoFactsError):
        year_to_compute(DuckDBBackend(duckdb.connect()), 2024)


def test_the_latest_year_of_any_dated_fact(store: DuckDBBackend) -> None:
    _insert(store, Source.DOSSIERS, dossier_code="D1", unit_code="T", received_at="2023-05-01")
    assert year_to_compute(store, None) == 2023
    # Feedback received later than every dossier moves the year on; so does a manual value.
    _insert(store, Source.FEEDBACK, feedback_code="F1", unit_code="T", received_at="2024-02-01")
    assert latest_year(store) == 2024
    _insert(store, Source.MANUAL, indicator="regulation_update", unit_code="T", period="2025-Q1")
    assert year_to_compute(store, None) == 2025
    # A year asked for wins over the facts'.
    assert year_to_compute(store, 2022) == 2022


def test_publications_count_by_their_publication_date(store: DuckDBBackend) -> None:
    # The legal basis takes effect in the future; the publication itself is what is dated.
    _insert(
        store,
        Source.PUBLICATIONS,
        procedure_code="1.000001",
        unit_code="T",
        legal_basis_effective_on="2031-01-01",
        published_on="2026-03-04",
    )
    assert latest_year(store) == 2026


def test_undated_facts_need_a_year(store: DuckDBBackend) -> None:
    _insert(store, Source.PROCEDURES, procedure_code="1.000001", unit_code="T")
    assert latest_year(store) is None
    with pytest.raises(ChitieuError, match="--year"):
        year_to_compute(store, None)
    assert year_to_compute(store, 2024) == 2024


@pytest.mark.parametrize("year", [1999, 2101])
def test_years_out_of_range_are_refused(year: int) -> None:
    with pytest.raises(ChitieuError, match=str(year)):
        checked_year(year)


def _values(store: DuckDBBackend) -> None:
    store.run(VALUES_DDL)
    rows = [
        ("T", "online_dossiers", "ytd", "2024-Q1", "subtree", 2, 3),
        ("T", "online_dossiers", "quarter", "2024-Q1", "subtree", 1, 2),
        ("T", "online_dossiers", "ytd", "2024-Q1", "tier", 0, 0),
        ("=X", "on_time", "ytd", "2024-Q2", "subtree", 1, 4),
        ("T", "online_dossiers", "ytd", "2023-Q1", "subtree", 9, 9),
    ]
    for unit, indicator, kind, period, scope, n, d in rows:
        store.connection.execute(
            f"INSERT INTO {VALUES_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'dossiers')",
            [int(period[:4]), unit, indicator, kind, period, scope, n, d],
        )


def test_exported_values_of_one_basis_and_scope(store: DuckDBBackend) -> None:
    _values(store)
    ytd = exported_values(store, 2024, Basis.YTD, Scope.SUBTREE)
    assert [(v.unit_code, v.period, v.numerator, v.denominator) for v in ytd] == [
        ("=X", "2024-Q2", 1.0, 4.0),
        ("T", "2024-Q1", 2.0, 3.0),
    ]
    within = exported_values(store, 2024, Basis.QUARTER, Scope.SUBTREE)
    assert [(v.numerator, v.denominator) for v in within] == [(1.0, 2.0)]
    tier = exported_values(store, 2024, Basis.YTD, Scope.TIER)
    assert [v.value for v in tier] == [None]


def test_csv_is_safe_to_open_and_json_keeps_empty_values(store: DuckDBBackend) -> None:
    _values(store)
    written = export_values(
        store, year=2024, basis=Basis.YTD, scope=Scope.SUBTREE, format=ExportFormat.CSV
    )
    assert written.count == 2
    assert written.text.splitlines() == [
        ",".join(COLUMNS),
        "'=X,on_time,2024-Q2,1,4,25",
        "T,online_dossiers,2024-Q1,2,3,66.6667",
    ]
    as_json = export_values(
        store, year=2024, basis=Basis.YTD, scope=Scope.TIER, format=ExportFormat.JSON
    )
    assert json.loads(as_json.text) == [
        {
            "unit_code": "T",
            "indicator": "online_dossiers",
            "period": "2024-Q1",
            "numerator": 0,
            "denominator": 0,
            "value": None,
        }
    ]


def test_every_text_cell_of_the_csv_is_guarded() -> None:
    text = values_csv([ExportedValue("\tT", "@on_time", "-2024-Q1", 1, 2)])
    assert text.splitlines()[1] == "'\tT,'@on_time,'-2024-Q1,1,2,50"


def test_export_before_any_compute(store: DuckDBBackend) -> None:
    with pytest.raises(NoValuesError, match="chitieu compute"):
        exported_values(store, 2024, Basis.YTD, Scope.SUBTREE)
