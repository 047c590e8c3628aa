"""Decisions whose annex was typed in a ``.VnTime`` (TCVN3) or VNI font, as Word and Excel keep
such text (the font's bytes as Windows-1252 characters): read as the Unicode decision, with a
warning naming the cell; a cell that cannot be converted surely is refused with its place."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from chitieu.decisions import read_decision, to_dict
from chitieu.errors import InputError
from chitieu.legacy_encodings import encode_tcvn3, encode_vni
from tests.decisions.builders import PrintedRow, build_docx, build_xlsx, printed_rows

LEGACY: dict[str, Callable[[str], bytes]] = {"tcvn3": encode_tcvn3, "vni": encode_vni}
FONTS = {"tcvn3": "TCVN3 (.VnTime)", "vni": "VNI (VNI-Times)"}
TITLE = "Cập nhật dữ liệu quy định kinh doanh trên Cổng Tham vấn và Tra cứu quy định kinh doanh."
"""The name of task I.1, the annex's first task."""


def _build(rows: list[PrintedRow], path: Path) -> Path:
    if path.suffix == ".docx":
        build_docx(rows, path)
    else:
        build_xlsx(rows, path)
    return path


def _with_title(rows: list[PrintedRow], title: str) -> tuple[list[PrintedRow], int]:
    """The rows with task I.1's name replaced, and the index of its row."""
    index = next(i for i, row in enumerate(rows) if row.cells[1] == TITLE)
    cells = list(rows[index].cells)
    cells[1] = title
    changed = list(rows)
    changed[index] = dataclasses.replace(rows[index], cells=tuple(cells))
    return changed, index


def _place(path: Path, index: int) -> str:
    """Where task I.1's name is: the Word table's row (two header rows above), or the sheet's
    cell (the annex title, a blank row and two header rows above)."""
    if path.suffix == ".docx":
        return f"{path.name}, bảng 1, hàng {index + 3}, cột 2"
    return f"{path.name}, trang tính «Phụ lục», ô B{index + 7}"


@pytest.mark.parametrize("encoding", list(LEGACY))
@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_a_task_typed_in_a_legacy_font_is_read_in_unicode_with_a_warning(
    encoding: str, suffix: str, tmp_path: Path, bundled_decision: Path
) -> None:
    rows = printed_rows(bundled_decision)
    unicode = read_decision(_build(rows, tmp_path / f"unicode{suffix}"))
    typed = encode_tcvn3(TITLE) if encoding == "tcvn3" else encode_vni(TITLE)
    legacy_rows, index = _with_title(rows, typed.decode("cp1252"))
    path = _build(legacy_rows, tmp_path / f"qd{suffix}")
    reading = read_decision(path)
    assert reading.target_set.targets[0].title == TITLE
    assert to_dict(reading.target_set) == to_dict(unicode.target_set)
    [warning] = [w for w in reading.warnings if w not in unicode.warnings]
    assert warning.describe() == (
        f"{_place(path, index)}: gõ bằng phông {FONTS[encoding]}, đã chuyển sang Unicode: "
        f"«{TITLE[:59].rstrip()}…»"
    )


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_a_cell_only_likely_in_a_legacy_font_is_refused_with_its_place(
    suffix: str, tmp_path: Path, bundled_decision: Path
) -> None:
    # «Tû lÖ» is TCVN3 for «Tỷ lệ», but «¸¸x» reads as no word in it: not converted surely.
    rows, index = _with_title(printed_rows(bundled_decision), "Tû lÖ \xb8\xb8x")
    path = _build(rows, tmp_path / f"qd{suffix}")
    with pytest.raises(InputError) as refused:
        read_decision(path)
    assert [p.describe() for p in refused.value.problems] == [
        f"{_place(path, index)}: có vẻ gõ bằng phông TCVN3 (.VnTime) nhưng không chuyển chắc "
        "chắn được sang Unicode («ááx»); hãy chuyển sang Unicode (ví dụ bằng công cụ chuyển mã của "
        "Unikey) rồi gửi lại"
    ]
