"""Percentages written every way an office writes them, read by one rule in text, Word and Excel.

A bare fraction (``0,4`` for Quý I of task II.2, provincial departments, where the annex says
40%) could be 0,4% or 40%: refused with the cell and what was read, unless its whole column is
written as fractions. ``1.000`` (a thousand or one?) is refused too. Written unambiguously, the
same value reads the same in every form.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from chitieu.decisions import read_decision, to_dict
from chitieu.errors import InputError
from tests.decisions.builders import PrintedRow, build_docx, build_xlsx, printed_rows

EXPECTED = Path(__file__).parent / "expected" / "binh-phuoc-2024-cctthc.json"
# II.2, provincial departments: line 82 of the text, Quý I its 6th cell.
TEXT_ROW = "70%\t40%\t50%\t60%\t70%\t(Năm 2023: 24,4%"
TEXT_PLACE = "qd.txt, dòng 82, cột 6 (Quý I)"
DOCX_PLACE = "qd.docx, bảng 1, hàng 7, cột 6 (Quý I)"
XLSX_CELL = "F11"
XLSX_PLACE = f"qd.xlsx, trang tính «Phụ lục», ô {XLSX_CELL} (Quý I)"
II_2 = "Tỷ lệ thanh toán trực tuyến"


def _refused(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        read_decision(path)
    return [p.describe() for p in caught.value.problems]


def _text(tmp_path: Path, bundled_decision: Path, quarter_one: str) -> Path:
    text = bundled_decision.read_text(encoding="utf-8")
    assert text.count(TEXT_ROW) == 1
    path = tmp_path / "qd.txt"
    path.write_text(text.replace(TEXT_ROW, TEXT_ROW.replace("40%", quarter_one, 1)), "utf-8")
    return path


def _docx(tmp_path: Path, bundled_decision: Path, quarter_one: str) -> Path:
    rows = printed_rows(bundled_decision)
    index = next(i for i, r in enumerate(rows) if r.cells[1].startswith(II_2))
    cells = list(rows[index].cells)
    assert cells[5] == "40%"
    cells[5] = quarter_one
    rows[index] = PrintedRow(tuple(cells))
    path = tmp_path / "qd.docx"
    build_docx(rows, path)
    return path


def _xlsx(
    tmp_path: Path, bundled_decision: Path, quarter_one: str | float, *, percent_format: bool = True
) -> Path:
    path = tmp_path / "qd.xlsx"
    build_xlsx(printed_rows(bundled_decision), path, percent_format=percent_format)
    workbook = load_workbook(path)
    sheet = workbook.active
    assert sheet is not None
    assert sheet[XLSX_CELL].value == 0.4
    cell = sheet[XLSX_CELL]
    cell.value = quarter_one
    # A value typed over a percent-formatted cell keeps its format: clear it, as for a cell
    # pasted from elsewhere.
    cell.number_format = "General"
    workbook.save(path)
    return path


def _quarter_one_of_ii_2(path: Path) -> float:
    target_set = read_decision(path).target_set
    target = next(t for t in target_set.targets if t.task == "II.2")
    return target.milestone(1)


@pytest.mark.parametrize("written", ["0,4", "0.4", "≥ 0,4"])
def test_a_bare_fraction_in_a_text_annex_is_refused_with_what_was_read(
    tmp_path: Path, bundled_decision: Path, written: str
) -> None:
    assert _refused(_text(tmp_path, bundled_decision, written)) == [
        f"{TEXT_PLACE}: mốc quý I: đọc được «{written}»: là 0,4% hay 40%? hãy viết rõ 40% hoặc 0,4%"
    ]


@pytest.mark.parametrize("written", ["0,4", "0.4"])
def test_a_bare_fraction_in_a_word_annex_is_refused_with_what_was_read(
    tmp_path: Path, bundled_decision: Path, written: str
) -> None:
    assert _refused(_docx(tmp_path, bundled_decision, written)) == [
        f"{DOCX_PLACE}: mốc quý I: đọc được «{written}»: là 0,4% hay 40%? hãy viết rõ 40% hoặc 0,4%"
    ]


def test_an_excel_number_without_percent_format_among_formatted_ones_is_refused(
    tmp_path: Path, bundled_decision: Path
) -> None:
    assert _refused(_xlsx(tmp_path, bundled_decision, 0.4)) == [
        f"{XLSX_PLACE}: mốc quý I: đọc được «0,4» (số trong ô không có định dạng phần trăm): "
        "là 0,4% hay 40%? hãy viết rõ 40% hoặc 0,4%"
    ]


def test_an_excel_text_cell_with_a_bare_fraction_is_refused(
    tmp_path: Path, bundled_decision: Path
) -> None:
    assert _refused(_xlsx(tmp_path, bundled_decision, "0,4")) == [
        f"{XLSX_PLACE}: mốc quý I: đọc được «0,4»: là 0,4% hay 40%? hãy viết rõ 40% hoặc 0,4%"
    ]


THOUSANDS = (
    "đọc được «1.000»: là 1.000% (dấu «.» phân cách hàng nghìn) hay 1% (số thập phân)? "
    "hãy viết rõ, ví dụ 1%"
)


@pytest.mark.parametrize(("form", "place"), [("txt", TEXT_PLACE), ("docx", DOCX_PLACE)])
@pytest.mark.parametrize("written", ["1.000", "1.000%"])
def test_a_thousands_separator_or_a_decimal_point_is_refused(
    tmp_path: Path, bundled_decision: Path, form: str, place: str, written: str
) -> None:
    build = _text if form == "txt" else _docx
    problems = _refused(build(tmp_path, bundled_decision, written))
    assert problems == [f"{place}: mốc quý I: {THOUSANDS.replace('«1.000»', f'«{written}»')}"]


def test_a_thousands_separator_in_an_excel_text_cell_is_refused(
    tmp_path: Path, bundled_decision: Path
) -> None:
    problems = _refused(_xlsx(tmp_path, bundled_decision, "1,500"))
    assert problems == [
        f"{XLSX_PLACE}: mốc quý I: đọc được «1,500»: là 1.500% (dấu «,» phân cách hàng nghìn) "
        "hay 1,5% (số thập phân)? hãy viết rõ, ví dụ 1,5%"
    ]


@pytest.mark.parametrize(
    ("written", "value"),
    [("40", 40.0), ("40%", 40.0), ("0,4%", 0.4), ("0.4 %", 0.4), ("0,400", None), ("0", 0.0)],
)
def test_unambiguous_values_read_the_same_in_text_and_word(
    tmp_path: Path, bundled_decision: Path, written: str, value: float | None
) -> None:
    for build in (_text, _docx):
        path = build(tmp_path, bundled_decision, written)
        if value is None:
            # «0,400» cannot be a thousand: a decimal, then a bare fraction like «0,4».
            assert "đọc được «0,400»: là 0,4% hay 40%?" in _refused(path)[0]
        else:
            assert _quarter_one_of_ii_2(path) == value


@pytest.mark.parametrize(("typed", "value"), [(40, 40.0), ("40%", 40.0), ("0,4%", 0.4)])
def test_unambiguous_excel_cells_are_read_as_written(
    tmp_path: Path, bundled_decision: Path, typed: str | int, value: float
) -> None:
    assert _quarter_one_of_ii_2(_xlsx(tmp_path, bundled_decision, typed)) == value


def test_excel_percent_format_is_a_percentage(tmp_path: Path, bundled_decision: Path) -> None:
    path = tmp_path / "qd.xlsx"
    build_xlsx(printed_rows(bundled_decision), path)
    sheet = load_workbook(path).active
    assert sheet is not None
    assert (sheet[XLSX_CELL].value, sheet[XLSX_CELL].number_format) == (0.4, "0%")
    reading = read_decision(path)
    assert _quarter_one_of_ii_2(path) == 40.0
    assert to_dict(reading.target_set) == json.loads(EXPECTED.read_text(encoding="utf-8"))
    assert reading.warnings == ()


def test_a_sheet_typed_in_fractions_throughout_is_read_as_percentages(
    tmp_path: Path, bundled_decision: Path
) -> None:
    # Every value typed 0.7 for 70% in the General format: each column consistently fractional
    # (1 is then 100%), read as percentages, one warning per column.
    path = tmp_path / "qd.xlsx"
    build_xlsx(printed_rows(bundled_decision), path, percent_format=False)
    sheet = load_workbook(path).active
    assert sheet is not None
    assert (sheet["E8"].value, sheet["E8"].number_format) == (1.0, "General")
    reading = read_decision(path)
    assert to_dict(reading.target_set) == json.loads(EXPECTED.read_text(encoding="utf-8"))
    assert [w.describe() for w in reading.warnings] == [
        f"qd.xlsx, trang tính «Phụ lục», ô {cell}8 ({name}): {what}: mọi giá trị của cột đều ghi "
        "dạng phân số, không có dấu % hay định dạng phần trăm, nên được hiểu là phần trăm "
        f"({shown} là {percent})"
        for cell, name, what, shown, percent in [
            ("E", "Chỉ tiêu thực hiện trong năm 2024", "chỉ tiêu năm", "1", "100%"),
            ("F", "Quý I", "mốc quý I", "0,7", "70%"),
            ("G", "Quý II", "mốc quý II", "0,8", "80%"),
            ("H", "Quý III", "mốc quý III", "0,9", "90%"),
            ("I", "Quý IV", "mốc quý IV", "1", "100%"),
        ]
    ]


def test_one_value_above_one_makes_the_fractions_of_its_column_ambiguous(
    tmp_path: Path, bundled_decision: Path
) -> None:
    # The same sheet in fractions, but one Quý I typed 40: the column is no longer
    # consistently fractional, and each of its fractions is refused by its cell.
    path = _xlsx(tmp_path, bundled_decision, 40, percent_format=False)
    problems = _refused(path)
    assert problems[0] == (
        "qd.xlsx, trang tính «Phụ lục», ô F8 (Quý I): mốc quý I: đọc được «0,7» (số trong ô "
        "không có định dạng phần trăm): là 0,7% hay 70%? hãy viết rõ 70% hoặc 0,7%"
    )
    assert all("(Quý I): mốc quý I: đọc được «0," in p for p in problems)
    assert not any(XLSX_CELL in p for p in problems)
    sheet = load_workbook(path).active
    assert sheet is not None
    fractions = [
        c for (c,) in sheet.iter_rows(min_row=7, min_col=6, max_col=6) if _fraction(c.value)
    ]
    assert len(problems) == len(fractions) > 10


def _fraction(value: object) -> bool:
    return isinstance(value, float) and 0 < value < 1


def test_a_lone_fraction_is_ambiguous_even_in_a_column_of_zeros(
    tmp_path: Path, bundled_decision: Path
) -> None:
    # Quý I of every task 0, one of them 0,4: nothing in the column says it is a fraction.
    text = bundled_decision.read_text(encoding="utf-8")
    lines = []
    for line in text.splitlines():
        cells = line.split("\t")
        if len(cells) >= 9 and cells[5].endswith("%"):
            cells[5] = "0"
        lines.append("\t".join(cells))
    text = "\n".join(lines)
    zeroed = TEXT_ROW.replace("40%", "0", 1)
    assert text.count(zeroed) == 1
    path = tmp_path / "qd.txt"
    path.write_text(text.replace(zeroed, TEXT_ROW.replace("40%", "0,4", 1)), "utf-8")
    assert _refused(path) == [
        f"{TEXT_PLACE}: mốc quý I: đọc được «0,4»: là 0,4% hay 40%? hãy viết rõ 40% hoặc 0,4%"
    ]


@pytest.mark.parametrize("form", ["txt", "docx", "xlsx"])
def test_a_percentage_above_100_is_refused_in_every_form(
    tmp_path: Path, bundled_decision: Path, form: str
) -> None:
    build = {"txt": _text, "docx": _docx}.get(form)
    path = build(tmp_path, bundled_decision, "140%") if build else None
    if path is None:
        path = _xlsx(tmp_path, bundled_decision, 140)
    place = {"txt": TEXT_PLACE, "docx": DOCX_PLACE, "xlsx": XLSX_PLACE}[form]
    assert f"{place}: mốc quý I phải từ 0% đến 100%, không phải 140%" in _refused(path)


def test_the_rule_is_one_for_the_three_forms(tmp_path: Path, bundled_decision: Path) -> None:
    # The same ambiguous value gives the same reason whatever the form; only the place differs.
    reasons = set()
    for place, path in [
        (TEXT_PLACE, _text(tmp_path, bundled_decision, "0,4")),
        (DOCX_PLACE, _docx(tmp_path, bundled_decision, "0,4")),
        (XLSX_PLACE, _xlsx(tmp_path, bundled_decision, "0,4")),
    ]:
        (problem,) = _refused(path)
        assert problem.startswith(f"{place}: ")
        reasons.add(problem.removeprefix(f"{place}: "))
    assert len(reasons) == 1


@pytest.mark.parametrize("form", ["txt", "docx", "xlsx"])
def test_a_bare_one_among_percentages_is_refused_as_one_or_a_hundred(
    tmp_path: Path, bundled_decision: Path, form: str
) -> None:
    # Every other Quý I carries a percent sign (or format): «1» alone does not say 1% or 100%.
    build = {"txt": _text, "docx": _docx}.get(form)
    path = build(tmp_path, bundled_decision, "1") if build else None
    if path is None:
        path = _xlsx(tmp_path, bundled_decision, 1)
    place = {"txt": TEXT_PLACE, "docx": DOCX_PLACE, "xlsx": XLSX_PLACE}[form]
    excel = " (số trong ô không có định dạng phần trăm)" if form == "xlsx" else ""
    assert _refused(path) == [
        f"{place}: mốc quý I: đọc được «1»{excel}: là 1% hay 100%? hãy viết rõ 100% hoặc 1%"
    ]


def test_a_column_written_without_percent_signs_reads_its_numbers_as_percentages(
    tmp_path: Path, bundled_decision: Path
) -> None:
    # Quý I of every task written bare (70, 40, …, 100): no fraction, no sign; 1 would be 1%.
    text = bundled_decision.read_text(encoding="utf-8")
    lines = []
    for line in text.splitlines():
        cells = line.split("\t")
        if len(cells) >= 9 and cells[5].endswith("%"):
            cells[5] = cells[5].removesuffix("%")
        lines.append("\t".join(cells))
    text = "\n".join(lines)
    assert text.count(TEXT_ROW.replace("40%", "40", 1)) == 1
    path = tmp_path / "qd.txt"
    path.write_text(text, encoding="utf-8")
    reading = read_decision(path)
    assert to_dict(reading.target_set) == json.loads(EXPECTED.read_text(encoding="utf-8"))
    assert reading.warnings == ()
    path.write_text(text.replace(TEXT_ROW.replace("40%", "40", 1), TEXT_ROW.replace("40%", "1", 1)))
    assert _quarter_one_of_ii_2(path) == 1.0
