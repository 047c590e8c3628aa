"""The ad hoc report read back (Word and Excel) against the window's values computed by the
engine, and its command line: a file on success, one Vietnamese sentence and no file on bad
input."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import docx
import duckdb
import openpyxl
import pytest

from chitieu.app.home import catalogue, require_units
from chitieu.engine.values import Scope
from chitieu.engine.window import window_values
from chitieu.formatting import integer, percent
from chitieu.reports.adhoc import AdhocContext, adhoc_docx, adhoc_xlsx, task_rows, unit_label
from tests.cli.conftest import Run, run

__all__ = ["run"]

START, END = date(2024, 3, 17), date(2024, 5, 4)
DISTRICT = "688"


@pytest.fixture(scope="module")
def adhoc(report_home: Path) -> AdhocContext:
    """The report on the province's root for 17 March to 4 May, dated 15 October."""
    from chitieu.app.reports import adhoc_inputs

    return adhoc_inputs(report_home, "70", START, END, today=date(2024, 10, 15))


@pytest.fixture(scope="module")
def values(report_home: Path) -> dict[tuple[str, str, str], tuple[float, float]]:
    """The window's values, computed apart from the report (own, subtree, tier)."""
    units = require_units(report_home)
    with duckdb.connect(str(report_home / "facts.duckdb"), read_only=True) as connection:
        found = window_values(connection, units=units, catalogue=catalogue(), start=START, end=END)
    return {(v.unit_code, v.indicator, v.scope.value): (v.numerator, v.denominator) for v in found}


