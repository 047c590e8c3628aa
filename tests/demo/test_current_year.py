"""The demo of the current year stops at today: nothing has happened after it, recent dossiers
and feedback are still open with due dates ahead, manual values only for the quarters already
reported, the sync sample only of the months that have ended; and its files import."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest

from chitieu.demo import DemoSummary, generate_demo
from chitieu.domain import OrgUnit, TargetSet
from chitieu.errors import ChitieuError
from chitieu.units import write_units_csv
from tests.cli.conftest import Run
from tests.cli.conftest import run as run  # noqa: PLC0414 — the command-line fixture
from tests.demo.duck import connect

TODAY = dt.date(2026, 8, 14)
"""A Friday in the middle of the year and of its third quarter."""
END_OF_TODAY = dt.datetime.combine(TODAY, dt.time(23, 59, 59))
OPEN = (2, 4, 5, 6)


@pytest.fixture(scope="module")
def live(
    tmp_path_factory: pytest.TempPathFactory, small_units: list[OrgUnit], target_set: TargetSet
) -> DemoSummary:
    """The small tree's demo of 2026 as seen on ``TODAY``."""
    current = dataclasses.replace(target_set, year=TODAY.year)
    out = tmp_path_factory.mktemp("live-demo")
    return generate_demo(small_units, current, dossiers=8_000, seed=5, out=out, today=TODAY)


@pytest.fixture(scope="module")
def con(live: DemoSummary) -> duckdb.DuckDBPyConnection:
    """The live demo's files as views (``dossiers``, ``feedback``, ``manual``…)."""
    return connect(live)


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[object, ...]:
    rows = con.execute(sql).fetchall()
    assert len(rows) == 1
    return tuple(rows[0])


def test_no_dossier_event_lies_after_today(
    live: DemoSummary, con: duckdb.DuckDBPyConnection
) -> None:
    latest = _one(
        con, "SELECT max(received_at), max(finished_at), max(returned_at), count(*) FROM dossiers"
    )
    received, finished, returned, rows = latest
    assert isinstance(received, dt.datetime)
    assert isinstance(finished, dt.datetime)
    assert isinstance(returned, dt.datetime)
    assert max(received, finished, returned) <= END_OF_TODAY
    assert rows == live.dossiers_parquet.rows == 8_000
    # The year so far, and its latest days too: not a year squeezed into seven months.
    assert received >= END_OF_TODAY - dt.timedelta(days=3)


def test_dossiers_of_the_last_weeks_are_still_open_with_due_dates_ahead(
    con: duckdb.DuckDBPyConnection,
) -> None:
    recent = "received_at >= TIMESTAMP '2026-08-01'"
    open_, open_finished, due_ahead, recent_total = _one(
        con,
        f"SELECT count(*) FILTER (WHERE status IN {OPEN}), "
        f"count(*) FILTER (WHERE status IN {OPEN} AND finished_at IS NOT NULL), "
        f"count(*) FILTER (WHERE status IN {OPEN} AND due_at > TIMESTAMP '{END_OF_TODAY}'), "
        f"count(*) FROM dossiers WHERE {recent}",
    )
    assert isinstance(open_, int)
    assert isinstance(recent_total, int)
    assert open_ > recent_total / 4
    assert open_finished == 0
    assert isinstance(due_ahead, int)
    assert due_ahead > 0
    # Those of the first months are almost all finished.
    early_open = _one(
        con,
        f"SELECT count(*) FILTER (WHERE status IN {OPEN}) / count(*) FROM dossiers "
        "WHERE received_at < TIMESTAMP '2026-04-01'",
    )[0]
    assert isinstance(early_open, float)
    assert early_open < 0.05


def test_feedback_and_publications_stop_at_today(con: duckdb.DuckDBPyConnection) -> None:
    latest = _one(con, "SELECT max(received_at), max(resolved_at) FROM feedback")
    assert all(isinstance(v, dt.datetime) and v <= END_OF_TODAY for v in latest)
    open_ahead = _one(
        con,
        "SELECT count(*) FROM feedback WHERE resolved_at IS NULL "
        f"AND due_at > TIMESTAMP '{END_OF_TODAY}'",
    )[0]
    assert isinstance(open_ahead, int)
    assert open_ahead > 0
    published = _one(con, "SELECT max(published_on), count(*) FROM publications")
    assert isinstance(published[0], dt.date)
    assert published[0] <= TODAY


def test_manual_values_only_for_the_quarters_already_reported(
    con: duckdb.DuckDBPyConnection,
) -> None:
    periods = {str(r[0]) for r in con.execute("SELECT DISTINCT period FROM manual").fetchall()}
    # Q2's reports are dated in the first working days of July; Q3 is still running.
    assert periods == {"2026-Q1", "2026-Q2"}
    written = [
        str(r[0]).split(" ngày ")[1][:10]
        for r in con.execute("SELECT evidence FROM manual").fetchall()
    ]
    dates = [dt.date(int(d[6:]), int(d[3:5]), int(d[:2])) for d in written]
    assert max(dates) <= TODAY


def test_the_sync_sample_holds_the_months_that_have_ended(live: DemoSummary) -> None:
    records = json.loads(live.dossiers_dvcqg_sample.path.read_text("utf-8"))
    assert len(records) == live.dossiers_dvcqg_sample.rows > 0
    # yyyyMMddHHmmss: compared as written.
    received = [str(r["NgayTiepNhan"]) for r in records]
    assert max(received) < "20260801000000"
    assert min(received) < "20260201000000"


def test_a_year_not_yet_begun_is_refused(
    small_units: list[OrgUnit], target_set: TargetSet, tmp_path: Path
) -> None:
    later = dataclasses.replace(target_set, year=TODAY.year + 1)
    with pytest.raises(ChitieuError, match="chưa bắt đầu"):
        generate_demo(small_units, later, dossiers=10, seed=1, out=tmp_path, today=TODAY)
    assert list(tmp_path.iterdir()) == []


def test_the_current_year_through_the_command_line_imports(
    run: Run, tmp_path: Path, small_units: list[OrgUnit], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHITIEU_TODAY", TODAY.isoformat())
    home, out = tmp_path / "home", tmp_path / "data"
    listing = tmp_path / "units.csv"
    write_units_csv(small_units, listing)
    assert run("units", "load", listing, "--home", home).code == 0
    generated = run(
        "demo", "generate", "--province", "Mẫu", "--year", TODAY.year, "--dossiers", 3_000,
        "--out", out, "--seed", 3, "--home", home,
    )  # fmt: skip
    assert generated.code == 0, generated.err
    for command, name in (
        ("procedures", "procedures.csv"),
        ("dossiers", "dossiers.csv"),
        ("dossiers", "dossiers_dvcqg_sample.json"),
        ("publications", "publications.csv"),
        ("feedback", "feedback.csv"),
        ("manual", "manual.csv"),
    ):
        result = run("ingest", command, out / name, "--home", home)
        assert result.code == 0, f"{name}: {result.err}"
    summary = json.loads(run("facts", "summary", "--format", "json", "--home", home).out)
    assert summary["tables"]["dossiers"]["rows"] == 3_000
    months = summary["tables"]["dossiers"]["by_month"]
    assert max(months) == "2026-08"
    assert set(summary["tables"]["manual_values"]["by_month"]) == {"2026-Q1", "2026-Q2"}
