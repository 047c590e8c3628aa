"""The readers' refusals through the real command line: one sentence with the place, exit 2,
nothing stored; and numbers the readers pass on as written refused by the typed stage."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.cli.conftest import Run
from tests.sources.corpus import GOOD, HEADER
from tests.sources.readers.builders import write_xlsx


def _summary(run: Run, home: Path) -> object:
    result = run("facts", "summary", "--format", "json", "--home", home)
    assert result.code == 0, result.err
    return json.loads(result.out)


def _refused(run: Run, home: Path, path: Path) -> str:
    """What the command printed refusing ``path``, the store checked unchanged by it."""
    before = _summary(run, home)
    result = run("ingest", "dossiers", path, "--home", home)
    assert result.code == 2, (result.out, result.err)
    assert "Traceback" not in result.err
    assert _summary(run, home) == before
    return result.err


def _json_fee(path: Path, fee: str) -> Path:
    records = [dict(zip(HEADER, row, strict=True)) for row in GOOD]
    records[0]["fee_amount"] = "@FEE@"
    path.write_text(json.dumps(records).replace('"@FEE@"', fee), encoding="utf-8")
    return path


def test_an_uncomputed_formula_is_refused_on_the_command_line(
    run: Run, home: Path, tmp_path: Path
) -> None:
    rows: list[list[object]] = [list(row) for row in GOOD]
    rows[0][8] = "=1000*6"
    path = tmp_path / "phi.xlsx"
    write_xlsx(path, HEADER, rows)
    err = _refused(run, home, path)
    assert "phi.xlsx, trang tính «Sheet», ô I2 (fee_amount): công thức chưa được tính" in err


def test_json_nested_thousands_deep_is_refused_on_the_command_line(
    run: Run, home: Path, tmp_path: Path
) -> None:
    path = tmp_path / "sau.json"
    path.write_text('[{"dossier_code": ' + "[" * 3000 + "]" * 3000 + "}]", encoding="utf-8")
    err = _refused(run, home, path)
    assert "sau.json, dòng 1, cột 2: JSON sai cú pháp: các giá trị lồng nhau quá sâu" in err


@pytest.mark.parametrize(
    ("fee", "reason"),
    [
        ('"Infinity"', "«Infinity» không phải một số hữu hạn"),
        ('"NaN"', "«NaN» không phải một số hữu hạn"),
        ("1e30", "«1000000000000000000000000000000» quá lớn"),
    ],
)
def test_json_fees_that_are_no_amount_are_refused_by_the_typed_stage(
    run: Run, home: Path, tmp_path: Path, fee: str, reason: str
) -> None:
    err = _refused(run, home, _json_fee(tmp_path / "phi.json", fee))
    assert f"phi.json, bản ghi 1, cột 9 (fee_amount): {reason}" in err


@pytest.mark.parametrize(("value", "shown"), [(math.nan, "nan"), (math.inf, "inf")])
def test_parquet_nan_and_inf_fees_are_refused_with_their_record(
    run: Run, home: Path, tmp_path: Path, value: float, shown: str
) -> None:
    columns = {name: [row[i] for row in GOOD] for i, name in enumerate(HEADER)}
    table = pa.table(
        {
            **{k: pa.array(v, pa.string()) for k, v in columns.items() if k != "fee_amount"},
            "fee_amount": pa.array([0.0, value, 1.0], pa.float64()),
        }
    )
    path = tmp_path / "phi.parquet"
    pq.write_table(table, path)
    err = _refused(run, home, path)
    assert (
        f"phi.parquet, bản ghi 2, cột 10 (fee_amount): «{shown}» không phải một số hữu hạn" in err
    )