def _number(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def test_the_word_report_holds_the_window_values(
    adhoc: AdhocContext, values: dict[tuple[str, str, str], tuple[float, float]]
) -> None:
    """The subtree table's rows are the root's subtree values; a task's table lists its holders
    with their tier values; the title names the unit and the days."""
    document = docx.Document(io.BytesIO(adhoc_docx(adhoc)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "từ ngày 17/03/2024 đến ngày 04/05/2024" in text
    assert "BÁO CÁO" in text
    tables = document.tables
    summary = next(t for t in tables if t.rows[0].cells[1].text == "Nhiệm vụ, chỉ số")
    checked = 0
    for row in summary.rows[1:]:
        cells = [c.text for c in row.cells]
        code = cells[1].split(".")[0] + "." + cells[1].split(".")[1].split(" ")[0]
        indicator = next(
            t.indicator for t in adhoc.target_set.targets if t.task == code and t.indicator
        )
        counts = values.get(("70", indicator, Scope.SUBTREE.value))
        if counts is None or not counts[1]:
            assert cells[4] == "—"
            continue
        assert (_number(cells[2]), _number(cells[3])) == counts
        assert cells[4] == percent(100 * counts[0] / counts[1])
        checked += 1
    assert checked >= 5
    holders = [t for t in tables if t.rows[0].cells[1].text == "Đơn vị"]
    tasks = [t for t in task_rows(adhoc) if t.units]
    assert len(holders) == len(tasks)
    labels = {unit_label(adhoc, u): u.code for u in adhoc.tree.units}
    rows_checked = 0
    for table, task in zip(holders, tasks, strict=True):
        for row in table.rows[1:]:
            cells = [c.text for c in row.cells]
            counts = values.get((labels[cells[1]], task.indicator, Scope.TIER.value))
            if counts is None:
                assert cells[2:5] == ["—", "—", "—"]
                continue
            assert (_number(cells[2]), _number(cells[3])) == counts
            rows_checked += 1
    assert rows_checked >= 50


def test_the_workbook_holds_numbers(
    adhoc: AdhocContext, values: dict[tuple[str, str, str], tuple[float, float]]
) -> None:
    """Counts as integers and values as fractions in a percent format, equal to the window's."""
    book = openpyxl.load_workbook(io.BytesIO(adhoc_xlsx(adhoc)))
    sheet = book["Toàn đơn vị"]
    header = next(r for r in range(1, 12) if sheet.cell(r, 1).value == "TT")
    checked = 0
    for row in range(header + 1, sheet.max_row + 1):
        task = sheet.cell(row, 2).value
        indicator = next(
            t.indicator for t in adhoc.target_set.targets if t.task == task and t.indicator
        )
        counts = values.get(("70", indicator or "", Scope.SUBTREE.value))
        if counts and counts[1]:
            assert sheet.cell(row, 4).value == counts[0]
            assert isinstance(sheet.cell(row, 4).value, int)
            assert sheet.cell(row, 6).value == pytest.approx(counts[0] / counts[1])
            assert sheet.cell(row, 6).number_format == "0.00%"
            checked += 1
    assert checked >= 5
    assert len(book.sheetnames) > 5


def test_a_district_report_covers_its_subtree_only(report_home: Path) -> None:
    """A district's report lists no unit outside the district."""
    from chitieu.app.reports import adhoc_inputs

    context = adhoc_inputs(report_home, DISTRICT, START, END, today=date(2024, 10, 15))
    inside = {u.code for u in context.tree.subtree(DISTRICT)}
    assert {v.unit_code for v in context.values} <= inside
    assert context.values


def test_a_task_no_unit_of_the_subtree_holds_names_whose_figure_section_one_shows(
    report_home: Path,
) -> None:
    """A district's dossiers count in a task only the departments hold: section II says that no
    unit of the district holds it and gives the district's own figure of section I, computed
    apart, as for reference only."""
    from chitieu.app.reports import adhoc_inputs

    context = adhoc_inputs(report_home, DISTRICT, START, END, today=date(2024, 10, 15))
    units = require_units(report_home)
    with duckdb.connect(str(report_home / "facts.duckdb"), read_only=True) as connection:
        found = window_values(connection, units=units, catalogue=catalogue(), start=START, end=END)
    subtree = {
        v.indicator: (v.numerator, v.denominator)
        for v in found
        if v.unit_code == DISTRICT and v.scope is Scope.SUBTREE
    }
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(adhoc_docx(context))).paragraphs)
    unheld = [t for t in task_rows(context) if not t.units]
    checked = 0
    for task in unheld:
        counts = subtree.get(task.indicator)
        if counts is None or not counts[1]:
            continue
        n, d = (int(c) for c in counts)
        share = percent(100 * n / d)
        assert f"chung của {context.unit.name} ở mục I ({integer(n)}/{integer(d)}, {share})" in text
        checked += 1
    assert checked >= 1, [t.code for t in unheld]


def test_the_command_writes_the_file(run: Run, report_home: Path, tmp_path: Path) -> None:
    """Exit 0 and the file, in Word and in Excel."""
    for name in ("a.docx", "a.xlsx"):
        out = tmp_path / name
        result = run(
            "report", "adhoc", "--unit", "70", "--from", "17/03/2024", "--to", "2024-05-04",
            "-o", out, "--home", report_home,
        )  # fmt: skip
        assert result.code == 0, result.err
        assert out.stat().st_size > 1000


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (("--unit", "70", "--from", "32/03/2024", "--to", "04/05/2024"), "không phải một ngày"),
        (("--unit", "70", "--from", "05/05/2024", "--to", "04/05/2024"), "ngày bắt đầu phải"),
        (("--unit", "KHÔNG-CÓ", "--from", "17/03/2024", "--to", "04/05/2024"), "--unit"),
        (("--unit", "70", "--from", "01/01/2023", "--to", "31/03/2023"), "Chưa có bộ chỉ tiêu"),
    ],
)
def test_bad_input_is_refused_without_a_file(
    run: Run, report_home: Path, tmp_path: Path, arguments: tuple[str, ...], said: str
) -> None:
    """Exit 2 with a Vietnamese sentence on stderr, no traceback, no file."""
    out = tmp_path / "x.docx"
    result = run("report", "adhoc", *arguments, "-o", out, "--home", report_home)
    assert result.code == 2
    assert said in result.err
    assert "Traceback" not in result.err
    assert not out.exists()


def test_unit_names_that_look_like_formulas_stay_text(adhoc: AdhocContext) -> None:
    """A unit named «=HYPERLINK(…)» is written as text with Excel's quote prefix."""
    import dataclasses

    from chitieu.units import UnitTree

    name = '=HYPERLINK("http://x","y")'
    units = [
        dataclasses.replace(u, name=name) if u.code == "70.SXD" else u for u in adhoc.tree.units
    ]
    book = openpyxl.load_workbook(
        io.BytesIO(adhoc_xlsx(dataclasses.replace(adhoc, tree=UnitTree(units))))
    )
    found = [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value == name
    ]
    assert found
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in found)
