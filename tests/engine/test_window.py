"""Values for a window of whole days (``engine.window``): a whole quarter gives the stored
quarter exactly; an arbitrary window gives what a hand-written count over the stored facts gives;
the store is left as it was."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from chitieu.catalog import Catalogue
from chitieu.cli import app
from chitieu.domain import OrgUnit, PeriodKind
from chitieu.engine.values import IndicatorValue, Scope
from chitieu.engine.window import manual_periods, window_label, window_values
from chitieu.errors import ChitieuError

FACTS = "facts.duckdb"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo province with a year (2024) of 6,000 dossiers, computed."""
    from chitieu.app.home import read_facts_only

    folder = tmp_path_factory.mktemp("window-home")
    # Commands run earlier in the process (``main``) may have left the store read-only.
    read_facts_only(False)
    result = CliRunner().invoke(app, ["demo", "--home", str(folder), "--dossiers", "6000"])
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture(scope="module")
def units(home: Path) -> list[OrgUnit]:
    """The demo's unit tree."""
    from chitieu.app.home import require_units

    return require_units(home)


@pytest.fixture
def reader(home: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The facts store opened read-only, as the ad hoc report opens it."""
    connection = duckdb.connect(str(home / FACTS), read_only=True)
    try:
        yield connection
    finally:
        connection.close()


def _keyed(values: list[IndicatorValue]) -> dict[tuple[str, str, str, str], tuple[float, float]]:
    return {
        (v.unit_code, v.indicator, v.scope.value, v.source): (v.numerator, v.denominator)
        for v in values
    }


def _stored(
    connection: duckdb.DuckDBPyConnection, kind: str, period: str
) -> dict[tuple[str, str, str, str], tuple[float, float]]:
    rows = connection.execute(
        "SELECT unit_code, indicator, scope, source, numerator, denominator FROM indicator_values "
        "WHERE year = 2024 AND kind = ? AND period = ?",
        [kind, period],
    ).fetchall()
    return {(r[0], r[1], r[2], r[3]): (r[4], r[5]) for r in rows}


@pytest.mark.parametrize(
    ("start", "end", "kind", "period"),
    [
        (date(2024, 4, 1), date(2024, 6, 30), "quarter", "2024-Q2"),
        (date(2024, 10, 1), date(2024, 12, 31), "quarter", "2024-Q4"),
        (date(2024, 1, 1), date(2024, 9, 30), "ytd", "2024-Q3"),
        (date(2024, 2, 1), date(2024, 2, 29), "month", "2024-02"),
    ],
)
def test_a_whole_period_is_the_stored_period(
    reader: duckdb.DuckDBPyConnection,
    units: list[OrgUnit],
    catalogue: Catalogue,
    start: date,
    end: date,
    kind: str,
    period: str,
) -> None:
    """Every unit, indicator, scope and source: the window's counts are the stored ones (the
    dossier, procedure, publication, feedback and manual indicators alike)."""
    values = window_values(reader, units=units, catalogue=catalogue, start=start, end=end)
    stored = _stored(reader, kind, period)
    assert _keyed(values) == stored
    sources = {key[3] for key in stored}
    # A quarter or a year to date holds the demo's quarterly manual values; a month holds none.
    expected = {"dossiers", "procedures", "publications", "feedback"}
    assert expected <= sources
    assert ("manual" in sources) is (kind != "month")
    assert {v.kind for v in values} == {PeriodKind.RANGE}
    assert {v.period for v in values} == {window_label(start, end)}


def _count(
    connection: duckdb.DuckDBPyConnection, numerator: str, denominator: str, start: date, end: date
) -> dict[str, tuple[float, float]]:
    """Each unit's own numerator and denominator, counted directly over the dossiers."""
    rows = connection.execute(
        f"""
        WITH w AS (
            SELECT *, TIMESTAMP '{start} 00:00:00' AS s, TIMESTAMP '{end + timedelta(days=1)} 00:00:00' AS e
            FROM dossiers
        )
        SELECT unit_code,
               SUM(CASE WHEN {numerator} THEN 1 ELSE 0 END),
               SUM(CASE WHEN {denominator} THEN 1 ELSE 0 END)
        FROM w GROUP BY unit_code
        """
    ).fetchall()
    return {r[0]: (float(r[1]), float(r[2])) for r in rows if r[1] or r[2]}


RECEIVED = "status NOT IN (1, 3, 7) AND received_at >= s AND received_at < e"
FINISHED = "status IN (9, 10) AND finished_at >= s AND finished_at < e"
ENDED = "status IN (8, 9, 10) AND finished_at >= s AND finished_at < e"
OPEN = (
    "status NOT IN (1, 3, 7) AND received_at < e "
    "AND NOT (status IN (8, 9, 10) AND finished_at IS NOT NULL AND finished_at < e)"
)
BY_HAND = {
    "online_dossiers": (f"({RECEIVED}) AND channel = 'online'", RECEIVED),
    "e_results": (f"({FINISHED}) AND e_result", FINISHED),
    "on_time": (
        f"(({ENDED}) AND (due_at IS NULL OR CAST(finished_at AS DATE) <= CAST(due_at AS DATE))) "
        f"OR (({OPEN}) AND (due_at IS NULL OR CAST(due_at AS DATE) >= CAST(e AS DATE)))",
        f"({ENDED}) OR ({OPEN})",
    ),
}
"""INDICATORS.md's definitions, written out over the dossiers without the catalogue."""


