"""Which units hold which target: by level and by named unit, as the annex rows say, with the
province's unit-specific overrides applied.

A row for a level is held by the units of that level at the top of their tier (a district
committee, not each of its divisions: the committee's tier value counts its divisions), valid
during the year. A unit a row names ("Sở Tư pháp") holds it whatever its level; when a unit is
reached both by name and by level for the same indicator, the named row is its target.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from chitieu.domain import Milestone, OrgUnit, Target, TargetSet
from chitieu.evaluation.model import Assignment, Override
from chitieu.units import UnitTree


@dataclass(frozen=True, slots=True)
class Assignments:
    """The assignments in annex order (units in tree order within a row) and the warnings."""

    assignments: tuple[Assignment, ...]
    warnings: tuple[str, ...]


def valid_in(unit: OrgUnit, year: int) -> bool:
    """Whether a unit exists at some point of the year."""
    starts_before_end = unit.valid_from is None or unit.valid_from <= date(year, 12, 31)
    ends_after_start = unit.valid_to is None or unit.valid_to >= date(year, 1, 1)
    return starts_before_end and ends_after_start


def tier_heads(tree: UnitTree, level: str, year: int) -> list[OrgUnit]:
    """The units of a level whose parent is of another level, valid in the year."""
    heads = []
    for unit in tree:
        if unit.level != level or not valid_in(unit, year):
            continue
        parent = tree.get(unit.parent_code) if unit.parent_code else None
        if parent is None or parent.level != level:
            heads.append(unit)
    return heads


def _named(tree: UnitTree, target: Target, year: int, warnings: list[str]) -> list[OrgUnit]:
    units: list[OrgUnit] = []
    for name in target.units:
        found = [unit for unit in tree.find_by_name(name) if valid_in(unit, year)]
        if not found:
            warnings.append(
                f"nhiệm vụ {target.task}: không tìm thấy đơn vị «{name}» trong cây đơn vị; "
                "dòng chỉ tiêu này không áp dụng cho đơn vị đó"
            )
        units.extend(found)
    return units


def _apply(target: Target, override: Override) -> Target:
    changed = {m.quarter: m.value for m in override.milestones}
    milestones = tuple(
        Milestone(m.quarter, changed.get(m.quarter, m.value)) for m in target.milestones
    )
    annual = target.annual if override.annual is None else override.annual
    return replace(target, annual=annual, milestones=milestones)


def assign(
    target_set: TargetSet, tree: UnitTree, overrides: Sequence[Override] = ()
) -> Assignments:
    """Every unit holding every target of the set that maps to an indicator."""
    warnings: list[str] = []
    chosen: dict[tuple[str, str], Assignment] = {}
    for row, target in enumerate(target_set.targets):
        if target.indicator is None:
            warnings.append(
                f"nhiệm vụ {target.task}: chưa khớp chỉ số nào trong danh mục, không đánh giá"
            )
            continue
        named = _named(tree, target, target_set.year, warnings)
        by_level = [
            unit for level in target.levels for unit in tier_heads(tree, level, target_set.year)
        ]
        for unit, is_named in [*((u, True) for u in named), *((u, False) for u in by_level)]:
            key = (unit.code, target.indicator)
            held = chosen.get(key)
            if held is None or (is_named and not held.named):
                chosen[key] = Assignment(unit, target, row, named=is_named)
            elif held.target is not target and is_named == held.named:
                warnings.append(
                    f"đơn vị {unit.code} ({unit.name}) có hai dòng chỉ tiêu cho chỉ số "
                    f"{target.indicator} (nhiệm vụ {held.target.task} và {target.task}); "
                    "áp dụng dòng đầu"
                )
    for override in overrides:
        key = (override.unit_code, override.indicator)
        held = chosen.get(key)
        if held is None:
            warnings.append(
                f"chỉ tiêu riêng của đơn vị {override.unit_code} cho chỉ số {override.indicator} "
                "không áp dụng: đơn vị không giữ chỉ tiêu này"
            )
            continue
        chosen[key] = replace(held, target=_apply(held.target, override), overridden=True)
    order = {unit.code: index for index, unit in enumerate(tree)}
    ordered = sorted(chosen.values(), key=lambda a: (a.row, order[a.unit.code]))
    return Assignments(tuple(ordered), tuple(warnings))
