# ruff: noqa: F811 — the fixtures of tests.sources are imported by name, then asked for by name
"""The store keeps itself whole whatever the machine does: keys unique (a store made without
them gets them, or says it holds duplicates), scratch files never left behind, every path quoted,
a home that is a file, read-only, or a server that is absent or of the wrong kind, a full disk,
and a dossier code stored under another unit — each told in one sentence, exit 2, the store
compared before and after."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from chitieu.domain import Source
from chitieu.errors import ChitieuError
from chitieu.facts import TABLES, open_store
from chitieu.facts.failures import DuplicateKeysError
from chitieu.facts.postgres import PostgresStore, connect
from chitieu.facts.replace import ReplaceSql
from chitieu.facts.store import FACTS_FILE, SCRATCH_DIR
from chitieu.sources.ingest import remove_stale_scratch
from tests.cli.conftest import Run, run  # noqa: F401 — the command-line fixture
from tests.engine.conftest import POSTGRES_URL, unavailable
from tests.sources.conftest import home, units, units_home  # noqa: F401 — fixtures
from tests.sources.corpus import GOOD, write_dossiers

DOSSIERS = TABLES[Source.DOSSIERS]


def _summary(run: Run, home: Path) -> dict[str, Any]:
    result = run("facts", "summary", "--format", "json", "--home", home)
    assert result.code == 0, result.err
    summary: dict[str, Any] = json.loads(result.out)
    return summary


def _text(err: str) -> str:
    return " ".join(err.split())


def _refused(result: Any, *words: str) -> str:
    """The command exited 2 with one message (no traceback, no internal error) holding
    ``words``."""
    text = _text(result.err)
    assert result.code == 2, result.err
    assert "Traceback" not in result.err
    assert "Lỗi nội bộ" not in result.err
    for word in words:
        assert word in text
    return text


def _stage_files(home: Path) -> list[str]:
    scratch = home / SCRATCH_DIR
    return sorted(p.name for p in scratch.iterdir()) if scratch.is_dir() else []


# 1. Keys


def test_every_fact_table_has_its_key_in_a_new_store(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        con = store.connection
        keyed = {
            row[0]
            for row in con.execute(
                "SELECT table_name FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'"
            ).fetchall()
        }
        indexed = {r[0] for r in con.execute("SELECT table_name FROM duckdb_indexes()").fetchall()}
        assert {t.name for t in TABLES.values()} <= keyed | indexed
        con.execute("INSERT INTO dossiers (dossier_code) VALUES ('A')")
        with pytest.raises(duckdb.ConstraintException):
            con.execute("INSERT INTO dossiers (dossier_code) VALUES ('A')")
        # The portal's key may lack its code: an empty code still matches itself.
        row = "INSERT INTO dvcqg_values (portal_unit_name, period, group_code, sub_indicator) "
        con.execute(row + "VALUES ('Sở A', '2026-08', 'g', 's')")
        with pytest.raises(duckdb.ConstraintException):
            con.execute(row + "VALUES ('Sở A', '2026-08', 'g', 's')")


def test_the_replace_joins_keys_by_equality() -> None:
    plan = ReplaceSql(DOSSIERS, "_incoming")
    for statement in (plan.delete(), plan.insert(), plan.log_added(1), plan.log_removed(1)):
        assert "s.dossier_code = t.dossier_code" in statement
        assert "IS NOT DISTINCT FROM" not in statement
    portal = ReplaceSql(TABLES[Source.DVCQG], "_incoming").insert()
    assert "coalesce(s.portal_unit_code, '') = coalesce(t.portal_unit_code, '')" in portal


def _keyless_store(path: Path, codes: list[str]) -> None:
    """A store as a release before keys left it: a dossiers table without a primary key."""
    columns = ", ".join(f"{name} VARCHAR" for name in ("dossier_code", "unit_code"))
    with duckdb.connect(str(path / FACTS_FILE)) as con:
        con.execute(f"CREATE TABLE dossiers ({columns})")
        for code in codes:
            con.execute("INSERT INTO dossiers VALUES (?, '70.STP')", [code])


def test_a_store_made_without_keys_gets_them(tmp_path: Path) -> None:
    _keyless_store(tmp_path, ["A", "B"])
    with open_store(tmp_path) as store:
        with pytest.raises(duckdb.ConstraintException):
            store.connection.execute("INSERT INTO dossiers (dossier_code) VALUES ('A')")
        assert store.rows("SELECT count(*) FROM dossiers") == [(2,)]


def test_a_store_holding_a_key_twice_says_so_and_stays_as_it_was(
    tmp_path: Path, run: Run, home: Path
) -> None:
    _keyless_store(home, ["A", "B", "A"])
    before = (home / FACTS_FILE).read_bytes()
    with pytest.raises(DuplicateKeysError) as refused:
        open_store(home)
    message = refused.value.message
    assert "1 khóa (dossier_code) lưu hơn một lần trong bảng dossiers" in message
    assert "«A» (2 lần)" in message
    good = write_dossiers(tmp_path / "good.csv", GOOD)
    _refused(run("ingest", "dossiers", good, "--home", home), "«A» (2 lần)")
    assert (home / FACTS_FILE).read_bytes() == before


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh schema of the test server (as ``DATABASE_URL``), dropped afterwards."""
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


