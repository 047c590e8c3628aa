"""Ranks among units of the same level: by value, then by gap (``INDICATORS.md``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from chitieu.evaluation.model import UnitEvaluation


def ranks(rows: Sequence[UnitEvaluation]) -> list[tuple[int | None, int]]:
    """The rank of each row among the rows of the same level, indicator and period, and how many
    rows were ranked there: 1 for the highest value, ties on value and gap share a rank
    (1, 2, 2, 4); ``(None, 0)`` without a value."""
    groups: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        if row.value is not None:
            groups[(row.unit.level, row.indicator, row.period)].append(index)
    result: list[tuple[int | None, int]] = [(None, 0)] * len(rows)
    for members in groups.values():

        def order(i: int) -> tuple[float, float]:
            row = rows[i]
            return (-(row.value or 0.0), -(row.gap or 0.0))

        members.sort(key=order)
        previous: tuple[float, float] | None = None
        rank = 0
        for position, index in enumerate(members, 1):
            key = order(index)
            if key != previous:
                rank, previous = position, key
            result[index] = (rank, len(members))
    return result
