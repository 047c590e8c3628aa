"""Indicator values as stored: the engine's output, the evaluation's and the pages' input.

One row per unit × indicator × period × scope × source, with the numerator and denominator (never
a rate: ratios roll up by sums). ``kind`` is the period's shape (``month``, ``quarter`` — within
the quarter —, ``ytd`` — year to date at the quarter's end —, ``year``) and ``period`` its label
(``2024-03``, ``2024-Q3``, ``2024``). ``scope`` is ``own`` (the unit's own facts), ``subtree``
(the unit and everything below it) or ``tier`` (the unit and the units below it of its own level,
``INDICATORS.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from chitieu.domain import PeriodKind

VALUES_TABLE = "indicator_values"

VALUES_DDL = f"""
CREATE TABLE IF NOT EXISTS {VALUES_TABLE} (
    year INTEGER NOT NULL,
    unit_code VARCHAR NOT NULL,
    indicator VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    scope VARCHAR NOT NULL,
    numerator DOUBLE NOT NULL,
    denominator DOUBLE NOT NULL,
    source VARCHAR NOT NULL
)
"""
"""The table, in SQL that DuckDB and PostgreSQL both accept."""


class Scope(StrEnum):
    """Which units' facts a value sums."""

    OWN = "own"
    SUBTREE = "subtree"
    TIER = "tier"


@dataclass(frozen=True, slots=True)
class IndicatorValue:
    """One stored value."""

    year: int
    unit_code: str
    indicator: str
    kind: PeriodKind
    period: str
    scope: Scope
    numerator: float
    denominator: float
    source: str

    @property
    def value(self) -> float | None:
        """The value in percent; ``None`` when the denominator is 0 (nothing to measure)."""
        if self.denominator == 0:
            return None
        return 100.0 * self.numerator / self.denominator


Query = Callable[[str, Sequence[object]], Sequence[tuple[Any, ...]]]
"""Runs a query in DuckDB's dialect with ``?`` parameters (``FactsStore.rows``)."""


def read_values(
    query: Query,
    year: int,
    *,
    kind: PeriodKind | None = None,
    scope: Scope | None = None,
    indicators: Sequence[str] = (),
) -> list[IndicatorValue]:
    """The stored values of a year, optionally of one period kind, scope and some indicators.

    ``query`` runs SQL on the store holding the values (``FactsStore.rows``).
    """
    clauses = ["year = ?"]
    parameters: list[object] = [year]
    if kind is not None:
        clauses.append("kind = ?")
        parameters.append(kind.value)
    if scope is not None:
        clauses.append("scope = ?")
        parameters.append(scope.value)
    if indicators:
        clauses.append(f"indicator IN ({', '.join('?' for _ in indicators)})")
        parameters.extend(indicators)
    rows = query(
        "SELECT year, unit_code, indicator, kind, period, scope, numerator, denominator, source "
        f"FROM {VALUES_TABLE} WHERE {' AND '.join(clauses)} "
        "ORDER BY unit_code, indicator, kind, period, scope, source",
        parameters,
    )
    # The enums' members are looked up once, not per row: a year holds hundreds of thousands.
    kinds = {k.value: k for k in PeriodKind}
    scopes = {s.value: s for s in Scope}
    return [
        IndicatorValue(
            int(r[0]), r[1], r[2], kinds[r[3]], r[4], scopes[r[5]], float(r[6]), float(r[7]), r[8]
        )
        for r in rows
    ]