def test_a_server_store_without_keys_gets_them_or_names_its_duplicates(
    server: str, tmp_path: Path
) -> None:
    with connect(server) as con:
        con.execute("CREATE TABLE dossiers (dossier_code TEXT, unit_code TEXT)")
        con.execute("INSERT INTO dossiers VALUES ('A', 'u'), ('A', 'u'), ('B', 'u')")
    with pytest.raises(DuplicateKeysError, match="«A» \\(2 lần\\)"):
        PostgresStore(server, scratch=tmp_path / "tmp")
    with connect(server) as con:
        assert con.execute("SELECT count(*) FROM dossiers").fetchone() == (3,)
        con.execute("DELETE FROM dossiers WHERE ctid = (SELECT min(ctid) FROM dossiers)")
    with PostgresStore(server, scratch=tmp_path / "tmp") as store:
        import psycopg

        with pytest.raises(psycopg.errors.UniqueViolation):
            store.server.connection.execute("INSERT INTO dossiers (dossier_code) VALUES ('B')")


def test_server_replace_is_not_quadratic(server: str, tmp_path: Path) -> None:
    # 50,000 rows into 20,000 took 96 s when keys were compared with IS NOT DISTINCT FROM.
    import pyarrow as pa

    def batch(start: int, count: int) -> pa.Table:
        codes = [f"HS-{i:07d}" for i in range(start, start + count)]
        rows: dict[str, list[str | None]] = {name: [None] * count for name in DOSSIERS.columns}
        rows |= {"dossier_code": list(codes), "unit_code": ["u"] * count}
        rows["channel"] = ["online"] * count
        schema = pa.schema(
            [
                (n, pa.int32() if n in ("status", "rating") else pa.string())
                for n in DOSSIERS.columns
            ]
        )
        return pa.Table.from_pydict(
            {n: pa.array(rows[n], type=schema.field(n).type) for n in DOSSIERS.columns}
        )

    with PostgresStore(server, scratch=tmp_path / "tmp") as store:
        con = store.server
        with con.transaction():
            con.replace_rows(DOSSIERS, batch(0, 20_000))
        started = time.perf_counter()
        with con.transaction():
            written = con.replace_rows(DOSSIERS, batch(10_000, 50_000))
        seconds = time.perf_counter() - started
    assert (written.new, written.unchanged) == (40_000, 10_000)
    assert seconds < 20


# 3. Scratch files


def test_a_refused_import_leaves_no_scratch_file(run: Run, home: Path, tmp_path: Path) -> None:
    bad = write_dossiers(tmp_path / "bad.csv", [[*GOOD[0][:3], "fax", *GOOD[0][4:]]])
    _refused(run("ingest", "dossiers", bad, "--home", home), "bad.csv")
    assert not [n for n in _stage_files(home) if n.startswith("stage-")]


