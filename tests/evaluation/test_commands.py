"""``chitieu decision import``, ``status``, ``lagging``, ``reconcile``, ``decision override`` and
``dvcqg score`` on a small home whose every figure is worked out by hand."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from chitieu.decisions import to_dict
from chitieu.engine.values import VALUES_DDL
from chitieu.facts.store import open_store
from tests.cli.conftest import Run
from tests.dvcqg.conftest import ENDPOINTS, FIXTURES
from tests.evaluation.builders import UNITS, target_set

VALUES = [
    # unit, indicator, kind, period, scope, numerator, denominator, source
    ("D1", "online_dossiers", "ytd", "2024-Q3", "tier", 630, 900, "dossiers"),
    *(
        ("D1", "online_dossiers", "month", f"2024-{m:02d}", "tier", 70, 100, "dossiers")
        for m in range(1, 10)
    ),
    ("D2", "online_dossiers", "ytd", "2024-Q3", "tier", 650, 1000, "dossiers"),
    ("X1", "online_dossiers", "ytd", "2024-Q3", "tier", 100, 200, "dossiers"),
    ("P", "online_dossiers", "ytd", "2024-Q3", "subtree", 2000, 10000, "dossiers"),
    ("D2", "data_reuse", "ytd", "2024-Q3", "tier", 60, 100, "dossiers"),
    ("D2", "data_reuse", "quarter", "2024-Q3", "tier", 60, 100, "dossiers"),
]
# unit, period, sub-indicator, numerator, denominator: D1's reuse only the portal measured
# (10 % a month, 90/900 to date); D2's quarter the portal counts 40 % where we count 60 %.
PORTAL = [
    *(("D1", f"2024-{m:02d}", "REUSED_DIGITIZED_DATA", 10, 100) for m in range(1, 10)),
    ("D2", "2024-Q3", "REUSED_DIGITIZED_DATA", 40, 100),
]


def _store_values(home: Path) -> None:
    with open_store(home) as store:
        con = store.connection
        con.execute(VALUES_DDL)
        con.executemany(
            "INSERT INTO indicator_values VALUES (2024, ?, ?, ?, ?, ?, ?, ?, ?)", VALUES
        )
        con.executemany(
            "INSERT INTO dvcqg_values VALUES (?, NULL, 'x', ?, 'dossier-digitized', ?, ?, ?, "
            "NULL, NULL, 2)",
            PORTAL,
        )


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A home with the test province's units, its 2024 targets and values."""
    from chitieu.app.bootstrap import use_home

    use_home(tmp_path)
    from chitieu.app.orgunits.services import save_units
    from chitieu.app.targets.services import import_target_set

    levels = ["province", "province_department", "district", "commune"]
    save_units(UNITS, actor="test", levels=levels)
    import_target_set(target_set(), actor="test", source_file="test.json")
    _store_values(tmp_path)
    return tmp_path


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def _status(run: Run, home: Path, *args: object) -> list[dict[str, str]]:
    result = run("status", "--quarter", "2024-Q3", "--format", "csv", "--home", home, *args)
    assert result.code == 0, result.err
    return _csv(result.out)


def _one(rows: list[dict[str, str]], unit: str, indicator: str) -> dict[str, str]:
    [row] = [r for r in rows if r["unit_code"] == unit and r["indicator"] == indicator]
    return row


def test_status_csv_columns_and_hand_computed_rows(run: Run, home: Path) -> None:
    rows = _status(run, home)
    assert list(rows[0]) == [
        "unit_code",
        "unit_name",
        "level",
        "indicator",
        "task",
        "period",
        "numerator",
        "denominator",
        "value",
        "milestone",
        "annual_target",
        "status",
        "gap",
        "needed",
        "projection",
        "outlook",
        "rank",
        "source",
        # added after the contract's columns
        "needed_text",
        "ranked",
        "override",
        "provisional",
    ]
    assert _one(rows, "D1", "online_dossiers") == {
        "unit_code": "D1",
        "unit_name": "Sở Tư pháp",
        "level": "province_department",
        "indicator": "online_dossiers",
        "task": "II.3",
        "period": "2024-Q3",
        "numerator": "630",
        "denominator": "900",
        "value": "70",
        "milestone": "70",
        "annual_target": "80",
        "status": "met",
        "gap": "0",
        "needed": "0",
        "projection": "70",
        "outlook": "at_risk",
        "rank": "1",
        "source": "dossiers",
        "needed_text": "đã đạt",
        "ranked": "2",
        "override": "0",
        "provisional": "0",
    }
    d2 = _one(rows, "D2", "online_dossiers")
    assert (d2["value"], d2["status"], d2["gap"], d2["needed"], d2["rank"]) == (
        "65",
        "not_met",
        "-5",
        "167",
        "2",
    )
    h1 = _one(rows, "H1", "online_dossiers")
    assert (h1["status"], h1["value"], h1["needed"], h1["source"]) == ("no_data", "", "", "")
    # Reuse: D1 has only the portal's figures (90/900 = 10 %); 50 % needs (50·900 − 100·90)/50
    reuse = _one(rows, "D1", "data_reuse")
    assert (reuse["value"], reuse["status"], reuse["needed"], reuse["source"]) == (
        "10",
        "not_met",
        "720",
        "dvcqg",
    )
    assert _one(rows, "D2", "data_reuse")["source"] == "dossiers"
    assert len(rows) == 14


