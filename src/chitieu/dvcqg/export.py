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
from typing import TextIO

from chitieu.dvcqg.scoring import ScoreRow
from chitieu.text import plain_number, spreadsheet_safe

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

number = plain_number
"""Numbers as the CSV writes them (``chitieu.text.plain_number``)."""


def text(value: str | None) -> str:
    """Text as written in the CSV (``chitieu.text.spreadsheet_safe``); empty for ``None``.

    >>> text("=1+1"), text(None), text("Sở Tư pháp")
    ("'=1+1", '', 'Sở Tư pháp')
    """
    return "" if value is None else spreadsheet_safe(value)


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