def test_scratch_files_of_gone_processes_are_removed_on_the_next_import(
    run: Run, home: Path, tmp_path: Path
) -> None:
    gone = subprocess.Popen(["true"])
    gone.wait()
    scratch = home / SCRATCH_DIR
    scratch.mkdir(exist_ok=True)
    dead = scratch / f"stage-{gone.pid}-abc.duckdb"
    dead.write_bytes(b"x" * 1000)
    (scratch / f"stage-{gone.pid}-abc.duckdb.wal").write_bytes(b"x")
    (scratch / f"spill-{gone.pid}").mkdir()
    alive = scratch / f"stage-{os.getppid()}-def.duckdb"
    alive.write_bytes(b"x")
    old = scratch / "stage-0123456789abcdef.duckdb"  # named before the PID was
    old.write_bytes(b"x")
    os.utime(old, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    good = write_dossiers(tmp_path / "good.csv", GOOD)
    assert run("ingest", "dossiers", good, "--home", home).code == 0
    assert _stage_files(home) == [alive.name]
    assert remove_stale_scratch(scratch) == []


# 4. The home


def test_a_home_whose_path_holds_a_quote_works_and_runs_no_sql(
    run: Run, units_home: Path, tmp_path: Path
) -> None:
    home = tmp_path / "nhà của Hà'; CREATE TABLE pwned (x INT); --"
    shutil.copytree(units_home, home)
    good = write_dossiers(tmp_path / "good.csv", GOOD)
    result = run("ingest", "dossiers", good, "--home", home)
    assert result.code == 0, result.err
    assert _summary(run, home)["tables"]["dossiers"]["rows"] == 3
    with duckdb.connect(str(home / FACTS_FILE), read_only=True) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert "pwned" not in tables


COMMANDS: list[tuple[str, ...]] = [
    ("facts", "summary"),
    ("ingest", "dossiers", "FILE"),
    ("status", "--quarter", "2024-Q1"),
    ("lagging", "--quarter", "2024-Q1"),
    ("compute",),
    ("units", "export"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_home_that_is_a_file_is_refused_by_every_command(
    run: Run, tmp_path: Path, command: tuple[str, ...]
) -> None:
    home = tmp_path / "not-a-folder"
    home.write_text("x")
    good = write_dossiers(tmp_path / "good.csv", GOOD)
    args = [good if word == "FILE" else word for word in command]
    _refused(run(*args, "--home", home), f"{home} là một tệp, không phải thư mục")
    assert home.read_text() == "x"


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_an_unsupported_database_url_is_refused_by_every_command(
    run: Run, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://u:p@127.0.0.1/db")
    good = write_dossiers(tmp_path / "good.csv", GOOD)
    args = [good if word == "FILE" else word for word in command]
    _refused(run(*args, "--home", home), "DATABASE_URL", "«mysql» không được hỗ trợ")
    assert not (home / FACTS_FILE).exists()


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_an_unreachable_server_is_refused_by_every_command(
    run: Run, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/test")
    good = write_dossiers(tmp_path / "good.csv", GOOD)
    args = [good if word == "FILE" else word for word in command]
    _refused(run(*args, "--home", home), "không kết nối được PostgreSQL", "cổng đóng")


@pytest.fixture
def read_only_home(home: Path, run: Run, tmp_path: Path) -> Iterator[Path]:
    """The home with three dossiers, then mounted read-only (a bind mount: root ignores file
    modes); skipped where mounts are not allowed."""
    good = write_dossiers(tmp_path / "good.csv", GOOD)
    assert run("ingest", "dossiers", good, "--home", home).code == 0
    view = tmp_path / "read-only"
    view.mkdir()
    mounted = subprocess.run(
        ["mount", "--bind", str(home), str(view)], capture_output=True, check=False
    )
    if mounted.returncode:
        pytest.skip(f"no bind mount here: {mounted.stderr!r}")
    try:
        remounted = subprocess.run(
            ["mount", "-o", "remount,bind,ro", str(view)], capture_output=True, check=False
        )
        if remounted.returncode:
            pytest.skip(f"no read-only remount here: {remounted.stderr!r}")
        yield view
    finally:
        subprocess.run(["umount", "-l", str(view)], check=False)


def test_a_read_only_home_serves_readers_and_refuses_writers_clearly(
    run: Run, read_only_home: Path, tmp_path: Path
) -> None:
    before = _summary(run, read_only_home)
    assert before["tables"]["dossiers"]["rows"] == 3
    more = write_dossiers(tmp_path / "more.csv", [["HS-009", *GOOD[0][1:]]])
    _refused(
        run("ingest", "dossiers", more, "--home", read_only_home),
        "không có quyền ghi",
        "không có gì bị thay đổi",
    )
    assert _summary(run, read_only_home) == before


# 5. A full disk


def _dossiers_of(run: Run, home: Path) -> dict[str, Any]:
    tables: dict[str, Any] = _summary(run, home)["tables"]
    return tables


@pytest.mark.parametrize("where", ["stage", "write"])
def test_a_full_disk_changes_nothing_and_says_so(
    run: Run, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    good = write_dossiers(tmp_path / "good.csv", GOOD)
    assert run("ingest", "dossiers", good, "--home", home).code == 0
    before = _dossiers_of(run, home)
    more = write_dossiers(tmp_path / "more.csv", [["HS-009", *GOOD[0][1:]]])

    def full(*_: object, **__: object) -> None:
        if where == "stage":
            raise OSError(errno.ENOSPC, "No space left on device", str(home / SCRATCH_DIR))
        # What DuckDB raises when a write finds no space.
        raise duckdb.IOException(
            'IO Error: Could not write file "facts.duckdb.wal": No space left on device'
        )

    target = (
        "chitieu.sources.ingest.stage_file"
        if where == "stage"
        else "chitieu.facts.store.DuckDBStore.replace_rows"
    )
    monkeypatch.setattr(target, full)
    _refused(
        run("ingest", "dossiers", more, "--home", home),
        "không đủ chỗ trên đĩa",
        "không có gì bị thay đổi",
    )
    monkeypatch.undo()
    assert _dossiers_of(run, home) == before
    assert not [n for n in _stage_files(home) if n.startswith("stage-")]


@pytest.mark.slow  # a real tmpfs of 12 MB filled by staging: a few seconds
def test_a_really_full_disk_changes_nothing(run: Run, units_home: Path, tmp_path: Path) -> None:
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode:
        pytest.skip(f"no tmpfs here: {done.stderr!r}")
    try:
        home = mount / "home"
        shutil.copytree(units_home, home)
        good = write_dossiers(tmp_path / "good.csv", GOOD)
        assert run("ingest", "dossiers", good, "--home", home).code == 0
        before = _dossiers_of(run, home)
        rows = []
        for index in range(300_000):
            row = list(GOOD[index % 3])
            row[0] = f"BIG-{index:07d}-{uuid.uuid4().hex}"
            rows.append(row)
        big = write_dossiers(tmp_path / "big.csv", rows)
        _refused(run("ingest", "dossiers", big, "--home", home), "không đủ chỗ trên đĩa")
        assert _dossiers_of(run, home) == before
        assert not [n for n in _stage_files(home) if n.startswith("stage-")]
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


# 6. A dossier code is unique nationally


def _conflict_case(run: Run, home: Path, tmp_path: Path) -> None:
    good = write_dossiers(tmp_path / "good.csv", GOOD)
    assert run("ingest", "dossiers", good, "--home", home).code == 0
    before = _dossiers_of(run, home)
    moved = write_dossiers(tmp_path / "moved.csv", [[*GOOD[0][:2], "70.X0001", *GOOD[0][3:]]])
    text = _refused(
        run("ingest", "dossiers", moved, "--home", home),
        "moved.csv, dòng 2",
        "mã «HS-001» đã có trong kho dưới đơn vị 70.STP",
        "tệp này ghi đơn vị 70.X0001",
    )
    assert "duy nhất trên toàn quốc" in text
    assert _dossiers_of(run, home) == before


def test_a_code_stored_under_another_unit_is_refused_naming_both(
    run: Run, home: Path, tmp_path: Path
) -> None:
    _conflict_case(run, home, tmp_path)


def test_a_code_stored_under_another_unit_is_refused_on_the_server_too(
    run: Run, server: str, units: list[Any], tmp_path: Path
) -> None:
    del server
    from chitieu.units import write_units_csv

    home = tmp_path / "home"
    listing = tmp_path / "units.csv"
    write_units_csv(units, listing)
    assert run("units", "load", listing, "--home", home).code == 0
    _conflict_case(run, home, tmp_path)


def test_the_same_code_under_two_units_in_one_file_is_refused(
    run: Run, home: Path, tmp_path: Path
) -> None:
    twice = write_dossiers(
        tmp_path / "twice.csv", [GOOD[0], [*GOOD[0][:2], "70.X0001", *GOOD[0][3:]]]
    )
    result = run("ingest", "dossiers", twice, "--home", home)
    _refused(result, "twice.csv")
    assert not (home / FACTS_FILE).exists()
