"""Reminder letters read back: one per lagging unit, to its head, each missed milestone with its
figures from the evaluation, the reply date in working days, and the list of letters."""

from __future__ import annotations

import dataclasses
import io
import os
import shutil
import subprocess
from collections import defaultdict
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest

from chitieu.evaluation.model import Status
from chitieu.formatting import percent
from chitieu.reports.context import ReportContext
from chitieu.reports.pdf import soffice
from chitieu.reports.reminders import letter_docx, letters, summary_xlsx
from tests.cli.conftest import Run, run

__all__ = ["run"]


def _missed(context: ReportContext) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for row in sorted(context.evaluation.rows, key=lambda r: r.row):
        if row.status is Status.NOT_MET:
            found[row.unit.code].append(row.target.task)
    return found


def test_one_letter_per_lagging_unit_with_its_missed_milestones(context: ReportContext) -> None:
    sent = letters(context)
    expected = _missed(context)
    assert {letter.unit_code for letter in sent} == set(expected)
    assert len(sent) == len(expected)
    for letter in sent:
        assert [r.target.task for r in letter.missed] == expected[letter.unit_code]
    assert len({letter.file_name for letter in sent}) == len(sent)


def test_the_reply_date_counts_working_days(context: ReportContext) -> None:
    # Tuesday 15 October 2024 + 5 working days: 16, 17, 18, 21, 22 October.
    assert {letter.reply_by for letter in letters(context)} == {date(2024, 10, 22)}
    # Friday 30 August 2024 + 2: National Day took Monday 2 and Tuesday 3 September off, so
    # Wednesday 4 and Thursday 5 September.
    later = dataclasses.replace(
        context,
        today=date(2024, 8, 30),
        settings=dataclasses.replace(context.settings, reply_working_days=2),
    )
    assert letters(later)[0].reply_by == date(2024, 9, 5)


def test_a_letter_is_addressed_to_the_head_and_lists_the_figures(
    context: ReportContext,
) -> None:
    letter = next(item for item in letters(context) if item.unit_name.startswith("Sở "))
    document = docx.Document(io.BytesIO(letter_docx(context, letter)))
    texts = [p.text for p in document.paragraphs]
    assert f"Kính gửi: Giám đốc {letter.unit_name}." in texts
    assert any("trước ngày 22/10/2024" in t for t in texts)
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "TT")
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert len(rows) == len(letter.missed)
    for cells, row in zip(rows, letter.missed, strict=True):
        assert cells[1].startswith(f"{row.target.task}. ")
        assert cells[2] == percent(row.value)
        assert cells[3].rstrip("*") == percent(row.milestone)
    header = document.tables[0].rows[0].cells[0].text
    assert "V/v đôn đốc thực hiện chỉ tiêu" in header


def test_the_summary_lists_every_letter_and_keeps_text_as_text(context: ReportContext) -> None:
    sent = letters(context, first_number=41)
    odd = dataclasses.replace(sent[0], unit_name='=HYPERLINK("http://x")')
    book = openpyxl.load_workbook(io.BytesIO(summary_xlsx(context, [odd, *sent[1:]])))
    sheet = book.active
    assert sheet is not None
    header = [c.value for c in sheet[3]]
    assert header[:4] == ["TT", "Số văn bản", "Mã đơn vị", "Đơn vị"]
    body = list(sheet.iter_rows(min_row=4, values_only=True))
    assert len(body) == len(sent)
    assert [r[1] for r in body] == list(range(41, 41 + len(sent)))
    assert [r[2] for r in body] == [letter.unit_code for letter in sent]
    assert sheet["D4"].data_type == "s"
    assert sheet["D4"].quotePrefix
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$3:$3"


