"""Finding the annex's header and what each column holds.

Annexes name their columns in many ways ("Stt"/"TT", "Nhiệm vụ"/"Nội dung", "Cơ quan chủ
trì"/"Đơn vị thực hiện", "Chỉ tiêu thực hiện trong năm 2024"/"Chỉ tiêu năm", "Quý I"/"Quý 1"),
and often over two rows, the roadmap's quarters under one merged "Lộ trình thực hiện (tối
thiểu)". Each column's header text (both rows joined) is folded and given the first role it
matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from chitieu.decisions.document import Cell, Grid, Origin
from chitieu.text import fold

_QUARTER = re.compile(r"\b(?:quy|qui)\s*(iv|iii|ii|i|[1-4])\b")
_MONTHS = re.compile(r"\b(3|6|9) thang\b")
_QUARTER_NUMBERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_MONTH_QUARTERS = {"3": 1, "6": 2, "9": 3}
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")


class Role(StrEnum):
    """What a column of the annex holds."""

    NUMBER = "number"
    TASK = "task"
    LEAD = "lead"
    COORDINATING = "coordinating"
    ANNUAL = "annual"
    NOTE = "note"
    INDICATOR = "indicator"


_ROLE_PATTERNS: tuple[tuple[Role, re.Pattern[str]], ...] = (
    (Role.NUMBER, re.compile(r"^(?:stt|tt|so tt|so thu tu|thu tu)$")),
    (Role.NOTE, re.compile(r"\bghi chu\b")),
    (Role.COORDINATING, re.compile(r"\bphoi hop\b")),
    (Role.INDICATOR, re.compile(r"\bma chi so\b")),
    (
        Role.LEAD,
        re.compile(
            r"\b(?:chu tri|don vi thuc hien|co quan thuc hien|chiu trach nhiem|don vi duoc giao)\b"
        ),
    ),
    (Role.TASK, re.compile(r"\b(?:nhiem vu|noi dung|ten chi tieu|ten chi so|tieu chi)\b")),
    (Role.ANNUAL, re.compile(r"\b(?:chi tieu|muc tieu|ke hoach)\b")),
)


def classify(text: str) -> Role | int | None:
    """The role of a header text: a ``Role``, a quarter number 1..4, or ``None``."""
    folded = fold(text)
    if not folded:
        return None
    quarter = _QUARTER.search(folded)
    if quarter:
        return _QUARTER_NUMBERS[quarter.group(1)]
    months = _MONTHS.search(folded)
    if months:
        return _MONTH_QUARTERS[months.group(1)]
    for role, pattern in _ROLE_PATTERNS:
        if pattern.search(folded):
            return role
    return None


@dataclass(frozen=True, slots=True)
class Columns:
    """Where each role stands in the grid (0-based), and the header's names for messages."""

    roles: dict[Role, int]
    quarters: tuple[int, int, int, int]
    names: dict[int, str]
    header_rows: int
    year: int | None

    def get(self, role: Role) -> int | None:
        """The column of a role, if the annex has it."""
        return self.roles.get(role)


def _header_texts(grid: Grid, row: int, depth: int) -> tuple[list[str], list[str]]:
    """Each column's header text (all rows joined), and its most specific part (the lowest)."""
    texts: list[str] = []
    lowest: list[str] = []
    for column in range(grid.width):
        parts: list[str] = []
        for r in range(row, min(row + depth, len(grid.rows))):
            cell: Cell = grid.rows[r][column]
            # A text merged from the left (a title across the table, the roadmap over its
            # quarters) names no column of its own.
            text = "" if cell.origin is Origin.LEFT else cell.text
            if text and text not in parts:
                parts.append(text)
        texts.append(" ".join(parts))
        lowest.append(parts[-1] if parts else "")
    return texts, lowest


def _columns(texts: list[str], lowest: list[str], depth: int) -> Columns | None:
    roles: dict[Role, int] = {}
    quarters: dict[int, int] = {}
    for column, text in enumerate(texts):
        role = classify(text)
        if isinstance(role, int):
            quarters.setdefault(role, column)
        elif role is not None:
            roles.setdefault(role, column)
    if Role.TASK not in roles or Role.ANNUAL not in roles or len(quarters) != 4:
        return None
    year_match = _YEAR.search(texts[roles[Role.ANNUAL]])
    return Columns(
        roles=roles,
        quarters=(quarters[1], quarters[2], quarters[3], quarters[4]),
        names={c: t for c, t in enumerate(lowest) if t},
        header_rows=depth,
        year=int(year_match.group(1)) if year_match else None,
    )


def find_columns(grid: Grid, row: int) -> Columns | None:
    """The columns if the annex's header starts at this row (one or two rows deep)."""
    for depth in (1, 2, 3):
        if row + depth > len(grid.rows):
            break
        columns = _columns(*_header_texts(grid, row, depth), depth)
        if columns is not None:
            return columns
    return None


def header_like(cells: list[Cell]) -> bool:
    """Whether a row repeats header texts (a header repeated at a page break)."""
    hits = sum(1 for cell in cells if cell.own_text and classify(cell.own_text) is not None)
    return hits >= 3
