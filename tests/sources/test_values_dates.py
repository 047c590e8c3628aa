"""Dates and periods of an import (issue 12, classes 3 and 10): four-digit years within
``min_year()``–``MAX_YEAR``, offsets within ±14:59, .NET's seven fractional digits read, periods
of impossible years refused — through real imports, the store compared before and after."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from chitieu.catalog import Catalogue
from chitieu.domain import OrgUnit, Source
from chitieu.domain.periods import MIN_YEAR_ENV
from chitieu.errors import ChitieuError, InputError
from chitieu.facts import DuckDBStore
from chitieu.facts.summary import summarize
from chitieu.sources.ingest import ingest
from tests.cli.conftest import Run
from tests.sources.corpus import GOOD, HEADER, MANUAL_HEADER, dossier_rows, write_dossiers
from tests.sources.readers.builders import wall_clock

RECEIVED, DUE, FINISHED = (HEADER.index(c) for c in ("received_at", "due_at", "finished_at"))
TWO_DIGITS = "năm viết hai chữ số không rõ là năm nào; hãy viết đủ bốn chữ số"


def _state(store: DuckDBStore) -> tuple[Any, ...]:
    con = store.connection
    rows = [
        con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
        for table in ("dossiers", "manual_values", "feedback", "publications")
    ]
    return summarize(store).to_dict(), rows


@pytest.fixture
def loaded(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> DuckDBStore:
    """A store holding the good dossiers."""
    good = write_dossiers(tmp_path / "good.csv", GOOD)
    ingest(store, Source.DOSSIERS, [good], units=units, catalogue=catalogue, actor="t")
    return store


def _refused(
    store: DuckDBStore, source: Source, path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> list[str]:
    before = _state(store)
    with pytest.raises(InputError) as refused:
        ingest(store, source, [path], units=units, catalogue=catalogue, actor="t")
    assert _state(store) == before
    return [problem.describe() for problem in refused.value.problems]


def _received(written: str) -> list[list[str]]:
    """The good rows, the first received at ``written`` and not finished (no other check)."""
    return dossier_rows(row1={RECEIVED: written, DUE: "", FINISHED: "", 7: "4"})


@pytest.mark.parametrize(
    "written", ["15/03/24", "15-03-24", "15/03/24 08:30", "15-03-24 08:30:00", "24-03-15"]
)
def test_a_two_digit_year_is_refused(
    written: str,
    loaded: DuckDBStore,
    tmp_path: Path,
    units: list[OrgUnit],
    catalogue: Catalogue,
) -> None:
    # «15/03/24» used to be stored as 15 March of the year 24.
    path = write_dossiers(tmp_path / "short.csv", _received(written))
    assert _refused(loaded, Source.DOSSIERS, path, units, catalogue) == [
        f"short.csv, dòng 2, cột 5 (received_at): «{written}»: {TWO_DIGITS} (ví dụ 15/03/2024)"
    ]


@pytest.mark.parametrize(
    ("written", "year"),
    [("1900-01-01", "1900"), ("01/01/1900", "1900"), ("1800-05-01T08:00:00", "1800"),
     ("18000501", "1800"), ("0001-01-01", "0001"), ("1999-12-31 23:59:59", "1999")],
)  # fmt: skip
def test_a_date_before_the_earliest_year_is_refused_saying_why(
    written: str,
    year: str,
    loaded: DuckDBStore,
    tmp_path: Path,
    units: list[OrgUnit],
    catalogue: Catalogue,
) -> None:
    path = write_dossiers(tmp_path / "old.csv", _received(written))
    assert _refused(loaded, Source.DOSSIERS, path, units, catalogue) == [
        f"old.csv, dòng 2, cột 5 (received_at): «{written}»: năm {year} trước năm 2000, năm "
        "sớm nhất được nhận (biến môi trường CHITIEU_MIN_YEAR)"
    ]


def test_a_due_date_beyond_the_latest_year_is_refused_saying_why(
    loaded: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    # A due date may lie in the future, but not in 2204 or 9999.
    rows = dossier_rows(row1={DUE: "2204-01-10T17:00:00"}, row3={DUE: "31/12/9999"})
    path = write_dossiers(tmp_path / "due.csv", rows)
    assert _refused(loaded, Source.DOSSIERS, path, units, catalogue) == [
        "due.csv, dòng 2, cột 6 (due_at): «2204-01-10T17:00:00»: năm 2204 sau năm 2100, không "
        "phải một năm hợp lý",
        "due.csv, dòng 4, cột 6 (due_at): «31/12/9999»: năm 9999 sau năm 2100, không phải một "
        "năm hợp lý",
    ]


def test_publication_dates_are_held_to_the_same_years(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    path = tmp_path / "publications.csv"
    path.write_text(
        "procedure_code,unit_code,legal_basis_effective_on,published_on\n"
        "1.004227,70.STP,01/07/24,2024-06-01\n"
        "1.004228,70.STP,2024-07-01,1900-01-01\n"
        "1.004229,70.STP,9999-01-01,2024-06-01\n"
    )
    assert _refused(store, Source.PUBLICATIONS, path, units, catalogue) == [
        f"publications.csv, dòng 2, cột 3 (legal_basis_effective_on): «01/07/24»: {TWO_DIGITS} "
        "(ví dụ 15/03/2024)",
        "publications.csv, dòng 3, cột 4 (published_on): «1900-01-01»: năm 1900 trước năm 2000, "
        "năm sớm nhất được nhận (biến môi trường CHITIEU_MIN_YEAR)",
        "publications.csv, dòng 4, cột 3 (legal_basis_effective_on): «9999-01-01»: năm 9999 sau "
        "năm 2100, không phải một năm hợp lý",
    ]


def test_a_feedback_file_with_a_two_digit_year_is_refused_not_a_crash(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    # Due dates are computed from a calendar of the years received: not from the year 24.
    path = tmp_path / "feedback.csv"
    path.write_text(
        "feedback_code,unit_code,received_at\nPAKN-1,70.STP,02/03/24\nPAKN-2,70.STP,2024-03-02\n"
    )
    assert _refused(store, Source.FEEDBACK, path, units, catalogue) == [
        f"feedback.csv, dòng 2, cột 3 (received_at): «02/03/24»: {TWO_DIGITS} (ví dụ 15/03/2024)"
    ]


def test_the_earliest_year_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch,
    store: DuckDBStore,
    tmp_path: Path,
    units: list[OrgUnit],
    catalogue: Catalogue,
) -> None:
    path = write_dossiers(tmp_path / "old.csv", _received("1995-06-01T08:00:00"))
    monkeypatch.setenv(MIN_YEAR_ENV, "1990")
    ingest(store, Source.DOSSIERS, [path], units=units, catalogue=catalogue, actor="t")
    assert store.connection.execute(
        "SELECT received_at FROM dossiers WHERE dossier_code = 'HS-001'"
    ).fetchall() == [(wall_clock("1995-06-01T08:00:00"),)]
    monkeypatch.setenv(MIN_YEAR_ENV, "2010")
    other = write_dossiers(tmp_path / "other.csv", _received("2005-06-01T08:00:00"))
    lines = _refused(store, Source.DOSSIERS, other, units, catalogue)
    assert lines == [
        "other.csv, dòng 2, cột 5 (received_at): «2005-06-01T08:00:00»: năm 2005 trước năm "
        "2010, năm sớm nhất được nhận (biến môi trường CHITIEU_MIN_YEAR)"
    ]


@pytest.mark.parametrize("written", ["abc", "20", "1999.5", "3000", "-2000"])
def test_a_wrong_earliest_year_is_one_sentence_and_nothing_changes(
    written: str,
    monkeypatch: pytest.MonkeyPatch,
    loaded: DuckDBStore,
    tmp_path: Path,
    units: list[OrgUnit],
    catalogue: Catalogue,
) -> None:
    monkeypatch.setenv(MIN_YEAR_ENV, written)
    path = write_dossiers(
        tmp_path / "new.csv", dossier_rows(row1={HEADER.index("fee_amount"): "1"})
    )
    before = _state(loaded)
    with pytest.raises(ChitieuError) as refused:
        ingest(loaded, Source.DOSSIERS, [path], units=units, catalogue=catalogue, actor="t")
    assert refused.value.message == (
        f"CHITIEU_MIN_YEAR phải là một năm viết bằng số, từ 1000 đến 2100, không phải «{written}»"
    )
    assert _state(loaded) == before


def test_a_wrong_earliest_year_on_the_command_line_is_exit_2_and_one_line(
    monkeypatch: pytest.MonkeyPatch, run: Run, home: Path, tmp_path: Path
) -> None:
    path = write_dossiers(tmp_path / "good.csv", GOOD)
    monkeypatch.setenv(MIN_YEAR_ENV, "hai nghìn")
    result = run("ingest", "dossiers", path, "--home", home)
    assert result.code == 2
    assert "Traceback" not in result.err
    assert " ".join(result.err.split()) == (
        "Lỗi: CHITIEU_MIN_YEAR phải là một năm viết bằng số, từ 1000 đến 2100, không phải «hai nghìn»"
    )
    monkeypatch.delenv(MIN_YEAR_ENV)
    summary = run("facts", "summary", "--format", "json", "--home", home)
    assert summary.code == 0
    assert '"rows": 0' in summary.out
    assert '"rows": 3' not in summary.out


@pytest.mark.parametrize("offset", ["+99:99", "+15:00", "-15:00", "+07:60", "+0799"])
def test_an_impossible_offset_is_refused(
    offset: str,
    loaded: DuckDBStore,
    tmp_path: Path,
    units: list[OrgUnit],
    catalogue: Catalogue,
) -> None:
    written = f"2024-01-02T09:00:00{offset}"
    path = write_dossiers(tmp_path / "offset.csv", _received(written))
    assert _refused(loaded, Source.DOSSIERS, path, units, catalogue) == [
        f"offset.csv, dòng 2, cột 5 (received_at): «{written}»: độ lệch múi giờ không hợp lệ "
        "(giờ từ 00 đến 14, phút từ 00 đến 59, ví dụ +07:00)"
    ]


@pytest.mark.parametrize(
    ("written", "local"),
    [
        ("2024-03-15T08:30:00.1234567", wall_clock("2024-03-15T08:30:00.123456")),
        ("2024-03-15T08:30:00.1234567Z", wall_clock("2024-03-15T15:30:00.123456")),
        ("2024-03-15T08:30:00.1234567+07:00", wall_clock("2024-03-15T08:30:00.123456")),
        ("2024-03-15 08:30:00.123456789", wall_clock("2024-03-15T08:30:00.123456")),
        ("2024-03-15T08:30:00.9999999-05:00", wall_clock("2024-03-15T20:30:00.999999")),
        ("2024-03-15T08:30:00+14:00", wall_clock("2024-03-15T01:30:00")),
    ],
)
def test_dotnet_timestamps_with_seven_fractional_digits_are_read(
    written: str,
    local: datetime.datetime,
    store: DuckDBStore,
    tmp_path: Path,
    units: list[OrgUnit],
    catalogue: Catalogue,
) -> None:
    path = write_dossiers(tmp_path / "dotnet.csv", _received(written))
    ingest(store, Source.DOSSIERS, [path], units=units, catalogue=catalogue, actor="t")
    assert store.connection.execute(
        "SELECT received_at FROM dossiers WHERE dossier_code = 'HS-001'"
    ).fetchall() == [(local,)]


@pytest.mark.parametrize(
    ("written", "year", "why"),
    [
        ("9999-Q1", "9999", "sau năm 2100, không phải một năm hợp lý"),
        ("0000-Q1", "0000", "trước năm 2000"),
        ("0000", "0000", "trước năm 2000"),
        ("9999-03", "9999", "sau năm 2100"),
        ("Quý I/9999", "9999", "sau năm 2100"),
        ("Năm 1999", "1999", "trước năm 2000"),
    ],
)
def test_a_manual_period_of_an_impossible_year_is_refused_with_its_place(
    written: str,
    year: str,
    why: str,
    store: DuckDBStore,
    tmp_path: Path,
    units: list[OrgUnit],
    catalogue: Catalogue,
) -> None:
    path = tmp_path / "manual.csv"
    path.write_text(
        MANUAL_HEADER
        + "regulation_update,70.STP,2024-Q1,1,2,BC số 1\n"
        + f"regulation_update,70.STP,{written},1,2,BC số 2\n"
    )
    lines = _refused(store, Source.MANUAL, path, units, catalogue)
    assert len(lines) == 1
    assert lines[0].startswith(
        f"manual.csv, dòng 3, cột 3 (period): «{written}» không phải kỳ hợp lệ: năm {year} "
    )
    assert why in lines[0]
