"""The recomputed scores as CSV, safe to open in Excel.

Columns ``unit_code,unit_name,group,sub_indicator,numerator,denominator,score,portal_score``.
A unit's group total is the row with ``sub_indicator`` ``total`` (no numerator or denominator);
its sum over the groups of several files is the row with ``group`` and ``sub_indicator`` both
``total``. Numbers use a dot; an empty cell means no value (``score`` empty where the formula is
not known).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal
from typing import TextIO

from chitieu.dvcqg.scoring import ScoreRow

COLUMNS = (
    "unit_code",
    "unit_name",
    "group",
    "sub_indicator",
    "numerator",
    "denominator",
    "score",
    "portal_score",
)

# A cell starting with one of these is a formula to a spreadsheet.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def number(value: float | None) -> str:
    """A number as written in the CSV: ``184513``, ``7.67``, ``0.5``; empty for ``None``.

    >>> number(184513), number(7.67), number(6.0), number(None)
    ('184513', '7.67', '6', '')
    """
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return format(Decimal(repr(float(value))), "f")


def text(value: str | None) -> str:
    """Text as written in the CSV, quoted with ``'`` when a spreadsheet would take it for a
    formula."""
    if value is None:
        return ""
    return "'" + value if value.startswith(_FORMULA_START) else value


def export_scores_csv(rows: Iterable[ScoreRow], stream: TextIO) -> None:
    """Write the header and one line per score row, in the order given."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(
            [
                text(row.unit_code),
                text(row.unit_name),
                text(row.group),
                text(row.sub_indicator),
                number(row.numerator),
                number(row.denominator),
                number(row.score),
                number(row.portal_score),
            ]
        )