def test_status_filters(run: Run, home: Path) -> None:
    communes = _status(run, home, "--level", "commune")
    assert {r["unit_code"] for r in communes} == {"X1", "X2"}
    one = _status(run, home, "--unit", "D2")
    assert [r["indicator"] for r in one] == ["online_dossiers", "data_reuse"]


def test_status_json_has_summaries_and_baselines(run: Run, home: Path) -> None:
    result = run("status", "--quarter", "2024-Q3", "--format", "json", "--home", home)
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert document["period"] == "2024-Q3"
    d1 = next(r for r in document["rows"] if r["unit_code"] == "D1")
    assert d1["baselines"] == [
        {"year": 2023, "value": 11.35, "change": 58.65},
        {"year": 2022, "value": 11.35, "change": 58.65},
    ]
    departments = next(
        s for s in document["levels"] if s["task"] == "II.3" and s["level"] == "province_department"
    )
    assert (departments["units"], departments["met"], departments["not_met"]) == (2, 1, 1)
    province = next(p for p in document["province"] if p["indicator"] == "online_dossiers")
    assert (province["value"], province["baselines"][0]["change"]) == (20.0, 8.65)
    assert document["warnings"] == [
        "nhiệm vụ III.1: chưa khớp chỉ số nào trong danh mục, không đánh giá"
    ]


def test_status_table_is_vietnamese(run: Run, home: Path) -> None:
    result = run("status", "--quarter", "2024-Q3", "--home", home)
    assert result.code == 0, result.err
    for text in (
        "Đánh giá thực hiện chỉ tiêu — Quý III/2024",
        "Sở Nội vụ (D2)",
        "65%",
        "−5 điểm",
        "Không đạt",
        "Chưa có số liệu",
        "Có nguy cơ",
        "Cổng DVCQG",
        "Tổng hợp theo cấp",
        "2023: 11,35% (+8,65 điểm)",
        "Chú giải:",
        "Không phát sinh",
    ):
        assert text in result.out, text
    assert "chưa khớp chỉ số nào" in result.err


def test_status_table_of_one_unit_names_it_in_the_title(run: Run, home: Path) -> None:
    result = run("status", "--quarter", "2024-Q3", "--unit", "D2", "--home", home)
    assert result.code == 0, result.err
    assert "Sở Nội vụ (D2) — Sở, ngành — Quý III/2024" in result.out
    header = next(line for line in result.out.splitlines() if "Chỉ số" in line)
    assert "Đơn vị" not in header
    every = run("status", "--quarter", "2024-Q3", "--home", home)
    assert "Đơn vị" in next(line for line in every.out.splitlines() if "Chỉ số" in line)


