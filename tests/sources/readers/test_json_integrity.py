"""JSON and Parquet files that used to crash an import or store a number that is none: NaN and
Infinity tokens, 1e400, nesting thousands deep, documents that hold no record, a ``null`` record,
Parquet's NaN and inf."""

from __future__ import annotations

import json
import math
from pathlib import Path

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
from chitieu.sources.stage import stage_file
from tests.sources.corpus import GOOD, HEADER
from tests.sources.readers.builders import read_rows


def _refused(
    store: DuckDBStore, path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> list[str]:
    """The lines of an import's refusal, the store checked unchanged by it."""
    before = summarize(store).to_dict()
    with pytest.raises(InputError) as refused:
        ingest(store, Source.DOSSIERS, [path], units=units, catalogue=catalogue, actor="test")
    assert summarize(store).to_dict() == before
    return [problem.describe() for problem in refused.value.problems]


def _records_with_fee(path: Path, fee: str) -> Path:
    """The good dossiers as JSON records, the first one's fee written as ``fee`` verbatim."""
    records = [dict(zip(HEADER, row, strict=True)) for row in GOOD]
    records[0]["fee_amount"] = "@FEE@"
    text = json.dumps(records, ensure_ascii=False, indent=2).replace('"@FEE@"', fee)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_tokens_are_refused_at_their_line_and_field(
    store: DuckDBStore,
    tmp_path: Path,
    units: list[OrgUnit],
    catalogue: Catalogue,
    token: str,
) -> None:
    path = _records_with_fee(tmp_path / "vo-cuc.json", token)
    [line] = _refused(store, path, units, catalogue)
    # The fee is the 11th line of the indented file: «    "fee_amount": NaN,»
    assert line.startswith("vo-cuc.json, dòng 11, cột 19: JSON sai cú pháp: ")
    assert f"«{token}» không phải số hữu hạn (trường «fee_amount»)" in line


def test_a_number_past_every_double_is_refused_at_its_record_and_field(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    path = _records_with_fee(tmp_path / "lon.json", "1e400")
    assert _refused(store, path, units, catalogue) == [
        "lon.json, bản ghi 1, cột 9 (fee_amount): «1E+400» không phải số hữu hạn (vượt quá "
        "giới hạn của số), không phải số liệu"
    ]


def test_a_large_finite_number_reaches_the_typed_stage_as_its_digits(tmp_path: Path) -> None:
    path = tmp_path / "so.json"
    path.write_text('[{"a": 1e30, "b": 2.50, "c": 1.5E+3}]', encoding="utf-8")
    # No crash of the decimal context (quantize past 28 digits), no exponent, no float noise.
    assert read_rows(path) == [{"a": "1" + "0" * 30, "b": "2.5", "c": "1500", "_position": "1"}]


def test_national_fees_that_are_no_amount_are_refused_at_their_item(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    record = {
        "MaHoSo": "HS-1",
        "MaTTHC": "1.004227",
        "DonViXuLy": "70.STP",
        "KenhThucHien": "2",
        "NgayTiepNhan": "20240102090000",
        "TrangThaiHoSo": "2",
        "DanhSachLePhi": "@FEES@",
    }
    path = tmp_path / "dvc.json"
    fees = '[{"Gia": "Infinity"}, {"Gia": 1e400}, {"Gia": "1000"}]'
    path.write_text(json.dumps([record]).replace('"@FEES@"', fees), encoding="utf-8")
    assert _refused(store, path, units, catalogue) == [
        "dvc.json, bản ghi 1 (DanhSachLePhi[1].Gia): «Infinity» không phải số tiền (không hữu hạn)",
        "dvc.json, bản ghi 1 (DanhSachLePhi[2].Gia): «1E+400» không phải số tiền (không hữu hạn)",
    ]


def test_nesting_thousands_deep_is_refused_not_a_crash(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    path = tmp_path / "sau.json"
    path.write_text(
        '[{"dossier_code": "HS-1", "x": ' + "[" * 3000 + "]" * 3000 + "}]", encoding="utf-8"
    )
    assert _refused(store, path, units, catalogue) == [
        "sau.json, dòng 1, cột 2: JSON sai cú pháp: các giá trị lồng nhau quá sâu (hàng nghìn "
        "cấp «[» hay «{»), không đọc được"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[null]", "x.json, bản ghi 1: bản ghi là «null», không phải một đối tượng JSON «{…}»"),
        ("null", "x.json, dòng 1: tệp JSON phải là một mảng bản ghi «[{…}, {…}]»"),
        ("42", "x.json, dòng 1: tệp JSON phải là một mảng bản ghi «[{…}, {…}]»"),
        ("[1,2]", "x.json, bản ghi 1: bản ghi không phải một đối tượng JSON «{…}»"),
        (
            "{}",
            "x.json, bản ghi 1: bản ghi đầu tiên không có trường nào «{}» (bản ghi đầu tiên "
            "quyết định các cột)",
        ),
        ("[]", "x.json: tệp JSON không có bản ghi nào"),
    ],
)
def test_documents_without_records_are_a_sentence_with_the_place(
    store: DuckDBStore,
    tmp_path: Path,
    units: list[OrgUnit],
    catalogue: Catalogue,
    text: str,
    expected: str,
) -> None:
    path = tmp_path / "x.json"
    path.write_text(text, encoding="utf-8")
    assert _refused(store, path, units, catalogue) == [expected]


def test_a_null_record_among_records_is_named(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    records: list[object] = [dict(zip(HEADER, row, strict=True)) for row in GOOD]
    records.insert(1, None)
    path = tmp_path / "rong.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    assert _refused(store, path, units, catalogue) == [
        "rong.json, bản ghi 2: bản ghi là «null», không phải một đối tượng JSON «{…}»"
    ]


def test_parquet_nan_and_inf_reach_the_typed_stage_as_themselves(tmp_path: Path) -> None:
    columns = {name: [row[i] for row in GOOD] for i, name in enumerate(HEADER)}
    table = pa.table(
        {
            **{k: pa.array(v, pa.string()) for k, v in columns.items() if k != "fee_amount"},
            "fee_amount": pa.array([math.nan, math.inf, None], pa.float64()),
        }
    )
    path = tmp_path / "kep.parquet"
    pq.write_table(table, path)
    con = duckdb.connect()
    stage_file(con, path, Source.DOSSIERS, "staged")
    rows = con.execute("SELECT fee_amount FROM staged ORDER BY _position").fetchall()
    fees = [fee for (fee,) in rows]
    # Neither turned into an empty cell, which would then take the default fee.
    assert math.isnan(fees[0])
    assert fees[1:] == [math.inf, None]


def test_an_integer_of_thousands_of_digits_is_refused_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "dai.json"
    # Python refuses to turn more than 4,300 digits into an int, with a ValueError.
    path.write_text('[{"a": 1' + "0" * 5000 + "}]", encoding="utf-8")
    with pytest.raises(InputError) as refused:
        read_rows(path)
    assert [p.describe() for p in refused.value.problems] == [
        "dai.json, bản ghi 1, cột 1 (a): «1E+5000» không phải số hữu hạn (vượt quá giới hạn "
        "của số), không phải số liệu"
    ]


def test_nan_in_a_string_is_not_taken_for_the_token(tmp_path: Path) -> None:
    path = tmp_path / "chuoi.json"
    path.write_text('[{"ghi chu": "NaN", "a": NaN}]', encoding="utf-8")
    with pytest.raises(InputError) as refused:
        read_rows(path)
    [problem] = [p.describe() for p in refused.value.problems]
    assert problem.startswith("chuoi.json, dòng 1, cột 26: JSON sai cú pháp: «NaN» không phải số")
    assert "(trường «a»)" in problem
