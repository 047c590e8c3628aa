"""Text of an import (issue 12, class 10): invisible characters pasted into codes are removed
before keys are compared; a NUL character is refused with its place, on DuckDB and on
PostgreSQL (which cannot store it) — through real imports, the store compared before and
after."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from chitieu.catalog import Catalogue
from chitieu.domain import OrgUnit, Source
from chitieu.errors import InputError
from chitieu.facts import DuckDBStore
from chitieu.facts.summary import summarize
from chitieu.sources.ingest import ingest
from chitieu.units import write_units_csv
from tests.cli.conftest import Run
from tests.sources.corpus import GOOD, HEADER, MANUAL_HEADER, write_dossiers
from tests.sources.test_ingest_postgres import server  # noqa: F401 — the PostgreSQL fixture

NUL_REASON = "chứa ký tự NUL (mã 0, hiện ở đây là ␀), thường do tệp bị hỏng hoặc xuất sai"


def _state(store: DuckDBStore) -> tuple[Any, ...]:
    con = store.connection
    rows = [
        con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
        for table in ("dossiers", "manual_values", "procedures")
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


def test_invisible_characters_in_codes_are_removed_before_keys_are_compared(
    loaded: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    dump = loaded.connection.execute("SELECT * FROM dossiers ORDER BY dossier_code").fetchall()
    pasted = [list(row) for row in GOOD]
    pasted[0][0] = "\ufeffHS-001"
    pasted[1][0] = "HS-\u200b002\u200d"
    pasted[2][0] = "\u00a0HS-003\u00a0"
    pasted[0][1] = "1.004227\u2060"
    pasted[1][1] = "2.000\u200c815"
    pasted[0][2] = "70.STP\u200b"
    pasted[2][2] = "\u200e70.H01.PTP"
    path = write_dossiers(tmp_path / "pasted.csv", pasted)
    [record] = ingest(
        loaded, Source.DOSSIERS, [path], units=units, catalogue=catalogue, actor="t"
    ).imports
    # The same three dossiers: nothing new, nothing changed.
    assert (record.rows_new, record.rows_unchanged) == (0, 3)
    assert (
        loaded.connection.execute("SELECT * FROM dossiers ORDER BY dossier_code").fetchall() == dump
    )


def test_a_procedure_code_with_a_zero_width_space_matches_the_catalogue(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    procedures = tmp_path / "procedures.csv"
    procedures.write_text(
        "procedure_code,name,unit_code,online_level\n"
        "1.004227\u200b,Đăng ký khai sinh,70.STP,full\n"
        "2.000815,Chứng thực bản sao,\ufeff70.STP,partial\n"
    )
    ingest(store, Source.PROCEDURES, [procedures], units=units, catalogue=catalogue, actor="t")
    assert store.connection.execute(
        "SELECT procedure_code, unit_code FROM procedures ORDER BY 1"
    ).fetchall() == [("1.004227", "70.STP"), ("2.000815", "70.STP")]
    # Dossiers naming the procedures plainly are of a known procedure.
    dossiers = write_dossiers(tmp_path / "dossiers.csv", GOOD)
    ingest(store, Source.DOSSIERS, [dossiers], units=units, catalogue=catalogue, actor="t")
    assert store.connection.execute("SELECT count(*) FROM dossiers").fetchone() == (3,)


def test_manual_values_with_invisible_characters_resolve(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    path = tmp_path / "manual.csv"
    path.write_text(
        MANUAL_HEADER + "regulation_update\u200b,70.STP\ufeff,2024-Q1\u2060,1,2,BC số 1\u00a0\n"
    )
    ingest(store, Source.MANUAL, [path], units=units, catalogue=catalogue, actor="t")
    assert store.connection.execute(
        "SELECT indicator, unit_code, period, evidence FROM manual_values"
    ).fetchall() == [("regulation_update", "70.STP", "2024-Q1", "BC số 1")]


def _json_dossiers(path: Path, code: str) -> Path:
    records = [dict(zip(HEADER, row, strict=True)) for row in GOOD]
    records[1]["dossier_code"] = code
    path.write_text(json.dumps(records))
    return path


def test_a_nul_in_a_json_code_is_refused_with_its_place(
    loaded: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    path = _json_dossiers(tmp_path / "nul.json", "HS-\x00002")
    before = _state(loaded)
    with pytest.raises(InputError) as refused:
        ingest(loaded, Source.DOSSIERS, [path], units=units, catalogue=catalogue, actor="t")
    assert [p.describe() for p in refused.value.problems] == [
        f"nul.json, bản ghi 2, cột 1 (dossier_code): «HS-␀002» {NUL_REASON}; hãy xóa ký tự này"
    ]
    assert _state(loaded) == before


def test_a_nul_in_any_parquet_text_is_refused_with_its_place(
    loaded: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    columns = {
        name: pa.array([row[i] for row in GOOD], pa.string()) for i, name in enumerate(HEADER)
    }
    columns["handler_code"] = pa.array(["CB-1", "CB\x00-2", None], pa.string())
    columns["status"] = pa.array(["10", "4", "9\x00"], pa.string())
    path = tmp_path / "nul.parquet"
    pq.write_table(pa.table(columns), path)
    before = _state(loaded)
    with pytest.raises(InputError) as refused:
        ingest(loaded, Source.DOSSIERS, [path], units=units, catalogue=catalogue, actor="t")
    assert [p.describe() for p in refused.value.problems] == [
        f"nul.parquet, bản ghi 2, cột 11 (handler_code): «CB␀-2» {NUL_REASON}; hãy xóa ký tự này",
        f"nul.parquet, bản ghi 3, cột 8 (status): «9␀» {NUL_REASON}; hãy xóa ký tự này",
    ]
    assert _state(loaded) == before


def test_a_nul_in_manual_evidence_is_refused(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    header = MANUAL_HEADER.strip().split(",")
    values = ["regulation_update", "70.STP", "2024-Q1", "1", "2", "BC\x00 số 1"]
    path = tmp_path / "manual.json"
    path.write_text(json.dumps([dict(zip(header, values, strict=True))]))
    before = _state(store)
    with pytest.raises(InputError) as refused:
        ingest(store, Source.MANUAL, [path], units=units, catalogue=catalogue, actor="t")
    [line] = [p.describe() for p in refused.value.problems]
    assert line.startswith("manual.json, bản ghi 1, cột 6 (evidence): «BC␀ số 1» chứa ký tự NUL")
    assert _state(store) == before


def test_a_nul_is_refused_in_server_mode_too(
    run: Run,
    server: str,  # noqa: F811 — the fixture imported above
    units: list[OrgUnit],
    tmp_path: Path,
) -> None:
    del server
    home = tmp_path / "home"
    listing = tmp_path / "units.csv"
    write_units_csv(units, listing)
    assert run("units", "load", listing, "--home", home).code == 0
    good = write_dossiers(tmp_path / "good.csv", GOOD)
    assert run("ingest", "dossiers", good, "--home", home).code == 0
    before = run("facts", "summary", "--format", "json", "--home", home)
    assert before.code == 0
    refused = run(
        "ingest", "dossiers", _json_dossiers(tmp_path / "nul.json", "HS\x00-9"), "--home", home
    )
    assert refused.code == 2
    assert "Traceback" not in refused.err
    assert "nul.json, bản ghi 2, cột 1 (dossier_code): «HS␀-9» chứa ký tự NUL" in " ".join(
        refused.err.split()
    )
    after = run("facts", "summary", "--format", "json", "--home", home)
    assert after.out == before.out
