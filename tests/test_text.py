"""``chitieu.text``: the spreadsheet-safety helper every CSV and XLSX writer goes through."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from chitieu.catalog import load_catalogue
from chitieu.decisions import read_decision
from chitieu.decisions.export_xlsx import write_xlsx
from chitieu.domain import OrgUnit
from chitieu.dvcqg.export import text
from chitieu.text import FORMULA_START, looks_like_formula, plain_number, spreadsheet_safe
from chitieu.units import read_units_csv, write_units_csv

DANGEROUS = ["=SUM(A1:A9)", "+1", "-2+3", "@cmd", "\t=1+1", "\r=1+1", '=HYPERLINK("http://x")']


@pytest.mark.parametrize("cell", DANGEROUS)
def test_a_formula_is_quoted(cell: str) -> None:
    assert looks_like_formula(cell)
    assert spreadsheet_safe(cell) == "'" + cell


@pytest.mark.parametrize(
    "cell", ["", "Sở Tư pháp", "T.SA", "a=b", "1+1", " =x", "'=quoted", "2024-Q3"]
)
def test_other_text_is_left_as_it_is(cell: str) -> None:
    assert not looks_like_formula(cell)
    assert spreadsheet_safe(cell) == cell


def test_tab_and_carriage_return_are_guarded() -> None:
    assert {"\t", "\r", "=", "+", "-", "@"} == set(FORMULA_START)


def test_the_portal_export_keeps_its_name_for_the_helper() -> None:
    # evaluation.export imports ``text`` from dvcqg.export: the same guard, None as empty.
    assert [text(c) for c in DANGEROUS] == [spreadsheet_safe(c) for c in DANGEROUS]
    assert text(None) == ""


@pytest.mark.parametrize(
    ("number", "written"),
    [
        (0, "0"),
        (3.0, "3"),
        (66.6667, "66.6667"),
        (1e-7, "0.0000001"),
        (None, ""),
        (12345678.5, "12345678.5"),
    ],
)
def test_plain_numbers(number: float | None, written: str) -> None:
    assert plain_number(number) == written


def test_units_csv_guards_and_reads_back(tmp_path: Path) -> None:
    units = [
        OrgUnit("T", "Tỉnh X", "province"),
        OrgUnit("T.1", "=cmd|' /C calc'!A0", "province_department", "T"),
        OrgUnit("T.2", "\t@Sở", "province_department", "T"),
    ]
    path = tmp_path / "units.csv"
    write_units_csv(units, path)
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"))))
    assert [r[1] for r in rows[2:]] == ["'=cmd|' /C calc'!A0", "'\t@Sở"]
    read = read_units_csv(path, {"province", "province_department"})
    assert read[1].name == "=cmd|' /C calc'!A0"


def test_decision_workbook_types_formula_like_text_as_text(
    tmp_path: Path, bundled_decision: Path
) -> None:
    target_set = read_decision(bundled_decision, load_catalogue()).target_set
    first = replace(target_set.targets[0], lead='=HYPERLINK("http://x","Sở")')
    tampered = replace(target_set, targets=(first, *target_set.targets[1:]))
    path = tmp_path / "decision.xlsx"
    write_xlsx(tampered, path)
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    cells = [c for row in sheet.iter_rows() for c in row if c.value == first.lead]
    assert cells, "the lead unit's text is in the workbook"
    assert all(c.data_type == "s" for c in cells)
