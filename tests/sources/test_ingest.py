"""Importing every kind of fact from the demo's files and from hand-made ones: the stored rows
are exactly what the files say, read independently with plain DuckDB."""

from __future__ import annotations

from pathlib import Path

import pytest

from chitieu.catalog import Catalogue
from chitieu.demo import DemoSummary
from chitieu.domain import OrgUnit, Source
from chitieu.errors import InputError
from chitieu.facts import TABLES, DuckDBStore
from chitieu.facts.summary import summarize
from chitieu.sources import validate
from chitieu.sources.ingest import IngestReport, ingest
from tests.demo.duck import DUCK_TYPES
from tests.sources.corpus import GOOD, HEADER, write_dossiers
from tests.sources.readers.builders import wall_clock


def _load(
    store: DuckDBStore,
    source: Source,
    paths: list[Path],
    units: list[OrgUnit],
    catalogue: Catalogue,
    *,
    force: bool = False,
) -> IngestReport:
    return ingest(store, source, paths, units=units, catalogue=catalogue, actor="test", force=force)


def _typed_csv(path: Path, source: Source) -> str:
    """The file read by DuckDB's own CSV reader with the canonical types: the independent view."""
    columns = TABLES[source].columns
    types = ", ".join(f"'{name}': '{DUCK_TYPES[kind]}'" for name, kind in columns.items())
    return f"read_csv('{path}', header = true, columns = {{{types}}})"


def _differences(store: DuckDBStore, source: Source, expected: str) -> int:
    table = TABLES[source]
    columns = ", ".join(table.columns)
    row = store.connection.execute(
        f"SELECT count(*) FROM ((SELECT {columns} FROM {table.name} EXCEPT ALL "
        f"SELECT {columns} FROM {expected}) UNION ALL (SELECT {columns} FROM {expected} "
        f"EXCEPT ALL SELECT {columns} FROM {table.name}))"
    ).fetchall()
    return int(row[0][0])


def _rows(store: DuckDBStore, sql: str) -> list[tuple[object, ...]]:
    return [tuple(row) for row in store.connection.execute(sql).fetchall()]


@pytest.mark.parametrize(
    ("source", "attribute"),
    [
        (Source.DOSSIERS, "dossiers_csv"),
        (Source.PROCEDURES, "procedures"),
        (Source.PUBLICATIONS, "publications"),
        (Source.FEEDBACK, "feedback"),
        (Source.MANUAL, "manual"),
    ],
)
def test_demo_file_is_stored_exactly(
    source: Source,
    attribute: str,
    demo: DemoSummary,
    store: DuckDBStore,
    units: list[OrgUnit],
    catalogue: Catalogue,
) -> None:
    demo_file = getattr(demo, attribute)
    report = _load(store, source, [demo_file.path], units, catalogue)
    [record] = report.imports
    assert record.rows_read == record.rows_written == demo_file.rows > 0
    assert report.warnings == []
    assert _differences(store, source, _typed_csv(demo_file.path, source)) == 0


