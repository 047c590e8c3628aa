"""The quarter's workbook, read back with openpyxl and checked against the evaluation's stored
rows (not against the code that wrote it): its sheets, header, frozen panes, filters and print
setup; every status of the matrix and every figure of the task sheets; text from user data that
a spreadsheet would take for a formula; a provisional quarter."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import zipfile
from collections import defaultdict
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from chitieu import wording
from chitieu.domain import OrgUnit, Target
from chitieu.evaluation.model import Status, UnitEvaluation
from chitieu.reports.context import ReportContext
from chitieu.reports.workbook import MATRIX_TITLE, build_workbook, sheet_name
from chitieu.units import UnitTree

FORMULA = '=HYPERLINK("x")'


def _read(data: bytes) -> Workbook:
    return load_workbook(BytesIO(data))


@pytest.fixture(scope="module")
def book(context: ReportContext) -> Workbook:
    """The demo quarter's workbook, read back."""
    return _read(build_workbook(context))


def _header_row(sheet: Worksheet) -> int:
    """The table's header: the row whose first cell is «STT» (the title block is above it)."""
    for (cell,) in sheet.iter_rows(min_col=1, max_col=1):
        if cell.value == "STT":
            return int(cell.row)
    raise AssertionError(f"{sheet.title}: no header row")


def _labels(sheet: Worksheet) -> dict[str, int]:
    """Each header label and its column."""
    header = _header_row(sheet)
    return {
        str(cell.value): int(cell.column)
        for cell in sheet[header]
        if isinstance(cell, Cell) and cell.value is not None
    }


def _title_text(sheet: Worksheet) -> str:
    header = _header_row(sheet)
    return "\n".join(str(sheet.cell(row=row, column=1).value or "") for row in range(1, header))


def _tasks(context: ReportContext) -> dict[tuple[str, str], list[int]]:
    """The measured tasks of the annex in order, each with its rows' indices."""
    tasks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, target in enumerate(context.target_set.targets):
        if target.indicator:
            tasks[(target.task, target.indicator)].append(index)
    return tasks


def _task_sheet(book: Workbook, task: str) -> Worksheet:
    """The sheet of a task: its name starts with the task's code and a space."""
    found = [s for s in book.worksheets[1:] if s.title.startswith(f"{task} ")]
    assert len(found) == 1, (task, [s.title for s in book.worksheets])
    return found[0]


def _status(row: UnitEvaluation) -> str:
    word = wording.status(row.status.value, provisional=row.provisional)
    return word + wording.OVERRIDE_MARK if row.overridden else word


def test_one_matrix_then_one_sheet_per_measured_task(
    book: Workbook, context: ReportContext
) -> None:
    names = book.sheetnames
    assert names[0] == MATRIX_TITLE == "Tổng hợp"
    tasks = _tasks(context)
    assert len(names) == 1 + len(tasks)
    for name, (task, _) in zip(names[1:], tasks, strict=True):
        assert name.startswith(f"{task} ")
    assert len({name.casefold() for name in names}) == len(names)
    for name in names:
        assert len(name) <= 31
        assert not set(name) & set("[]:*?/\\"), name


def test_sheet_names_are_valid_and_unique() -> None:
    long = "II.12 Xử lý văn bản, hồ sơ công việc trên môi trường mạng"
    assert len(sheet_name(long)) <= 31
    first = sheet_name("A/B [1]: *?")
    assert not set(first) & set("[]:*?/\\")
    taken = {first.casefold()}
    second = sheet_name("A/B [1]: *?", taken)
    assert second != first
    assert second.casefold() not in taken
    assert len(sheet_name("x" * 40, ["x" * 31])) <= 31


