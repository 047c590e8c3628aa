"""The one way target sets and overrides are written: each change in one transaction with its
audit entry."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from django.utils import timezone

from chitieu.app.audit.choices import AuditAction
from chitieu.app.audit.services import record
from chitieu.app.orgunits.models import OrgUnit
from chitieu.app.orgunits.services import all_units
from chitieu.app.targets.choices import QUARTER_FIELDS, TargetSetState
from chitieu.app.targets.models import TargetOverride, TargetSetVersion
from chitieu.app.transactions import atomic
from chitieu.catalog import load_catalogue
from chitieu.decisions import from_dict, to_dict
from chitieu.domain import Milestone, Override, Target, TargetSet
from chitieu.domain.targets import province_label, same_province
from chitieu.errors import ChitieuError
from chitieu.evaluation.assignment import assign
from chitieu.units import UnitTree


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What an import did: the stored version, the one it replaced (if any), or nothing when
    the year's current set was already this one."""

    version_id: int
    year: int
    targets: int
    replaced_id: int | None
    unchanged: bool
    warnings: tuple[str, ...] = ()


class ProvinceMismatchError(ChitieuError):
    """A target decision of another province than the home's unit tree: most likely the wrong
    file, so it is refused unless the caller confirms the province on purpose."""

    def __init__(self, decision_province: str, tree_province: str) -> None:
        self.decision_province = decision_province
        self.tree_province = tree_province
        super().__init__(
            f"Quyết định là của {province_label(decision_province)} nhưng cây đơn vị của thư mục "
            f"này là {province_label(tree_province)}; không lưu gì"
        )


class OverrideRefusedError(ChitieuError):
    """An override that cannot be stored; ``problems`` lists every reason, in Vietnamese."""

    def __init__(self, year: int, override: Override, problems: list[str]) -> None:
        self.problems = problems
        lines = [f"- {problem}" for problem in problems]
        super().__init__(
            "\n".join(
                [
                    f"Không lưu chỉ tiêu riêng của đơn vị {override.unit_code} cho chỉ số "
                    f"{override.indicator} năm {year}:",
                    *lines,
                ]
            )
        )


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """One stored target set of a year, for the history."""

    id: int
    year: int
    province: str
    source_file: str
    imported_at: datetime
    imported_by: str
    superseded_at: datetime | None
    targets: int

    @property
    def current(self) -> bool:
        """Whether it is the year's target set in force."""
        return self.superseded_at is None

    @property
    def state(self) -> TargetSetState:
        """In force, or replaced by a later import."""
        return TargetSetState.CURRENT if self.current else TargetSetState.SUPERSEDED


def _checksum(document: dict[str, Any]) -> str:
    canonical = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _current(year: int) -> TargetSetVersion | None:
    return TargetSetVersion.objects.filter(year=year, superseded_at__isnull=True).first()


def tree_province() -> str | None:
    """The province of the stored unit tree: its root unit's name (``None`` without a tree)."""
    units = all_units()
    return UnitTree(units).root.name if units else None


def _province_warnings(target_set: TargetSet, *, province_confirmed: bool) -> tuple[str, ...]:
    tree = tree_province()
    if tree is None or same_province(target_set.province, tree):
        return ()
    if not province_confirmed:
        raise ProvinceMismatchError(target_set.province, tree)
    return (
        f"bộ chỉ tiêu được lưu cho {province_label(target_set.province)} như đã chỉ định, "
        f"dù cây đơn vị của thư mục này là {province_label(tree)}",
    )


@atomic
def import_target_set(
    target_set: TargetSet, *, actor: str, source_file: str, province_confirmed: bool = False
) -> ImportOutcome:
    """Store ``target_set`` as its year's target set; the previous one is kept, marked
    superseded. Importing the set already in force changes nothing (no new version, no audit
    entry).

    A set of another province than the stored unit tree's raises ``ProvinceMismatchError`` and
    stores nothing, unless ``province_confirmed`` (the user named the province on purpose):
    it is then stored, with a warning. Without a tree, any province is accepted.
    """
    document = to_dict(target_set)
    checksum = _checksum(document)
    warnings = _province_warnings(target_set, province_confirmed=province_confirmed)
    previous = (
        TargetSetVersion.objects.select_for_update()
        .filter(year=target_set.year, superseded_at__isnull=True)
        .first()
    )
    if previous is not None and previous.checksum == checksum:
        return ImportOutcome(
            previous.pk,
            target_set.year,
            len(target_set.targets),
            None,
            unchanged=True,
            warnings=warnings,
        )
    # The decision's title rides along for the documents (it is not in the checksum: the same
    # targets under a retyped title are the same set).
    stored = {**document, "title": target_set.title, "sections": dict(target_set.sections)}
    now = timezone.now()
    if previous is not None:
        previous.superseded_at = now
        previous.save(update_fields=["superseded_at"])
    version = TargetSetVersion.objects.create(
        year=target_set.year,
        province=target_set.province,
        document=stored,
        checksum=checksum,
        source_file=source_file,
        imported_at=now,
        imported_by=actor,
    )
    if previous is not None:
        previous.superseded_by = version
        previous.save(update_fields=["superseded_by"])
    record(
        actor=actor,
        action=AuditAction.TARGETS_IMPORT,
        object_type="target_set",
        object_key=str(target_set.year),
        before=previous.document if previous is not None else None,
        after=stored,
        note=f"{source_file} (phiên bản {version.pk}"
        + (f", thay phiên bản {previous.pk})" if previous is not None else ")"),
    )
    return ImportOutcome(
        version.pk,
        target_set.year,
        len(target_set.targets),
        previous.pk if previous is not None else None,
        unchanged=False,
        warnings=warnings,
    )


