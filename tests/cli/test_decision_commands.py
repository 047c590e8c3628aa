"""``chitieu decision show|export|import``: the command-line contract of DESIGN.md, and a decision
refused when it is of another province than the home's unit tree."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from chitieu.decisions import read_decision, to_dict
from tests.cli.conftest import Run

EXPECTED = Path(__file__).parent.parent / "decisions" / "expected" / "binh-phuoc-2024-cctthc.json"


def test_export_json_to_stdout_is_the_contract(run: Run, bundled_decision: Path) -> None:
    result = run("decision", "export", bundled_decision, "--format", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out) == json.loads(EXPECTED.read_text(encoding="utf-8"))
    assert result.err == ""


def test_export_json_to_file(run: Run, bundled_decision: Path, tmp_path: Path) -> None:
    out = tmp_path / "nested" / "qd.json"
    result = run("decision", "export", bundled_decision, "--format", "json", "-o", out)
    assert result.code == 0
    assert result.out == ""
    assert json.loads(out.read_text(encoding="utf-8"))["targets"][12]["units"] == ["Sở Tư pháp"]


def test_export_xlsx_reads_back_to_the_same_target_set(
    run: Run, bundled_decision: Path, tmp_path: Path
) -> None:
    out = tmp_path / "qd.xlsx"
    result = run("decision", "export", bundled_decision, "--format", "xlsx", "-o", out)
    assert result.code == 0, result.err
    assert to_dict(read_decision(out).target_set) == json.loads(
        EXPECTED.read_text(encoding="utf-8")
    )


def test_show_prints_the_annex_in_vietnamese(run: Run, bundled_decision: Path) -> None:
    result = run("decision", "show", bundled_decision)
    assert result.code == 0
    assert "Chỉ tiêu năm 2024 — tỉnh Bình Phước" in result.out
    assert "13 nhiệm vụ, 21 dòng chỉ tiêu" in result.out
    assert "56,05%" in result.out
    assert "Sở Tư pháp;" in result.out


def test_bad_input_exits_2_with_the_place(run: Run, bundled_decision: Path, tmp_path: Path) -> None:
    path = tmp_path / "qd.txt"
    text = bundled_decision.read_text(encoding="utf-8")
    path.write_text(text.replace("70%\t40%\t50%", "70%\tbốn mươi\t50%", 1), encoding="utf-8")
    result = run("decision", "export", path, "--format", "json")
    assert result.code == 2
    assert result.out == ""
    assert "qd.txt, dòng 82, cột 6 (Quý I)" in result.err
    assert "Traceback" not in result.err


def test_warnings_are_printed_and_do_not_fail(
    run: Run, bundled_decision: Path, tmp_path: Path
) -> None:
    path = tmp_path / "qd.txt"
    text = bundled_decision.read_text(encoding="utf-8")
    path.write_text(
        text.replace("90%\t50%\t65%\t80%\t90%", "90%\t50%\t65%\t60%\t90%"), encoding="utf-8"
    )
    result = run("decision", "export", path)
    assert result.code == 0
    assert (
        "Cảnh báo: qd.txt, dòng 91, cột 8 (Quý III): nhiệm vụ II.4: lộ trình giảm từ 65% xuống 60%"
        in result.err
    )
    assert json.loads(result.out)["targets"][8]["milestones"]["Q3"] == 60.0


def test_usage_errors_are_in_vietnamese(run: Run, bundled_decision: Path) -> None:
    result = run("decision", "export", bundled_decision, "--format", "pdf")
    assert result.code == 2
    assert "giá trị «pdf» không hợp lệ cho --format; chỉ nhận 'json', 'xlsx'" in result.err
    missing = run("decision", "show")
    assert missing.code == 2
    assert "thiếu FILE" in missing.err


def test_every_command_takes_home(run: Run, bundled_decision: Path, tmp_path: Path) -> None:
    result = run("decision", "show", bundled_decision, "--home", tmp_path)
    assert result.code == 0


def test_catalogue_check(run: Run) -> None:
    result = run("catalog", "check")
    assert result.code == 0
    assert "14 chỉ số" in result.out


def test_console_script_never_shows_a_traceback(tmp_path: Path) -> None:
    binary = tmp_path / "rac.docx"
    binary.write_bytes(b"PK\x03\x04garbage")
    done = subprocess.run(
        [sys.executable, "-m", "chitieu", "decision", "show", str(binary)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "rac.docx: tệp bị hỏng hoặc không đầy đủ" in done.stderr
    assert "Traceback" not in done.stderr


def _home_with_tree(run: Run, tmp_path: Path, committee: str) -> Path:
    home = tmp_path / "home"
    tree = tmp_path / "units.csv"
    tree.write_text(
        f"code,name,level,parent_code\nP,{committee},province,\nD1,Sở Tư pháp,province_department,P\n",
        encoding="utf-8",
    )
    assert run("units", "load", tree, "--home", home).code == 0
    return home


def _stored_provinces(run: Run, home: Path) -> list[str]:
    listed = run("decision", "history", "--year", "2024", "--format", "json", "--home", home)
    assert listed.code == 0, listed.err
    return [version["province"] for version in json.loads(listed.out)]


def test_a_decision_of_another_province_than_the_tree_is_refused(
    run: Run, bundled_decision: Path, tmp_path: Path
) -> None:
    home = _home_with_tree(run, tmp_path, "UBND tỉnh Đồng Nai")
    result = run("decision", "import", bundled_decision, "--home", home)
    assert result.code == 2
    assert result.out == ""
    message = " ".join(result.err.split())
    assert (
        "binh-phuoc-2024-cctthc.txt: Quyết định là của tỉnh Bình Phước nhưng cây đơn vị của "
        "thư mục này là tỉnh Đồng Nai; không lưu gì" in message
    )
    assert "--province «Đồng Nai»" in message
    assert "--province «Bình Phước»" in message
    assert "Traceback" not in result.err
    assert _stored_provinces(run, home) == []


def test_a_province_named_on_purpose_is_stored_and_the_difference_warned(
    run: Run, bundled_decision: Path, tmp_path: Path
) -> None:
    home = _home_with_tree(run, tmp_path, "UBND tỉnh Đồng Nai")
    kept = run("decision", "import", bundled_decision, "--province", "Bình Phước", "--home", home)
    assert kept.code == 0, kept.err
    assert "Đã lưu bộ chỉ tiêu năm 2024 của tỉnh Bình Phước" in kept.out
    assert (
        "Cảnh báo: bộ chỉ tiêu được lưu cho tỉnh Bình Phước như đã chỉ định, dù cây đơn vị của "
        "thư mục này là tỉnh Đồng Nai" in " ".join(kept.err.split())
    )
    borrowed = run("decision", "import", bundled_decision, "--province", "Đồng Nai", "--home", home)
    assert borrowed.code == 0, borrowed.err
    assert "Cảnh báo" not in borrowed.err
    assert _stored_provinces(run, home) == ["Đồng Nai", "Bình Phước"]


def test_the_same_province_written_otherwise_is_accepted_silently(
    run: Run, bundled_decision: Path, tmp_path: Path
) -> None:
    # NFD, capitals and the committee's prefix are the same province.
    home = _home_with_tree(
        run, tmp_path, unicodedata.normalize("NFD", "Ủy ban nhân dân TỈNH BÌNH PHƯỚC")
    )
    result = run("decision", "import", bundled_decision, "--home", home)
    assert result.code == 0, result.err
    assert result.err == ""
    assert _stored_provinces(run, home) == ["Bình Phước"]


def test_without_a_tree_any_province_is_accepted(
    run: Run, bundled_decision: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    result = run("decision", "import", bundled_decision, "--home", home)
    assert result.code == 0, result.err
    assert result.err == ""
    assert _stored_provinces(run, home) == ["Bình Phước"]


def test_override_takes_a_units_name_and_a_task_number(
    run: Run, bundled_decision: Path, tmp_path: Path
) -> None:
    home = _home_with_tree(run, tmp_path, "UBND tỉnh Bình Phước")
    assert run("decision", "import", bundled_decision, "--home", home).code == 0
    result = run(
        "decision", "override", "so tu phap", "II.3", "--year", "2024", "--q4", "85",
        "--annual", "85", "--home", home,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "Đã lưu chỉ tiêu riêng của Sở Tư pháp (D1) cho chỉ số online_dossiers năm 2024" in (
        " ".join(result.out.split())
    )
    from chitieu.app.targets.services import overrides
    from chitieu.domain import Milestone, Override

    assert overrides(2024) == [
        Override("D1", "online_dossiers", annual=85.0, milestones=(Milestone(4, 85.0),))
    ]
    removed = run(
        "decision", "override", "Sở Tư pháp", "online_dossiers", "--year", "2024", "--remove",
        "--home", home,
    )  # fmt: skip
    assert removed.code == 0, removed.err
    assert overrides(2024) == []


def test_override_of_an_unknown_unit_suggests_close_names_and_changes_nothing(
    run: Run, bundled_decision: Path, tmp_path: Path
) -> None:
    home = _home_with_tree(run, tmp_path, "UBND tỉnh Bình Phước")
    result = run(
        "decision",
        "override",
        "Sở Tư phap nhé",
        "II.3",
        "--year",
        "2024",
        "--q1",
        "60",
        "--home",
        home,
    )
    assert result.code == 2
    assert "không có đơn vị «Sở Tư phap nhé»" in result.err
    assert "Traceback" not in result.err
    from chitieu.app.targets.services import overrides

    assert overrides(2024) == []


def test_an_override_breaking_the_roadmap_is_refused_with_every_reason(
    run: Run, bundled_decision: Path, tmp_path: Path
) -> None:
    home = _home_with_tree(run, tmp_path, "UBND tỉnh Bình Phước")
    assert run("decision", "import", bundled_decision, "--home", home).code == 0
    result = run(
        "decision", "override", "D1", "online_dossiers", "--year", "2024", "--q2", "10",
        "--annual", "120", "--home", home,
    )  # fmt: skip
    assert result.code == 2
    lines = [line.strip() for line in result.err.splitlines()]
    assert lines == [
        "Lỗi: Không lưu chỉ tiêu riêng của đơn vị D1 cho chỉ số online_dossiers năm 2024:",
        "- chỉ tiêu năm phải từ 0% đến 100%, không phải 120%",
    ]
    again = run(
        "decision", "override", "D1", "online_dossiers", "--year", "2024", "--q2", "10",
        "--home", home,
    )  # fmt: skip
    assert again.code == 2
    assert "- mốc quý II (10%) thấp hơn mốc quý I của phụ lục" in again.err


def _stored(run: Run, home: Path) -> tuple[object, ...]:
    """Everything an override or an import may change: the overrides, the versions, the audit."""
    from chitieu.app.audit.models import AuditEntry
    from chitieu.app.targets.services import overrides

    listed = run("decision", "history", "--year", "2024", "--format", "json", "--home", home)
    assert listed.code == 0, listed.err
    audit = list(AuditEntry.objects.order_by("pk").values_list("pk", "action", "object_key"))
    return overrides(2024), json.loads(listed.out), audit


def test_an_override_above_the_annual_target_is_refused_as_the_import_refuses_it(
    run: Run, bundled_decision: Path, tmp_path: Path
) -> None:
    # The import refuses a decision whose II.3 (provincial departments) has Quý I 90% for an
    # annual target of 80%; an override giving Sở Tư pháp the same values is refused by the same
    # rule, in the same words, and nothing stored changes.
    home = _home_with_tree(run, tmp_path, "UBND tỉnh Bình Phước")
    assert run("decision", "import", bundled_decision, "--home", home).code == 0
    kept = run(
        "decision", "override", "D1", "online_dossiers", "--year", "2024", "--q4", "85",
        "--annual", "85", "--home", home,
    )  # fmt: skip
    assert kept.code == 0, kept.err
    before = _stored(run, home)

    text = bundled_decision.read_text(encoding="utf-8")
    row = "Văn phòng UBND tỉnh\t80%\t50%\t60%\t70%\t80%"
    assert text.count(row) == 1
    bad = tmp_path / "qd.txt"
    bad.write_text(text.replace(row, row.replace("80%\t50%", "80%\t90%", 1)), encoding="utf-8")
    imported = run("decision", "import", bad, "--home", home)
    assert imported.code == 2
    rule = "mốc quý I (90%) cao hơn chỉ tiêu năm (80%)"
    assert f"qd.txt, dòng 88, cột 6 (Quý I): nhiệm vụ II.3: {rule}" in imported.err

    result = run(
        "decision", "override", "D1", "online_dossiers", "--year", "2024", "--q1", "90",
        "--annual", "80", "--home", home,
    )  # fmt: skip
    assert result.code == 2
    assert result.out == ""
    lines = [line.strip() for line in result.err.splitlines()]
    assert lines[0] == (
        "Lỗi: Không lưu chỉ tiêu riêng của đơn vị D1 cho chỉ số online_dossiers năm 2024:"
    )
    assert f"- {rule}" in lines
    assert "Traceback" not in result.err
    assert _stored(run, home) == before


@pytest.mark.parametrize(
    ("option", "value", "reason"),
    [
        ("--annual", "nan", "chỉ tiêu năm phải từ 0% đến 100%, không phải nan"),
        ("--q1", "inf", "mốc quý I phải từ 0% đến 100%, không phải inf"),
        ("--q2", "100.5", "mốc quý II phải từ 0% đến 100%, không phải 100,5%"),
    ],
)
def test_an_override_out_of_range_is_refused_and_changes_nothing(
    run: Run, bundled_decision: Path, tmp_path: Path, option: str, value: str, reason: str
) -> None:
    home = _home_with_tree(run, tmp_path, "UBND tỉnh Bình Phước")
    assert run("decision", "import", bundled_decision, "--home", home).code == 0
    before = _stored(run, home)
    result = run(
        "decision", "override", "D1", "online_dossiers", "--year", "2024", option, value,
        "--home", home,
    )  # fmt: skip
    assert result.code == 2
    assert f"- {reason}" in [line.strip() for line in result.err.splitlines()]
    assert _stored(run, home) == before


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "70%\t40%\t50%\t60%\t70%\t(Năm 2023: 24,4%",
            "70%\t0,4\t50%\t60%\t70%\t(Năm 2023: 24,4%",
            "qd.txt, dòng 82, cột 6 (Quý I): mốc quý I: đọc được «0,4»: là 0,4% hay 40%? "
            "hãy viết rõ 40% hoặc 0,4%",
        ),
        (
            "70%\t40%\t50%\t60%\t70%\t(Năm 2023: 24,4%",
            "70%\t1.000\t50%\t60%\t70%\t(Năm 2023: 24,4%",
            "qd.txt, dòng 82, cột 6 (Quý I): mốc quý I: đọc được «1.000»: là 1.000% (dấu «.» "
            "phân cách hàng nghìn) hay 1% (số thập phân)? hãy viết rõ, ví dụ 1%",
        ),
        (
            "4\tTỷ lệ số hóa hồ sơ",
            "3\tTỷ lệ số hóa hồ sơ",
            "qd.txt, dòng 91, cột 1: số thứ tự nhiệm vụ II.3 lặp lại: đã có ở qd.txt, dòng 88, "
            "cột 1",
        ),
    ],
)
def test_an_ambiguous_or_misnumbered_decision_is_refused_and_the_store_kept(
    run: Run, bundled_decision: Path, tmp_path: Path, old: str, new: str, expected: str
) -> None:
    home = _home_with_tree(run, tmp_path, "UBND tỉnh Bình Phước")
    assert run("decision", "import", bundled_decision, "--home", home).code == 0
    before = _stored(run, home)
    text = bundled_decision.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / "qd.txt"
    path.write_text(text.replace(old, new), encoding="utf-8")
    result = run("decision", "import", path, "--home", home)
    assert result.code == 2
    assert result.out == ""
    assert expected in " ".join(result.err.split())
    assert "Traceback" not in result.err
    assert _stored(run, home) == before