def test_parquet_and_csv_of_the_same_dossiers_store_the_same_rows(
    demo: DemoSummary, store: DuckDBStore, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    _load(store, Source.DOSSIERS, [demo.dossiers_parquet.path], units, catalogue)
    expected = _typed_csv(demo.dossiers_csv.path, Source.DOSSIERS)
    assert _differences(store, Source.DOSSIERS, expected) == 0


def test_national_sync_json_replaces_the_same_dossiers(
    demo: DemoSummary, store: DuckDBStore, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    _load(store, Source.DOSSIERS, [demo.dossiers_csv.path], units, catalogue)
    report = _load(store, Source.DOSSIERS, [demo.dossiers_dvcqg_sample.path], units, catalogue)
    sample = demo.dossiers_dvcqg_sample.rows
    [record] = report.imports
    # Every sampled dossier was stored already: replaced where the portal's copy says more
    # (synchronised), left alone where it says the same.
    assert record.rows_new == 0
    assert record.rows_replaced == record.rows_written > 0
    assert (record.rows_replaced or 0) + (record.rows_unchanged or 0) == sample
    assert summarize(store).tables["dossiers"].rows == demo.dossiers_csv.rows
    # The sync records name units by name and dates as yyyyMMddHHmmss: read back to our codes
    # and the same instants as the one-stop system's own export.
    csv = _typed_csv(demo.dossiers_csv.path, Source.DOSSIERS)
    same = _rows(
        store,
        f"SELECT count(*) FROM dossiers d JOIN {csv} c USING (dossier_code) "
        f"JOIN (SELECT MaHoSo AS dossier_code FROM read_json('{demo.dossiers_dvcqg_sample.path}'))"
        " USING (dossier_code) WHERE d.synced_national AND d.unit_code = c.unit_code AND d.received_at = c.received_at "
        "AND d.channel = c.channel AND d.due_at IS NOT DISTINCT FROM c.due_at",
    )
    assert same == [(sample,)]


def test_the_same_file_twice_leaves_an_identical_store(
    demo: DemoSummary, store: DuckDBStore, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    path = demo.dossiers_csv.path
    _load(store, Source.DOSSIERS, [path], units, catalogue)
    before = summarize(store).to_dict()
    dump = _rows(store, "SELECT * FROM dossiers ORDER BY dossier_code")
    again = _load(store, Source.DOSSIERS, [path], units, catalogue)
    assert again.imports == []
    assert [name for name, _ in again.skipped] == [path.name]
    assert summarize(store).to_dict() == before
    forced = _load(store, Source.DOSSIERS, [path], units, catalogue, force=True)
    [record] = forced.imports
    assert (record.rows_new, record.rows_replaced) == (0, 0)
    assert record.rows_unchanged == record.rows_read == demo.dossiers_csv.rows
    assert _rows(store, "SELECT * FROM dossiers ORDER BY dossier_code") == dump
    after = summarize(store).to_dict()
    assert after["tables"] == before["tables"]
    assert len(after["imports"]) == len(before["imports"]) + 1


def test_the_latest_export_wins(
    tmp_path: Path, store: DuckDBStore, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    first = write_dossiers(tmp_path / "monday.csv", GOOD)
    changed = [[*GOOD[1][:6], "2024-02-05T10:00:00", "10", *GOOD[1][8:]]]
    second = write_dossiers(tmp_path / "tuesday.csv", changed)
    _load(store, Source.DOSSIERS, [first], units, catalogue)
    _load(store, Source.DOSSIERS, [second], units, catalogue)
    assert _rows(store, "SELECT dossier_code, status, finished_at FROM dossiers ORDER BY 1") == [
        ("HS-001", 10, wall_clock("2024-01-05T10:00")),
        ("HS-002", 10, wall_clock("2024-02-05T10:00")),
        ("HS-003", 9, wall_clock("2024-03-06T09:00")),
    ]


def test_identical_repeats_in_one_file_are_stored_once(
    tmp_path: Path, store: DuckDBStore, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    path = write_dossiers(tmp_path / "repeats.csv", [*GOOD, GOOD[0], GOOD[0]])
    [record] = _load(store, Source.DOSSIERS, [path], units, catalogue).imports
    assert (record.rows_read, record.rows_written) == (5, 3)


def test_repeats_are_found_when_the_keys_are_checked_in_slices(
    tmp_path: Path,
    store: DuckDBStore,
    units: list[OrgUnit],
    catalogue: Catalogue,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As a file of a hundred million rows is checked: here one key a pass.
    monkeypatch.setattr(validate, "MIN_GROUPS", 1)
    monkeypatch.setattr(validate, "GROUP_BYTES", 1 << 60)
    identical = write_dossiers(tmp_path / "identical.csv", [*GOOD, GOOD[0], GOOD[2]])
    [record] = _load(store, Source.DOSSIERS, [identical], units, catalogue).imports
    assert (record.rows_read, record.rows_written) == (5, 3)
    differing = write_dossiers(
        tmp_path / "differing.csv", [*GOOD, [*GOOD[2][:7], "10", *GOOD[2][8:]]]
    )
    with pytest.raises(InputError) as refused:
        _load(store, Source.DOSSIERS, [differing], units, catalogue)
    assert [p.describe() for p in refused.value.problems] == [
        "differing.csv, dòng 4, cột 1 (dossier_code): mã «HS-003» xuất hiện nhiều lần với nội "
        "dung khác nhau (cả ở dòng 5)"
    ]
    assert not list(store.scratch.glob("stage-*"))


def test_values_as_offices_write_them(
    tmp_path: Path, store: DuckDBStore, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    rows = [
        ["Z-1", "1.0", "70.STP", "Trực tuyến", "2024-01-02T02:00:00Z", "", "", "2", "15.000", "true"],
        ["Z-2", "1.0", "UBND xã Mẫu 2", "1", "2024-01-02T09:00:00+07:00", "", "", "2", "0", "0"],
        ["Z-3", "1.0", "Sở Tư pháp", "bưu chính", "20240102090000", "", "", "2", "1,5", "FALSE"],
        ["Z-4", "1.0", "70.X0003", "ONLINE", "02/01/2024 09:00", "", "", "2", "", "có"],
        ["Z-5", "1.0", "70.X0003", "counter", "2024-01-02T04:00:00-05:00", "", "", "2", "", ""],
    ]  # fmt: skip
    path = write_dossiers(tmp_path / "written.csv", rows)
    _load(store, Source.DOSSIERS, [path], units, catalogue)
    assert _rows(
        store,
        "SELECT dossier_code, unit_code, channel, received_at, fee_amount, paid_online "
        "FROM dossiers ORDER BY 1",
    ) == [
        ("Z-1", "70.STP", "online", wall_clock("2024-01-02T09:00"), 15000.0, True),
        ("Z-2", "70.X0002", "counter", wall_clock("2024-01-02T09:00"), 0.0, False),
        ("Z-3", "70.STP", "postal", wall_clock("2024-01-02T09:00"), 1.5, False),
        ("Z-4", "70.X0003", "online", wall_clock("2024-01-02T09:00"), 0.0, True),
        ("Z-5", "70.X0003", "counter", wall_clock("2024-01-02T16:00"), 0.0, False),
    ]


@pytest.mark.parametrize("suffix", [".xlsx", ".json"])
def test_workbooks_and_json_records_read_like_csv(
    suffix: str, tmp_path: Path, store: DuckDBStore, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    csv = write_dossiers(tmp_path / "same.csv", GOOD)
    other = write_dossiers(tmp_path / f"same{suffix}", GOOD)
    _load(store, Source.DOSSIERS, [csv], units, catalogue)
    dump = _rows(store, "SELECT * FROM dossiers ORDER BY dossier_code")
    [record] = _load(store, Source.DOSSIERS, [other], units, catalogue).imports
    # Read to the same values as the CSV: nothing to write.
    assert record.rows_unchanged == len(GOOD)
    assert record.rows_written == 0
    assert _rows(store, "SELECT * FROM dossiers ORDER BY dossier_code") == dump


def test_national_column_names_in_a_csv(
    tmp_path: Path, store: DuckDBStore, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    national = ["MaHoSo", "MaTTHC", "DonViXuLy", "KenhThucHien", "NgayTiepNhan", "NgayHenTra"]
    national += ["NgayKetThucXuLy", "TrangThaiHoSo", "fee_amount", "paid_online"]
    assert len(national) == len(HEADER)
    path = write_dossiers(tmp_path / "national.csv", GOOD, national)
    [record] = _load(store, Source.DOSSIERS, [path], units, catalogue).imports
    assert record.rows_written == len(GOOD)
    assert _rows(store, "SELECT count(*) FROM dossiers WHERE unit_code = '70.STP'") == [(1,)]


def test_feedback_without_due_date_is_due_fifteen_working_days_later(
    demo: DemoSummary,
    tmp_path: Path,
    store: DuckDBStore,
    units: list[OrgUnit],
    catalogue: Catalogue,
) -> None:
    lines = demo.feedback.path.read_text("utf-8").splitlines()
    header = lines[0].split(",")
    due = header.index("due_at")
    without = tmp_path / "feedback.csv"
    without.write_text(
        "\n".join(",".join(c for i, c in enumerate(line.split(",")) if i != due) for line in lines)
        + "\n",
        "utf-8",
    )
    _load(store, Source.FEEDBACK, [without], units, catalogue)
    assert (
        _differences(store, Source.FEEDBACK, _typed_csv(demo.feedback.path, Source.FEEDBACK)) == 0
    )


def test_unknown_columns_are_warned_and_left_out(
    tmp_path: Path, store: DuckDBStore, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    path = write_dossiers(
        tmp_path / "extra.csv", [[*row, "x"] for row in GOOD], [*HEADER, "ghi_chu"]
    )
    report = _load(store, Source.DOSSIERS, [path], units, catalogue)
    assert [w.describe() for w in report.warnings] == [
        "extra.csv, dòng 1, cột 11 (ghi_chu): cột không thuộc dữ liệu cần nhập, được bỏ qua"
    ]
    assert report.imports[0].rows_written == len(GOOD)