def test_status_to_a_file(run: Run, home: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "status.csv"
    result = run("status", "--quarter", "2024-Q3", "--format", "csv", "-o", out, "--home", home)
    assert result.code == 0, result.err
    assert result.out == ""
    text = out.read_text(encoding="utf-8")
    assert text.startswith("\ufeffunit_code,")
    assert len(_csv(text)) == 14


def test_lagging_worst_first(run: Run, home: Path) -> None:
    result = run("lagging", "--quarter", "2024-Q3", "--format", "csv", "--home", home)
    assert result.code == 0, result.err
    rows = _csv(result.out)
    assert [(r["unit_code"], r["indicator"], r["gap"]) for r in rows] == [
        ("D1", "data_reuse", "-40"),
        ("D2", "online_dossiers", "-5"),
    ]
    assert rows[1]["needed_text"] == "cần thêm 167 hồ sơ trực tuyến"
    table = run("lagging", "--quarter", "2024-Q3", "--home", home)
    assert "cần thêm 720 hồ sơ sử dụng lại dữ liệu" in table.out
    communes = run("lagging", "--quarter", "2024-Q3", "--level", "commune", "--home", home)
    assert "Không có đơn vị nào dưới mốc quý III năm 2024" in communes.out


def test_reconcile_lists_the_differing_unit(run: Run, home: Path) -> None:
    result = run("reconcile", "--format", "csv", "--home", home)
    assert result.code == 0, result.err
    assert _csv(result.out) == [
        {
            "unit_code": "D2",
            "indicator": "data_reuse",
            "kind": "quarter",
            "period": "2024-Q3",
            "numerator": "60",
            "denominator": "100",
            "value": "60",
            "source": "dossiers",
            "portal_numerator": "40",
            "portal_denominator": "100",
            "portal_value": "40",
            "difference": "20",
        }
    ]
    above = run("reconcile", "--threshold", "25", "--home", home)
    assert "không có đơn vị nào chênh lệch" in above.out
    table = run("reconcile", "--quarter", "2024-Q3", "--home", home)
    assert "Sở Nội vụ (D2)" in table.out
    assert "+20 điểm" in table.out
    other = run("reconcile", "--quarter", "2024-Q2", "--format", "json", "--home", home)
    assert json.loads(other.out)["rows"] == []


def test_override_from_the_command_line(run: Run, home: Path) -> None:
    result = run(
        "decision", "override", "D2", "online_dossiers", "--year", "2024", "--q3", "65",
        "--q4", "75", "--annual", "75", "--note", "Công văn 12", "--home", home,
    )  # fmt: skip
    assert result.code == 0, result.err
    d2 = _one(_status(run, home), "D2", "online_dossiers")
    assert (d2["milestone"], d2["annual_target"], d2["status"], d2["needed"]) == (
        "65",
        "75",
        "met",
        "0",
    )
    removed = run(
        "decision", "override", "D2", "online_dossiers", "--year", "2024", "--remove",
        "--home", home,
    )  # fmt: skip
    assert removed.code == 0, removed.err
    assert _one(_status(run, home), "D2", "online_dossiers")["milestone"] == "70"
    bad = run("decision", "override", "D2", "nope", "--year", "2024", "--q1", "5", "--home", home)
    assert bad.code == 2
    assert "không có chỉ số «nope»" in bad.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--quarter", "2024-Q5"), "không phải một quý; hãy viết dạng 2024-Q3"),
        (("--quarter", "2023-Q4"), "Chưa có bộ chỉ tiêu năm 2023"),
        (("--quarter", "2024-Q3", "--level", "thôn"), "không có cấp «thôn»"),
        (("--quarter", "2024-Q3", "--unit", "ZZ"), "không có đơn vị «ZZ»"),
    ],
)
def test_bad_input_exits_2_without_traceback(
    run: Run, home: Path, args: tuple[str, ...], message: str
) -> None:
    result = run("status", *args, "--home", home)
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err


def test_status_without_computed_values_says_so(run: Run, tmp_path: Path) -> None:
    from chitieu.app.bootstrap import use_home
    from chitieu.app.orgunits.services import save_units
    from chitieu.app.targets.services import import_target_set

    use_home(tmp_path)
    save_units(UNITS, actor="t", levels=["province", "province_department", "district", "commune"])
    import_target_set(target_set(), actor="t", source_file="t.json")
    result = run("status", "--quarter", "2024-Q1", "--format", "csv", "--home", tmp_path)
    assert result.code == 2
    assert "chưa có dữ liệu nào" in result.err
    assert "chitieu ingest dossiers" in result.err
    assert result.out == ""


# ---------------------------------------------------------------------------------------------
# decision import


def test_decision_import_stores_replaces_and_keeps_history(
    run: Run, tmp_path: Path, bundled_decision: Path
) -> None:
    home = tmp_path / "home"
    first = run("decision", "import", bundled_decision, "--home", home)
    assert first.code == 0, first.err
    assert "Đã lưu bộ chỉ tiêu năm 2024 của tỉnh Bình Phước: 13 nhiệm vụ, 21 dòng" in first.out
    again = run("decision", "import", bundled_decision, "--home", home)
    assert "không thay đổi gì" in again.out
    amended = to_dict(target_set())
    amended["year"] = 2024
    path = tmp_path / "amended.json"
    path.write_text(json.dumps(amended, ensure_ascii=False), encoding="utf-8")
    replaced = run("decision", "import", path, "--home", home)
    assert replaced.code == 0, replaced.err
    assert "được giữ trong lịch sử" in replaced.out
    from chitieu.app.targets.services import current_target_set, target_set_history

    stored = current_target_set(2024)
    assert stored is not None
    assert stored.province == "Thử Nghiệm"
    assert [(v.source_file, v.current) for v in target_set_history(2024)] == [
        ("amended.json", True),
        ("binh-phuoc-2024-cctthc.txt", False),
    ]
    listed = run("decision", "history", "--year", "2024", "--format", "csv", "--home", home)
    assert listed.code == 0, listed.err
    rows = _csv(listed.out)
    assert [(r["source_file"], r["current"], r["targets"]) for r in rows] == [
        ("amended.json", "1", str(len(amended["targets"]))),
        ("binh-phuoc-2024-cctthc.txt", "0", "21"),
    ]
    assert rows[0]["superseded_at"] == ""
    assert rows[1]["superseded_at"] != ""
    table = run("decision", "history", "--year", "2024", "--home", home)
    assert "Lịch sử bộ chỉ tiêu năm 2024" in table.out
    assert "Đang áp dụng" in table.out
    none = run("decision", "history", "--year", "2031", "--home", home)
    assert none.code == 0
    assert "chưa có bộ chỉ tiêu nào của năm 2031" in none.err


