"""``chitieu compute``, ``values export`` and ``explain``: the command-line contract."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
import sqlglot

from chitieu.catalog import Catalogue
from chitieu.domain import Source
from chitieu.engine import Engine
from chitieu.units import write_units_csv
from tests.cli.conftest import Run
from tests.engine.conftest import make_harness
from tests.engine.test_incremental import BATCH_1, BATCH_2
from tests.engine.world import PROCEDURES, TREE


@pytest.fixture(scope="module")
def units_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with the cases' tree and the first batch of dossiers; copied per test."""
    import sys

    from chitieu.cli import main

    home = tmp_path_factory.mktemp("engine-home")
    files = home.parent / "engine-files"
    files.mkdir()
    write_units_csv(TREE, files / "units.csv")
    (files / "procedures.csv").write_text(PROCEDURES.strip() + "\n", encoding="utf-8")
    (files / "batch1.csv").write_text(BATCH_1.strip() + "\n", encoding="utf-8")
    argv = sys.argv
    try:
        for args in (
            ["units", "load", files / "units.csv"],
            ["ingest", "procedures", files / "procedures.csv"],
            ["ingest", "dossiers", files / "batch1.csv"],
        ):
            sys.argv = ["chitieu", *map(str, args), "--home", str(home)]
            code = 0
            try:
                main()
            except SystemExit as done:
                code = int(done.code or 0)
            assert code == 0, args
    finally:
        sys.argv = argv
    return home


@pytest.fixture
def home(units_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the home, on DuckDB whatever the environment says."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    copy = tmp_path / "home"
    shutil.copytree(units_home, copy)
    return copy


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_compute_then_export_quarterly_values(run: Run, home: Path, tmp_path: Path) -> None:
    computed = run("compute", "--year", "2024", "--home", home)
    assert computed.code == 0, computed.err
    assert "Đã tính năm 2024" in computed.out
    assert "dossiers: tính toàn bộ" in computed.out
    exported = run("values", "export", "--year", "2024", "--format", "csv", "--home", home)
    assert exported.code == 0, exported.err
    assert exported.out.splitlines()[0] == "unit_code,indicator,period,numerator,denominator,value"
    rows = {(r["unit_code"], r["indicator"], r["period"]): r for r in _csv(exported.out)}
    # Year to date and subtree by default: the province's two online dossiers out of three.
    assert rows[("T", "online_dossiers", "2024-Q1")] == {
        "unit_code": "T",
        "indicator": "online_dossiers",
        "period": "2024-Q1",
        "numerator": "2",
        "denominator": "3",
        "value": "66.6667",
    }
    # No dossier finished at the province department's: a denominator of 0 has no value.
    assert rows[("T.SA", "e_results", "2024-Q1")]["value"] == "100"
    assert rows[("X1", "e_results", "2024-Q1")]["denominator"] == "0"
    assert rows[("X1", "e_results", "2024-Q1")]["value"] == ""
    assert {r["period"] for r in rows.values()} == {f"2024-Q{q}" for q in range(1, 5)}

    out = tmp_path / "tier.json"
    args = ("--basis", "quarter", "--scope", "tier", "--format", "json", "-o", out)
    exported = run("values", "export", "--year", "2024", *args, "--home", home)
    assert exported.code == 0, exported.err
    records = json.loads(out.read_text("utf-8"))
    by_key = {(r["unit_code"], r["indicator"], r["period"]): r for r in records}
    # H1's tier is the committee and its division: M2 (counter) only; X1's M3 is not in it.
    assert by_key[("H1", "online_dossiers", "2024-Q1")]["numerator"] == 0
    assert by_key[("H1", "online_dossiers", "2024-Q1")]["denominator"] == 1
    assert by_key[("H1", "online_dossiers", "2024-Q1")]["value"] == 0
    assert ("T", "online_dossiers", "2024-Q1") not in by_key or by_key[
        ("T", "online_dossiers", "2024-Q1")
    ]["denominator"] == 0


def test_compute_after_an_append_takes_only_the_changes(
    run: Run, home: Path, tmp_path: Path
) -> None:
    assert run("compute", "--home", home).code == 0
    batch = tmp_path / "batch2.csv"
    batch.write_text(BATCH_2.strip() + "\n", encoding="utf-8")
    assert run("ingest", "dossiers", batch, "--home", home).code == 0
    again = run("compute", "--home", home)
    assert again.code == 0, again.err
    assert "dossiers: chỉ phần thay đổi" in again.out
    exported = run("values", "export", "--year", "2024", "--basis", "quarter", "--home", home)
    rows = {(r["unit_code"], r["indicator"], r["period"]): r for r in _csv(exported.out)}
    assert rows[("T", "online_dossiers", "2024-Q1")]["value"] == "100"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("compute", "--engine", "postgres"), "DATABASE_URL"),
        (("compute", "--year", "1800"), "--year"),
        (("values", "export", "--year", "2024", "--format", "xml"), "--format"),
        (("explain", "no_such_indicator"), "no_such_indicator"),
    ],
)
def test_bad_input_exits_2_with_a_message(
    run: Run, home: Path, args: tuple[str, ...], message: str
) -> None:
    result = run(*args, "--home", home)
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err


