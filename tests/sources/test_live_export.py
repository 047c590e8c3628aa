"""A live export of the current year: open dossiers and feedback have due dates in the future,
and they are imported; only the dates of events that have happened may not lie in the future."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from chitieu.catalog import Catalogue
from chitieu.domain import OrgUnit, Source
from chitieu.errors import InputError
from chitieu.facts import DuckDBStore
from chitieu.facts.summary import summarize
from chitieu.sources.ingest import ingest
from chitieu.sources.specs import SPECS, Kind
from tests.cli.conftest import Run
from tests.sources.corpus import HEADER, write_dossiers
from tests.sources.readers.builders import write_csv

NOW = dt.datetime.fromisoformat("2026-12-02T09:30")
"""A fixed present: a Wednesday in December, with the year's dossiers still being handled."""

OPEN_DOSSIERS = [
    # Still being processed: received yesterday, due next week.
    ["HS-101", "1.004227", "70.STP", "online", "01/12/2026 08:00", "08/12/2026 17:00",
     "", "2", "0", "0"],
    ["HS-102", "2.000815", "70.X0001", "counter", "2026-11-30 10:00:00", "2026-12-14T17:00:00",
     "", "4", "0", "0"],
    # Finished this morning, due after Tết.
    ["HS-103", "2.000815", "70.H01.PTP", "online", "2026-11-20T08:00:00", "2027-02-20T17:00:00",
     "2026-12-02T08:00:00", "9", "0", "0"],
]  # fmt: skip

FEEDBACK_HEADER = ["feedback_code", "unit_code", "received_at", "due_at", "resolved_at"]
OPEN_FEEDBACK = [
    ["PA-1", "70.STP", "2026-11-25T09:00:00", "2026-12-09T17:00:00", ""],
    # No due date given: due 15 working days after reception, i.e. later this month.
    ["PA-2", "70.X0001", "2026-12-01T14:00:00", "", ""],
]


def test_happened_is_declared_by_the_specs_not_guessed_from_names() -> None:
    happened = {
        (source.value, spec.name)
        for source, specs in SPECS.items()
        for spec in specs.values()
        if spec.happened
    }
    assert happened == {
        ("dossiers", "received_at"),
        ("dossiers", "finished_at"),
        ("dossiers", "returned_at"),
        ("feedback", "received_at"),
        ("feedback", "resolved_at"),
        ("publications", "published_on"),
    }
    # Every date column is either an event that happened or a date that may lie ahead.
    dated = {
        (source.value, spec.name)
        for source, specs in SPECS.items()
        for spec in specs.values()
        if spec.kind in (Kind.TIMESTAMP, Kind.DATE)
    }
    assert dated - happened == {
        ("dossiers", "due_at"),
        ("feedback", "due_at"),
        ("publications", "legal_basis_effective_on"),
    }


def test_open_dossiers_due_next_week_are_imported(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    path = write_dossiers(tmp_path / "live.csv", OPEN_DOSSIERS)
    report = ingest(
        store, Source.DOSSIERS, [path], units=units, catalogue=catalogue, actor="t", now=NOW
    )
    assert report.imports[0].rows_written == len(OPEN_DOSSIERS)
    due = dict(store.rows("SELECT dossier_code, due_at FROM dossiers"))
    assert due["HS-101"] == dt.datetime.fromisoformat("2026-12-08T17:00")
    assert due["HS-103"] == dt.datetime.fromisoformat("2027-02-20T17:00")


def test_open_feedback_due_next_week_is_imported(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    path = tmp_path / "pakn.csv"
    write_csv(path, FEEDBACK_HEADER, OPEN_FEEDBACK)
    ingest(store, Source.FEEDBACK, [path], units=units, catalogue=catalogue, actor="t", now=NOW)
    due = dict(store.rows("SELECT feedback_code, due_at FROM feedback"))
    assert due["PA-1"] == dt.datetime.fromisoformat("2026-12-09T17:00")
    assert due["PA-2"] > NOW


@pytest.mark.parametrize(
    ("column", "value", "shown"),
    [
        (4, "2026-12-04T09:00:00", "04/12/2026 09:00"),
        (6, "2026-12-04T09:00:00", "04/12/2026 09:00"),
    ],
    ids=["received_at", "finished_at"],
)
def test_an_event_dated_after_tomorrow_is_still_refused_with_its_place(
    column: int,
    value: str,
    shown: str,
    store: DuckDBStore,
    tmp_path: Path,
    units: list[OrgUnit],
    catalogue: Catalogue,
) -> None:
    rows = [list(row) for row in OPEN_DOSSIERS]
    rows[2][column] = value
    rows[2][5] = "2026-12-30T17:00:00"
    if column == HEADER.index("received_at"):
        # Still open, so that the future reception is the row's only problem.
        rows[2][6], rows[2][7] = "", "4"
    path = write_dossiers(tmp_path / "later.csv", rows)
    before = summarize(store).to_dict()
    with pytest.raises(InputError) as refused:
        ingest(store, Source.DOSSIERS, [path], units=units, catalogue=catalogue, actor="t", now=NOW)
    lines = [problem.describe() for problem in refused.value.problems]
    assert lines == [
        f"later.csv, dòng 4, cột {column + 1} ({HEADER[column]}): «{shown}» là ngày ở tương lai"
    ]
    assert summarize(store).to_dict() == before


def test_the_command_line_takes_now_from_chitieu_today(
    run: Run, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_dossiers(tmp_path / "live.csv", OPEN_DOSSIERS)
    monkeypatch.setenv("CHITIEU_TODAY", "2026-12-02")
    result = run("ingest", "dossiers", path, "--home", home)
    assert result.code == 0, result.err
    # The same file seen from a week earlier: HS-103 finished "tomorrow+5", refused.
    monkeypatch.setenv("CHITIEU_TODAY", "2026-11-26")
    result = run("ingest", "dossiers", path, "--force", "--home", home)
    assert result.code == 2
    assert "live.csv, dòng 4, cột 7 (finished_at): «02/12/2026 08:00» là ngày ở tương lai" in (
        result.err
    )