def test_decision_import_warns_of_named_units_missing_from_the_tree(
    run: Run, tmp_path: Path
) -> None:
    from chitieu.app.bootstrap import use_home
    from chitieu.app.orgunits.services import save_units

    use_home(tmp_path)
    save_units(UNITS[:3], actor="t", levels=["province", "province_department"])
    data = to_dict(target_set())
    data["targets"][3]["units"] = ["Sở Không Có"]
    path = tmp_path / "qd.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run("decision", "import", path, "--home", tmp_path)
    assert result.code == 0, result.err
    assert "cây đơn vị không có đơn vị «Sở Không Có»" in result.err


def test_a_bad_decision_stores_nothing(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"year": 2024, "targets": [{"task": "I.1"}]}', encoding="utf-8")
    home = tmp_path / "home"
    result = run("decision", "import", bad, "--home", home)
    assert result.code == 2
    assert "bad.json" in result.err
    assert not (home / "chitieu.sqlite3").exists()


# ---------------------------------------------------------------------------------------------
# dvcqg score


@pytest.fixture(scope="module")
def fixtures() -> Path:
    """The portal's fixture responses kept with the tests."""
    return FIXTURES


def test_dvcqg_score_reproduces_every_units_score(run: Run, fixtures: Path) -> None:
    files = [fixtures / endpoint / "month-all.json" for endpoint in ENDPOINTS]
    result = run("dvcqg", "score", *files, "--format", "csv")
    assert result.code == 0, result.err
    rows = _csv(result.out)
    assert list(rows[0]) == [
        "unit_code",
        "unit_name",
        "group",
        "sub_indicator",
        "numerator",
        "denominator",
        "score",
        "portal_score",
    ]
    totals = [r for r in rows if r["sub_indicator"] == "total" and r["group"] != "total"]
    assert len(totals) == 4 * 164
    compared = 0
    for row in rows:
        if row["score"] and row["portal_score"]:
            tolerance = 0.02 if row["group"] == "formality-online-payment-tree" else 0.01
            assert abs(float(row["score"]) - float(row["portal_score"])) <= tolerance + 1e-9, row
            compared += 1
    # Every group total the portal scored and whose formula is known (3 × 164), and the
    # transparency and progress parts it scored (326 + 164).
    assert compared == 3 * 164 + 326 + 164
    # Each unit's total over the four groups: the portal's is the sum of its group totals.
    overall = {r["unit_code"]: r for r in rows if r["group"] == "total"}
    assert len(overall) == 164
    assert overall["H44"]["portal_score"] == "38.72"
    assert all(r["unit_code"] for r in rows)
    # Online services: the formula is not known, the score is left empty.
    online = [r for r in rows if r["group"] == "provide-online-tree"]
    assert all(r["score"] == "" and r["portal_score"] != "" for r in online)


def test_dvcqg_score_json_and_bad_file(run: Run, fixtures: Path, tmp_path: Path) -> None:
    result = run(
        "dvcqg", "score", fixtures / "dvc-progress-tree" / "month-all.json", "--format", "json"
    )
    assert result.code == 0, result.err
    records = json.loads(result.out)
    h4403 = next(r for r in records if r["unit_code"] == "H44.03" and r["sub_indicator"] == "total")
    assert (h4403["score"], h4403["portal_score"]) == (16.53, 16.53)
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    refused = run("dvcqg", "score", bad)
    assert refused.code == 2
    assert "bad.json" in refused.err


def test_csv_cells_are_safe_in_a_spreadsheet(run: Run, home: Path) -> None:
    from chitieu.app.orgunits.models import OrgUnit

    OrgUnit.objects.filter(code="D2").update(name="=HYPERLINK(1)")
    rows = _status(run, home, "--unit", "D2")
    assert rows[0]["unit_name"] == "'=HYPERLINK(1)"
