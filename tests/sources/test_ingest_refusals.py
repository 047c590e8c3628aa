"""A corpus of bad files: each refused whole, the place and reason named, the store unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from chitieu.catalog import Catalogue
from chitieu.domain import OrgUnit, Source
from chitieu.errors import InputError
from chitieu.facts import DuckDBStore
from chitieu.facts.summary import summarize
from chitieu.sources.ingest import ingest
from tests.sources.corpus import BAD_FILES, GOOD, BadFile, write_dossiers


@pytest.fixture
def loaded(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> DuckDBStore:
    """A store that already holds the good dossiers, so that a refusal has something to spoil."""
    good = write_dossiers(tmp_path / "good.csv", GOOD)
    ingest(store, Source.DOSSIERS, [good], units=units, catalogue=catalogue, actor="test")
    return store


@pytest.mark.parametrize("bad", BAD_FILES, ids=[bad.name for bad in BAD_FILES])
def test_bad_file_is_refused_whole_with_its_place(
    bad: BadFile,
    loaded: DuckDBStore,
    tmp_path: Path,
    units: list[OrgUnit],
    catalogue: Catalogue,
) -> None:
    path = bad.write(tmp_path / bad.name)
    before = summarize(loaded).to_dict()
    with pytest.raises(InputError) as refused:
        ingest(loaded, bad.source, [path], units=units, catalogue=catalogue, actor="test")
    lines = [problem.describe() for problem in refused.value.problems]
    for expected in bad.expected:
        assert any(expected in line for line in lines), (expected, lines)
    assert summarize(loaded).to_dict() == before
    # No temporary table of the refused file is left behind on the connection.
    left = loaded.connection.execute(
        "SELECT table_name FROM duckdb_tables() WHERE temporary"
    ).fetchall()
    assert left == []
    # Nor the scratch database it was staged and checked in.
    assert not list(loaded.scratch.glob("stage-*"))


def test_every_problem_of_every_file_is_reported_in_file_order(
    loaded: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    first = write_dossiers(
        tmp_path / "a.csv",
        [
            [*GOOD[0][:3], "fax", *GOOD[0][4:7], "12", *GOOD[0][8:]],
            GOOD[1],
            [*GOOD[2][:2], "70.KHONG", *GOOD[2][3:]],
        ],
    )
    second = write_dossiers(tmp_path / "b.csv", [[*GOOD[1][:4], "hôm qua", *GOOD[1][5:]]])
    before = summarize(loaded).to_dict()
    with pytest.raises(InputError) as refused:
        ingest(
            loaded, Source.DOSSIERS, [first, second], units=units, catalogue=catalogue, actor="t"
        )
    assert [problem.describe() for problem in refused.value.problems] == [
        "a.csv, dòng 2, cột 4 (channel): «fax» không phải kênh nộp (1 trực tiếp, 2 trực tuyến, "
        "3 bưu chính)",
        "a.csv, dòng 2, cột 8 (status): «12» không phải mã trạng thái hồ sơ (1–10)",
        "a.csv, dòng 4, cột 3 (unit_code): «70.KHONG» không phải mã hay tên một đơn vị trong "
        "cây đơn vị",
        "b.csv, dòng 2, cột 5 (received_at): «hôm qua» không phải ngày giờ hợp lệ",
    ]
    assert summarize(loaded).to_dict() == before


def test_a_good_file_beside_a_bad_one_is_not_written_either(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    good = write_dossiers(tmp_path / "good.csv", GOOD)
    bad = write_dossiers(tmp_path / "bad.csv", [[*GOOD[0][:7], "0", *GOOD[0][8:]]])
    with pytest.raises(InputError):
        ingest(store, Source.DOSSIERS, [good, bad], units=units, catalogue=catalogue, actor="t")
    summary = summarize(store)
    assert summary.tables["dossiers"].rows == 0
    assert summary.imports == []


def test_many_errors_are_counted_beyond_those_listed(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    rows = [[f"HS-{i}", *GOOD[0][1:7], "99", *GOOD[0][8:]] for i in range(500)]
    path = write_dossiers(tmp_path / "many.csv", rows)
    with pytest.raises(InputError) as refused:
        ingest(store, Source.DOSSIERS, [path], units=units, catalogue=catalogue, actor="t")
    lines = [problem.describe() for problem in refused.value.problems]
    assert lines[0].startswith("many.csv, dòng 2, cột 8 (status): «99»")
    assert lines[-1] == "many.csv: và 300 lỗi khác"


def test_a_procedure_missing_from_the_loaded_catalogue_is_refused(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    dossiers = write_dossiers(tmp_path / "dossiers.csv", GOOD)
    # Before any catalogue is loaded, every procedure code is taken.
    ingest(store, Source.DOSSIERS, [dossiers], units=units, catalogue=catalogue, actor="t")
    procedures = tmp_path / "procedures.csv"
    procedures.write_text(
        "procedure_code,name,unit_code,online_level\n"
        "1.004227,Chứng thực bản sao từ bản chính,70.STP,full\n",
        encoding="utf-8",
    )
    loaded = ingest(
        store, Source.PROCEDURES, [procedures], units=units, catalogue=catalogue, actor="t"
    )
    # The dossiers that came before it are kept, and the catalogue's gap is pointed out.
    assert [w.describe() for w in loaded.warnings] == [
        "procedures.csv: 2 hồ sơ đã nạp trước đó có mã thủ tục không có trong danh mục này: "
        "«2.000815» (2)"
    ]
    before = summarize(store).to_dict()
    with pytest.raises(InputError) as refused:
        ingest(
            store, Source.DOSSIERS, [dossiers], units=units, catalogue=catalogue, actor="t",
            force=True,
        )  # fmt: skip
    assert [problem.describe() for problem in refused.value.problems] == [
        f"dossiers.csv, dòng {line}, cột 2 (procedure_code): «2.000815» không phải mã thủ tục "
        "trong danh mục thủ tục đã nạp (chitieu ingest procedures)"
        for line in (3, 4)
    ]
    assert summarize(store).to_dict() == before
    known = write_dossiers(tmp_path / "known.csv", GOOD[:1])
    ingest(store, Source.DOSSIERS, [known], units=units, catalogue=catalogue, actor="t")
