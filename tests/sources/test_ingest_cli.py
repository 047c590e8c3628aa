"""``chitieu ingest …`` and ``chitieu facts summary``: the command-line contract (exit codes,
Vietnamese messages on stderr naming the place, nothing changed on bad input)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chitieu.demo import DemoSummary
from chitieu.domain import OrgUnit
from chitieu.facts.store import FACTS_FILE
from tests.cli.conftest import Run
from tests.sources.corpus import GOOD, write_dossiers, xlsx_bomb


def _summary(run: Run, home: Path) -> dict[str, object]:
    result = run("facts", "summary", "--format", "json", "--home", home)
    assert result.code == 0, result.err
    summary: dict[str, object] = json.loads(result.out)
    return summary


def test_ingest_every_demo_file_then_summary(
    run: Run, home: Path, demo: DemoSummary, units: list[OrgUnit]
) -> None:
    for command, file in (
        ("dossiers", demo.dossiers_parquet),
        ("procedures", demo.procedures),
        ("publications", demo.publications),
        ("feedback", demo.feedback),
        ("manual", demo.manual),
    ):
        result = run("ingest", command, file.path, "--home", home)
        assert result.code == 0, result.err
        rows = f"{file.rows:,}".replace(",", ".")
        expected = f"Đã nạp {file.path.name}: {rows} dòng mới, 0 dòng thay thế, 0 dòng không đổi"
        assert expected in result.out
    summary = _summary(run, home)
    tables = summary["tables"]
    assert isinstance(tables, dict)
    assert set(tables) == {
        "dossiers",
        "procedures",
        "publications",
        "feedback",
        "manual_values",
        "dvcqg_values",
    }
    dossiers = tables["dossiers"]
    assert dossiers["rows"] == demo.dossiers_parquet.rows
    assert sum(dossiers["by_unit"].values()) == demo.dossiers_parquet.rows
    assert sum(dossiers["by_month"].values()) == demo.dossiers_parquet.rows
    assert set(dossiers["by_month"]) == {f"2024-{m:02d}" for m in range(1, 13)}
    assert set(dossiers["by_unit"]) <= {unit.code for unit in units}
    assert tables["manual_values"]["by_month"].keys() == {
        "2024-Q1",
        "2024-Q2",
        "2024-Q3",
        "2024-Q4",
    }
    imports = summary["imports"]
    assert isinstance(imports, list)
    assert [i["source"] for i in imports] == [
        "dossiers",
        "procedures",
        "publications",
        "feedback",
        "manual",
    ]
    assert set(imports[0]) == {
        "id",
        "source",
        "file",
        "checksum",
        "actor",
        "imported_at",
        "rows_read",
        "rows_written",
        "rows_new",
        "rows_replaced",
        "rows_unchanged",
    }
    table = run("facts", "summary", "--home", home)
    assert table.code == 0
    assert "Lịch sử nạp dữ liệu" in table.out
    assert "dossiers.parquet" in table.out
    # Units are named, not only coded.
    assert any("70.STP" in line and "Sở Tư pháp" in line for line in table.out.splitlines())


def test_bad_file_exits_2_naming_the_place_and_changes_nothing(
    run: Run, home: Path, tmp_path: Path
) -> None:
    good = write_dossiers(tmp_path / "good.csv", GOOD)
    assert run("ingest", "dossiers", good, "--home", home).code == 0
    before = _summary(run, home)
    bad = write_dossiers(
        tmp_path / "bad.csv", [GOOD[0], [*GOOD[1][:2], "70.KHONG", "fax", *GOOD[1][4:]]]
    )
    result = run("ingest", "dossiers", bad, "--home", home)
    assert result.code == 2
    assert "Traceback" not in result.err
    # The console may wrap a long line at a space; the words are what matter.
    err = " ".join(result.err.split())
    assert (
        "Lỗi: bad.csv, dòng 3, cột 3 (unit_code): «70.KHONG» không phải mã hay tên một đơn vị "
        "trong cây đơn vị bad.csv, dòng 3, cột 4 (channel): «fax» không phải kênh nộp"
    ) in err
    assert _summary(run, home) == before


@pytest.mark.parametrize("kind", ["bomb.xlsx", "binary.csv", "missing.csv"])
def test_a_refused_first_import_leaves_no_store_behind(
    kind: str, run: Run, home: Path, tmp_path: Path
) -> None:
    path = tmp_path / kind
    if kind == "bomb.xlsx":
        xlsx_bomb(path)
    elif kind == "binary.csv":
        path.write_bytes(bytes(range(256)) * 64)
    contents = sorted(p.name for p in home.iterdir())
    result = run("ingest", "dossiers", path, "--home", home)
    assert result.code == 2, result.err
    assert result.err.startswith(f"Lỗi: {kind}")
    assert sorted(p.name for p in home.iterdir()) == contents
    assert not (home / FACTS_FILE).exists()


def test_same_file_twice_is_skipped(run: Run, home: Path, tmp_path: Path) -> None:
    good = write_dossiers(tmp_path / "good.csv", GOOD)
    assert run("ingest", "dossiers", good, "--home", home).code == 0
    before = _summary(run, home)
    again = run("ingest", "dossiers", good, "--home", home)
    assert again.code == 0
    assert "Bỏ qua good.csv: cùng nội dung đã nạp" in again.out
    assert _summary(run, home) == before
    forced = run("ingest", "dossiers", good, "--force", "--home", home)
    assert forced.code == 0
    assert "Đã nạp good.csv: 0 dòng mới, 0 dòng thay thế, 3 dòng không đổi" in forced.out


def test_dvcqg_responses_with_unmatched_units_warned(run: Run, home: Path) -> None:
    from tests.dvcqg.conftest import ENDPOINTS, FIXTURES

    files = [FIXTURES / endpoint / "month-all.json" for endpoint in ENDPOINTS]
    result = run("ingest", "dvcqg", *files, "--home", home)
    assert result.code == 0, result.err
    # Phú Thọ's portal against our small tree: only two departments' names are alike.
    assert result.err.count("của Cổng DVCQG không khớp đơn vị nào") == 162
    tables = _summary(run, home)["tables"]
    assert isinstance(tables, dict)
    assert tables["dvcqg_values"]["by_month"] == {"2026-08": 164 * (5 + 2 + 2 + 4)}
    assert tables["dvcqg_values"]["by_unit"] == {"": 162 * 13, "70.STP": 13, "70.SYT": 13}


def test_home_without_units_is_refused(run: Run, tmp_path: Path) -> None:
    good = write_dossiers(tmp_path / "good.csv", GOOD)
    result = run("ingest", "dossiers", good, "--home", tmp_path / "empty")
    assert result.code == 2
    assert "cây đơn vị" in result.err
    assert not (tmp_path / "empty" / FACTS_FILE).exists()


def test_summary_of_a_home_without_facts(run: Run, tmp_path: Path) -> None:
    summary = _summary(run, tmp_path / "nothing")
    assert summary["imports"] == []
    assert not (tmp_path / "nothing" / FACTS_FILE).exists()


def test_too_little_memory_exits_3_with_advice_and_changes_nothing(
    run: Run, home: Path, demo: DemoSummary, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("ingest", "procedures", demo.procedures.path, "--home", home).code == 0
    before = _summary(run, home)
    monkeypatch.setenv("CHITIEU_MEMORY_LIMIT", "1MB")
    result = run("ingest", "dossiers", demo.dossiers_parquet.path, "--home", home)
    assert result.code == 3, result.err
    err = " ".join(result.err.split())
    assert "không đủ bộ nhớ cho việc này với giới hạn hiện tại (1MB)" in err
    assert "CHITIEU_MEMORY_LIMIT=4GB" in err
    assert "Traceback" not in result.err
    monkeypatch.delenv("CHITIEU_MEMORY_LIMIT")
    assert _summary(run, home) == before
    assert not list((home / "tmp").glob("stage-*"))


def test_a_malformed_memory_limit_is_refused(
    run: Run, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHITIEU_MEMORY_LIMIT", "lots")
    good = write_dossiers(tmp_path / "good.csv", GOOD)
    result = run("ingest", "dossiers", good, "--home", home)
    assert result.code == 2
    assert not (home / FACTS_FILE).exists()
    assert "CHITIEU_MEMORY_LIMIT phải có dạng 4GB hoặc 512MB, không phải «lots»" in result.err
