"""Periods: months, quarters and years in local time (Asia/Ho_Chi_Minh).

A period is a half-open range of local dates ``[start, end)``. Targets are checked per quarter,
either year to date (1 January to the end of the quarter, the default) or within the quarter.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo

from chitieu.errors import ChitieuError

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

MIN_YEAR_ENV = "CHITIEU_MIN_YEAR"
DEFAULT_MIN_YEAR = 2000
"""The earliest year a date or a period of an import may have, unless ``$CHITIEU_MIN_YEAR`` says
otherwise: the one-stop shops this tool measures did not exist before."""
MAX_YEAR = 2100
"""The latest year any date or period may have: beyond it a year is a typing slip (``2204``,
``9999``), even for a due date, which may lie in the future."""
_LOWEST_MIN_YEAR = 1000
"""``$CHITIEU_MIN_YEAR`` below this is refused: years are written with four digits."""

ROMAN_QUARTERS = ("I", "II", "III", "IV")

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_NUMBER = r"(?P<n>[1-4]|iv|iii|ii|i)"
_YEAR = r"(?P<y>\d{4})"
# Compared on the folded text (no diacritics, lower case, punctuation as spaces), so «Quý III/2024»
# reads as "quy iii 2024".
_QUARTER_FORMS = tuple(
    re.compile(form)
    for form in (
        rf"^{_YEAR} ?q ?{_NUMBER}$",  # 2024-Q3, 2024Q3
        rf"^(?:quy|q) ?{_NUMBER} (?:nam )?{_YEAR}$",  # Q3/2024, Quý III/2024, quý 3 năm 2024
        # III/2024; a bare 3/2024 is March to anyone, so only Roman numerals stand alone.
        rf"^(?P<n>iv|iii|ii|i) {_YEAR}$",
    )
)


def min_year() -> int:
    """The earliest year accepted: ``$CHITIEU_MIN_YEAR`` (an integer from 1000 to ``MAX_YEAR``),
    else ``DEFAULT_MIN_YEAR``; raise ``ChitieuError`` (in Vietnamese) for any other value.

    Read each time, so that a change of the environment takes effect for the next import
    (``tests/domain/test_periods.py`` tries it: an example here would have to change the
    environment of the whole test run).
    """
    text = os.environ.get(MIN_YEAR_ENV, "").strip()
    if not text:
        return DEFAULT_MIN_YEAR
    if not re.fullmatch(r"[0-9]+", text) or not _LOWEST_MIN_YEAR <= int(text) <= MAX_YEAR:
        raise ChitieuError(
            f"{MIN_YEAR_ENV} phải là một năm viết bằng số, từ {_LOWEST_MIN_YEAR} đến {MAX_YEAR}, "
            f"không phải «{text}»"
        )
    return int(text)


def year_problem(year: int) -> str | None:
    """Why ``year`` cannot be the year of an imported date or period, in Vietnamese; ``None``
    when it can (``min_year()`` to ``MAX_YEAR``).

    >>> year_problem(2024) is None
    True
    >>> year_problem(9999)
    'năm 9999 sau năm 2100, không phải một năm hợp lý'
    """
    earliest = min_year()
    if year < earliest:
        return (
            f"năm {year:04d} trước năm {earliest}, năm sớm nhất được nhận "
            f"(biến môi trường {MIN_YEAR_ENV})"
        )
    if year > MAX_YEAR:
        return f"năm {year:04d} sau năm {MAX_YEAR}, không phải một năm hợp lý"
    return None


def label_year_problem(label: str) -> str | None:
    """Why a period label (``2024-Q1``, ``2024-03``, ``2024``: four digits first, as
    ``Period.label`` writes it) cannot be imported because of its year; ``None`` when it can, or
    when the label does not start with a year (that is another check's business).

    >>> [label_year_problem(p) is None for p in ("2024-Q1", "2024-03", "2024", "0000-Q1")]
    [True, True, True, False]
    """
    found = re.match(r"^([0-9]{4})(?![0-9])", label)
    return year_problem(int(found.group(1))) if found else None


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", bare).split())


class Basis(StrEnum):
    """How a quarter's milestone is checked: on the year-to-date value or within the quarter."""

    YTD = "ytd"
    QUARTER = "quarter"


class PeriodKind(StrEnum):
    """The shape of a period."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR_TO_DATE = "ytd"
    YEAR = "year"
    RANGE = "range"
    """Any run of whole days (an ad hoc report's window, ``engine.window``): computed on the
    fly, never stored."""


def _next_month(year: int, month: int) -> date:
    return date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)


@dataclass(frozen=True, slots=True, order=True)
class Quarter:
    """A calendar quarter of a year.

    >>> Quarter.parse("2024-Q3").label
    '2024-Q3'
    """

    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise ValueError(f"quarter number must be 1..4, not {self.number}")

    @classmethod
    def parse(cls, label: str) -> Quarter:
        """Read a quarter as people write it: ``2024-Q3``, ``Q3/2024``, ``III/2024``,
        ``Quý III/2024``, ``quý 3 năm 2024``; raise ``ValueError`` (in Vietnamese) otherwise.

        >>> [Quarter.parse(s).label for s in ("2024-Q3", "Q3/2024", "III/2024", "Quý III/2024",
        ...                                   "quý 3 năm 2024")]
        ['2024-Q3', '2024-Q3', '2024-Q3', '2024-Q3', '2024-Q3']
        """
        folded = _folded(label)
        # "2024 q3" is written "2024-Q3"; "2024q3" must read the same.
        folded = re.sub(r"^(\d{4}) ?q", r"\1 q", folded)
        for form in _QUARTER_FORMS:
            match = form.match(folded)
            if match is not None:
                number = match.group("n")
                year = int(match.group("y"))
                # «9999-Q1» or «0000-Q1» has the shape of a quarter but is a slip of the keyboard.
                problem = year_problem(year)
                if problem is not None:
                    raise ValueError(f"«{label}» không phải một quý hợp lệ: {problem}")
                return cls(year, _ROMAN.get(number) or int(number))
        raise ValueError(
            f"«{label}» không phải một quý; hãy viết dạng 2024-Q3, Q3/2024, III/2024 hoặc "
            "«Quý III/2024»"
        )

    @property
    def label(self) -> str:
        """``2024-Q3``."""
        return f"{self.year}-Q{self.number}"

    @property
    def roman(self) -> str:
        """``III`` for the third quarter, as Vietnamese documents write it."""
        return ROMAN_QUARTERS[self.number - 1]

    @property
    def start(self) -> date:
        """The quarter's first day."""
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        """The first day after the quarter."""
        return _next_month(self.year, 3 * self.number)

    def period(self, basis: Basis = Basis.YTD) -> Period:
        """The period a milestone of this quarter is checked on."""
        if basis is Basis.YTD:
            return Period.year_to_date(self.year, self.number)
        return Period.quarter(self.year, self.number)


@dataclass(frozen=True, slots=True)
class Period:
    """A half-open range of local dates ``[start, end)`` with a kind and a label."""

    kind: PeriodKind
    year: int
    index: int
    start: date
    end: date

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """One calendar month."""
        return cls(PeriodKind.MONTH, year, month, date(year, month, 1), _next_month(year, month))

    @classmethod
    def quarter(cls, year: int, number: int) -> Period:
        """One quarter, within itself."""
        q = Quarter(year, number)
        return cls(PeriodKind.QUARTER, year, number, q.start, q.end)

    @classmethod
    def year_to_date(cls, year: int, number: int) -> Period:
        """1 January to the end of quarter ``number``."""
        return cls(
            PeriodKind.YEAR_TO_DATE, year, number, date(year, 1, 1), Quarter(year, number).end
        )

    @classmethod
    def whole_year(cls, year: int) -> Period:
        """The calendar year."""
        return cls(PeriodKind.YEAR, year, 0, date(year, 1, 1), date(year + 1, 1, 1))

    @property
    def label(self) -> str:
        """``2024-03`` for a month, ``2024-Q3`` for a quarter (either basis), ``2024`` a year."""
        if self.kind is PeriodKind.MONTH:
            return f"{self.year}-{self.index:02d}"
        if self.kind is PeriodKind.YEAR:
            return str(self.year)
        return f"{self.year}-Q{self.index}"

    @property
    def start_at(self) -> datetime:
        """The first instant of the period, local time."""
        return datetime.combine(self.start, time.min, tzinfo=LOCAL_TZ)

    @property
    def end_at(self) -> datetime:
        """The first instant after the period, local time."""
        return datetime.combine(self.end, time.min, tzinfo=LOCAL_TZ)

    def contains(self, moment: datetime) -> bool:
        """Whether an aware instant falls in the period (compared in local time)."""
        return self.start_at <= moment.astimezone(LOCAL_TZ) < self.end_at


def periods_of_year(year: int) -> list[Period]:
    """Every period the engine computes for a year: 12 months, 4 quarters, 4 year-to-date
    quarters and the year."""
    return [
        *(Period.month(year, m) for m in range(1, 13)),
        *(Period.quarter(year, q) for q in range(1, 5)),
        *(Period.year_to_date(year, q) for q in range(1, 5)),
        Period.whole_year(year),
    ]
