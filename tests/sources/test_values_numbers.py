"""Numbers of an import (issue 12, classes 2, 6 and 15): never infinite or NaN, thousands never
read as decimals, codes beyond 32 bits a refusal with its place — through real imports, the
store compared before and after."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from chitieu.catalog import Catalogue
from chitieu.domain import OrgUnit, Source
from chitieu.errors import InputError
from chitieu.facts import DuckDBStore
from chitieu.facts.summary import summarize
from chitieu.sources.ingest import ingest
from chitieu.sources.values import decimal_value, integer_value, whole_number_value
from tests.sources.corpus import GOOD, HEADER, MANUAL_HEADER, dossier_rows, write_dossiers

FEE, STATUS = HEADER.index("fee_amount"), HEADER.index("status")


def _state(store: DuckDBStore) -> tuple[Any, ...]:
    """Everything a refused import must leave as it was: the summary and every stored row."""
    con = store.connection
    dossiers = con.execute("SELECT * FROM dossiers ORDER BY dossier_code").fetchall()
    manual = con.execute("SELECT * FROM manual_values ORDER BY ALL").fetchall()
    return summarize(store).to_dict(), dossiers, manual


@pytest.fixture
def loaded(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> DuckDBStore:
    """A store holding the good dossiers and one manual value."""
    good = write_dossiers(tmp_path / "good.csv", GOOD)
    ingest(store, Source.DOSSIERS, [good], units=units, catalogue=catalogue, actor="t")
    manual = tmp_path / "good-manual.csv"
    manual.write_text(MANUAL_HEADER + "regulation_update,70.STP,2024-Q1,3,4,BC số 1\n")
    ingest(store, Source.MANUAL, [manual], units=units, catalogue=catalogue, actor="t")
    return store


def _refused(
    store: DuckDBStore,
    source: Source,
    path: Path,
    units: list[OrgUnit],
    catalogue: Catalogue,
) -> list[str]:
    """The refusal's lines; the store is asserted unchanged."""
    before = _state(store)
    with pytest.raises(InputError) as refused:
        ingest(store, source, [path], units=units, catalogue=catalogue, actor="t")
    assert _state(store) == before
    return [problem.describe() for problem in refused.value.problems]


NOT_FINITE = "không phải một số hữu hạn"
TOO_LARGE = "quá lớn"
AMBIGUOUS = "dấu phẩy theo sau là đúng ba chữ số"


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("inf", NOT_FINITE),
        ("-inf", NOT_FINITE),
        ("nan", NOT_FINITE),
        ("NaN", NOT_FINITE),
        ("Infinity", NOT_FINITE),
        ("-Infinity", NOT_FINITE),
        ("1e400", TOO_LARGE),
        ("9" * 400, TOO_LARGE),
        ("1e30", TOO_LARGE),
        ("15,000", AMBIGUOUS),
        ("1,500", AMBIGUOUS),
        ("1,500,000", AMBIGUOUS),
    ],
)
def test_a_fee_that_is_no_finite_amount_or_an_english_thousand_is_refused(
    written: str,
    reason: str,
    loaded: DuckDBStore,
    tmp_path: Path,
    units: list[OrgUnit],
    catalogue: Catalogue,
) -> None:
    path = write_dossiers(tmp_path / "fee.csv", dossier_rows(row2={FEE: written}))
    lines = _refused(loaded, Source.DOSSIERS, path, units, catalogue)
    assert lines == [lines[0]]
    assert lines[0].startswith(f"fee.csv, dòng 3, cột 9 (fee_amount): «{written}»")
    assert reason in lines[0]


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("15000", 15000.0),
        ("15.000", 15000.0),  # Vietnamese thousands
        ("1.500.000", 1_500_000.0),
        ("1.500", 1500.0),
        ("15000.0", 15000.0),
        ("15.000,5", 15000.5),
        ("1,5", 1.5),  # a decimal comma: one digit after it cannot be thousands
        ("15000.5", 15000.5),
    ],
)
def test_fees_written_the_vietnamese_way_are_read(
    written: str,
    stored: float,
    store: DuckDBStore,
    tmp_path: Path,
    units: list[OrgUnit],
    catalogue: Catalogue,
) -> None:
    path = write_dossiers(tmp_path / "fee.csv", dossier_rows(row1={FEE: written}))
    ingest(store, Source.DOSSIERS, [path], units=units, catalogue=catalogue, actor="t")
    row = store.connection.execute(
        "SELECT fee_amount FROM dossiers WHERE dossier_code = 'HS-001'"
    ).fetchone()
    assert row == (stored,)