def test_every_sheet_has_a_frozen_header_filters_and_the_print_setup(book: Workbook) -> None:
    for sheet in book.worksheets:
        header = _header_row(sheet)
        labels = _labels(sheet)
        assert list(labels)[:4] == ["STT", "Mã đơn vị", "Cấp", "Tên đơn vị"], sheet.title
        # Below the header, right of the unit's name.
        assert sheet.freeze_panes == f"E{header + 1}", sheet.title
        last = get_column_letter(len(labels))
        ref = sheet.auto_filter.ref
        assert ref is not None
        assert ref.startswith(f"A{header}:{last}"), (sheet.title, ref)
        setup = sheet.page_setup
        assert setup.orientation == "landscape"
        assert int(setup.paperSize or 0) == 9  # A4
        assert int(setup.fitToWidth or 0) == 1
        assert setup.fitToHeight is not None
        assert int(setup.fitToHeight) == 0
        properties = sheet.sheet_properties.pageSetUpPr
        assert properties is not None
        assert properties.fitToPage
        assert sheet.print_title_rows == f"${header}:${header}"
        assert sheet.print_options.horizontalCentered


def test_the_matrix_holds_every_units_status_for_every_task(
    book: Workbook, context: ReportContext
) -> None:
    sheet = book[MATRIX_TITLE]
    header = _header_row(sheet)
    labels = _labels(sheet)
    units = context.units()
    codes = [sheet.cell(row=header + n, column=2).value for n in range(1, len(units) + 1)]
    # One row per unit holding a target, in the tree's order.
    assert codes == [unit.code for unit in units]
    assert sheet.auto_filter.ref == (
        f"A{header}:{get_column_letter(len(labels))}{header + len(units)}"
    )
    line = {unit.code: header + n for n, unit in enumerate(units, 1)}
    column = {
        task: next(c for label, c in labels.items() if label.split("\n")[0] == task)
        for task, _ in _tasks(context)
    }
    held: set[tuple[int, int]] = set()
    fills: dict[str, set[str]] = defaultdict(set)
    for row in context.evaluation.rows:
        cell = sheet.cell(row=line[row.unit.code], column=column[row.target.task])
        assert cell.value == _status(row), (row.unit.code, row.target.task)
        assert cell.data_type == "s"
        assert wording.STATUS[row.status.value] == str(cell.value).removesuffix("*")
        fills[row.status.value].add(str(cell.fill.fgColor.rgb))
        held.add((int(cell.row), int(cell.column)))
    # Each status has one colour, and no two statuses share one.
    assert all(len(colours) == 1 for colours in fills.values())
    assert len({next(iter(c)) for c in fills.values()}) == len(fills)
    # Where a unit holds no such target, the cell is empty.
    for unit_line in line.values():
        for task_column in column.values():
            if (unit_line, task_column) not in held:
                assert sheet.cell(row=unit_line, column=task_column).value is None
    # The counts beside the statuses are numbers.
    by_unit: dict[str, list[UnitEvaluation]] = defaultdict(list)
    for row in context.evaluation.rows:
        by_unit[row.unit.code].append(row)
    met = labels[wording.STATUS["met"]]
    not_met = labels[wording.STATUS["not_met"]]
    for code, rows in by_unit.items():
        assert sheet.cell(row=line[code], column=met).value == sum(
            r.status is Status.MET for r in rows
        )
        assert sheet.cell(row=line[code], column=not_met).value == sum(
            r.status is Status.NOT_MET for r in rows
        )


def test_the_legend_explains_every_colour_and_word(book: Workbook) -> None:
    sheet = book[MATRIX_TITLE]
    words = {str(c.value): c for (c,) in sheet.iter_rows(min_col=2, max_col=2) if c.value}
    matrix_fill = {}
    header = _header_row(sheet)
    for row in sheet.iter_rows(min_row=header + 1, min_col=5):
        for cell in row:
            if cell.value in wording.STATUS.values():
                matrix_fill[cell.value] = cell.fill.fgColor.rgb
    for word, meaning in wording.LEGEND:
        assert word in words, word
        legend = words[word]
        assert sheet.cell(row=legend.row, column=4).value == meaning
        if word in matrix_fill:
            assert legend.fill.fgColor.rgb == matrix_fill[word]


def _value(cell: Cell) -> float | None:
    value = cell.value
    assert value is None or isinstance(value, int | float), (cell.coordinate, value)
    return None if value is None else float(value)


def _close(cell: Cell, expected: float | None, scale: float = 1.0) -> None:
    value = _value(cell)
    if expected is None:
        assert value is None, cell.coordinate
    else:
        assert value is not None, cell.coordinate
        assert abs(value * scale - expected) < 1e-9, (cell.coordinate, value, expected)


