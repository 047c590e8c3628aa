"""CSV files that used to be read wrong or refused without their place: a quote never closed,
the header pasted again below the data, titles above the header."""

from __future__ import annotations

from pathlib import Path

import pytest

from chitieu.catalog import Catalogue
from chitieu.domain import OrgUnit, Source
from chitieu.errors import InputError
from chitieu.facts import DuckDBStore
from chitieu.facts.summary import summarize
from chitieu.sources.ingest import ingest
from chitieu.sources.readers import CsvSource, delimited, open_source
from tests.sources.corpus import GOOD, HEADER
from tests.sources.readers.builders import read_rows, refusal

UNCLOSED = 'dấu ngoặc kép «"» mở ở dòng này không được đóng'


def _refused(
    store: DuckDBStore, path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> list[str]:
    """The lines of an import's refusal, the store checked unchanged by it."""
    before = summarize(store).to_dict()
    with pytest.raises(InputError) as refused:
        ingest(store, Source.DOSSIERS, [path], units=units, catalogue=catalogue, actor="test")
    assert summarize(store).to_dict() == before
    return [problem.describe() for problem in refused.value.problems]


def _lines(rows: list[list[str]]) -> list[str]:
    return [",".join(row) for row in rows]


# --- quotes ------------------------------------------------------------------------------------


def test_a_quote_never_closed_names_the_line_it_opened(tmp_path: Path) -> None:
    path = tmp_path / "ngoac.csv"
    # Line 3 opens a quote that nothing closes: the rest of the file would become one cell.
    path.write_text('ma,ghi chu\nA,x\nB,"y\nC,z\nD,w\n', encoding="utf-8")
    assert refusal(path) == [
        f"ngoac.csv, dòng 3: {UNCLOSED}, nên các dòng sau nó bị đọc "
        "thành một ô; hãy thêm dấu ngoặc kép đóng"
    ]


def test_a_quote_never_closed_inside_a_record_of_several_lines(tmp_path: Path) -> None:
    path = tmp_path / "giua.csv"
    # A record spanning lines 3–4 is fine; the quote opened on line 6 is not.
    path.write_text('ma,ghi chu\nA,x\nB,"hai\ndòng"\nC,z\n"D,w\nE,v\n', encoding="utf-8")
    assert refusal(path) == [
        f"giua.csv, dòng 6: {UNCLOSED}, nên các dòng sau nó bị đọc "
        "thành một ô; hãy thêm dấu ngoặc kép đóng"
    ]


def test_quoted_line_breaks_and_quotes_inside_a_field_still_read(tmp_path: Path) -> None:
    path = tmp_path / "dung.csv"
    path.write_text('ma,ghi chu\nA,"hai\ndòng"\nB,5 inch"\nC,"a ""b"""\n', encoding="utf-8")
    assert read_rows(path) == [
        {"ma": "A", "ghi chu": "hai\ndòng", "_position": "2"},
        {"ma": "B", "ghi chu": '5 inch"', "_position": "4"},
        {"ma": "C", "ghi chu": 'a "b"', "_position": "5"},
    ]


def test_an_import_with_a_quote_never_closed_is_refused_at_that_line(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    rows = [list(row) for row in GOOD]
    rows[1][1] = '"' + rows[1][1]  # the procedure code of line 3 opens a quote
    path = tmp_path / "ho-so.csv"
    path.write_text("\n".join(_lines([HEADER, *rows])) + "\n", encoding="utf-8")
    lines = _refused(store, path, units, catalogue)
    assert len(lines) == 1
    assert lines[0].startswith(f"ho-so.csv, dòng 3: {UNCLOSED}")


# --- the header again --------------------------------------------------------------------------


def test_the_header_pasted_again_is_one_problem_of_its_line(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    path = tmp_path / "ghep.csv"
    path.write_text(
        "\n".join(_lines([HEADER, GOOD[0], HEADER, GOOD[1], GOOD[2]])) + "\n", encoding="utf-8"
    )
    assert _refused(store, path, units, catalogue) == [
        "ghep.csv, dòng 3: dòng này lặp lại dòng tiêu đề (dòng 1); tệp ghép từ nhiều tệp? "
        "hãy xoá dòng này"
    ]


def test_a_row_that_only_starts_like_the_header_is_data(tmp_path: Path) -> None:
    path = tmp_path / "giong.csv"
    path.write_text("ma,ten\nma,khac\n", encoding="utf-8")
    assert read_rows(path) == [{"ma": "ma", "ten": "khac", "_position": "2"}]


# --- titles above the header -------------------------------------------------------------------


def test_the_header_is_found_below_title_lines(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    path = tmp_path / "tieu-de.csv"
    titles = ["DANH SÁCH HỒ SƠ,,,,,,,,,", "Kỳ: quý I năm 2024, Sở Tư pháp", ""]
    path.write_text("\n".join([*titles, *_lines([HEADER, *GOOD])]) + "\n", encoding="utf-8")
    source = open_source(path, Source.DOSSIERS)
    assert isinstance(source, CsvSource)
    assert (source.header_line, source.delimiter, source.titles_above) == (4, ",", 2)
    report = ingest(store, Source.DOSSIERS, [path], units=units, catalogue=catalogue, actor="t")
    assert report.warnings[0].describe() == (
        "tieu-de.csv, dòng 4: dòng tiêu đề cột lấy ở dòng 4; 2 dòng phía trên (tiêu đề văn "
        "bản) được bỏ qua"
    )
    count = store.connection.execute("SELECT count(*) FROM dossiers").fetchone()
    assert count == (3,)


def test_a_semicolon_file_under_a_title_with_commas(tmp_path: Path) -> None:
    path = tmp_path / "cham-phay.csv"
    path.write_text(
        "Sở Tư pháp, tỉnh X, năm 2024\nMã hồ sơ;Trạng thái;Ghi chú\nHS-1;10;a, b\n",
        encoding="utf-8",
    )
    source = open_source(path, Source.DOSSIERS)
    assert isinstance(source, CsvSource)
    assert (source.delimiter, source.header_line) == (";", 2)
    assert source.columns == ["Mã hồ sơ", "Trạng thái", "Ghi chú"]


def test_without_an_import_the_first_line_is_the_header(tmp_path: Path) -> None:
    path = tmp_path / "dau.csv"
    path.write_text("tieu de\nma,ten\nA,x\n", encoding="utf-8")
    source = open_source(path)
    assert isinstance(source, CsvSource)
    assert source.header_line == 1


def test_a_missing_column_names_the_line_read_as_header(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    path = tmp_path / "thieu.csv"
    header = [name for name in HEADER if name != "status"]
    rows = [row[:7] + row[8:] for row in GOOD]
    path.write_text("\n".join(["Danh sách", *_lines([header, *rows])]) + "\n", encoding="utf-8")
    assert _refused(store, path, units, catalogue) == [
        "thieu.csv: thiếu cột bắt buộc «status» (dòng tiêu đề cột đọc được: dòng 2)"
    ]


def test_a_quote_open_past_a_block_names_the_line_it_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Arrow gives up on a record longer than its block (2 MB; 64 KB here, to keep the file small)
    # without saying where it started.
    monkeypatch.setattr(delimited, "_BLOCK_BYTES", 1 << 16)
    lines = ["ma,ghi chu", *(f"{i},x" for i in range(1, 40_000))]
    lines[1000] = '1000,"x'
    lines[20] = '20,"có ""ngoặc"" và\nxuống dòng"'
    path = tmp_path / "dai.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert refusal(path) == [
        f"dai.csv, dòng 1002: {UNCLOSED}, nên các dòng sau nó bị đọc thành một ô; hãy thêm dấu "
        "ngoặc kép đóng"
    ]