@pytest.mark.parametrize(
    ("numerator", "denominator", "column", "written", "reason"),
    [
        ("1", "inf", "denominator", "inf", NOT_FINITE),
        ("1", "Infinity", "denominator", "Infinity", NOT_FINITE),
        ("nan", "4", "numerator", "nan", NOT_FINITE),
        ("1", "1e400", "denominator", "1e400", "dạng lũy thừa"),
        ("1", '"15,000"', "denominator", "15,000", "không viết dấu phẩy"),
        ('"1,5"', "4", "numerator", "1,5", "hãy viết 15000 hoặc 15.000"),
        ("1.5", "4", "numerator", "1.5", "số đếm không có phần lẻ"),
        ("1", "1e30", "denominator", "1e30", "dạng lũy thừa"),
    ],
)
def test_a_manual_count_that_is_no_finite_whole_number_is_refused_at_import(
    numerator: str,
    denominator: str,
    column: str,
    written: str,
    reason: str,
    loaded: DuckDBStore,
    tmp_path: Path,
    units: list[OrgUnit],
    catalogue: Catalogue,
) -> None:
    # A manual «inf» used to be stored, and then broke every later status and lagging.
    path = tmp_path / "manual.csv"
    path.write_text(
        MANUAL_HEADER + f"online_documents,70.STP,2024-Q1,{numerator},{denominator},BC số 2\n"
    )
    lines = _refused(loaded, Source.MANUAL, path, units, catalogue)
    index = 4 if column == "numerator" else 5
    assert len(lines) == 1
    assert lines[0].startswith(f"manual.csv, dòng 2, cột {index} ({column}): «{written}»")
    assert reason in lines[0]


