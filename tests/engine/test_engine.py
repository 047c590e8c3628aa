"""The engine on DuckDB: hand-computed cases (data), a property test against a plain-Python
implementation of the rules, incremental == full, and a compute killed half-way."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chitieu.catalog import Catalogue, load_catalogue
from chitieu.domain import OrgUnit, Source
from chitieu.engine.compute import Mode, compute
from chitieu.facts.store import DuckDBStore
from chitieu.sources.ingest import ingest
from tests.engine import reference

CASES = tomllib.loads((Path(__file__).parent / "cases" / "dossiers.toml").read_text("utf-8"))
YEAR = 2024
NOW = dt.datetime(2025, 6, 1)

TREE = [
    OrgUnit("T", "UBND tỉnh Thử", "province", None),
    OrgUnit("T.SA", "Sở A", "province_department", "T"),
    OrgUnit("H1", "UBND huyện Một", "district", "T"),
    OrgUnit("H1.PTP", "Phòng Tư pháp huyện Một", "district", "H1"),
    OrgUnit("X1", "UBND xã Một", "commune", "H1"),
]
PROCEDURES = (
    "procedure_code,name,unit_code,online_level,is_copy_certification\n"
    "CC1,Chứng thực bản sao,X1,partial,1\n"
    "P1,Cấp phép,T.SA,full,0\n"
)
COPIES = {"CC1"}


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    """The built-in catalogue."""
    return load_catalogue()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[DuckDBStore]:
    """An empty facts store."""
    with DuckDBStore(tmp_path / "facts.duckdb") as opened:
        yield opened


def _ingest(
    store: DuckDBStore, catalogue: Catalogue, source: Source, path: Path, text: str
) -> None:
    path.write_text(text.lstrip(), encoding="utf-8")
    ingest(store, source, [path], units=TREE, catalogue=catalogue, actor="test", now=NOW)


def _values(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, ...], tuple[float, float]]:
    rows = con.execute(
        "SELECT unit_code, indicator, kind, period, scope, numerator, denominator "
        "FROM indicator_values WHERE year = ?",
        [YEAR],
    ).fetchall()
    return {tuple(r[:5]): (r[5], r[6]) for r in rows}


@pytest.mark.parametrize("case", CASES["case"], ids=[c["name"] for c in CASES["case"]])
def test_hand_computed_case(
    case: dict[str, Any], store: DuckDBStore, catalogue: Catalogue, tmp_path: Path
) -> None:
    _ingest(store, catalogue, Source.PROCEDURES, tmp_path / "procedures.csv", PROCEDURES)
    _ingest(store, catalogue, Source.DOSSIERS, tmp_path / "dossiers.csv", case["dossiers"])
    compute(store.connection, units=TREE, catalogue=catalogue, year=YEAR)
    stored = _values(store.connection)
    for line in case["expected"]:
        unit, indicator, kind, period, scope, numerator, denominator = line.split()
        got = stored.get((unit, indicator, kind, period, scope), (0, 0))
        assert got == (int(numerator), int(denominator)), f"{case['why']}: {line}"


# ---------------------------------------------------------------------------------------------
# Property: the engine agrees with the plain-Python rules on random dossiers and trees.

LEVELS = ("province_department", "district", "commune")
_BOUNDARIES = [dt.datetime(2024 + (m - 1) // 12, (m - 1) % 12 + 1, 1) for m in range(1, 14)]
MOMENTS = st.one_of(
    st.datetimes(min_value=dt.datetime(2023, 11, 1), max_value=dt.datetime(2025, 2, 1)),
    # The edges the rules are about: a second before, at and after a month's first instant.
    st.builds(
        lambda b, s: b + dt.timedelta(seconds=s),
        st.sampled_from(_BOUNDARIES),
        st.sampled_from([-1, 0, 1]),
    ),
)


@st.composite
def trees(draw: st.DrawFn) -> list[OrgUnit]:
    """A province with up to 7 units below it, each under an earlier one."""
    units = [OrgUnit("R", "Tỉnh", "province", None)]
    for index in range(draw(st.integers(1, 7))):
        parent = draw(st.sampled_from(units))
        level = draw(st.sampled_from(LEVELS))
        units.append(OrgUnit(f"U{index}", f"Đơn vị {index}", level, parent.code))
    return units


@st.composite
def dossiers(draw: st.DrawFn, units: list[OrgUnit]) -> dict[str, Any]:
    """A dossier consistent as the import would accept it."""
    status = draw(st.sampled_from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))
    received = draw(MOMENTS)
    ends = status in reference.ENDED
    due = None
    if draw(st.booleans()):
        days, hours = draw(st.integers(0, 60)), draw(st.integers(1, 23))
        due = received + dt.timedelta(days=days, hours=hours)
    finished = None
    if ends:
        # Often minutes around the due instant: later on the due day is still on time.
        minutes = draw(st.sampled_from([60, 1, -1, 0, -600, None]))
        if due is not None and minutes is not None:
            finished = max(received, due + dt.timedelta(minutes=minutes))
        elif draw(st.booleans()):
            finished = max(received, draw(MOMENTS))  # often exactly at a period's end
        else:
            finished = received + draw(st.timedeltas(dt.timedelta(0), dt.timedelta(days=120)))
    return {
        "unit_code": draw(st.sampled_from(units)).code,
        "procedure_code": draw(st.sampled_from(["CC1", "P1", None])),
        "channel": draw(st.sampled_from(["counter", "online", "postal"])),
        "received_at": received,
        "due_at": due,
        "finished_at": finished,
        "status": status,
        "components_digitized": draw(st.booleans()),
        "result_digitized": draw(st.booleans()),
        "e_result": draw(st.booleans()),
        "reused_data": draw(st.booleans()),
        "fee_amount": draw(st.sampled_from([0, 0, 20000])),
        "paid_online": draw(st.booleans()),
        "synced_national": draw(st.booleans()),
        "rating": draw(st.one_of(st.none(), st.integers(1, 5))),
    }


@st.composite
def worlds(draw: st.DrawFn) -> tuple[list[OrgUnit], list[dict[str, Any]]]:
    """A tree and dossiers of its units."""
    units = draw(trees())
    return units, draw(st.lists(dossiers(units), max_size=40))


COLUMNS = [
    "dossier_code", "unit_code", "procedure_code", "channel", "received_at", "due_at",
    "finished_at", "status", "components_digitized", "result_digitized", "e_result",
    "reused_data", "fee_amount", "paid_online", "synced_national", "rating",
]  # fmt: skip


def _load(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> None:
    con.execute("DELETE FROM dossiers")
    con.execute("DELETE FROM procedures")
    con.execute(
        "INSERT INTO procedures (procedure_code, name, unit_code, online_level, "
        "is_copy_certification, eligible_full_online) VALUES "
        "('CC1', 'a', 'R', 'partial', true, false), ('P1', 'b', 'R', 'full', false, true)"
    )
    if rows:
        con.executemany(
            f"INSERT INTO dossiers ({', '.join(COLUMNS)}) VALUES ({', '.join('?' for _ in COLUMNS)})",
            [[f"D{i}", *(row[c] for c in COLUMNS[1:])] for i, row in enumerate(rows)],
        )


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DuckDBStore]:
    """One store reused by every example (each example replaces its contents)."""
    with DuckDBStore(tmp_path_factory.mktemp("property") / "facts.duckdb") as opened:
        yield opened


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_engine_agrees_with_the_rules(
    shared_store: DuckDBStore,
    catalogue: Catalogue,
    world: tuple[list[OrgUnit], list[dict[str, Any]]],
) -> None:
    units, rows = world
    con = shared_store.connection
    _load(con, rows)
    compute(con, units=units, catalogue=catalogue, year=YEAR, full=True)
    expected = reference.values(rows, units, COPIES, YEAR)
    got = {
        key: (int(n), int(d))
        for key, (n, d) in _values(con).items()
        if d and key[1] in reference.INDICATORS
    }
    assert got == expected


# ---------------------------------------------------------------------------------------------
# Incremental compute and a compute that dies half-way.

BATCH_1 = """
dossier_code,unit_code,channel,received_at,due_at,finished_at,status,e_result,rating
M1,T.SA,online,2024-01-05T08:00:00,2024-01-20T17:00:00,2024-01-10T10:00:00,9,1,5
M2,H1.PTP,counter,2024-02-05T08:00:00,2024-02-20T17:00:00,2024-03-10T10:00:00,10,0,2
M3,X1,online,2024-03-05T08:00:00,,,4,0,
"""
BATCH_2 = """
dossier_code,unit_code,channel,received_at,due_at,finished_at,status,e_result,rating
M2,H1.PTP,online,2024-02-05T08:00:00,2024-02-20T17:00:00,2024-02-10T10:00:00,9,1,4
M4,H1,online,2024-05-05T08:00:00,2024-05-20T17:00:00,2024-05-10T10:00:00,9,1,
"""


def test_incremental_equals_full_after_append_and_replace(
    store: DuckDBStore, catalogue: Catalogue, tmp_path: Path
) -> None:
    con = store.connection
    _ingest(store, catalogue, Source.PROCEDURES, tmp_path / "procedures.csv", PROCEDURES)
    _ingest(store, catalogue, Source.DOSSIERS, tmp_path / "batch1.csv", BATCH_1)
    first = compute(con, units=TREE, catalogue=catalogue, year=YEAR)
    assert first.modes["dossiers"] is Mode.FULL
    _ingest(store, catalogue, Source.DOSSIERS, tmp_path / "batch2.csv", BATCH_2)
    second = compute(con, units=TREE, catalogue=catalogue, year=YEAR)
    assert second.modes["dossiers"] is Mode.INCREMENTAL
    incremental = _values(con)
    assert (
        compute(con, units=TREE, catalogue=catalogue, year=YEAR).modes["dossiers"] is Mode.UNCHANGED
    )
    compute(con, units=TREE, catalogue=catalogue, year=YEAR, full=True)
    assert _values(con) == incremental
    # M2 was replaced (counter → online), M4 appended: 4 dossiers, all online but M2's old self.
    assert incremental[("T", "online_dossiers", "year", "2024", "subtree")] == (4, 4)


def test_a_procedure_change_recomputes_dossiers_in_full(
    store: DuckDBStore, catalogue: Catalogue, tmp_path: Path
) -> None:
    con = store.connection
    _ingest(store, catalogue, Source.PROCEDURES, tmp_path / "procedures.csv", PROCEDURES)
    _ingest(store, catalogue, Source.DOSSIERS, tmp_path / "batch1.csv", BATCH_1)
    compute(con, units=TREE, catalogue=catalogue, year=YEAR)
    _ingest(
        store,
        catalogue,
        Source.PROCEDURES,
        tmp_path / "p2.csv",
        PROCEDURES.replace(
            "CC1,Chứng thực bản sao,X1,partial,1", "CC1,Chứng thực bản sao,X1,partial,0"
        ),
    )
    report = compute(con, units=TREE, catalogue=catalogue, year=YEAR)
    assert report.modes["dossiers"] is Mode.FULL


KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from chitieu.catalog import load_catalogue
    from chitieu.engine import compute as module
    from chitieu.facts.store import DuckDBStore
    from tests.engine.test_engine import TREE

    original = module._prune_changes

    def die(con):
        # Everything is written, nothing committed yet: the process dies here.
        os.kill(os.getpid(), signal.SIGKILL)

    module._prune_changes = die
    store = DuckDBStore(Path(sys.argv[1]))
    module.compute(store.connection, units=TREE, catalogue=load_catalogue(), year=2024, full=True)
    """
)


def test_a_compute_killed_half_way_leaves_the_previous_values(
    store: DuckDBStore, catalogue: Catalogue, tmp_path: Path
) -> None:
    _ingest(store, catalogue, Source.PROCEDURES, tmp_path / "procedures.csv", PROCEDURES)
    _ingest(store, catalogue, Source.DOSSIERS, tmp_path / "batch1.csv", BATCH_1)
    compute(store.connection, units=TREE, catalogue=catalogue, year=YEAR)
    before = _values(store.connection)
    _ingest(store, catalogue, Source.DOSSIERS, tmp_path / "batch2.csv", BATCH_2)
    path = store.path
    store.close()
    root = Path(__file__).resolve().parents[2]
    killed = subprocess.run(
        [sys.executable, "-c", KILLER, str(path)],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        check=False,
    )
    assert killed.returncode == -9, killed.stderr.decode()
    with DuckDBStore(path) as reopened:
        assert _values(reopened.connection) == before
        # And the next compute catches up with the second batch.
        compute(reopened.connection, units=TREE, catalogue=catalogue, year=YEAR)
        assert _values(reopened.connection)[
            ("T", "online_dossiers", "year", "2024", "subtree")
        ] == (4, 4)
