"""Every format an office may send reads to the same rows of text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from chitieu.sources.readers import CsvSource, JsonSource, ParquetSource, XlsxSource, open_source
from tests.sources.readers.builders import (
    read_rows,
    wall_clock,
    write_csv,
    write_json,
    write_parquet,
    write_xlsx,
)

HEADER = ["dossier_code", "unit_code", "received_at", "status", "fee_amount", "paid_online"]
TEXT_ROWS: list[list[str | None]] = [
    ["HS-001", "Ủy ban nhân dân xã Tân Thành", "2024-03-15T09:30:00", "10", "50000", "1"],
    ["HS-002", "Sở Tư pháp", "2024-03-16", "4", "12.5", "0"],
    ["HS-003", "UBND huyện Bù Đăng", "2024-03-17T00:00:01", "2", None, "0"],
]
# The same rows typed as a workbook holds them: dates, numbers and booleans.
CELL_ROWS: list[list[Any]] = [
    ["HS-001", "Ủy ban nhân dân xã Tân Thành", wall_clock("2024-03-15T09:30"), 10, 50000.0, True],
    ["HS-002", "Sở Tư pháp", dt.date(2024, 3, 16), 4, 12.5, False],
    ["HS-003", "UBND huyện Bù Đăng", wall_clock("2024-03-17T00:00:01"), 2, None, False],
]
JSON_ROWS: list[dict[str, Any]] = [
    {"dossier_code": "HS-001", "unit_code": "Ủy ban nhân dân xã Tân Thành",
     "received_at": "2024-03-15T09:30:00", "status": 10, "fee_amount": 50000, "paid_online": True},
    {"dossier_code": "HS-002", "unit_code": "Sở Tư pháp", "received_at": "2024-03-16",
     "status": "4", "fee_amount": 12.5, "paid_online": "0"},
    {"dossier_code": "HS-003", "unit_code": "UBND huyện Bù Đăng",
     "received_at": "2024-03-17T00:00:01", "status": 2, "fee_amount": None, "paid_online": 0},
]  # fmt: skip


def _expected(first_position: int) -> list[dict[str, str | None]]:
    return [
        {**dict(zip(HEADER, row, strict=True)), "_position": str(first_position + index)}
        for index, row in enumerate(TEXT_ROWS)
    ]


def _write(kind: str, path: Path) -> None:
    if kind == "csv":
        write_csv(path, HEADER, [[v or "" for v in row] for row in TEXT_ROWS])
    elif kind == "xlsx":
        write_xlsx(path, HEADER, CELL_ROWS)
    elif kind == "parquet":
        write_parquet(path, HEADER, TEXT_ROWS)
    else:
        write_json(path, JSON_ROWS)


@pytest.mark.parametrize(
    ("kind", "source_type", "word", "first"),
    [
        ("csv", CsvSource, "dòng", 2),
        ("xlsx", XlsxSource, "hàng", 2),
        ("parquet", ParquetSource, "bản ghi", 1),
        ("json", JsonSource, "bản ghi", 1),
    ],
)
def test_every_format_reads_to_the_same_rows(
    tmp_path: Path, kind: str, source_type: type, word: str, first: int
) -> None:
    # A misleading name: formats are recognised by content.
    path = tmp_path / "du-lieu.txt"
    _write(kind, path)
    source = open_source(path)
    assert isinstance(source, source_type)
    assert source.columns == HEADER
    assert source.position_word == word
    assert read_rows(path) == _expected(first)
    assert source.bytes_read == 0
    for _ in source.batches():
        pass
    assert source.bytes_read == source.total_bytes == path.stat().st_size


@pytest.mark.parametrize("kind", ["csv", "xlsx", "parquet", "json"])
def test_batches_hold_at_most_the_rows_asked(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"data.{kind}"
    _write(kind, path)
    sizes = [batch.num_rows for batch in open_source(path).batches(rows=2)]
    assert sizes == [2, 1]
