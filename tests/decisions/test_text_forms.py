"""The text form however it was saved: encodings, normal forms, line endings, Markdown, HTML."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from chitieu.decisions import read_decision
from chitieu.domain import TargetSet
from tests.windows1258 import to_windows_1258


@pytest.fixture(scope="module")
def reference(bundled_decision: Path) -> TargetSet:
    return read_decision(bundled_decision).target_set


def _text(bundled_decision: Path) -> str:
    return bundled_decision.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("utf8-bom", lambda t: b"\xef\xbb\xbf" + t.encode("utf-8")),
        ("utf16", lambda t: t.encode("utf-16")),
        ("utf16-le-no-bom", lambda t: t.encode("utf-16-le")),
        ("windows-1258", to_windows_1258),
        ("nfd", lambda t: unicodedata.normalize("NFD", t).encode("utf-8")),
        ("crlf", lambda t: t.replace("\n", "\r\n").encode("utf-8")),
    ],
)
def test_encodings_read_the_same(
    tmp_path: Path, bundled_decision: Path, reference: TargetSet, name: str, encode: object
) -> None:
    path = tmp_path / f"{name}.txt"
    assert callable(encode)
    path.write_bytes(encode(_text(bundled_decision)))
    assert read_decision(path).target_set == reference


def _rows(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.splitlines() if "\t" in line]


def test_markdown_pipe_table_reads_the_same(
    tmp_path: Path, bundled_decision: Path, reference: TargetSet
) -> None:
    text = _text(bundled_decision)
    preamble = text[: text.index("Stt\t")]
    lines = [preamble]
    for index, cells in enumerate(_rows(text)):
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
        if index == 1:
            lines.append("|" + "---|" * len(cells))
    path = tmp_path / "quyet-dinh.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert read_decision(path).target_set == reference


def test_html_table_with_rowspan_and_colspan_reads_the_same(
    tmp_path: Path, bundled_decision: Path, reference: TargetSet
) -> None:
    text = _text(bundled_decision)
    preamble = text[: text.index("Stt\t")]
    rows = [r for r in _rows(text) if r[0] != "Stt" and (len(r) < 6 or r[5] != "Quý I")]
    html = [
        "<table>",
        '<tr><th rowspan="2">Stt</th><th rowspan="2">Nhiệm vụ</th><th rowspan="2">Cơ quan chủ trì thực hiện</th>'
        '<th rowspan="2">Cơ quan phối hợp</th><th rowspan="2">Chỉ tiêu thực hiện trong năm 2024</th>'
        '<th colspan="4">Lộ trình thực hiện (tối thiểu)</th><th rowspan="2">Ghi chú</th></tr>',
        "<tr><th>Quý I</th><th>Quý II</th><th>Quý III</th><th>Quý IV</th></tr>",
    ]
    for row in rows:
        cells = (row + [""] * 10)[:10]
        if cells[0] and not any(cells[1:]):
            html.append(f'<tr><td colspan="10"><b>{cells[0]}</b></td></tr>')
        else:
            html.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    html.append("</table>")
    path = tmp_path / "quyet-dinh.md"
    path.write_text(preamble + "\n".join(html) + "\n", encoding="utf-8")
    assert read_decision(path).target_set == reference