@pytest.mark.parametrize(
    ("start", "end"),
    [(date(2024, 3, 17), date(2024, 5, 4)), (date(2024, 12, 15), date(2025, 1, 10))],
)
@pytest.mark.parametrize("indicator", sorted(BY_HAND))
def test_an_arbitrary_window_counts_what_the_definitions_say(
    reader: duckdb.DuckDBPyConnection,
    units: list[OrgUnit],
    catalogue: Catalogue,
    indicator: str,
    start: date,
    end: date,
) -> None:
    """Own values per unit against a direct count; the root's subtree value against the whole
    province's count (a window may span two years)."""
    values = window_values(reader, units=units, catalogue=catalogue, start=start, end=end)
    own = {
        v.unit_code: (v.numerator, v.denominator)
        for v in values
        if v.indicator == indicator and v.scope is Scope.OWN and v.denominator
    }
    numerator, denominator = BY_HAND[indicator]
    expected = _count(reader, numerator, denominator, start, end)
    assert own == {code: counts for code, counts in expected.items() if counts[1]}
    assert len(own) > 5
    root = next(u.code for u in units if u.parent_code is None)
    whole = next(
        v
        for v in values
        if v.indicator == indicator and v.scope is Scope.SUBTREE and v.unit_code == root
    )
    assert (whole.numerator, whole.denominator) == (
        sum(n for n, _ in expected.values()),
        sum(d for _, d in expected.values()),
    )
    assert {v.year for v in values} == {end.year}


def test_manual_values_count_when_their_whole_period_is_inside(
    reader: duckdb.DuckDBPyConnection, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    """20 March to 30 June holds the second quarter whole and the first only in part: the
    second quarter's manual values count, the first's not; 17 March to 4 May holds none."""
    values = window_values(
        reader, units=units, catalogue=catalogue, start=date(2024, 3, 20), end=date(2024, 6, 30)
    )
    manual = {
        (v.unit_code, v.indicator): (v.numerator, v.denominator)
        for v in values
        if v.source == "manual" and v.scope is Scope.OWN
    }
    rows = reader.execute(
        "SELECT unit_code, indicator, SUM(numerator), SUM(denominator) FROM manual_values "
        "WHERE period = '2024-Q2' GROUP BY unit_code, indicator"
    ).fetchall()
    assert manual == {(r[0], r[1]): (float(r[2]), float(r[3])) for r in rows}
    assert manual
    none = window_values(
        reader, units=units, catalogue=catalogue, start=date(2024, 3, 17), end=date(2024, 5, 4)
    )
    assert not [v for v in none if v.source == "manual"]
    assert manual_periods(date(2024, 3, 20), date(2024, 6, 30)) == [
        "2024-04",
        "2024-05",
        "2024-06",
        "2024-Q2",
    ]
    assert manual_periods(date(2024, 1, 1), date(2024, 12, 31))[-1] == "2024"


def _fingerprint(connection: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    """Every table of the store (temporary ones included) with its row count, and a checksum of
    the stored values."""
    tables = connection.execute(
        "SELECT database_name, schema_name, table_name, temporary FROM duckdb_tables() ORDER BY ALL"
    ).fetchall()
    counted = [
        (*t, connection.execute(f'SELECT count(*) FROM "{t[2]}"').fetchone()) for t in tables
    ]
    checksum = connection.execute(
        "SELECT count(*), sum(hash(year, unit_code, indicator, kind, period, scope, numerator, "
        "denominator, source)) FROM indicator_values"
    ).fetchone()
    return [*counted, ("checksum", checksum)]


def test_the_store_is_left_as_it_was(
    home: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    """On a connection that could write: no table added, changed or left behind (temporary
    ones included), the stored values the same; a read-only one computes the same values."""
    connection = duckdb.connect(str(home / FACTS))
    try:
        before = _fingerprint(connection)
        written = window_values(
            connection,
            units=units,
            catalogue=catalogue,
            start=date(2024, 3, 17),
            end=date(2024, 5, 4),
        )
        after = _fingerprint(connection)
    finally:
        connection.close()
    assert after == before
    assert not [t for t in after if t[0] == "temp"]
    with duckdb.connect(str(home / FACTS), read_only=True) as reading:
        read = window_values(
            reading, units=units, catalogue=catalogue, start=date(2024, 3, 17), end=date(2024, 5, 4)
        )
    assert read == written


def test_a_calendar_the_store_lacks_is_made_for_the_connection_only(
    tmp_path: Path, home: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    """A store whose calendar stops before the window's next year (published on time counts
    working days): a temporary calendar is made and dropped, the stored one untouched."""
    copy = tmp_path / FACTS
    copy.write_bytes((home / FACTS).read_bytes())
    with duckdb.connect(str(copy)) as connection:
        connection.execute("DELETE FROM calendar WHERE day >= DATE '2025-01-01'")
        kept = connection.execute("SELECT count(*), max(day) FROM calendar").fetchone()
        values = window_values(
            connection,
            units=units,
            catalogue=catalogue,
            start=date(2024, 1, 1),
            end=date(2024, 12, 31),
        )
        assert connection.execute("SELECT count(*), max(day) FROM calendar").fetchone() == kept
        stored = _stored(connection, "year", "2024")
    published = {k: v for k, v in _keyed(values).items() if k[1] == "published_on_time"}
    assert published == {k: v for k, v in stored.items() if k[1] == "published_on_time"}
    assert published


def test_a_window_ending_before_it_starts_is_refused(
    reader: duckdb.DuckDBPyConnection, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    """One Vietnamese sentence naming both days."""
    with pytest.raises(ChitieuError, match="05/04/2024 sau ngày kết thúc 04/04/2024"):
        window_values(
            reader, units=units, catalogue=catalogue, start=date(2024, 4, 5), end=date(2024, 4, 4)
        )
