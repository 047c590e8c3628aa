"""The province, year, title and basis of a decision, read from its lines."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from chitieu.decisions.document import Line
from chitieu.domain import Basis
from chitieu.text import fold

_YEAR = re.compile(r"\bnam ((?:19|20)\d{2})\b")
_QUARTER_BASIS = ("tinh rieng trong quy", "khong luy ke", "trong tung quy", "rieng tung quy")


@cache
def provinces() -> tuple[str, ...]:
    """Every province and centrally-run city name, longest first (so "Thừa Thiên Huế" wins)."""
    text = (resources.files("chitieu.decisions") / "data" / "provinces.txt").read_text("utf-8")
    names = [
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    ]
    return tuple(sorted(names, key=lambda n: -len(fold(n))))


@dataclass(frozen=True, slots=True)
class Heading:
    """What the lines of a decision say about it."""

    province: str | None
    year: int | None
    title: str
    basis: Basis


def find_province(lines: Iterable[Line]) -> str | None:
    """The province a decision is for: the name most often written as "tỉnh X" or "thành phố X"
    (or placed before ", ngày" in the place-and-date line); ties go to the earliest."""
    scores: dict[str, tuple[int, int]] = {}
    for position, line in enumerate(lines):
        folded = f" {fold(line.text)} "
        for name in provinces():
            key = fold(name)
            hits = len(re.findall(rf" (?:tinh|thanh pho|tp) {key} ", folded)) * 2
            if re.match(rf" {key} ngay ", folded):
                hits += 1
            if hits:
                score, first = scores.get(name, (0, position))
                scores[name] = (score + hits, first)
                folded = folded.replace(f" {key} ", " ")
    if not scores:
        return None
    return min(scores, key=lambda n: (-scores[n][0], scores[n][1]))


def find_title(lines: Iterable[Line]) -> str:
    """The decision's subject line ("Giao chỉ tiêu…"), or the first line about targets."""
    candidates = [
        line.text for line in lines if "chi tieu" in fold(line.text) and len(line.text) >= 20
    ]
    for text in candidates:
        folded = fold(text)
        if folded.startswith(("giao chi tieu", "ve viec giao chi tieu", "v v giao chi tieu")):
            return text
    return candidates[0] if candidates else ""


def find_year(lines: Iterable[Line], title: str) -> int | None:
    """The year the targets are for: in the title, else the first "năm YYYY" of the lines."""
    match = _YEAR.search(fold(title))
    if match:
        return int(match.group(1))
    for line in lines:
        match = _YEAR.search(fold(line.text))
        if match:
            return int(match.group(1))
    return None


def find_basis(lines: Iterable[Line]) -> Basis:
    """Within the quarter when the decision says so, year to date otherwise."""
    for line in lines:
        folded = fold(line.text)
        if any(phrase in folded for phrase in _QUARTER_BASIS):
            return Basis.QUARTER
    return Basis.YTD


def read_heading(lines: list[Line]) -> Heading:
    """Everything the lines say: province, year, title, basis."""
    title = find_title(lines)
    return Heading(find_province(lines), find_year(lines, title), title, find_basis(lines))
