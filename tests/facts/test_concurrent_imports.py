"""Imports into one store at the same time: real processes running ``chitieu ingest``, on DuckDB
and on PostgreSQL. The same key is never stored twice, nothing hangs (every wait is bounded), and
the second import either waits and succeeds or exits 2 saying why."""

# ruff: noqa: F811 — the fixtures of tests.sources are imported by name, then asked for by name
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from chitieu.errors import ChitieuError
from chitieu.facts.locks import IMPORT_LOCK, WAITING
from chitieu.facts.postgres import connect
from chitieu.facts.store import FACTS_FILE
from tests.cli.conftest import Run, run  # noqa: F401 — the command-line fixture
from tests.engine.conftest import POSTGRES_URL, unavailable
from tests.sources.conftest import home, units, units_home  # noqa: F401 — fixtures
from tests.sources.corpus import GOOD, write_dossiers

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 240


def dossier_file(path: Path, count: int, *, channel: str = "online", prefix: str = "HS") -> Path:
    """``count`` good dossiers ``HS-000000``…, all received through one channel."""
    rows = []
    for index in range(count):
        row = list(GOOD[index % len(GOOD)])
        row[0] = f"{prefix}-{index:06d}"
        row[3] = channel
        rows.append(row)
    return write_dossiers(path, rows)


