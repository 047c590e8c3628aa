"""Resolving the few distinct values of unit, period and indicator columns."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from chitieu.catalog import Catalogue, IndicatorMatcher
from chitieu.domain import OrgUnit
from chitieu.domain.periods import label_year_problem
from chitieu.text import fold, fold_char, nfc

_PREFIXES = ("uy ban nhan dan ", "ubnd ")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
SHOWN_CODES = 3
"""How many of the units sharing a name an error message lists."""


def _name_key(name: str) -> str:
    folded = fold(name)
    for prefix in _PREFIXES:
        if folded.startswith(prefix):
            return folded[len(prefix) :]
    return folded


class UnitResolver:
    """A unit column's value → a unit code: the code itself, or a unit's name (folded; "UBND"
    and "Ủy ban nhân dân" prefixes ignored) when exactly one unit has it."""

    def __init__(self, units: Sequence[OrgUnit]) -> None:
        self._codes = {u.code for u in units}
        by_name: dict[str, list[str]] = {}
        for unit in units:
            by_name.setdefault(_name_key(unit.name), []).append(unit.code)
        self._names = {name: codes[0] for name, codes in by_name.items() if len(codes) == 1}
        self._shared = {name: codes for name, codes in by_name.items() if len(codes) > 1}

    def __call__(self, raw: str) -> str | None:
        value = raw.strip()
        if value in self._codes:
            return value
        return self._names.get(_name_key(value))

    def explain(self, raw: str) -> str | None:
        """Why ``raw`` names no unit, when there is more to say than "unknown": a name that
        several units share (every district has its «Phòng Tư pháp»)."""
        codes = self._shared.get(_name_key(raw.strip()))
        if not codes:
            return None
        shown = ", ".join(codes[:SHOWN_CODES]) + (", …" if len(codes) > SHOWN_CODES else "")
        return (
            f"«{raw.strip()}» là tên chung của {len(codes)} đơn vị ({shown}); "
            "hãy ghi mã đơn vị thay cho tên"
        )


_QUARTER = re.compile(
    r"^(?:(\d{4})\s*[-/ ]?\s*q\s*([1-4])|q(?:uy)?\s*(iv|iii|ii|i|[1-4])\s*[-/ ]\s*(\d{4}))$"
)
_MONTH = re.compile(r"^(?:(\d{4})[-/](\d{1,2})|(\d{1,2})[-/](\d{4}))$")
_YEAR = re.compile(r"^(?:nam\s*)?(\d{4})$")


def _period_label(raw: str) -> str | None:
    folded = "".join(c if c in "/-" else fold_char(c) for c in nfc(raw))
    text = re.sub(r"\s*([/-])\s*", r"\1", re.sub(r"\s+", " ", folded).strip())
    quarter = _QUARTER.match(text.replace(" ", "")) or _QUARTER.match(text)
    if quarter:
        year = quarter.group(1) or quarter.group(4)
        number = quarter.group(2) or quarter.group(3)
        return f"{year}-Q{_ROMAN.get(number, number)}"
    month = _MONTH.match(text.replace(" ", ""))
    if month:
        year = month.group(1) or month.group(4)
        number = int(month.group(2) or month.group(3))
        return f"{year}-{number:02d}" if 1 <= number <= 12 else None
    year_match = _YEAR.match(text)
    return year_match.group(1) if year_match else None


class PeriodResolver:
    """A period column's value → its label: ``2024-Q1``, ``2024Q1``, ``Q1/2024``, ``Quý I/2024``
    → ``2024-Q1``; ``2024-03``, ``03/2024`` → ``2024-03``; ``2024``, ``Năm 2024`` → ``2024``.
    A period whose year is out of range (``9999-Q1``, ``0000``: ``periods.year_problem``) is no
    period, and ``explain`` says why.

    >>> [resolve_period(p) for p in ("Quý III/2024", "2024-q3", "3/2024", "Năm 2024", "2024-13")]
    ['2024-Q3', '2024-Q3', '2024-03', '2024', None]
    >>> resolve_period("9999-Q1") is None
    True
    """

    def __call__(self, raw: str) -> str | None:
        label = _period_label(raw)
        if label is None or label_year_problem(label) is not None:
            return None
        return label

    def explain(self, raw: str) -> str | None:
        """Why ``raw`` is no period when it has a period's shape but not a possible year."""
        label = _period_label(raw)
        problem = label_year_problem(label) if label is not None else None
        if problem is None:
            return None
        return f"«{raw.strip()}» không phải kỳ hợp lệ: {problem}"


resolve_period = PeriodResolver()
"""The resolver of manual values' periods (``PeriodResolver``)."""


class ManualIndicatorResolver:
    """An indicator column's value → the code of a manual indicator (by code, or by its
    Vietnamese wording)."""

    def __init__(self, catalogue: Catalogue) -> None:
        self._manual = {i.code for i in catalogue.indicators if i.is_manual}
        self._matcher = IndicatorMatcher(catalogue.indicators, catalogue.abbreviations)

    def __call__(self, raw: str) -> str | None:
        value = raw.strip()
        if value in self._manual:
            return value
        match = self._matcher.match(value).indicator
        return match if match in self._manual else None


class ProcedureResolver:
    """A procedure code → itself when the procedure catalogue has it. Until a catalogue is
    loaded every code is taken: dossiers may arrive before the catalogue does."""

    def __init__(self, known: Iterable[str]) -> None:
        self._known = {code.strip() for code in known}

    def __call__(self, raw: str) -> str | None:
        value = raw.strip()
        if not self._known or value in self._known:
            return value
        return None
