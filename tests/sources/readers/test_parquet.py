"""Parquet: the file's own types, text in NFC, and bounded memory however large the file."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from chitieu.sources.readers import ParquetSource, open_source
from tests.sources.readers.builders import refusal, wall_clock

ROWS = 1_000_000


def _large_file(path: Path) -> int:
    """A million dossiers in row groups of 100,000; returns their size in memory, in bytes."""
    numbers = pa.array(np.arange(ROWS, dtype=np.int64))
    table = pa.table(
        {
            "dossier_code": pc.binary_join_element_wise("HS-", pc.cast(numbers, pa.string()), ""),
            "unit_code": pa.array(["Ủy ban nhân dân xã Tân Thành", "Sở Tư pháp"] * (ROWS // 2)),
            "received_at": pc.cast(pc.multiply(numbers, 60), pa.timestamp("s")),
            "fee_amount": pc.multiply(pc.cast(numbers, pa.float64()), 0.5),
        }
    )
    pq.write_table(table, path, row_group_size=100_000)
    return int(table.nbytes)


def test_a_million_rows_in_bounded_batches_and_memory(tmp_path: Path) -> None:
    path = tmp_path / "lon.parquet"
    whole = _large_file(path)
    source = open_source(path)
    assert isinstance(source, ParquetSource)
    sizes: list[int] = []
    peak = 0
    expected_position = 1
    before = pa.total_allocated_bytes()
    for batch in source.batches(rows=50_000):
        sizes.append(batch.num_rows)
        positions = batch.column("_position").to_numpy()
        assert positions[0] == expected_position
        assert (np.diff(positions) == 1).all()
        expected_position += batch.num_rows
        peak = max(peak, pa.total_allocated_bytes() - before)
        assert 0 < source.bytes_read <= source.total_bytes
    assert sum(sizes) == ROWS
    assert max(sizes) == 50_000
    # Arrow memory in use while reading stays a small fraction of the file's data (about a row
    # group and a batch: 11 MB of 54 MB when measured).
    assert whole > 50 << 20
    assert peak < whole // 3


def test_own_types_untouched_text_in_nfc(tmp_path: Path) -> None:
    path = tmp_path / "kieu.parquet"
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")
    table = pa.table(
        {
            "ma": pa.array(["A", None]),
            "ten": pa.array([nfd, "Sở"], pa.large_string()),
            "so": pa.array([1, 2], pa.int32()),
            "luc": pa.array([wall_clock("2024-03-15T09:30"), None], pa.timestamp("ms")),
            "co": pa.array([True, False]),
        }
    )
    pq.write_table(table, path)
    batches = list(open_source(path).batches())
    assert len(batches) == 1
    batch = batches[0]
    assert batch.schema.types == [
        pa.string(),
        pa.large_string(),
        pa.int32(),
        pa.timestamp("ms"),
        pa.bool_(),
        pa.int64(),
    ]
    assert batch.to_pylist() == [
        {"ma": "A", "ten": "Nguyễn Thị Ánh Tuyết", "so": 1,
         "luc": wall_clock("2024-03-15T09:30"), "co": True, "_position": 1},
        {"ma": None, "ten": "Sở", "so": 2, "luc": None, "co": False, "_position": 2},
    ]  # fmt: skip


def test_column_names_are_cleaned_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "ten.parquet"
    pq.write_table(pa.table({unicodedata.normalize("NFD", " Mã hồ sơ "): ["A"]}), path)
    assert open_source(path).columns == ["Mã hồ sơ"]
    assert next(open_source(path).batches()).schema.names == ["Mã hồ sơ", "_position"]

    repeated = tmp_path / "lap.parquet"
    pq.write_table(pa.Table.from_arrays([pa.array(["A"]), pa.array(["B"])], ["ma", "ma"]), repeated)
    assert refusal(repeated) == ["lap.parquet, cột 2: tiêu đề «ma» lặp lại (đã có ở cột 1)"]
