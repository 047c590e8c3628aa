"""The files a demo writes: names, columns, the same rows in CSV and Parquet, determinism."""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from chitieu.demo import DemoSummary, generate_demo
from chitieu.domain import FACT_COLUMNS, OrgUnit, Source, TargetSet
from chitieu.errors import ChitieuError
from tests.demo.conftest import SMALL_DOSSIERS
from tests.demo.duck import connect, scalar
from tests.demo.trees import small_tree

NAMES = {
    "dossiers.parquet",
    "dossiers.csv",
    "dossiers_dvcqg_sample.json",
    "procedures.csv",
    "publications.csv",
    "feedback.csv",
    "manual.csv",
    "officials.csv",
}


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return next(csv.reader(handle))


def _rows(path: Path) -> int:
    with path.open(encoding="utf-8") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def test_the_summary_names_every_file_and_its_count(small_demo: DemoSummary) -> None:
    out = small_demo.dossiers_csv.path.parent
    assert {f.path.name for f in small_demo.files} == NAMES
    assert {p.name for p in out.iterdir()} == NAMES, "no temporaries are left behind"
    assert small_demo.dossiers_parquet.rows == small_demo.dossiers_csv.rows == SMALL_DOSSIERS
    assert pq.ParquetFile(small_demo.dossiers_parquet.path).metadata.num_rows == SMALL_DOSSIERS
    for file in small_demo.files:
        if file.path.suffix == ".csv":
            assert _rows(file.path) == file.rows, file.path.name
    assert (small_demo.province, small_demo.year) == ("Bình Phước", 2024)


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("dossiers.csv", Source.DOSSIERS),
        ("procedures.csv", Source.PROCEDURES),
        ("publications.csv", Source.PUBLICATIONS),
        ("feedback.csv", Source.FEEDBACK),
        ("manual.csv", Source.MANUAL),
    ],
)
def test_csv_columns_are_the_canonical_ones(
    small_demo: DemoSummary, name: str, source: Source
) -> None:
    out = small_demo.dossiers_csv.path.parent
    assert _header(out / name) == list(FACT_COLUMNS[source])


def test_parquet_columns_are_the_canonical_ones(small_demo: DemoSummary) -> None:
    schema = pq.read_schema(small_demo.dossiers_parquet.path)
    assert schema.names == list(FACT_COLUMNS[Source.DOSSIERS])
    received = schema.field("received_at").type
    assert pa.types.is_timestamp(received)
    assert received.tz is None, "local time, without an offset"
    assert pa.types.is_boolean(schema.field("e_result").type)


def test_officials_have_the_unit_loaders_columns(small_demo: DemoSummary) -> None:
    assert _header(small_demo.officials.path) == ["code", "name", "level", "parent_code"]


def test_csv_and_parquet_hold_the_same_rows(small_demo: DemoSummary) -> None:
    con = connect(small_demo)
    for left, right in (("dossiers", "dossiers_csv"), ("dossiers_csv", "dossiers")):
        assert scalar(con, f"SELECT count(*) FROM (FROM {left} EXCEPT ALL FROM {right})") == 0
    assert scalar(con, "SELECT count(*) FROM dossiers_csv") == SMALL_DOSSIERS


def test_csv_writes_iso_timestamps_booleans_as_1_0_and_absent_values_empty(
    small_demo: DemoSummary,
) -> None:
    with small_demo.dossiers_csv.path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert all(len(row["received_at"]) == 19 and row["received_at"][10] == "T" for row in rows)
    assert {row["e_result"] for row in rows} == {"0", "1"}
    assert "" in {row["rating"] for row in rows}
    assert "" in {row["finished_at"] for row in rows}


def _generate(
    units: list[OrgUnit], target_set: TargetSet, seed: int, out: Path
) -> dict[str, bytes]:
    generate_demo(units, target_set, dossiers=3_000, seed=seed, out=out)
    return {name: (out / name).read_bytes() for name in NAMES}


def test_the_same_seed_gives_the_same_files(tmp_path: Path, target_set: TargetSet) -> None:
    first = _generate(small_tree(), target_set, 5, tmp_path / "a")
    second = _generate(small_tree(), target_set, 5, tmp_path / "b")
    assert first == second


def test_another_seed_gives_other_files(tmp_path: Path, target_set: TargetSet) -> None:
    first = _generate(small_tree(), target_set, 5, tmp_path / "a")
    other = _generate(small_tree(), target_set, 6, tmp_path / "b")
    assert all(first[name] != other[name] for name in NAMES)


def test_progress_counts_the_dossiers_written(tmp_path: Path, target_set: TargetSet) -> None:
    seen: list[int] = []
    generate_demo(
        small_tree(), target_set, dossiers=450_000, seed=1, out=tmp_path, progress=seen.append
    )
    assert len(seen) > 1, "written in several chunks"
    assert seen == sorted(seen)
    assert seen[-1] == 450_000


def test_no_dossiers_still_writes_every_file(tmp_path: Path, target_set: TargetSet) -> None:
    summary = generate_demo(small_tree(), target_set, dossiers=0, seed=1, out=tmp_path)
    assert summary.dossiers_csv.rows == 0
    assert _header(summary.dossiers_csv.path) == list(FACT_COLUMNS[Source.DOSSIERS])
    assert pq.ParquetFile(summary.dossiers_parquet.path).metadata.num_rows == 0
    assert summary.dossiers_dvcqg_sample.path.read_text(encoding="utf-8").strip() == "[]"


def test_a_negative_count_is_refused(tmp_path: Path, target_set: TargetSet) -> None:
    with pytest.raises(ChitieuError, match="không âm"):
        generate_demo(small_tree(), target_set, dossiers=-1, seed=1, out=tmp_path)


def test_a_tree_without_units_that_handle_dossiers_is_refused(
    tmp_path: Path, target_set: TargetSet
) -> None:
    with pytest.raises(ChitieuError, match="Cây đơn vị"):
        generate_demo(
            [OrgUnit("70", "UBND tỉnh", "province")], target_set, dossiers=10, seed=1, out=tmp_path
        )
    assert list(tmp_path.iterdir()) == []