def test_export_before_any_compute_is_refused(run: Run, home: Path) -> None:
    result = run("values", "export", "--year", "2024", "--home", home)
    assert result.code == 2
    assert "chitieu compute" in result.err


def test_compute_without_units_is_refused(run: Run, tmp_path: Path) -> None:
    result = run("compute", "--home", tmp_path / "empty")
    assert result.code == 2
    assert "cây đơn vị" in result.err


@pytest.mark.parametrize("engine", list(Engine))
def test_explain_prints_sql_the_engine_parses(run: Run, engine: Engine) -> None:
    result = run("explain", "on_time", "--engine", engine)
    assert result.code == 0, result.err
    statements = [s for s in result.out.split(";\n") if s.strip() and "SELECT" in s]
    assert len(statements) == 2
    for statement in statements:
        body = "\n".join(line for line in statement.splitlines() if not line.startswith("--"))
        assert sqlglot.parse_one(body, read=engine) is not None
    assert "finished_at" in result.out
    assert "CROSS JOIN periods" in result.out


def test_explain_a_manual_indicator(run: Run) -> None:
    result = run("explain", "regulation_update")
    assert result.code == 0
    assert "nhập tay" in result.out


def test_compute_and_export_on_postgres(
    run: Run,
    home: Path,
    request: pytest.FixtureRequest,
    catalogue: Catalogue,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = request.getfixturevalue("postgres_url")
    harness = make_harness(request, Engine.POSTGRES, tmp_path / "pg", catalogue)(TREE)
    harness.ingest(Source.PROCEDURES, PROCEDURES)
    harness.ingest(Source.DOSSIERS, BATCH_1)
    assert harness.postgres is not None
    monkeypatch.setenv("DATABASE_URL", f"{url}?options=-csearch_path%3D{harness.postgres.schema}")
    # DATABASE_URL moves the application database (the unit tree) to PostgreSQL as well; this
    # test is about the facts and values, so the tree is given as it would be read from there.
    monkeypatch.setattr("chitieu.cli.engine.require_units", lambda _home: TREE)
    computed = run("compute", "--engine", "postgres", "--home", home)
    assert computed.code == 0, computed.err
    exported = run("values", "export", "--year", "2024", "--home", home)
    rows = {(r["unit_code"], r["indicator"], r["period"]): r for r in _csv(exported.out)}
    assert rows[("T", "online_dossiers", "2024-Q1")]["numerator"] == "2"
    assert harness.values()[("T", "online_dossiers", "ytd", "2024-Q1", "subtree")] == (2, 3)


def _snapshot(home: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(home)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in home.rglob("*")
        if p.is_file()
    }


def test_compute_on_an_empty_store_asks_for_data_and_writes_nothing(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    home = tmp_path / "home"
    units = tmp_path / "units.csv"
    write_units_csv(TREE, units)
    assert run("units", "load", units, "--home", home).code == 0
    before = _snapshot(home)
    for args in ((), ("--year", "2024"), ("--engine", "duckdb")):
        result = run("compute", *args, "--home", home)
        assert result.code == 2, args
        assert "Chưa có dữ liệu nào để tính" in result.err
        assert "chitieu ingest dossiers" in result.err
        assert "Traceback" not in result.err
    assert _snapshot(home) == before
    assert not (home / "facts.duckdb").exists()
    exported = run("values", "export", "--year", "2024", "--home", home)
    assert exported.code == 2
    assert "chitieu compute" in exported.err
    assert _snapshot(home) == before
