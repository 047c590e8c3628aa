"""``chitieu units build|load|export`` and ``chitieu demo generate``: the command-line contract."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from tests.cli.conftest import Run
from tests.windows1258 import to_windows_1258

BAD_CSV = sorted((Path(__file__).parent.parent / "units" / "bad_csv").glob("*.csv"))


def _units(run: Run, home: Path) -> list[dict[str, object]]:
    result = run("units", "export", "--format", "json", "--home", home)
    assert result.code == 0, result.err
    units: list[dict[str, object]] = json.loads(result.out)
    return units


@pytest.fixture(scope="module")
def binh_phuoc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with Bình Phước's legacy tree, built once for the module."""
    import sys

    from chitieu.cli import main

    home = tmp_path_factory.mktemp("home")
    argv = sys.argv
    sys.argv = ["chitieu", "units", "build", "--province", "Bình Phước", "--structure", "legacy"]
    sys.argv += ["--home", str(home)]
    code: object = 0
    try:
        main()
    except SystemExit as done:
        code = done.code
    finally:
        sys.argv = argv
    assert not code
    return home


def test_build_legacy_binh_phuoc(run: Run, binh_phuoc: Path) -> None:
    units = _units(run, binh_phuoc)
    roots = [u for u in units if u["parent_code"] is None]
    assert len(roots) == 1
    root = roots[0]["code"]
    committees = [u for u in units if u["level"] == "district" and u["parent_code"] == root]
    assert len(committees) == 11
    communes = [u for u in units if u["level"] == "commune"]
    assert len(communes) == 111
    assert {u["parent_code"] for u in communes} <= {c["code"] for c in committees}
    departments = {u["name"] for u in units if u["level"] == "province_department"}
    assert {"Sở Tư pháp", "Sở Nội vụ"} <= departments
    justice = [u for u in units if str(u["name"]).startswith("Phòng Tư pháp")]
    assert len(justice) == 11


def test_build_again_changes_nothing(run: Run, binh_phuoc: Path) -> None:
    before = _units(run, binh_phuoc)
    result = run(
        "units", "build", "--province", "binh phuoc", "--structure", "legacy", "--home", binh_phuoc
    )
    assert result.code == 0, result.err
    assert "thêm 0, cập nhật 0" in result.out
    assert _units(run, binh_phuoc) == before


def test_build_2025_dong_nai_has_no_district_level(run: Run, tmp_path: Path) -> None:
    result = run(
        "units", "build", "--province", "Đồng Nai", "--structure", "2025", "--home", tmp_path
    )
    assert result.code == 0, result.err
    levels = Counter(str(u["level"]) for u in _units(run, tmp_path))
    assert levels["commune"] == 95
    assert levels["district"] == 0
    assert levels["province"] == 1


def test_unknown_province_is_refused(run: Run, tmp_path: Path) -> None:
    result = run(
        "units", "build", "--province", "Atlantis", "--structure", "2025", "--home", tmp_path
    )
    assert result.code == 2
    assert "Atlantis" in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize("path", BAD_CSV, ids=lambda p: p.stem)
def test_bad_file_is_refused_whole(run: Run, binh_phuoc: Path, path: Path, tmp_path: Path) -> None:
    # The file's parents exist in Bình Phước's tree: it is bad only in a home without them.
    home = tmp_path if path.stem == "unknown_parent" else binh_phuoc
    before = run("units", "export", "--format", "csv", "--home", home).out
    result = run("units", "load", path, "--home", home)
    assert result.code == 2, result.out
    assert path.name in result.err
    assert "Traceback" not in result.err
    assert run("units", "export", "--format", "csv", "--home", home).out == before


def test_load_windows_1258_adds_then_changes_nothing(
    run: Run, binh_phuoc: Path, tmp_path: Path
) -> None:
    commune = next(u for u in _units(run, binh_phuoc) if u["level"] == "commune")
    text = (
        "code,name,level,parent_code\n"
        f"{commune['code']}.CB1,Nguyễn Thị Hường,official,{commune['code']}\n"
        f"{commune['code']}.CB2,Trần Văn Đức,official,{commune['code']}\n"
    )
    path = tmp_path / "officials.csv"
    path.write_bytes(to_windows_1258(text))
    first = run("units", "load", path, "--home", binh_phuoc)
    assert first.code == 0, first.err
    assert "thêm 2" in first.out
    names = {u["code"]: u["name"] for u in _units(run, binh_phuoc)}
    assert names[f"{commune['code']}.CB1"] == "Nguyễn Thị Hường"
    second = run("units", "load", path, "--home", binh_phuoc)
    assert "thêm 0, cập nhật 0, không đổi 2" in second.out


def test_every_change_is_audited(run: Run, tmp_path: Path) -> None:
    run("units", "build", "--province", "Đồng Nai", "--structure", "2025", "--home", tmp_path)
    path = tmp_path / "rename.csv"
    root = next(u for u in _units(run, tmp_path) if u["parent_code"] is None)
    path.write_text(
        f"code,name,level,parent_code\n{root['code']},UBND tỉnh Đồng Nai (mới),province,\n"
    )
    assert run("units", "load", path, "--home", tmp_path).code == 0
    from chitieu.app.audit.models import AuditEntry

    entries = AuditEntry.objects.filter(object_key=root["code"]).order_by("id")
    assert [e.action for e in entries] == ["unit.add", "unit.update"]
    last = entries.last()
    assert last is not None
    assert last.before["name"] == root["name"]
    assert last.after["name"] == "UBND tỉnh Đồng Nai (mới)"
    assert last.actor.startswith("cli:")


def test_export_csv_has_bom_in_a_file_and_reloads(
    run: Run, binh_phuoc: Path, tmp_path: Path
) -> None:
    out = tmp_path / "units.csv"
    assert run("units", "export", "--format", "csv", "-o", out, "--home", binh_phuoc).code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    again = run("units", "load", out, "--home", binh_phuoc)
    assert again.code == 0, again.err
    assert "thêm 0, cập nhật 0" in again.out


def test_demo_generate_is_deterministic(run: Run, binh_phuoc: Path, tmp_path: Path) -> None:
    outputs = []
    for name in ("a", "b"):
        out = tmp_path / name
        result = run(
            "demo", "generate", "--province", "Bình Phước", "--year", "2024",
            "--dossiers", "3000", "--seed", "7", "--out", out, "--home", binh_phuoc,
        )  # fmt: skip
        assert result.code == 0, result.err
        outputs.append(out)
    for name in ("dossiers.csv", "procedures.csv", "feedback.csv", "manual.csv"):
        assert (outputs[0] / name).read_bytes() == (outputs[1] / name).read_bytes()
    lines = (outputs[0] / "dossiers.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3001


def test_demo_generate_needs_the_province_tree(run: Run, binh_phuoc: Path, tmp_path: Path) -> None:
    result = run(
        "demo", "generate", "--province", "Đồng Nai", "--year", "2024",
        "--dossiers", "10", "--out", tmp_path, "--home", binh_phuoc,
    )  # fmt: skip
    assert result.code == 2
    assert "units build" in result.err
    assert not list(tmp_path.iterdir())
