"""Which year a compute takes: the one asked for, else the latest year the facts are dated in.

A year's facts are the dossiers received in it, the feedback received in it, the publications
published in it and the manual values of its periods: what the engine computes values from. The
procedure catalogue is not dated, and the portal's figures are read as they are, not computed.
"""

from __future__ import annotations

from chitieu.domain import Source
from chitieu.engine.backends import Backend
from chitieu.errors import ChitieuError
from chitieu.facts.schema import TABLES

FIRST_YEAR, LAST_YEAR = 2000, 2100
"""The years the engine accepts (the working-day calendar starts in 2000)."""

YEAR_OF: dict[Source, str] = {
    Source.DOSSIERS: "EXTRACT(YEAR FROM received_at)",
    Source.FEEDBACK: "EXTRACT(YEAR FROM received_at)",
    Source.PUBLICATIONS: "EXTRACT(YEAR FROM published_on)",
    # Manual periods are validated on import: 2024-03, 2024-Q3 or 2024, the year first.
    Source.MANUAL: "CAST(SUBSTRING(period, 1, 4) AS INTEGER)",
}
"""The year of a fact, per source whose facts are dated, in SQL over its table."""

NO_FACTS = (
    "Chưa có dữ liệu nào để tính; hãy nạp dữ liệu trước: chitieu ingest dossiers TỆP… "
    "(hoặc procedures, publications, feedback, manual)"
)


class NoFactsError(ChitieuError):
    """The store holds nothing the engine computes from."""

    def __init__(self, message: str = NO_FACTS) -> None:
        super().__init__(message)


def checked_year(year: int) -> int:
    """The year when the engine can compute it; a ``ChitieuError`` otherwise.

    >>> checked_year(2024)
    2024
    """
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ChitieuError(f"--year phải trong khoảng {FIRST_YEAR}–{LAST_YEAR}, không phải {year}")
    return year


def _tables(store: Backend) -> list[Source]:
    """The computed-from sources whose tables the store holds."""
    return [
        source
        for source in Source
        if (source.is_computed or source is Source.MANUAL) and store.exists(TABLES[source].name)
    ]


def has_facts(store: Backend) -> bool:
    """Whether the store holds any fact the engine computes from (procedures included)."""
    return any(
        store.rows(f"SELECT 1 FROM {TABLES[source].name} LIMIT 1") for source in _tables(store)
    )


def latest_year(store: Backend) -> int | None:
    """The latest year any dated fact falls in; ``None`` when no fact is dated."""
    parts = [
        f"SELECT max({YEAR_OF[source]}) AS y FROM {TABLES[source].name}"
        for source in _tables(store)
        if source in YEAR_OF
    ]
    if not parts:
        return None
    found = store.rows(f"SELECT max(y) FROM ({' UNION ALL '.join(parts)}) AS years")
    return int(found[0][0]) if found and found[0][0] is not None else None


def year_to_compute(store: Backend, year: int | None) -> int:
    """The year asked for (checked), else the latest year of the facts.

    Raises ``NoFactsError`` when the store holds no facts at all, and a ``ChitieuError`` asking
    for ``--year`` when none of the facts is dated (a procedure catalogue alone).
    """
    if not has_facts(store):
        raise NoFactsError
    if year is not None:
        return checked_year(year)
    latest = latest_year(store)
    if latest is None:
        raise ChitieuError(
            "Chưa có dữ liệu nào ghi ngày trong kho dữ liệu; hãy chỉ rõ năm bằng --year"
        )
    return checked_year(latest)