def test_each_task_sheet_holds_the_stored_figures(book: Workbook, context: ReportContext) -> None:
    quarter = wording.quarter(context.quarter)
    for (task, indicator_code), indices in _tasks(context).items():
        sheet = _task_sheet(book, task)
        indicator = context.catalogue.get(indicator_code)
        assert indicator is not None
        labels = _labels(sheet)
        header = _header_row(sheet)
        rows = [r for r in context.evaluation.rows if r.row in indices]
        assert sheet.max_row == header + len(rows)
        line = {
            str(sheet.cell(row=n, column=2).value): n
            for n in range(header + 1, header + len(rows) + 1)
        }
        assert len(line) == len(rows), task  # each unit holds a task once in the demo
        for row in rows:
            n = line[row.unit.code]

            def cell(
                label: str, n: int = n, sheet: Worksheet = sheet, labels: dict[str, int] = labels
            ) -> Cell:
                found = sheet.cell(row=n, column=labels[label])
                assert isinstance(found, Cell)
                return found

            assert cell("Tên đơn vị").value == row.unit.name
            assert cell("Cấp").value == context.level_label(row.unit.level)
            _close(cell(indicator.numerator_label), row.numerator)
            _close(cell(indicator.denominator_label), row.denominator)
            _close(cell("Giá trị"), row.value, 100)
            _close(cell(f"Mốc {quarter}"), row.milestone, 100)
            _close(cell("Chỉ tiêu năm"), row.annual, 100)
            _close(cell("Chênh lệch so với mốc (điểm %)"), row.gap)
            _close(cell("Dự báo cuối năm"), row.projection, 100)
            assert cell("Cần thêm (số lượng)").value == row.needed
            assert cell("Hạng trong cấp").value == row.rank
            assert cell("Kết quả").value == _status(row)
            assert cell("Cần thêm (diễn giải)").value == wording.needed(
                row.status.value,
                row.needed,
                row.numerator,
                row.denominator,
                row.milestone,
                indicator.needed_noun,
            )
            outlook = row.outlook.value if row.outlook else None
            assert cell("Triển vọng").value == wording.outlook(outlook)
            # Numbers are numbers with the formats a Vietnamese locale shows as 56,05% and 1.234.
            assert cell("Giá trị").value is None or cell("Giá trị").number_format == "0.00%"
            assert cell(f"Mốc {quarter}").number_format == "0.00%"
            denominator = cell(indicator.denominator_label)
            if row.denominator is not None and float(row.denominator).is_integer():
                assert isinstance(denominator.value, int)
                assert denominator.number_format == "#,##0"


def _with_names(
    context: ReportContext, names: dict[str, str], codes: dict[str, str]
) -> ReportContext:
    """The context with some units renamed and recoded (rows and tree alike)."""

    def changed(unit: OrgUnit) -> OrgUnit:
        name = names.get(unit.code, unit.name)
        code = codes.get(unit.code, unit.code)
        parent = unit.parent_code and codes.get(unit.parent_code, unit.parent_code)
        return dataclasses.replace(unit, name=name, code=code, parent_code=parent)

    tree = UnitTree([changed(u) for u in context.tree.units])
    rows = tuple(
        dataclasses.replace(r, unit=tree[codes.get(r.unit.code, r.unit.code)])
        for r in context.evaluation.rows
    )
    evaluation = dataclasses.replace(context.evaluation, rows=rows)
    return dataclasses.replace(context, tree=tree, evaluation=evaluation)


