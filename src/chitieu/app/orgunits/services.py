"""The one way units are written: merged by code, validated as a whole tree, audited."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Sequence
from typing import Any

from chitieu.app.audit.choices import AuditAction
from chitieu.app.audit.services import Change, record_many
from chitieu.app.orgunits.models import OrgUnit
from chitieu.app.transactions import atomic
from chitieu.domain import OrgUnit as DomainUnit
from chitieu.units import MergeResult, UnitTree, merge_units


def all_units() -> list[DomainUnit]:
    """Every stored unit, as the engine sees it, in tree order when the tree is whole."""
    rows = list(OrgUnit.objects.select_related("parent").order_by("code"))
    return [row.to_domain(row.parent.code if row.parent else None) for row in rows]


def _snapshot(unit: DomainUnit) -> dict[str, Any]:
    data = dataclasses.asdict(unit)
    for key in ("valid_from", "valid_to"):
        if data[key] is not None:
            data[key] = data[key].isoformat()
    return data


@atomic
def save_units(
    incoming: Sequence[DomainUnit],
    *,
    actor: str,
    levels: Collection[str],
    note: str = "",
) -> MergeResult:
    """Add or update ``incoming`` by code (never delete), in one transaction with one audit
    entry per unit added or changed.

    The merged tree is validated whole, inside the transaction, before anything is written: a
    ``TreeError`` (unknown parent, cycle, second root, unknown level) or ``ChitieuError`` (a
    code twice) leaves the stored tree as it was.
    """
    existing = all_units()
    result = merge_units(existing, incoming)
    UnitTree(result.units, levels)
    changed = set(result.added) | set(result.updated)
    if not changed:
        return result
    before = {unit.code: unit for unit in existing}
    merged = {unit.code: unit for unit in result.units}
    rows = {row.code: row for row in OrgUnit.objects.filter(code__in=changed)}
    for code in (c for c in merged if c in changed):
        unit = merged[code]
        row = rows.get(code) or OrgUnit(code=code)
        row.name = unit.name
        row.level = unit.level
        row.valid_from = unit.valid_from
        row.valid_to = unit.valid_to
        row.latitude = unit.latitude
        row.longitude = unit.longitude
        row.parent = None if row.pk is None else row.parent
        row.save()
        rows[code] = row
    # Parents once every unit exists: a file may list a child before its parent.
    ids = dict(
        OrgUnit.objects.filter(
            code__in={u.parent_code for u in merged.values() if u.parent_code}
        ).values_list("code", "id")
    )
    for code in changed:
        parent_code = merged[code].parent_code
        row = rows[code]
        parent_id = ids[parent_code] if parent_code else None
        if row.parent_id != parent_id:
            row.parent_id = parent_id
            row.save(update_fields=["parent"])
    record_many(
        (
            Change(
                action=AuditAction.UNIT_ADD if code in result.added else AuditAction.UNIT_UPDATE,
                object_type="orgunit",
                object_key=code,
                before=_snapshot(before[code]) if code in before else None,
                after=_snapshot(merged[code]),
            )
            for code in merged
            if code in changed
        ),
        actor=actor,
        note=note,
    )
    return result
