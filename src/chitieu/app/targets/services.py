"""The one way target sets and overrides are written: each change in one transaction with its
audit entry."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from chitieu.app.audit.choices import AuditAction
from chitieu.app.audit.services import record
from chitieu.app.orgunits.models import OrgUnit
from chitieu.app.targets.models import TargetOverride, TargetSetVersion
from chitieu.decisions import from_dict, to_dict
from chitieu.domain import Milestone, TargetSet
from chitieu.errors import ChitieuError
from chitieu.evaluation import Override

QUARTER_FIELDS = ("q1", "q2", "q3", "q4")


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What an import did: the stored version, the one it replaced (if any), or nothing when
    the year's current set was already this one."""

    version_id: int
    year: int
    targets: int
    replaced_id: int | None
    unchanged: bool


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


def _checksum(document: dict[str, Any]) -> str:
    canonical = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _current(year: int) -> TargetSetVersion | None:
    return TargetSetVersion.objects.filter(year=year, superseded_at__isnull=True).first()


def import_target_set(target_set: TargetSet, *, actor: str, source_file: str) -> ImportOutcome:
    """Store ``target_set`` as its year's target set; the previous one is kept, marked
    superseded. Importing the set already in force changes nothing (no new version, no audit
    entry)."""
    document = to_dict(target_set)
    checksum = _checksum(document)
    with transaction.atomic():
        previous = (
            TargetSetVersion.objects.select_for_update()
            .filter(year=target_set.year, superseded_at__isnull=True)
            .first()
        )
        if previous is not None and previous.checksum == checksum:
            return ImportOutcome(
                previous.pk, target_set.year, len(target_set.targets), None, unchanged=True
            )
        now = timezone.now()
        if previous is not None:
            previous.superseded_at = now
            previous.save(update_fields=["superseded_at"])
        version = TargetSetVersion.objects.create(
            year=target_set.year,
            province=target_set.province,
            document=document,
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
            after=document,
            note=f"{source_file} (phiên bản {version.pk}"
            + (f", thay phiên bản {previous.pk})" if previous is not None else ")"),
        )
    return ImportOutcome(
        version.pk,
        target_set.year,
        len(target_set.targets),
        previous.pk if previous is not None else None,
        unchanged=False,
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
        "unit_code": row.unit_code,
        "indicator": row.indicator,
        "annual": row.annual,
        **{name: getattr(row, name) for name in QUARTER_FIELDS},
        "note": row.note,
    }


def _check_percent(value: float | None, what: str) -> None:
    if value is not None and not 0 <= value <= 100:
        raise ChitieuError(f"{what} phải từ 0 đến 100 (%), không phải {value}")


def set_override(year: int, override: Override, *, actor: str) -> None:
    """Add or replace a unit's override for one indicator and year. The unit must be in the
    tree; values are percentages 0–100; at least one must be given."""
    quarters = {m.quarter: m.value for m in override.milestones}
    _check_percent(override.annual, "chỉ tiêu năm")
    for quarter, value in quarters.items():
        if quarter not in (1, 2, 3, 4):
            raise ChitieuError(f"quý phải từ 1 đến 4, không phải {quarter}")
        _check_percent(value, f"mốc quý {quarter}")
    if override.annual is None and not quarters:
        raise ChitieuError("chỉ tiêu riêng phải thay ít nhất chỉ tiêu năm hoặc một mốc quý")
    if not OrgUnit.objects.filter(code=override.unit_code).exists():
        raise ChitieuError(f"không có đơn vị mã «{override.unit_code}» trong cây đơn vị")
    with transaction.atomic():
        row = TargetOverride.objects.filter(
            year=year, unit_code=override.unit_code, indicator=override.indicator
        ).first()
        before = _override_snapshot(row) if row is not None else None
        row = row or TargetOverride(
            year=year, unit_code=override.unit_code, indicator=override.indicator
        )
        row.annual = override.annual
        for number, name in enumerate(QUARTER_FIELDS, 1):
            setattr(row, name, quarters.get(number))
        row.note = override.note
        row.updated_by = actor
        row.save()
        record(
            actor=actor,
            action=AuditAction.OVERRIDE_SET,
            object_type="target_override",
            object_key=f"{year}/{override.unit_code}/{override.indicator}",
            before=before,
            after=_override_snapshot(row),
            note=override.note,
        )


def remove_override(year: int, unit_code: str, indicator: str, *, actor: str) -> bool:
    """Remove a unit's override; ``False`` when there was none."""
    with transaction.atomic():
        row = TargetOverride.objects.filter(
            year=year, unit_code=unit_code, indicator=indicator
        ).first()
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
            unit_code=row.unit_code,
            indicator=row.indicator,
            annual=row.annual,
            milestones=tuple(
                Milestone(number, value)
                for number, name in enumerate(QUARTER_FIELDS, 1)
                if (value := getattr(row, name)) is not None
            ),
            note=row.note,
        )
        for row in TargetOverride.objects.filter(year=year)
    ]
