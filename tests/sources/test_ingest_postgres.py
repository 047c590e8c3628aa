"""Server mode: with ``DATABASE_URL`` naming PostgreSQL, the same commands import, summarise,
compute and export there — and give exactly what the embedded DuckDB home gives."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chitieu.demo import DemoSummary
from chitieu.domain import OrgUnit
from chitieu.errors import ChitieuError
from chitieu.facts.postgres import connect
from chitieu.facts.store import FACTS_FILE
from chitieu.units import write_units_csv
from tests.cli.conftest import Run
from tests.engine.conftest import POSTGRES_URL, unavailable
from tests.sources.corpus import GOOD, write_dossiers


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """``DATABASE_URL`` pointing at a fresh schema of the test server, dropped afterwards."""
    try:
        admin = connect(POSTGRES_URL)
    except ChitieuError as error:
        unavailable(f"PostgreSQL không truy cập được tại {POSTGRES_URL}: {error.message}")
    schema = f"chitieu_{uuid.uuid4().hex[:12]}"
    admin.execute(f"CREATE SCHEMA {schema}")
    url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    monkeypatch.setenv("DATABASE_URL", url)
    try:
        yield url
    finally:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")
        admin.close()


def _json(run: Run, *args: object) -> Any:
    result = run(*args)
    assert result.code == 0, result.err
    return json.loads(result.out)


def _tables(run: Run, home: Path) -> dict[str, Any]:
    summary = _json(run, "facts", "summary", "--format", "json", "--home", home)
    tables: dict[str, Any] = summary["tables"]
    return tables


def _load(run: Run, home: Path, units: list[OrgUnit], demo: DemoSummary) -> None:
    listing = home.parent / f"{home.name}-units.csv"
    write_units_csv(units, listing)
    assert run("units", "load", listing, "--home", home).code == 0
    for command, file in (
        ("procedures", demo.procedures),
        ("publications", demo.publications),
        ("feedback", demo.feedback),
        ("manual", demo.manual),
        ("dossiers", demo.dossiers_parquet),
    ):
        result = run("ingest", command, file.path, "--home", home)
        assert result.code == 0, result.err


@pytest.mark.slow  # two homes imported, computed and exported: about 4 s
def test_server_mode_imports_computes_and_exports_as_the_embedded_home_does(
    run: Run,
    server: str,
    units: list[OrgUnit],
    demo: DemoSummary,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DATABASE_URL")
    embedded = tmp_path / "embedded"
    _load(run, embedded, units, demo)
    assert run("compute", "--home", embedded).code == 0
    embedded_tables = _tables(run, embedded)
    embedded_values = run("values", "export", "--year", "2024", "--home", embedded).out

    monkeypatch.setenv("DATABASE_URL", server)
    home = tmp_path / "server"
    _load(run, home, units, demo)
    # The facts went to the server: the home holds no facts file.
    assert not (home / FACTS_FILE).exists()
    assert _tables(run, home) == embedded_tables
    computed = run("compute", "--engine", "postgres", "--home", home)
    assert computed.code == 0, computed.err
    exported = run("values", "export", "--year", "2024", "--home", home)
    assert exported.code == 0, exported.err
    assert len(exported.out.splitlines()) > 100
    assert exported.out == embedded_values
    with connect(server) as connection:
        stored = connection.execute(
            "SELECT (SELECT count(*) FROM dossiers), (SELECT count(*) FROM imports)"
        ).fetchone()
    assert stored == (demo.dossiers_parquet.rows, 5)


def test_server_mode_refuses_a_bad_file_whole_and_repeats_change_nothing(
    run: Run, server: str, units: list[OrgUnit], tmp_path: Path
) -> None:
    del server
    home = tmp_path / "home"
    listing = tmp_path / "units.csv"
    write_units_csv(units, listing)
    assert run("units", "load", listing, "--home", home).code == 0
    good = write_dossiers(tmp_path / "good.csv", GOOD)
    assert run("ingest", "dossiers", good, "--home", home).code == 0
    before = _json(run, "facts", "summary", "--format", "json", "--home", home)
    assert before["tables"]["dossiers"]["rows"] == 3

    bad = write_dossiers(
        tmp_path / "bad.csv", [GOOD[0], [*GOOD[1][:2], "70.KHONG", "fax", *GOOD[1][4:]]]
    )
    refused = run("ingest", "dossiers", bad, "--home", home)
    assert refused.code == 2
    assert "Traceback" not in refused.err
    assert "bad.csv, dòng 3, cột 3 (unit_code)" in " ".join(refused.err.split())
    assert _json(run, "facts", "summary", "--format", "json", "--home", home) == before

    again = run("ingest", "dossiers", good, "--force", "--home", home)
    assert again.code == 0, again.err
    after = _json(run, "facts", "summary", "--format", "json", "--home", home)
    assert after["tables"] == before["tables"]
    counts = [(i["rows_new"], i["rows_replaced"], i["rows_unchanged"]) for i in after["imports"]]
    assert counts == [(3, 0, 0), (0, 0, 3)]