def test_text_that_looks_like_a_formula_stays_text(context: ReportContext) -> None:
    named = context.evaluation.rows[0].unit.code
    recoded = context.evaluation.rows[-1].unit.code
    changed = _with_names(context, {named: FORMULA}, {recoded: "-5"})
    first = changed.target_set.targets[0]
    title: Target = dataclasses.replace(first, title="@SUM(1,2)")
    target_set = dataclasses.replace(
        changed.target_set, targets=(title, *changed.target_set.targets[1:])
    )
    data = build_workbook(dataclasses.replace(changed, target_set=target_set))
    book = _read(data)
    seen = {"name": 0, "code": 0, "title": 0}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value == FORMULA:
                    seen["name"] += 1
                elif cell.value == "-5":
                    seen["code"] += 1
                elif isinstance(cell.value, str) and cell.value.endswith("@SUM(1,2)"):
                    seen["title"] += 1
                else:
                    continue
                assert cell.data_type == "s", (sheet.title, cell.coordinate)
                if str(cell.value).startswith(("=", "-", "@")):
                    # Excel's leading apostrophe: still text when someone edits the cell.
                    assert cell.quotePrefix, (sheet.title, cell.coordinate)
    assert seen["name"] >= 2, seen
    assert seen["code"] >= 2, seen
    assert seen["title"] == 1, seen
    # No formula anywhere in the file.
    with zipfile.ZipFile(BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name).decode()
                assert "<f>" not in xml, name
                assert "<f " not in xml, name


def test_a_provisional_quarter_says_so_on_every_sheet(context: ReportContext) -> None:
    rows = tuple(dataclasses.replace(r, provisional=True) for r in context.evaluation.rows)
    evaluation = dataclasses.replace(context.evaluation, provisional=True, rows=rows)
    provisional = dataclasses.replace(context, evaluation=evaluation)
    book = _read(build_workbook(provisional))
    for sheet in book.worksheets:
        assert wording.PROVISIONAL.casefold() in _title_text(sheet).casefold(), sheet.title
    sheet = book[MATRIX_TITLE]
    words = {c.value for row in sheet.iter_rows(min_col=5) for c in row if c.value}
    assert wording.status("met", provisional=True) in words
    assert wording.status("not_met", provisional=True) in words


def test_a_final_quarter_is_not_marked_provisional(book: Workbook) -> None:
    for sheet in book.worksheets:
        assert wording.PROVISIONAL.casefold() not in _title_text(sheet).casefold()
    assert "Quý III/2024" in _title_text(book[MATRIX_TITLE])


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_prints_the_workbook(context: ReportContext, tmp_path: Path) -> None:
    source = tmp_path / "so-lieu.xlsx"
    source.write_bytes(build_workbook(context))
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    pdf = tmp_path / "so-lieu.pdf"
    assert pdf.exists()
    assert pdf.stat().st_size > 10_000


def test_a_unit_holding_two_rows_of_a_task_gets_a_column_for_each(context: ReportContext) -> None:
    # A second row of a task for the communes, as a decision naming some communes apart would
    # give: the communes hold the task twice, and each row has its own column.
    index = next(i for i, t in enumerate(context.target_set.targets) if "commune" in t.levels)
    target = context.target_set.targets[index]
    extra: Target = dataclasses.replace(target, levels=("commune",), annual=target.annual)
    extra_index = len(context.target_set.targets)
    targets = (*context.target_set.targets, extra)
    communes = [r for r in context.evaluation.rows if r.row == index and r.unit.level == "commune"]
    flipped = {Status.MET: Status.NOT_MET, Status.NOT_MET: Status.MET}
    added = tuple(
        dataclasses.replace(
            r, target=extra, row=extra_index, status=flipped.get(r.status, r.status)
        )
        for r in communes
    )
    evaluation = dataclasses.replace(context.evaluation, rows=(*context.evaluation.rows, *added))
    doubled = dataclasses.replace(
        context,
        evaluation=evaluation,
        target_set=dataclasses.replace(context.target_set, targets=targets),
    )
    book = _read(build_workbook(doubled))
    sheet = book[MATRIX_TITLE]
    header = _header_row(sheet)
    columns = [c for label, c in _labels(sheet).items() if label.split("\n")[0] == target.task]
    assert len(columns) == 2
    line = {
        sheet.cell(row=n, column=2).value: n
        for n in range(header + 1, header + len(doubled.units()) + 1)
    }
    for row in context.evaluation.rows:
        if row.row == index:
            assert sheet.cell(row=line[row.unit.code], column=columns[0]).value == _status(row)
    for row in added:
        assert sheet.cell(row=line[row.unit.code], column=columns[1]).value == _status(row)
    # The task's sheet holds both rows.
    task_sheet = _task_sheet(book, target.task)
    held = len([r for r in context.evaluation.rows if r.target.task == target.task])
    assert task_sheet.max_row == _header_row(task_sheet) + held + len(added)
