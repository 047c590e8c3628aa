"""The unit tree as the engine needs it: a closure table of (ancestor, descendant, same tier)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from chitieu.domain import OrgUnit


@dataclass(frozen=True, slots=True)
class ClosureRow:
    """``descendant`` is ``ancestor`` or below it.

    ``same_tier`` when every unit on the path from the ancestor down to the descendant has the
    ancestor's level: a district committee's divisions count in its tier value, its communes not.
    """

    ancestor: str
    descendant: str
    same_tier: bool


def closure(units: Sequence[OrgUnit]) -> Iterator[ClosureRow]:
    """Every (ancestor, descendant) pair of the tree, each unit paired with itself included."""
    by_code = {u.code: u for u in units}
    for unit in units:
        # Walk up from the unit. ``uniform`` stays true while every unit walked so far (the
        # descendant up to the current ancestor) has one level, the current ancestor's.
        current: OrgUnit | None = unit
        uniform = True
        seen: set[str] = set()
        while current is not None and current.code not in seen:
            seen.add(current.code)
            uniform = uniform and current.level == unit.level
            yield ClosureRow(current.code, unit.code, uniform)
            current = by_code.get(current.parent_code) if current.parent_code else None
