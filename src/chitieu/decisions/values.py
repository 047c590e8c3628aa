"""Reading the numbers of an annex: percentages as offices write them, and baselines in notes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from chitieu.decisions.document import Cell
from chitieu.domain import Baseline

_PERCENT = re.compile(
    r"^(?:(?:≥|>=|=|tối thiểu|ít nhất|đạt|trên|từ)\s*)?(\d{1,3}(?:[.,]\d+)?)\s*%?$",
    re.IGNORECASE,
)
_BASELINE = re.compile(
    r"(?:năm\s*)?((?:19|20)\d{2}(?:\s*(?:,|;|và|&|/)\s*(?:năm\s*)?(?:19|20)\d{2})*)"
    r"\s*(?::|là|đạt|=|-|–)?\s*(\d{1,3}(?:[.,]\d+)?)\s*%",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d{2}")


@dataclass(frozen=True, slots=True)
class Percent:
    """A percentage read from a cell, and whether it was a bare fraction taken as percent."""

    value: float
    from_fraction: bool = False


class NotAPercentError(ValueError):
    """A cell that should hold a percentage does not."""


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def read_percent(cell: Cell) -> Percent:
    """The percentage in a cell: ``70%``, ``56,05%``, ``≥ 70%``, ``70``, a percent-formatted
    number, or a bare fraction ``0,7`` stored as a number (taken as 70%).

    Raises ``NotAPercentError`` with the Vietnamese reason.
    """
    if cell.number is not None:
        value, from_fraction = cell.number, False
        if not cell.percent_format and 0 < value <= 1:
            value, from_fraction = value * 100, True
    else:
        text = cell.text.strip()
        if not text:
            raise NotAPercentError("ô trống, cần một tỷ lệ phần trăm")
        match = _PERCENT.match(text)
        if match is None:
            raise NotAPercentError(f"«{text}» không phải tỷ lệ phần trăm")
        value, from_fraction = _number(match.group(1)), False
    value = round(value, 6)
    if value < 0 or value > 100:
        raise NotAPercentError(f"tỷ lệ {value:g}% nằm ngoài khoảng 0–100%")
    return Percent(value, from_fraction)


def read_baselines(note: str) -> tuple[Baseline, ...]:
    """The past years' values quoted in a note, in the order written.

    >>> read_baselines("(Năm 2023: 56,05%; Năm 2022: 61,45%)")
    (Baseline(year=2023, value=56.05), Baseline(year=2022, value=61.45))
    >>> read_baselines("(Năm 2023, 2022 là 0%)")
    (Baseline(year=2023, value=0.0), Baseline(year=2022, value=0.0))
    """
    baselines: list[Baseline] = []
    seen: set[int] = set()
    for match in _BASELINE.finditer(note):
        value = _number(match.group(2))
        for year_text in _YEAR.findall(match.group(1)):
            year = int(year_text)
            if year not in seen and value <= 100:
                seen.add(year)
                baselines.append(Baseline(year, value))
    return tuple(baselines)
