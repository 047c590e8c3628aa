"""What the facts store holds: rows per table, per unit and per month, and the import history.

The summary is what an office checks after loading data ("did all of March arrive, from every
district?"), and what the tests compare to prove that a refused import changed nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chitieu.domain import Source
from chitieu.facts.schema import TABLES
from chitieu.facts.store import FactsStore, ImportRecord

UNMATCHED = ""
"""The ``by_unit`` key of rows without one of our units (portal units not matched)."""

MONTH_OF: dict[Source, str | None] = {
    Source.DOSSIERS: "strftime(received_at, '%Y-%m')",
    Source.PROCEDURES: None,
    Source.PUBLICATIONS: "strftime(published_on, '%Y-%m')",
    Source.FEEDBACK: "strftime(received_at, '%Y-%m')",
    Source.MANUAL: "period",
    Source.DVCQG: "period",
}
"""How a row is counted in ``by_month``: dossiers and feedback by the month they were received,
publications by the month published; manual and portal values already belong to a period (a
month, quarter or year) and are counted under it; the procedure catalogue has no dates."""


@dataclass(frozen=True, slots=True)
class TableSummary:
    """The rows of one table of facts, in all, per unit code and per month (``2024-03``)."""

    rows: int
    by_unit: dict[str, int]
    by_month: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"rows": self.rows, "by_unit": self.by_unit, "by_month": self.by_month}


@dataclass(frozen=True, slots=True)
class FactsSummary:
    """Every table of facts (by its name in the store) and the import history, oldest first."""

    tables: dict[str, TableSummary]
    imports: list[ImportRecord] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """``{"tables": {"dossiers": {"rows", "by_unit", "by_month"}, …}, "imports": […]}``."""
        return {
            "tables": {name: table.to_dict() for name, table in self.tables.items()},
            "imports": [record.to_dict() for record in self.imports],
        }


def _counts(store: FactsStore, table: str, expression: str) -> dict[str, int]:
    rows = store.rows(
        f"SELECT coalesce({expression}, '{UNMATCHED}') AS k, count(*) FROM {table} "
        "GROUP BY k ORDER BY k"
    )
    return {str(key): int(number) for key, number in rows}


def summarize(store: FactsStore) -> FactsSummary:
    """The summary of a store."""
    tables: dict[str, TableSummary] = {}
    for source, table in TABLES.items():
        by_unit = _counts(store, table.name, "unit_code")
        month = MONTH_OF[source]
        by_month = _counts(store, table.name, month) if month is not None else {}
        tables[table.name] = TableSummary(sum(by_unit.values()), by_unit, by_month)
    return FactsSummary(tables, store.history())


def empty_summary() -> FactsSummary:
    """The summary of a home that has no facts store yet."""
    return FactsSummary({table.name: TableSummary(0, {}, {}) for table in TABLES.values()})