def test_reminders_command_writes_the_letters_and_the_list(
    run: Run, report_home: Path, tmp_path: Path
) -> None:
    out = tmp_path / "cong-van"
    done = run("reminders", "--quarter", "2024-Q3", "-o", out, "--home", report_home)
    assert done.code == 0, done.err
    letters_written = sorted(p for p in out.iterdir() if p.suffix == ".docx")
    lists = [p for p in out.iterdir() if p.suffix == ".xlsx"]
    assert len(lists) == 1
    sheet = openpyxl.load_workbook(lists[0]).active
    assert sheet is not None
    names = [str(r[8]) for r in sheet.iter_rows(min_row=4, values_only=True)]
    assert sorted(names) == [p.name for p in letters_written]
    assert f"Đã ghi {len(letters_written)} công văn" in done.out


def test_reminders_for_one_unit_and_refusals(run: Run, report_home: Path, tmp_path: Path) -> None:
    out = tmp_path / "one"
    done = run(
        "reminders", "--quarter", "2024-Q3", "-o", out, "--unit", "Sở Công Thương",
        "--home", report_home,
    )  # fmt: skip
    assert done.code == 0, done.err
    assert len([p for p in out.iterdir() if p.suffix == ".docx"]) == 1
    a_file = tmp_path / "file"
    a_file.write_text("x")
    refused = run("reminders", "--quarter", "2024-Q3", "-o", a_file, "--home", report_home)
    assert refused.code == 2
    assert "hãy chỉ một thư mục" in refused.err
    unknown = run(
        "reminders", "--quarter", "2024-Q3", "-o", tmp_path / "x", "--unit", "Sở Không Có",
        "--home", report_home,
    )  # fmt: skip
    assert unknown.code == 2
    assert "--unit" in unknown.err
    assert not (tmp_path / "x").exists()


def test_the_reply_date_counts_the_saturday_worked_for_a_holiday_bridge(
    context: ReportContext,
) -> None:
    # Friday 26 April 2024 + 5 working days: 29 April was given off (and 30 April, 1 May are
    # holidays), Saturday 4 May was worked in exchange: 2, 3, 4, 6 and 7 May.
    bridged = dataclasses.replace(context, today=date(2024, 4, 26))
    assert context.settings.reply_working_days == 5
    assert {letter.reply_by for letter in letters(bridged)} == {date(2024, 5, 7)}


def _pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return " ".join(done.stdout.decode("utf-8").split())


@pytest.mark.slow  # every letter of the quarter (about 140) through LibreOffice: about 30 s
def test_reminders_in_pdf_one_per_letter_in_one_conversion(
    run: Run,
    report_home: Path,
    context: ReportContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if soffice() is None or shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have LibreOffice and poppler-utils (make test installs them)")
        pytest.skip("LibreOffice or pdftotext is not installed here (make test installs them)")
    monkeypatch.setenv("CHITIEU_TODAY", context.today.isoformat())
    out = tmp_path / "cong-van"
    done = run("reminders", "--quarter", "2024-Q3", "-o", out, "--pdf", "--home", report_home)
    assert done.code == 0, done.err
    words = sorted(p.stem for p in out.iterdir() if p.suffix == ".docx")
    pdfs = sorted(p.stem for p in out.iterdir() if p.suffix == ".pdf")
    assert pdfs == words
    assert len(pdfs) == len(letters(context))
    assert len([p for p in out.iterdir() if p.suffix == ".xlsx"]) == 1
    assert "(.docx và .pdf)" in done.out
    letter = next(item for item in letters(context) if item.unit_name.startswith("Sở "))
    path = out / letter.file_name.replace(".docx", ".pdf")
    assert path.read_bytes().startswith(b"%PDF")
    text = _pdf_text(path)
    assert f"Kính gửi: Giám đốc {letter.unit_name}." in text
    missed = letter.missed[0]
    assert f"{missed.target.task}. " in text
    assert percent(missed.value) in text
    assert f"trước ngày {letter.reply_by:%d/%m/%Y}" in text


def test_reminders_in_pdf_without_libreoffice_say_how_to_install_it(
    run: Run, report_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHITIEU_SOFFICE", str(tmp_path / "no-such-program"))
    out = tmp_path / "cong-van"
    done = run("reminders", "--quarter", "2024-Q3", "-o", out, "--pdf", "--home", report_home)
    assert done.code == 2
    assert "Cần LibreOffice" in done.err
    assert "Traceback" not in done.err
    assert not out.exists()
