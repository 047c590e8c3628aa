"""The units below a milestone, worst first, and what each still needs, in words."""

from __future__ import annotations

from collections.abc import Iterable

from chitieu.evaluation.model import Status, UnitEvaluation
from chitieu.formatting import integer, percent


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
    or why no count is enough."""
    if row.status is Status.NO_DATA:
        return "chưa có số liệu"
    if row.needed == 0:
        return "đã đạt"
    if row.needed is None:
        missed = (row.denominator or 0) - (row.numerator or 0)
        return (
            f"không thể đạt mốc {percent(row.milestone)} của kỳ này: đã có "
            f"{integer(round(missed))} trường hợp không đạt"
        )
    return f"cần thêm {integer(row.needed)} {noun}".rstrip()
