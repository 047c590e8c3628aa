"""The ad hoc report in server mode: with ``DATABASE_URL`` naming PostgreSQL, the window's values
computed there are exactly those computed on DuckDB from the same data (a window equal to a
quarter, an odd window, one spanning two years), and the command writes the document.

Skipped when the test server (``CHITIEU_TEST_POSTGRES``, by default 127.0.0.1:5432, database
``test``) does not answer, except under ``CI=true``, where it fails.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import docx
import duckdb
import pytest
from typer.testing import CliRunner

from chitieu.cli import app
from chitieu.domain import OrgUnit
from chitieu.engine.values import IndicatorValue
from chitieu.engine.window import WINDOW_PREFIX, window_values
from chitieu.errors import ChitieuError
from chitieu.facts.postgres import connect
from chitieu.facts.store import FACTS_FILE
from tests.cli.conftest import Run, run
from tests.engine.conftest import POSTGRES_URL, unavailable

__all__ = ["run"]

DOSSIERS = "3000"
WINDOWS = (
    (date(2024, 4, 1), date(2024, 6, 30)),  # the second quarter: manual values count too
    (date(2024, 3, 17), date(2024, 5, 4)),  # across a quarter's end and the 30 April bridge
    (date(2023, 12, 20), date(2024, 1, 10)),  # across a year's end
)

Keyed = dict[tuple[str, str, str, str], tuple[float, float, int, str]]


def _demo(home: Path) -> None:
    from chitieu.app.home import read_facts_only

    # Commands run earlier in the process may have left the store read-only.
    read_facts_only(False)
    result = CliRunner().invoke(app, ["demo", "--home", str(home), "--dossiers", DOSSIERS])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A fresh schema of the test server (its URL), dropped afterwards."""
    try:
        admin = connect(POSTGRES_URL)
    except ChitieuError as error:
        unavailable(f"PostgreSQL không truy cập được tại {POSTGRES_URL}: {error.message}")
    schema = f"chitieu_{uuid.uuid4().hex[:12]}"
    admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")
        admin.close()


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo province in a home of its own (DuckDB)."""
    home = tmp_path_factory.mktemp("adhoc-embedded")
    _demo(home)
    return home


@pytest.fixture(scope="module")
def served(server: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same demo province (same seed, same size) with everything on the server."""
    home = tmp_path_factory.mktemp("adhoc-server")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", server)
        _demo(home)
    assert not (home / FACTS_FILE).exists()
    return home


@pytest.fixture
def on_server(server: str, served: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The server home, with ``DATABASE_URL`` set for the test."""
    monkeypatch.setenv("DATABASE_URL", server)
    return served


def _keyed(values: list[IndicatorValue]) -> Keyed:
    return {
        (v.unit_code, v.indicator, v.scope.value, v.source): (
            v.numerator,
            v.denominator,
            v.year,
            v.period,
        )
        for v in values
    }


def _units(home: Path) -> list[OrgUnit]:
    from chitieu.app.home import require_units

    return require_units(home)


@pytest.mark.slow  # two demo homes (one on the server) and six windows: about 40 s
def test_window_values_on_postgres_are_those_on_duckdb(embedded: Path, on_server: Path) -> None:
    from chitieu.app.home import catalogue, facts_of
    from chitieu.engine.backends import backend_of

    units = _units(on_server)
    assert units == _units(embedded)
    for start, end in WINDOWS:
        with duckdb.connect(str(embedded / FACTS_FILE), read_only=True) as connection:
            expected = _keyed(
                window_values(connection, units=units, catalogue=catalogue(), start=start, end=end)
            )
        with facts_of(on_server, read_only=True) as store:
            got = _keyed(
                window_values(
                    backend_of(store), units=units, catalogue=catalogue(), start=start, end=end
                )
            )
        assert len(expected) > 1000, (start, end)
        assert got == expected, (start, end)


@pytest.mark.slow  # the server home (shared with the test above)
def test_the_quarter_window_counts_manual_values_on_postgres(on_server: Path) -> None:
    from chitieu.app.home import catalogue, facts_of
    from chitieu.engine.backends import backend_of

    start, end = WINDOWS[0]
    with facts_of(on_server, read_only=True) as store:
        values = window_values(
            backend_of(store), units=_units(on_server), catalogue=catalogue(), start=start, end=end
        )
    assert {v.source for v in values} >= {"dossiers", "manual"}


@pytest.mark.slow  # the server home (shared with the tests above)
def test_the_adhoc_command_writes_the_document_on_postgres(
    run: Run, on_server: Path, server: str, tmp_path: Path
) -> None:
    out = tmp_path / "dot-xuat.docx"
    done = run(
        "report", "adhoc", "--unit", "70", "--from", "17/03/2024", "--to", "04/05/2024",
        "-o", out, "--home", on_server,
    )  # fmt: skip
    assert done.code == 0, done.err
    assert f"Đã ghi {out}" in done.out
    document = docx.Document(io.BytesIO(out.read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "từ ngày 17/03/2024 đến ngày 04/05/2024" in text
    assert any(t.rows[0].cells[1].text == "Nhiệm vụ, chỉ số" for t in document.tables)
    with connect(server) as connection:
        left = connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name LIKE %s",
            [f"{WINDOW_PREFIX}%"],
        ).fetchone()
    assert left == (0,)
