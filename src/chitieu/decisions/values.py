"""Reading the numbers of an annex: percentages as offices write them, and baselines in notes.

One rule reads every value cell of an annex (the annual target and the Quý I–IV milestones),
whether the decision came as text, Word or Excel: the readers only say what a cell holds (its
text; for Excel, the stored number and whether it has a percent number format), and the annex
parser calls ``survey`` then ``read_percent`` below for every cell, whatever the form.

A cell is written in one of three ways:

- **with a percent sign**: ``70%``, ``0,7 %``, ``≥ 70%``, ``56,05%`` → that percentage;
- **an Excel number with a percent number format** (``0%``, ``0.00%``): Excel stores 70% as 0.7
  and shows «70%», so it is read as 70% (the Excel reader multiplies by 100);
- **bare**: ``70``, ``0,7``, ``0.7`` in text or Word, or an Excel number in the General format.

A *column* is the annual target's or one quarter's, over the whole annex (every table of it,
every task and level row); cells that are not numbers at all are refused on their own and left
out of the column's reading.

A bare number of 1 or more is that percentage (``70`` → 70%); 0 is 0%. A bare fraction
(strictly between 0 and 1) could be 0,7% or 70%, so it is refused as ambiguous, with what was
read («đọc được 0,7: là 0,7% hay 70%?…»), unless its whole column is **consistently
fractional**: every value of the column is bare and lies between 0 and 1, at least two are not
0, and at least one is strictly between 0 and 1 (a sheet typed 0.7, 0.85, 1 without percent
format). Such a column is read as fractions of one, every value times 100 (1 → 100%), with one
warning naming the column. A lone fraction, or a fraction in a column where another value is
written with a percent sign, formatted as a percentage or above 1, is refused. A bare ``1`` is
1% in a column written without percent signs (``70``, ``85``, ``1``), but in a column where
other values carry a percent sign or format it is refused as ambiguous too (1% or 100%? an
Excel 1 in the General format among cells formatted «100%» is most likely 100%).

A written number with a separator followed by exactly three digits and a whole part that is not
0 (``1.000``, ``1,500``) is refused as ambiguous too: Vietnamese writes ``.`` between thousands
and English ``,``, so ``1.000`` is 1000% (impossible) or 1% (a decimal written with three
places), and no reader can tell which. ``0,700`` is a decimal, since a thousands group never
follows a leading 0.

Once read, every value must lie within 0–100% (``chitieu.domain.targets.out_of_range``: every
indicator of the catalogue is a ratio of two counts, so no target is unbounded).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from chitieu.decisions.document import Cell
from chitieu.domain import Baseline
from chitieu.domain.targets import out_of_range
from chitieu.formatting import number, percent

_PERCENT = re.compile(
    r"^(?:(?:≥|>=|=|tối thiểu|ít nhất|đạt|trên|từ)\s*)?(\d{1,3}(?:[.,]\d+)?)\s*(%?)$",
    re.IGNORECASE,
)
# A whole part that is not 0, one separator, exactly three digits: thousands or decimals?
_THOUSANDS_OR_DECIMAL = re.compile(r"^(?:[1-9]\d{0,2})[.,]\d{3}$")
_BASELINE = re.compile(
    r"(?:năm\s*)?((?:19|20)\d{2}(?:\s*(?:,|;|và|&|/)\s*(?:năm\s*)?(?:19|20)\d{2})*)"
    r"\s*(?::|là|đạt|=|-|–)?\s*(\d{1,3}(?:[.,]\d+)?)\s*%",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d{2}")


class Written(StrEnum):
    """How a value cell was written."""

    SIGN = "sign"
    FORMAT = "format"
    BARE = "bare"


@dataclass(frozen=True, slots=True)
class Number:
    """A value cell as written: the number (already a percentage when ``written`` is ``SIGN`` or
    ``FORMAT``), how it was written, and how to show it in a message."""

    value: float
    written: Written
    shown: str


@dataclass(frozen=True, slots=True)
class Percent:
    """A percentage read from a cell, and whether it was a fraction of one taken as percent."""

    value: float
    from_fraction: bool = False


class NotAPercentError(ValueError):
    """A cell that should hold a percentage does not, or says it ambiguously."""


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def read_number(cell: Cell) -> Number:
    """The number a value cell holds, and how it is written (see the module's rule).

    Raises ``NotAPercentError`` with the Vietnamese reason: an empty cell, words, or a number
    whose separator may be a thousands separator (``1.000``).
    """
    if cell.number is not None:
        written = Written.FORMAT if cell.percent_format else Written.BARE
        return Number(cell.number, written, number(cell.number, 10))
    text = cell.text.strip()
    if not text:
        raise NotAPercentError("ô trống, cần một tỷ lệ phần trăm")
    match = _PERCENT.match(text)
    if match is None:
        raise NotAPercentError(f"«{text}» không phải tỷ lệ phần trăm")
    digits, sign = match.group(1), match.group(2)
    if _THOUSANDS_OR_DECIMAL.match(digits):
        whole, decimals = re.split(r"[.,]", digits)
        thousands = percent(float(whole + decimals))
        decimal = percent(float(f"{whole}.{decimals}"))
        raise NotAPercentError(
            f"đọc được «{text}»: là {thousands} (dấu «{digits[len(whole)]}» phân cách hàng "
            f"nghìn) hay {decimal} (số thập phân)? hãy viết rõ, ví dụ {decimal}"
        )
    return Number(_number(digits), Written.SIGN if sign else Written.BARE, text)


def _fraction(value: float) -> bool:
    return 0 < value < 1


@dataclass(frozen=True, slots=True)
class ColumnForm:
    """How a column of values is written as a whole: ``fractional`` when consistently in
    fractions of one, ``marked`` when some value carries a percent sign or format."""

    fractional: bool = False
    marked: bool = False


def column_form(numbers: Iterable[Number]) -> ColumnForm:
    """How a column's values are written (see the module's rule): fractional when every value
    is bare and within 0..1, at least two are not 0 and at least one is strictly between.

    >>> bare = [Number(v, Written.BARE, str(v)) for v in (0.7, 1.0, 0.0)]
    >>> column_form(bare)
    ColumnForm(fractional=True, marked=False)
    >>> column_form([*bare, Number(70.0, Written.SIGN, "70%")])
    ColumnForm(fractional=False, marked=True)
    """
    values: list[float] = []
    marked = False
    consistent = True
    for found in numbers:
        marked = marked or found.written is not Written.BARE
        if found.written is not Written.BARE or not 0 <= found.value <= 1:
            consistent = False
        values.append(found.value)
    fractional = (
        consistent and sum(1 for v in values if v) >= 2 and any(_fraction(v) for v in values)
    )
    return ColumnForm(fractional=fractional, marked=marked)


def survey(cells: Iterable[Cell]) -> ColumnForm:
    """How a column of value cells is written; cells that are not numbers are left out here
    (``read_percent`` refuses them)."""
    numbers: list[Number] = []
    for cell in cells:
        try:
            numbers.append(read_number(cell))
        except NotAPercentError:
            continue
    return column_form(numbers)


def read_percent(cell: Cell, what: str, column: ColumnForm | None = None) -> Percent:
    """The percentage in a value cell, by the module's rule; ``what`` names the value in
    messages («chỉ tiêu năm», «mốc quý I»), ``column`` is what ``survey`` said of the cell's
    column.

    Raises ``NotAPercentError`` with the Vietnamese reason, saying what was read.
    """
    column = column or ColumnForm()
    try:
        found = read_number(cell)
    except NotAPercentError as error:
        raise NotAPercentError(f"{what}: {error}") from None
    value, from_fraction = found.value, False
    if found.written is Written.BARE:
        if column.fractional:
            value, from_fraction = value * 100, True
        elif _fraction(value) or (value == 1 and column.marked):
            small, large = percent(value), percent(value * 100)
            excel = " (số trong ô không có định dạng phần trăm)" if cell.number is not None else ""
            raise NotAPercentError(
                f"{what}: đọc được «{found.shown}»{excel}: là {small} hay {large}? "
                f"hãy viết rõ {large} hoặc {small}"
            )
    value = round(value, 6)
    reason = out_of_range(what, value)
    if reason is not None:
        raise NotAPercentError(reason)
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
