"""The stored quarterly values of a year as a file: ``chitieu values export``.

Columns ``unit_code,indicator,period,numerator,denominator,value``; ``period`` is the quarter's
label (``2024-Q3``), ``value`` the percentage rounded to four decimals, empty (CSV) or ``null``
(JSON) when the denominator is 0. Year to date or within the quarter (``basis``); the unit's
subtree, its tier or its own facts (``scope``). The CSV is safe to open in a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from chitieu.domain import Basis, PeriodKind
from chitieu.engine.backends import Backend
from chitieu.engine.values import VALUES_TABLE, Scope
from chitieu.errors import ChitieuError
from chitieu.text import plain_number, spreadsheet_safe

COLUMNS = ("unit_code", "indicator", "period", "numerator", "denominator", "value")


class NoValuesError(ChitieuError):
    """Nothing was ever computed in this store."""

    def __init__(self) -> None:
        super().__init__("Chưa có giá trị chỉ số nào; hãy chạy «chitieu compute» trước")


class ExportFormat(StrEnum):
    """Formats ``values export`` writes."""

    CSV = "csv"
    JSON = "json"


@dataclass(frozen=True, slots=True)
class ExportedValue:
    """One line of the export: a unit's value of an indicator in a quarter."""

    unit_code: str
    indicator: str
    period: str
    numerator: float
    denominator: float

    @property
    def value(self) -> float | None:
        """The percentage, rounded to four decimals; ``None`` when the denominator is 0.

        >>> ExportedValue("T", "online_dossiers", "2024-Q1", 2, 3).value
        66.6667
        """
        if self.denominator == 0:
            return None
        return round(100.0 * self.numerator / self.denominator, 4)

    def record(self) -> dict[str, str | float | None]:
        """The line as a JSON object, keyed by ``COLUMNS``."""
        return {
            "unit_code": self.unit_code,
            "indicator": self.indicator,
            "period": self.period,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": self.value,
        }


def exported_values(store: Backend, year: int, basis: Basis, scope: Scope) -> list[ExportedValue]:
    """The stored quarterly values of a year, one per unit, indicator and quarter, in that order.

    Raises ``NoValuesError`` when nothing was ever computed in this store.
    """
    if not store.exists(VALUES_TABLE):
        raise NoValuesError
    kind = PeriodKind.YEAR_TO_DATE if basis is Basis.YTD else PeriodKind.QUARTER
    # Every literal below is an integer or an enum's value: nothing from the user is spliced in.
    rows = store.rows(
        f"SELECT unit_code, indicator, period, numerator, denominator FROM {VALUES_TABLE} "
        f"WHERE year = {int(year)} AND kind = '{kind.value}' AND scope = '{scope.value}' "
        "ORDER BY unit_code, indicator, period, source"
    )
    return [
        ExportedValue(str(unit), str(indicator), str(period), float(numerator), float(denominator))
        for unit, indicator, period, numerator, denominator in rows
    ]


def values_csv(values: Sequence[ExportedValue]) -> str:
    """The values as CSV: a header, then one line each; text cells safe for spreadsheets.

    >>> print(values_csv([ExportedValue("=T", "on_time", "2024-Q1", 1, 0)]), end="")
    unit_code,indicator,period,numerator,denominator,value
    '=T,on_time,2024-Q1,1,0,
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for value in values:
        writer.writerow(
            [
                spreadsheet_safe(value.unit_code),
                spreadsheet_safe(value.indicator),
                spreadsheet_safe(value.period),
                plain_number(value.numerator),
                plain_number(value.denominator),
                plain_number(value.value),
            ]
        )
    return buffer.getvalue()


def values_json(values: Sequence[ExportedValue]) -> str:
    """The values as a JSON array of objects keyed by ``COLUMNS`` (Vietnamese kept as is)."""
    return json.dumps([v.record() for v in values], ensure_ascii=False, indent=1) + "\n"


@dataclass(frozen=True, slots=True)
class ValuesExport:
    """An export's text and how many values it holds."""

    text: str
    count: int


def export_values(
    store: Backend, *, year: int, basis: Basis, scope: Scope, format: ExportFormat
) -> ValuesExport:
    """The year's stored quarterly values written in ``format``."""
    values = exported_values(store, year, basis, scope)
    text = values_json(values) if format is ExportFormat.JSON else values_csv(values)
    return ValuesExport(text, len(values))
