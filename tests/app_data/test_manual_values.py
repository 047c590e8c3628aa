"""``chitieu ingest manual`` goes through ``app.data.services.import_manual_values``: each value
added or changed gets an audit entry with its value before and after; an unchanged re-import and
a refused file record nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from chitieu.units import write_units_csv
from tests.cli.conftest import Run
from tests.demo.trees import small_tree
from tests.sources.readers.builders import write_csv

HEADER = ["indicator", "unit_code", "period", "numerator", "denominator", "evidence"]


@pytest.fixture
def home(run: Run, tmp_path: Path) -> Path:
    """A home holding the small unit tree, loaded through ``units load``."""
    home = tmp_path / "home"
    listing = tmp_path / "units.csv"
    write_units_csv(small_tree(), listing)
    assert run("units", "load", listing, "--home", home).code == 0
    return home


def _manual(path: Path, rows: list[list[str]]) -> Path:
    write_csv(path, HEADER, rows)
    return path


def _entries() -> list[tuple[str, str, str, Any, Any]]:
    from chitieu.app.audit.choices import AuditAction
    from chitieu.app.audit.models import AuditEntry

    entries = AuditEntry.objects.filter(action=AuditAction.MANUAL_VALUES_IMPORT.value)
    return [
        (e.actor, e.object_type, e.object_key, e.before, e.after) for e in entries.order_by("id")
    ]


FIRST = [
    ["regulation_update", "70.STP", "2026-Q1", "3", "4", "CV 12/STP"],
    ["online_documents", "70.STP", "2026-Q1", "90", "100", "Báo cáo quý I"],
]


def test_values_added_then_changed_are_audited_before_and_after(
    run: Run, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("USER", "chuyenvien")
    first = run("ingest", "manual", _manual(tmp_path / "q1.csv", FIRST), "--home", home)
    assert first.code == 0, first.err
    assert "Đã nạp q1.csv: 2 dòng mới, 0 dòng thay thế, 0 dòng không đổi" in first.out
    entries = _entries()
    assert [(key, before) for _, _, key, before, _ in entries] == [
        ("70.STP|online_documents|2026-Q1", None),
        ("70.STP|regulation_update|2026-Q1", None),
    ]
    assert {object_type for _, object_type, _, _, _ in entries} == {"manual_value"}
    actor = entries[0][0]
    assert entries[1][4] == {
        "numerator": 3.0,
        "denominator": 4.0,
        "evidence": "CV 12/STP",
        "entered_by": actor,
    }

    # The department corrects one figure: only that one is audited, before and after.
    corrected = [[*FIRST[0][:3], "4", "4", "CV 15/STP"], FIRST[1]]
    second = run("ingest", "manual", _manual(tmp_path / "q1-sua.csv", corrected), "--home", home)
    assert second.code == 0, second.err
    assert "1 dòng thay thế, 1 dòng không đổi" in second.out
    [latest] = _entries()[2:]
    assert latest[2] == "70.STP|regulation_update|2026-Q1"
    assert latest[3] == entries[1][4]
    assert latest[4] == {
        "numerator": 4.0,
        "denominator": 4.0,
        "evidence": "CV 15/STP",
        "entered_by": actor,
    }


def test_an_unchanged_re_import_records_nothing(run: Run, home: Path, tmp_path: Path) -> None:
    path = _manual(tmp_path / "q1.csv", FIRST)
    assert run("ingest", "manual", path, "--home", home).code == 0
    recorded = _entries()
    # The same values in another order (another file, read) change nothing; nor does the same
    # file forced.
    again_path = _manual(tmp_path / "q1-lan-2.csv", FIRST[::-1])
    again = run("ingest", "manual", again_path, "--home", home)
    assert again.code == 0, again.err
    assert "0 dòng mới, 0 dòng thay thế, 2 dòng không đổi" in again.out
    assert run("ingest", "manual", path, "--force", "--home", home).code == 0
    assert _entries() == recorded


def test_a_refused_file_records_nothing_and_changes_nothing(
    run: Run, home: Path, tmp_path: Path
) -> None:
    bad = _manual(tmp_path / "bad.csv", [["regulation_update", "70.STP", "2026-Q1", "5", "4", "x"]])
    result = run("ingest", "manual", bad, "--home", home)
    assert result.code == 2
    assert "bad.csv, dòng 2" in result.err
    assert "tử số lớn hơn mẫu số" in result.err
    assert _entries() == []
    assert not (home / "facts.duckdb").exists()


def test_the_service_reports_what_it_audited(home: Path, tmp_path: Path) -> None:
    from chitieu.app.data.services import import_manual_values

    path = _manual(tmp_path / "q1.csv", FIRST)
    done = import_manual_values(home, [path], actor="tester")
    assert done.audited == 2
    assert [record.rows_new for record in done.report.imports] == [2]
    assert import_manual_values(home, [path], actor="tester", force=True).audited == 0
    assert [entry[0] for entry in _entries()] == ["tester", "tester"]
