"""``chitieu report …`` as an office runs it: the file written, refusals in one sentence, the
settings and templates an office edits taking effect."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from chitieu.reports.pdf import soffice
from chitieu.reports.settings import SETTINGS_FILE, TEMPLATES_DIR
from tests.cli.conftest import Run, run

__all__ = ["run"]


def _paragraphs(path: Path) -> list[str]:
    document = docx.Document(io.BytesIO(path.read_bytes()))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts += [p.text for cell in row.cells for p in cell.paragraphs]
    return texts


def _own_home(report_home: Path, tmp_path: Path) -> Path:
    """A copy of the shared demo home that a test may change."""
    home = tmp_path / "home"
    shutil.copytree(report_home, home, ignore=shutil.ignore_patterns("demo-data", "tmp"))
    return home


def test_quarterly_report_to_word(run: Run, report_home: Path, tmp_path: Path) -> None:
    out = tmp_path / "bao-cao.docx"
    done = run("report", "quarterly", "--quarter", "2024-Q3", "-o", out, "--home", report_home)
    assert done.code == 0, done.err
    assert f"Đã ghi {out}" in done.out
    texts = _paragraphs(out)
    assert "BÁO CÁO" in texts
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--quarter", "2024-Q3", "-o", "x.txt"), "phải kết thúc bằng .docx, .xlsx, .pdf"),
        (("--quarter", "2024-Q5", "-o", "x.docx"), "--quarter"),
        (("--quarter", "2023-Q3", "-o", "x.docx"), "Chưa có bộ chỉ tiêu năm 2023"),
    ],
)
def test_refusals_are_one_sentence_and_write_nothing(
    run: Run, report_home: Path, tmp_path: Path, args: tuple[str, ...], said: str
) -> None:
    *options, name = args
    out = tmp_path / name
    done = run("report", "quarterly", *options, out, "--home", report_home)
    assert done.code == 2
    assert said in done.err
    assert "Traceback" not in done.err
    assert not out.exists()


def test_quarterly_workbook(run: Run, report_home: Path, tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "bang-tinh.xlsx"
    done = run("report", "quarterly", "--quarter", "2024-Q3", "-o", out, "--home", report_home)
    assert done.code == 0, done.err
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == "Tổng hợp"
    assert len(book.sheetnames) > 10


def test_pdf_without_libreoffice_says_how_to_install_it(
    run: Run, report_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHITIEU_SOFFICE", str(tmp_path / "no-such-program"))
    out = tmp_path / "bao-cao.pdf"
    done = run("report", "quarterly", "--quarter", "2024-Q3", "-o", out, "--home", report_home)
    assert done.code == 2
    assert "Cần LibreOffice" in done.err
    assert "apt-get install" in done.err
    assert not out.exists()


def test_pdf_through_libreoffice(run: Run, report_home: Path, tmp_path: Path) -> None:
    if soffice() is None or shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have LibreOffice and poppler-utils (make test installs them)")
        pytest.skip("LibreOffice or pdftotext is not installed here (make test installs them)")
    out = tmp_path / "bao-cao.pdf"
    done = run("report", "quarterly", "--quarter", "2024-Q3", "-o", out, "--home", report_home)
    assert done.code == 0, done.err
    assert out.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "BÁO CÁO" in text
    assert "PHỤ LỤC I" in text


def test_the_offices_settings_are_written_then_used(
    run: Run, report_home: Path, tmp_path: Path
) -> None:
    home = _own_home(report_home, tmp_path)
    done = run("report", "settings", "--home", home)
    assert done.code == 0, done.err
    path = home / SETTINGS_FILE
    text = path.read_text(encoding="utf-8")
    assert 'parent = "UBND TỈNH BÌNH PHƯỚC"' in text
    path.write_text(
        text.replace('name = ""', 'name = "Nguyễn Văn An"').replace(
            'symbol = "VP"', 'symbol = "VPUBND"'
        ),
        encoding="utf-8",
    )
    again = run("report", "settings", "--home", home)
    assert "Đã có" in again.out
    assert "Nguyễn Văn An" in path.read_text(encoding="utf-8")
    out = tmp_path / "bao-cao.docx"
    assert run("report", "quarterly", "--quarter", "2024-Q3", "-o", out, "--home", home).code == 0
    texts = _paragraphs(out)
    assert "Nguyễn Văn An" in texts
    assert any("".join(t.split()) == "Số:/BC-VPUBND" for t in texts)


def test_a_malformed_settings_file_is_refused_with_its_place(
    run: Run, report_home: Path, tmp_path: Path
) -> None:
    home = _own_home(report_home, tmp_path)
    (home / SETTINGS_FILE).write_text('[issuer]\nparent = "UBND\n', encoding="utf-8")
    out = tmp_path / "bao-cao.docx"
    done = run("report", "quarterly", "--quarter", "2024-Q3", "-o", out, "--home", home)
    assert done.code == 2
    assert SETTINGS_FILE in done.err
    assert "line 2" in done.err or "dòng 2" in done.err
    assert not out.exists()


def test_templates_are_copied_for_the_office_to_edit(
    run: Run, report_home: Path, tmp_path: Path
) -> None:
    home = _own_home(report_home, tmp_path)
    done = run("report", "templates", "--home", home)
    assert done.code == 0, done.err
    copied = sorted(p.name for p in (home / TEMPLATES_DIR).iterdir())
    assert "report.docx" in copied
    assert "reminder.docx" in copied
    (home / TEMPLATES_DIR / "report.docx").write_bytes(b"not a word file")
    out = tmp_path / "bao-cao.docx"
    refused = run("report", "quarterly", "--quarter", "2024-Q3", "-o", out, "--home", home)
    assert refused.code == 2
    assert "mẫu văn bản" in refused.err
    assert "Traceback" not in refused.err