def chitieu(*args: object, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """``python -m chitieu …`` in a process of its own."""
    return subprocess.Popen(
        [sys.executable, "-m", "chitieu", *map(str, args)],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    """Exit code, stdout and stderr, within ``TIMEOUT`` (a hang fails the test)."""
    try:
        out, err = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail("an import hung")
    return process.returncode, out, err


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _duck_counts(home: Path) -> tuple[int, int]:
    with duckdb.connect(str(home / FACTS_FILE), read_only=True) as con:
        row = con.execute("SELECT count(*), count(DISTINCT dossier_code) FROM dossiers").fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


@pytest.mark.slow  # two processes of 20,000 dossiers each: about 10 s
def test_two_duckdb_imports_at_once_store_each_code_once(home: Path, tmp_path: Path) -> None:
    first = dossier_file(tmp_path / "a.csv", 20_000, channel="online")
    second = dossier_file(tmp_path / "b.csv", 20_000, channel="counter")
    env = {"CHITIEU_LOCK_WAIT": "180"}
    processes = [chitieu("ingest", "dossiers", f, "--home", home, env=env) for f in (first, second)]
    results = [finished(p) for p in processes]
    for code, _, err in results:
        assert code in (0, 2), err
        assert "Traceback" not in err
        if code == 2:
            assert "kho dữ liệu đang được một tiến trình khác dùng" in _one_line(err)
    assert any(code == 0 for code, _, _ in results)
    assert _duck_counts(home) == (20_000, 20_000)


def test_a_duckdb_import_waits_for_the_holder_then_explains(home: Path, tmp_path: Path) -> None:
    good = write_dossiers(tmp_path / "good.csv", GOOD)
    assert finished(chitieu("ingest", "dossiers", good, "--home", home))[0] == 0
    forced = {"CHITIEU_LOCK_WAIT": "1"}
    with duckdb.connect(str(home / FACTS_FILE)):  # another process writing the store
        code, out, err = finished(
            chitieu("ingest", "dossiers", good, "--force", "--home", home, env=forced)
        )
        summary = finished(
            chitieu("facts", "summary", "--format", "json", "--home", home, env=forced)
        )
    assert code == 2, err
    assert WAITING in err
    text = _one_line(err)
    assert f"kho dữ liệu đang được một tiến trình khác dùng (PID {os.getpid()})" in text
    assert "Traceback" not in err
    assert out == ""
    # A reader waits for a writer the same way.
    assert summary[0] == 2
    assert f"(PID {os.getpid()})" in _one_line(summary[2])
    assert _duck_counts(home) == (3, 3)


def test_a_duckdb_import_that_waits_goes_on_when_the_holder_ends(
    home: Path, tmp_path: Path
) -> None:
    good = write_dossiers(tmp_path / "good.csv", GOOD)
    holder = duckdb.connect(str(home / FACTS_FILE))
    process = chitieu("ingest", "dossiers", good, "--home", home, env={"CHITIEU_LOCK_WAIT": "60"})
    try:
        # The import is waiting once it said so.
        assert process.stderr is not None
        line = process.stderr.readline()
        assert WAITING in line
    finally:
        holder.close()
    code, out, err = finished(process)
    assert code == 0, err
    assert "Đã nạp good.csv: 3 dòng mới" in out
    assert _duck_counts(home) == (3, 3)


def test_two_readers_run_together(home: Path, tmp_path: Path) -> None:
    good = write_dossiers(tmp_path / "good.csv", GOOD)
    assert finished(chitieu("ingest", "dossiers", good, "--home", home))[0] == 0
    with duckdb.connect(str(home / FACTS_FILE), read_only=True):  # another reader
        code, out, err = finished(
            chitieu(
                "facts",
                "summary",
                "--format",
                "json",
                "--home",
                home,
                env={"CHITIEU_LOCK_WAIT": "1"},
            )
        )
    assert code == 0, err
    assert json.loads(out)["tables"]["dossiers"]["rows"] == 3


# PostgreSQL


@pytest.fixture
def server(home: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh schema of the test server as ``DATABASE_URL``, the small unit tree loaded in it."""
    try:
        admin = connect(POSTGRES_URL)
    except ChitieuError as error:
        unavailable(f"PostgreSQL không truy cập được tại {POSTGRES_URL}: {error.message}")
    schema = f"chitieu_{uuid.uuid4().hex[:12]}"
    admin.execute(f"CREATE SCHEMA {schema}")
    url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    monkeypatch.setenv("DATABASE_URL", url)
    listing = home / "units-listing.csv"
    from chitieu.units import write_units_csv
    from tests.demo.trees import small_tree

    write_units_csv(small_tree(), listing)
    assert run("units", "load", listing, "--home", home).code == 0
    try:
        yield url
    finally:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")
        admin.close()


def _pg(url: str, sql: str) -> Any:
    with connect(url) as con:
        return con.execute(sql).fetchone()


@pytest.mark.slow  # two processes of 20,000 dossiers each into PostgreSQL: about 15 s
@pytest.mark.parametrize("tracked", [False, True], ids=["plain", "tracked"])
def test_two_postgres_imports_at_once_store_each_code_once(
    server: str, home: Path, tmp_path: Path, run: Run, tracked: bool
) -> None:
    if tracked:
        # Once the engine keeps changes the second import used to fail on the change log.
        first = write_dossiers(tmp_path / "seed.csv", GOOD)
        assert run("ingest", "dossiers", first, "--home", home).code == 0
        from chitieu.facts.postgres import PostgresFacts

        with connect(server) as con:
            from chitieu.domain import Source

            PostgresFacts(con).keep_changes(Source.DOSSIERS)
    files = [
        dossier_file(tmp_path / "a.csv", 20_000, channel="online"),
        dossier_file(tmp_path / "b.csv", 20_000, channel="counter"),
    ]
    env = {"CHITIEU_LOCK_WAIT": "180", "DATABASE_URL": server}
    processes = [chitieu("ingest", "dossiers", f, "--home", home, env=env) for f in files]
    results = [finished(p) for p in processes]
    for code, _, err in results:
        assert code == 0, err
    total, distinct = _pg(server, "SELECT count(*), count(DISTINCT dossier_code) FROM dossiers")
    assert total == distinct == 20_000 + (3 if tracked else 0)
    imports = _pg(server, "SELECT count(*), count(DISTINCT id) FROM imports")
    assert imports[0] == imports[1] == 2 + (1 if tracked else 0)


def _hold(url: str, application_name: str | None = None) -> Any:
    """A session that holds the store's import lock in an open transaction."""
    import psycopg

    con = psycopg.connect(url, autocommit=True, application_name=application_name or "holder")
    con.execute("BEGIN")
    con.execute("SELECT pg_advisory_xact_lock(%s::int, hashtext(current_schema()))", [IMPORT_LOCK])
    return con


def test_a_postgres_import_waits_then_exits_2_naming_the_holder(
    server: str, home: Path, tmp_path: Path
) -> None:
    good = write_dossiers(tmp_path / "good.csv", GOOD)
    ok = finished(chitieu("ingest", "dossiers", good, "--home", home, env={"DATABASE_URL": server}))
    assert ok[0] == 0, ok[2]
    more = dossier_file(tmp_path / "more.csv", 10, prefix="MORE")
    holder = _hold(server)
    try:
        pid = holder.execute("SELECT pg_backend_pid()").fetchone()[0]
        code, _out, err = finished(
            chitieu(
                "ingest",
                "dossiers",
                more,
                "--home",
                home,
                env={"CHITIEU_LOCK_WAIT": "1", "DATABASE_URL": server},
            )
        )
    finally:
        holder.close()
    assert code == 2, err
    assert WAITING in err
    text = _one_line(err)
    assert "kho dữ liệu đang được một lần nạp khác dùng" in text
    assert f"PID {pid}" in text
    assert f"pg_terminate_backend({pid})" in text
    assert "Traceback" not in err
    assert _pg(server, "SELECT count(*) FROM dossiers") == (3,)
    # Once the holder is gone the same import goes through.
    again = finished(
        chitieu("ingest", "dossiers", more, "--home", home, env={"DATABASE_URL": server})
    )
    assert again[0] == 0, again[2]
    assert _pg(server, "SELECT count(*) FROM dossiers") == (13,)


def test_a_lock_left_by_a_killed_client_is_named_at_once(
    server: str, home: Path, tmp_path: Path
) -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a chitieu process of this machine that no longer runs
    holder = _hold(server, f"chitieu pid={gone.pid} host={socket.gethostname()}")
    try:
        pid = holder.execute("SELECT pg_backend_pid()").fetchone()[0]
        code, _, err = finished(
            chitieu(
                "ingest",
                "dossiers",
                write_dossiers(tmp_path / "good.csv", GOOD),
                "--home",
                home,
                env={"CHITIEU_LOCK_WAIT": "120", "DATABASE_URL": server},
            )
        )
    finally:
        holder.close()
    assert code == 2, err
    text = _one_line(err)
    assert f"PID {pid}" in text
    assert f"SELECT pg_terminate_backend({pid});" in text
    assert WAITING not in err  # refused at once, not after the wait
