"""The bundled decision reads to the hand-keyed expected file, in every form an office keeps it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chitieu.decisions import read_decision, to_dict
from chitieu.decisions.export_xlsx import write_xlsx
from chitieu.domain import TargetSet
from tests.decisions.builders import build_docx, build_xlsx, printed_rows

EXPECTED = Path(__file__).parent / "expected" / "binh-phuoc-2024-cctthc.json"


def expected() -> dict[str, object]:
    data: dict[str, object] = json.loads(EXPECTED.read_text(encoding="utf-8"))
    return data


def test_bundled_copy_is_the_shared_decision(bundled_decision: Path, shared_decision: Path) -> None:
    assert bundled_decision.read_bytes() == shared_decision.read_bytes()


def test_text_form_reads_to_the_hand_keyed_annex(bundled_decision: Path) -> None:
    reading = read_decision(bundled_decision)
    assert to_dict(reading.target_set) == expected()
    assert reading.warnings == ()


def test_annex_shape(bundled_decision: Path) -> None:
    target_set = read_decision(bundled_decision).target_set
    assert len(target_set.targets) == 21
    assert len(target_set.tasks) == 13
    split = {
        task for task in target_set.tasks if sum(t.task == task for t in target_set.targets) == 3
    }
    assert split == {"II.2", "II.3", "II.4", "II.12"}
    assert target_set.sections["I"].startswith("Cắt giảm")


@pytest.fixture(scope="module")
def text_target_set(bundled_decision: Path) -> TargetSet:
    return read_decision(bundled_decision).target_set


@pytest.mark.parametrize("split_at", [None, 7], ids=["one-table", "split-by-page-break"])
def test_docx_with_merged_cells_reads_the_same(
    tmp_path: Path, bundled_decision: Path, text_target_set: TargetSet, split_at: int | None
) -> None:
    path = tmp_path / "quyet-dinh.docx"
    build_docx(printed_rows(bundled_decision), path, split_at=split_at)
    reading = read_decision(path)
    assert reading.target_set == text_target_set
    assert to_dict(reading.target_set) == expected()


@pytest.mark.parametrize("percent_as_text", [False, True], ids=["percent-numbers", "percent-text"])
def test_xlsx_with_merged_cells_reads_the_same(
    tmp_path: Path, bundled_decision: Path, percent_as_text: bool
) -> None:
    path = tmp_path / "phu-luc.xlsx"
    build_xlsx(printed_rows(bundled_decision), path, percent_as_text=percent_as_text)
    reading = read_decision(path)
    assert to_dict(reading.target_set) == expected()


def test_exported_workbook_reads_back(tmp_path: Path, text_target_set: TargetSet) -> None:
    path = tmp_path / "export.xlsx"
    write_xlsx(text_target_set, path)
    again = read_decision(path).target_set
    assert again == text_target_set
    assert again.sections == text_target_set.sections


def test_contract_json_reads_back(tmp_path: Path, text_target_set: TargetSet) -> None:
    path = tmp_path / "decision.json"
    path.write_text(json.dumps(to_dict(text_target_set), ensure_ascii=False), encoding="utf-8")
    assert read_decision(path).target_set == text_target_set