def test_manual_counts_with_vietnamese_thousands_are_read(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    path = tmp_path / "manual.csv"
    path.write_text(MANUAL_HEADER + "online_documents,70.STP,2024-Q1,12.500,15.000,BC số 3\n")
    ingest(store, Source.MANUAL, [path], units=units, catalogue=catalogue, actor="t")
    assert store.connection.execute(
        "SELECT numerator, denominator FROM manual_values"
    ).fetchall() == [(12500.0, 15000.0)]


@pytest.mark.parametrize("written", ["99999999999", "1e30", "-99999999999", "2147483648"])
def test_a_status_beyond_32_bits_is_a_refusal_with_its_place(
    written: str,
    loaded: DuckDBStore,
    tmp_path: Path,
    units: list[OrgUnit],
    catalogue: Catalogue,
) -> None:
    path = write_dossiers(tmp_path / "status.csv", dossier_rows(row3={STATUS: written}))
    assert _refused(loaded, Source.DOSSIERS, path, units, catalogue) == [
        f"status.csv, dòng 4, cột 8 (status): «{written}» không phải mã trạng thái hồ sơ (1–10)"
    ]


def test_a_rating_beyond_32_bits_is_a_refusal_with_its_place(
    loaded: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    rows = [[*row, rating] for row, rating in zip(GOOD, ["5", "99999999999", "1e30"], strict=True)]
    path = write_dossiers(tmp_path / "rating.csv", rows, [*HEADER, "rating"])
    assert _refused(loaded, Source.DOSSIERS, path, units, catalogue) == [
        "rating.csv, dòng 3, cột 11 (rating): «99999999999» không phải mức đánh giá (1–5)",
        "rating.csv, dòng 4, cột 11 (rating): «1e30» không phải mức đánh giá (1–5)",
    ]


def _parquet(path: Path, column: str, values: pa.Array) -> Path:
    """The good dossiers as Parquet text columns, but ``column`` typed as ``values``."""
    columns = {
        name: pa.array([row[i] for row in GOOD], pa.string()) for i, name in enumerate(HEADER)
    }
    columns[column] = values
    pq.write_table(pa.table(columns), path)
    return path


@pytest.mark.parametrize(
    ("value", "shown", "reason"),
    [
        (math.nan, "nan", NOT_FINITE),
        (math.inf, "inf", NOT_FINITE),
        (-math.inf, "-inf", NOT_FINITE),
        (1e30, "1e+30", TOO_LARGE),
    ],
)
def test_a_parquet_double_fee_that_is_not_finite_is_refused(
    value: float,
    shown: str,
    reason: str,
    loaded: DuckDBStore,
    tmp_path: Path,
    units: list[OrgUnit],
    catalogue: Catalogue,
) -> None:
    path = _parquet(tmp_path / "fee.parquet", "fee_amount", pa.array([0.0, value, 5.0]))
    lines = _refused(loaded, Source.DOSSIERS, path, units, catalogue)
    assert len(lines) == 1
    assert lines[0].startswith(f"fee.parquet, bản ghi 2, cột 9 (fee_amount): «{shown}»")
    assert reason in lines[0]


def test_parquet_int64_and_double_statuses_beyond_32_bits_are_refused(
    loaded: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    wide = _parquet(
        tmp_path / "int64.parquet", "status", pa.array([10, 99999999999, 9], pa.int64())
    )
    assert _refused(loaded, Source.DOSSIERS, wide, units, catalogue) == [
        "int64.parquet, bản ghi 2, cột 8 (status): «99999999999» không phải mã trạng thái hồ sơ "
        "(1–10)"
    ]
    huge = _parquet(tmp_path / "double.parquet", "status", pa.array([10.0, 4.0, 1e30]))
    assert _refused(loaded, Source.DOSSIERS, huge, units, catalogue) == [
        "double.parquet, bản ghi 3, cột 8 (status): «1e+30» không phải mã trạng thái hồ sơ (1–10)"
    ]


def test_json_numbers_beyond_range_and_infinity_are_refused(
    loaded: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    records: list[dict[str, Any]] = [dict(zip(HEADER, row, strict=True)) for row in GOOD]
    records[0]["status"] = 99999999999
    records[1]["fee_amount"] = "Infinity"
    records[2]["status"] = 1e30
    path = tmp_path / "numbers.json"
    path.write_text(json.dumps(records))
    lines = _refused(loaded, Source.DOSSIERS, path, units, catalogue)
    assert lines[0] == (
        "numbers.json, bản ghi 1, cột 8 (status): «99999999999» không phải mã trạng thái hồ sơ "
        "(1–10)"
    )
    assert lines[1].startswith("numbers.json, bản ghi 2, cột 9 (fee_amount): «Infinity»")
    assert NOT_FINITE in lines[1]
    assert lines[2].startswith("numbers.json, bản ghi 3, cột 8 (status): «")
    assert len(lines) == 3


def test_the_conversions_never_give_a_non_finite_number_whatever_the_raw_type() -> None:
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE raw AS SELECT * FROM (VALUES ('inf', CAST('inf' AS DOUBLE), "
        "CAST(99999999999 AS BIGINT)), ('nan', CAST('nan' AS DOUBLE), CAST(7 AS BIGINT)), "
        "('-Infinity', CAST('-inf' AS DOUBLE), CAST(-1 AS BIGINT)), ('1e400', 1e300, "
        "CAST(2147483648 AS BIGINT))) AS v(text, real, wide)"
    )
    got = con.execute(
        f"SELECT {decimal_value('text', 'VARCHAR')}, {whole_number_value('text', 'VARCHAR')}, "
        f"{decimal_value('real', 'DOUBLE')}, {whole_number_value('real', 'DOUBLE')}, "
        f"{integer_value('wide', 'BIGINT')} FROM raw"
    ).fetchall()
    assert got == [
        (None, None, None, None, None),
        (None, None, None, None, 7),
        (None, None, None, None, -1),
        (None, None, None, None, None),
    ]
