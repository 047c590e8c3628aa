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
