"""The units below a milestone, worst first, and what each still needs, in words."""

from __future__ import annotations

from collections.abc import Iterable

from chitieu import wording
from chitieu.evaluation.model import Status, UnitEvaluation


def lagging(rows: Iterable[UnitEvaluation]) -> list[UnitEvaluation]:
    """The rows not meeting their milestone, the largest shortfall first (then the largest count
    still needed, the unreachable before any count, then by unit code)."""
    behind = [row for row in rows if row.status is Status.NOT_MET]
    return sorted(
        behind,
        key=lambda r: (
            r.gap if r.gap is not None else 0.0,
            -(r.needed if r.needed is not None else float("inf")),
            r.unit.code,
            r.indicator,
        ),
    )


def needed_phrase(row: UnitEvaluation, noun: str) -> str:
    """What a row still needs, for a reader: ``cần thêm 1.234 hồ sơ trực tuyến``; ``đã đạt``;
    or why no count is enough (the words are ``wording.needed``'s)."""
    return wording.needed(
        row.status.value, row.needed, row.numerator, row.denominator, row.milestone, noun
    )
