"""Numbers and dates as Vietnamese readers expect them: 56,05%; 1.234; 28/11/2026."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "vi"


def percent(value: float | None, *, empty: str = "—") -> str:
    """``56,05%``; ``empty`` when there is no value.

    >>> percent(56.05), percent(80.0), percent(None)
    ('56,05%', '80%', '—')
    """
    if value is None:
        return empty
    return f"{format_decimal(value, locale=LOCALE, format='#,##0.##')}%"


def integer(value: int) -> str:
    """``1.234``."""
    return format_decimal(value, locale=LOCALE, format="#,##0")


def date(value: dt.date) -> str:
    """``28/11/2026``."""
    return format_date(value, "dd/MM/yyyy", locale=LOCALE)


def number(value: float, places: int = 2) -> str:
    """``1.234,5``: a decimal number with up to ``places`` decimals.

    >>> number(1234.5), number(3.14159), number(-0.0)
    ('1.234,5', '3,14', '0')
    """
    pattern = "#,##0" + ("." + "#" * places if places else "")
    return format_decimal(round(value, places) + 0.0, locale=LOCALE, format=pattern)


def points(value: float | None, *, empty: str = "—") -> str:
    """A difference in percentage points, signed: ``−5,25 điểm``, ``+3 điểm``, ``0 điểm``.

    >>> points(-5.254), points(3.0), points(1e-12), points(None)
    ('−5,25 điểm', '+3 điểm', '0 điểm', '—')
    """
    if value is None:
        return empty
    rounded = round(value, 2) + 0.0
    sign = "+" if rounded > 0 else "−" if rounded < 0 else ""
    return f"{sign}{number(abs(rounded))} điểm"
