"""``status`` and ``lagging`` as an official reads them: at 80, 120 and 160 columns every row
names its unit and indicator; names work wherever codes do; wrong orders get the next step."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Run
from tests.evaluation.test_commands import home  # the hand-computed home

__all__ = ["home"]


@pytest.mark.parametrize("width", [80, 120, 160])
def test_every_row_names_its_unit_and_indicator_at_any_width(
    run: Run, home: Path, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    result = run("status", "--quarter", "2024-Q3", "--home", home)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert max(len(line) for line in lines) <= width
    header = next(line for line in lines if "Đơn vị" in line and "Chỉ số" in line)
    for column in ("Giá trị", "Mốc Q.III", "Đánh giá", "Cần thêm"):
        assert column in header, (width, column)
    # Every unit and every indicator of the evaluation is on screen.
    for text in ("(D1)", "(D2)", "(H1)", "(X1)", "(X2)", "II.3", "II.7"):
        assert text in result.out, (width, text)
    if width == 80:
        assert "Hạng" not in header  # the first column to go
    if width == 160:
        assert "Dự báo" in header  # the projection goes last


def test_the_legend_explains_every_word(run: Run, home: Path) -> None:
    result = run("status", "--quarter", "2024-Q3", "--home", home)
    legend = result.out[result.out.index("Chú giải:") :]
    for word in (
        "Đạt",
        "Không đạt",
        "Tạm tính",
        "Không phát sinh",
        "Kịp tiến độ",
        "Có nguy cơ",
        "Cần thêm",
    ):
        assert word in legend, word


def test_zero_over_zero_is_not_applicable_and_a_missing_value_no_data(run: Run, home: Path) -> None:
    result = run("status", "--quarter", "2024-Q3", "--format", "json", "--home", home)
    rows = {(r["unit_code"], r["indicator"]): r for r in json.loads(result.out)["rows"]}
    # H1 has no value at all; X2 none for online dossiers either (see test_commands.VALUES).
    assert rows[("H1", "online_dossiers")]["status"] == "no_data"
    assert rows[("D1", "online_dossiers")]["needed_text"] == "đã đạt"
    assert rows[("D2", "online_dossiers")]["needed_text"].startswith("cần thêm 167 ")
    assert rows[("D2", "online_dossiers")]["ranked"] == 2
    assert rows[("D2", "online_dossiers")]["provisional"] is False


@pytest.mark.parametrize(
    "quarter", ["2024-Q3", "Q3/2024", "III/2024", "Quý III/2024", "quý 3 năm 2024"]
)
def test_quarters_as_people_write_them(run: Run, home: Path, quarter: str) -> None:
    result = run("status", "--quarter", quarter, "--format", "csv", "--home", home)
    assert result.code == 0, result.err
    assert "2024-Q3" in result.out


@pytest.mark.parametrize("unit", ["D2", "d2", "Sở Nội vụ", "so noi vu", "SỞ NỘI VỤ"])
def test_a_unit_by_code_or_name(run: Run, home: Path, unit: str) -> None:
    result = run(
        "status", "--quarter", "2024-Q3", "--unit", unit, "--format", "csv", "--home", home
    )
    assert result.code == 0, result.err
    assert {line.split(",")[0] for line in result.out.splitlines()[1:]} == {"D2"}


def test_an_unknown_unit_gets_close_suggestions(run: Run, home: Path) -> None:
    result = run("status", "--quarter", "2024-Q3", "--unit", "Sở Nội vu", "--home", home)
    assert result.code == 0, result.err  # folded, it is the same name
    result = run("status", "--quarter", "2024-Q3", "--unit", "Sở Nộii vụ", "--home", home)
    assert result.code == 2
    assert "Sở Nội vụ (D2)" in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize("level", ["commune", "Cấp xã", "xã"])
def test_a_level_by_code_or_name(run: Run, home: Path, level: str) -> None:
    result = run(
        "status", "--quarter", "2024-Q3", "--level", level, "--format", "csv", "--home", home
    )
    assert result.code == 0, result.err
    assert {line.split(",")[0] for line in result.out.splitlines()[1:]} == {"X1", "X2"}


def test_one_unit_on_one_screen_with_its_sub_units(run: Run, home: Path) -> None:
    result = run("status", "--quarter", "2024-Q3", "--unit", "UBND huyện Một", "--home", home)
    assert result.code == 0, result.err
    assert "UBND huyện Một (H1) — Cấp huyện — Quý III/2024" in result.out
    assert "Các đơn vị trực thuộc" in result.out
    below = result.out[result.out.index("Các đơn vị trực thuộc") :]
    assert "UBND xã Một (X1)" in below
    assert "UBND xã Hai (X2)" in below


def test_lagging_of_one_unit_covers_its_subtree(run: Run, home: Path) -> None:
    result = run(
        "lagging", "--quarter", "2024-Q3", "--unit", "P", "--format", "csv", "--home", home
    )
    assert result.code == 0, result.err
    everyone = run("lagging", "--quarter", "2024-Q3", "--format", "csv", "--home", home)
    assert result.out == everyone.out
    only = run("lagging", "--quarter", "2024-Q3", "--unit", "D1", "--format", "csv", "--home", home)
    assert all(line.startswith("D1,") for line in only.out.splitlines()[1:])


def test_a_provisional_quarter_is_marked(
    run: Run, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHITIEU_TODAY", "2024-09-14")
    table = run("status", "--quarter", "2024-Q3", "--home", home)
    assert table.code == 0, table.err
    assert "Quý III/2024 (tạm tính)" in table.out
    assert "số liệu đến ngày 14/09/2024" in table.out
    document = json.loads(
        run("status", "--quarter", "2024-Q3", "--format", "json", "--home", home).out
    )
    assert document["provisional"] is True
    assert all(r["provisional"] for r in document["rows"])


def test_status_of_a_home_that_does_not_exist_writes_nothing(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("status", "--quarter", "2024-Q3", "--home", tmp_path / "nowhere")
    assert result.code == 2
    assert "chitieu units build" in result.err
    assert list(tmp_path.iterdir()) == []


def test_a_level_holding_no_target_says_which_levels_do(run: Run, home: Path) -> None:
    result = run("status", "--quarter", "2024-Q3", "--level", "Tỉnh", "--home", home)
    assert result.code == 0, result.err
    assert "Không có đơn vị nào thuộc «Tỉnh» giữ chỉ tiêu" in result.out
    assert "«Cấp xã»" in result.out
    assert "Đơn vị" not in result.out
