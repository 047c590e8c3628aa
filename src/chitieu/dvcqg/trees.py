"""Shape B responses (dvc-progress-tree, provide-online-tree, formality-online-payment-tree): the
province in ``data.parent``, one object per unit in ``data.children``, raw counters on each and
no metric codes; the sub-indicators are named here (``model.DVC_PROGRESS``…)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from chitieu.dvcqg.checks import Checker, raw_counters
from chitieu.dvcqg.model import (
    DVC_PROGRESS,
    FEE_PROCEDURES_WITH_DOSSIERS,
    ONLINE_PAYMENT_DOSSIERS,
    ONLINE_PAYMENT_PROCEDURES,
    PROVIDE_ONLINE,
    Group,
    PortalRow,
    PortalUnit,
)

# A counter only one group's parent carries tells the groups apart.
_MARKERS = (
    (Group.DVC_PROGRESS, "totalOnTime"),
    (Group.ONLINE_PAYMENT, "totalDossierOnlinePaymentSuccess"),
    (Group.PROVIDE_ONLINE, "onlineServiceTotal"),
)

# The three ratios of the payment score (FORMATS.md §4): sub-indicator, numerator, denominator.
PAYMENT_PARTS = (
    (
        ONLINE_PAYMENT_DOSSIERS,
        "totalDossierOnlinePaymentSuccess",
        "totalDossierFinancialObligation",
    ),
    (ONLINE_PAYMENT_PROCEDURES, "totalDossierOnlineFormalityPaymentSuccess", "totalFeeFormality"),
    (FEE_PROCEDURES_WITH_DOSSIERS, "totalFeeDossierFormality", "totalFeeFormality"),
)


def is_tree_shape(body: Mapping[str, Any]) -> bool:
    """Whether a response's ``data`` has the Shape B keys."""
    return "parent" in body and "children" in body


def detect_group(body: Mapping[str, Any]) -> Group | None:
    """The group of a Shape B response, from the counters of its parent."""
    parent = body.get("parent")
    if not isinstance(parent, dict):
        return None
    for group, marker in _MARKERS:
        if marker in parent:
            return group
    return None


def _row(
    unit: PortalUnit,
    group: Group,
    sub_indicator: str,
    numerator: float | None,
    denominator: float | None,
    counters: Mapping[str, float],
    *,
    published: bool,
) -> PortalRow:
    """A row; ``published`` rows carry the portal's ratio, score and maximum for the unit."""
    return PortalRow(
        unit_id=unit.unit_id,
        unit_code=unit.unit_code,
        unit_name=unit.unit_name,
        unit_type=unit.unit_type,
        level=unit.level,
        is_province=unit.is_province,
        group=group,
        sub_indicator=sub_indicator,
        numerator=numerator,
        denominator=denominator,
        ratio=unit.ratio if published else None,
        score=unit.total_score if published else None,
        max_score=unit.total_max_score if published else None,
        counters=counters,
    )


def _rows(
    item: Mapping[str, Any], where: str, group: Group, unit: PortalUnit, check: Checker
) -> tuple[PortalRow, ...]:
    counters = raw_counters(item)
    if group is Group.DVC_PROGRESS:
        on_time = check.count(item, "totalOnTime", where)
        received = check.count(item, "totalReceived", where)
        if on_time is not None and received is not None and on_time > received:
            check.warn(where, f"totalOnTime {on_time} lớn hơn totalReceived {received}")
        return (_row(unit, group, DVC_PROGRESS, on_time, received, counters, published=True),)
    if group is Group.PROVIDE_ONLINE:
        # Units carry only their total here; the parameters are on the parent alone.
        return (_row(unit, group, PROVIDE_ONLINE, None, None, counters, published=True),)
    # The portal publishes one score for online payment, its total; the parts have none.
    return tuple(
        _row(
            unit,
            group,
            code,
            check.count(item, numerator, where),
            check.count(item, denominator, where),
            counters,
            published=False,
        )
        for code, numerator, denominator in PAYMENT_PARTS
    )


def read_unit(
    value: Any, where: str, group: Group, *, is_province: bool, check: Checker
) -> PortalUnit | None:
    """One Shape B unit: the parent or a child."""
    item = check.obj(value, where)
    if item is None:
        return None
    unit_id = check.text(item, "departmentId", where, required=True)
    name = check.text(item, "departmentName", where, required=True)
    # The parent and payment children say totalScore/totalMaxScore, progress children
    # score/maxScore: the same figures.
    score_key = "totalScore" if "totalScore" in item or "score" not in item else "score"
    max_key = "totalMaxScore" if "totalMaxScore" in item or "maxScore" not in item else "maxScore"
    unit = PortalUnit(
        unit_id=unit_id or "",
        unit_code=check.text(item, "departmentCode", where, required=False),
        unit_name=name or "",
        unit_type=None,
        level=check.text(item, "level", where, required=False),
        is_province=is_province,
        total_score=check.number(item, score_key, where, required=True),
        total_max_score=check.number(item, max_key, where, required=True),
        ratio=check.number(item, "ratio", where, required=False),
        rows=(),
    )
    rows = _rows(item, where, group, unit, check)
    if unit_id is None or name is None:
        return None
    return replace(unit, rows=rows)


def read_tree(
    body: Mapping[str, Any], group: Group, check: Checker
) -> tuple[PortalUnit | None, list[PortalUnit]]:
    """The province and the units of a Shape B response's ``data``."""
    province = read_unit(body.get("parent"), "data.parent", group, is_province=True, check=check)
    children = check.array(body.get("children"), "data.children") or []
    units = [
        read_unit(item, f"data.children[{index}]", group, is_province=False, check=check)
        for index, item in enumerate(children)
    ]
    return province, [unit for unit in units if unit is not None]