def current_target_set(year: int) -> TargetSet | None:
    """The year's target set in force, or ``None`` when none was imported."""
    version = _current(year)
    return None if version is None else from_dict(version.document)


def target_set_history(year: int) -> list[VersionInfo]:
    """Every target set stored for the year, the newest first."""
    return [
        VersionInfo(
            id=v.pk,
            year=v.year,
            province=v.province,
            source_file=v.source_file,
            imported_at=v.imported_at,
            imported_by=v.imported_by,
            superseded_at=v.superseded_at,
            targets=len(v.document.get("targets", [])),
        )
        for v in TargetSetVersion.objects.filter(year=year).order_by("-imported_at", "-id")
    ]


def _override_snapshot(row: TargetOverride) -> dict[str, Any]:
    return {
        "year": row.year,
        "unit_code": row.unit.code,
        "indicator": row.indicator,
        "annual": row.annual,
        **{name: getattr(row, name) for name in QUARTER_FIELDS},
        "note": row.note,
    }


@cache
def _known_indicators() -> frozenset[str]:
    return frozenset(indicator.code for indicator in load_catalogue().indicators)


def _annex_row(year: int, unit_code: str, indicator: str) -> tuple[TargetSet | None, Target | None]:
    """The year's target set in force and the row of it the unit holds for the indicator
    (without overrides), read under a lock so that an import cannot change it meanwhile."""
    version = (
        TargetSetVersion.objects.select_for_update()
        .filter(year=year, superseded_at__isnull=True)
        .first()
    )
    if version is None:
        return None, None
    target_set = from_dict(version.document)
    held = assign(target_set, UnitTree(all_units())).assignments
    for assignment in held:
        if assignment.unit.code == unit_code and assignment.indicator == indicator:
            return target_set, assignment.target
    return target_set, None


def _unit_row(code: str) -> OrgUnit | None:
    return OrgUnit.objects.select_for_update().filter(code=code).first()


def override_problems(year: int, override: Override, unit: OrgUnit | None) -> list[str]:
    """Every reason to refuse ``override`` for ``year`` against the stored tree and the year's
    target set in force (empty: it may be stored). Call it inside the writing transaction."""
    found = (
        [] if unit is not None else [f"không có đơn vị mã «{override.unit_code}» trong cây đơn vị"]
    )
    target_set, annex = _annex_row(year, override.unit_code, override.indicator)
    known = _known_indicators()
    if (
        unit is not None
        and target_set is not None
        and annex is None
        and override.indicator in known
    ):
        found.append(
            f"đơn vị {unit.code} ({unit.name}) không giữ chỉ tiêu nào về chỉ số "
            f"{override.indicator} trong bộ chỉ tiêu năm {year}"
        )
    found.extend(override.problems(indicators=known, annex=annex))
    return found


@atomic
def set_override(year: int, override: Override, *, actor: str) -> None:
    """Add or replace a unit's override for one indicator and year, with its audit entry.

    Refused with ``OverrideRefusedError`` (every problem listed, nothing written) when the unit is
    not in the tree, the indicator is unknown, or ``Override.problems`` finds fault once the
    annex row the unit holds fills in what the override leaves. Without a target set for the
    year the override's own values are checked; a set imported later is checked by the
    evaluation, which warns of overrides that no longer apply.
    """
    unit = _unit_row(override.unit_code)
    problems = override_problems(year, override, unit)
    if problems or unit is None:
        raise OverrideRefusedError(year, override, problems)
    row = (
        TargetOverride.objects.select_related("unit")
        .filter(year=year, unit=unit, indicator=override.indicator)
        .first()
    )
    before = _override_snapshot(row) if row is not None else None
    row = row or TargetOverride(year=year, unit=unit, indicator=override.indicator)
    row.annual = override.annual
    for number, name in enumerate(QUARTER_FIELDS, 1):
        setattr(row, name, override.milestone(number))
    row.note = override.note
    row.updated_by = actor
    row.save()
    record(
        actor=actor,
        action=AuditAction.OVERRIDE_SET,
        object_type="target_override",
        object_key=f"{year}/{unit.code}/{override.indicator}",
        before=before,
        after=_override_snapshot(row),
        note=override.note,
    )


@atomic
def remove_override(year: int, unit_code: str, indicator: str, *, actor: str) -> bool:
    """Remove a unit's override, with its audit entry; ``False`` when there was none."""
    row = (
        TargetOverride.objects.select_for_update()
        .select_related("unit")
        .filter(year=year, unit__code=unit_code, indicator=indicator)
        .first()
    )
    if row is None:
        return False
    before = _override_snapshot(row)
    row.delete()
    record(
        actor=actor,
        action=AuditAction.OVERRIDE_REMOVE,
        object_type="target_override",
        object_key=f"{year}/{unit_code}/{indicator}",
        before=before,
    )
    return True


def overrides(year: int) -> list[Override]:
    """The year's overrides, as the evaluation takes them."""
    return [
        Override(
            unit_code=row.unit.code,
            indicator=row.indicator,
            annual=row.annual,
            milestones=tuple(
                Milestone(number, value)
                for number, name in enumerate(QUARTER_FIELDS, 1)
                if (value := getattr(row, name)) is not None
            ),
            note=row.note,
        )
        for row in TargetOverride.objects.filter(year=year).select_related("unit")
    ]
