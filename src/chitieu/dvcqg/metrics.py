"""Shape A responses (transparency, handling-satisfaction, dossier-digitized): the province in
``data.overview`` and one row per unit in ``data.evaluation``, each with ``metrics[]``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from chitieu.dvcqg.checks import Checker, raw_counters
from chitieu.dvcqg.model import GROUPS, Group, PortalRow, PortalUnit, Shape


def is_metrics_shape(body: Mapping[str, Any]) -> bool:
    """Whether a response's ``data`` has the Shape A keys."""
    return "overview" in body and "evaluation" in body


def _codes(body: Mapping[str, Any]) -> set[str]:
    evaluation = body.get("evaluation")
    items = [body.get("overview"), *(evaluation if isinstance(evaluation, list) else [])]
    return {
        metric["code"]
        for item in items
        if isinstance(item, dict) and isinstance(item.get("metrics"), list)
        for metric in item["metrics"]
        if isinstance(metric, dict) and isinstance(metric.get("code"), str)
    }


def detect_group(body: Mapping[str, Any]) -> tuple[Group | None, set[str]]:
    """The group whose metric codes the response uses most (``None`` if it uses none of any
    group's), and the codes that group does not know."""
    codes = _codes(body)
    candidates = [group for group, info in GROUPS.items() if info.shape is Shape.METRICS]
    best = max(candidates, key=lambda group: len(codes & set(GROUPS[group].sub_indicators)))
    known = set(GROUPS[best].sub_indicators)
    if not codes & known:
        return None, codes
    return best, codes - known


def _metric(
    value: Any,
    where: str,
    group: Group,
    unit: PortalUnit,
    counters: Mapping[str, float],
    check: Checker,
) -> PortalRow | None:
    metric = check.obj(value, where)
    if metric is None:
        return None
    code = check.text(metric, "code", where, required=True)
    numerator = check.number(metric, "numerator", where, required=False)
    denominator = check.number(metric, "denominator", where, required=False)
    ratio = check.number(metric, "ratio", where, required=False)
    score = check.number(metric, "score", where, required=False)
    max_score = check.number(metric, "maxScore", where, required=True)
    quality = check.text(metric, "dataQualityStatus", where, required=False)
    if numerator is not None and denominator is not None and numerator > denominator:
        check.warn(where, f"tử số {numerator} lớn hơn mẫu số {denominator}")
    if code is None:
        return None
    return PortalRow(
        unit_id=unit.unit_id,
        unit_code=unit.unit_code,
        unit_name=unit.unit_name,
        unit_type=unit.unit_type,
        level=unit.level,
        is_province=unit.is_province,
        group=group,
        sub_indicator=code,
        numerator=numerator,
        denominator=denominator,
        ratio=ratio,
        score=score,
        max_score=max_score,
        counters=counters,
        data_quality=quality,
    )


def read_unit(
    value: Any, where: str, group: Group, *, is_province: bool, check: Checker
) -> PortalUnit | None:
    """One Shape A unit (the overview or a row of ``evaluation``) with its metrics."""
    item = check.obj(value, where)
    if item is None:
        return None
    unit_id = check.text(item, "departmentId", where, required=True)
    name = check.text(item, "departmentName", where, required=True)
    unit = PortalUnit(
        unit_id=unit_id or "",
        unit_code=check.text(item, "departmentCode", where, required=False),
        unit_name=name or "",
        unit_type=check.text(item, "departmentType", where, required=False),
        level=check.text(item, "departmentLevel", where, required=False),
        is_province=is_province,
        total_score=check.number(item, "totalScore", where, required=True),
        total_max_score=check.number(item, "totalMaxScore", where, required=True),
        ratio=check.number(item, "ratio", where, required=False),
        rows=(),
    )
    # Every row of a unit carries the unit's own counts (totalPetitions, totalDossiers…).
    counters = raw_counters(item)
    rows: list[PortalRow] = []
    for index, metric in enumerate(check.array(item.get("metrics"), f"{where}.metrics") or []):
        row = _metric(metric, f"{where}.metrics[{index}]", group, unit, counters, check)
        if row is None:
            continue
        if any(seen.sub_indicator == row.sub_indicator for seen in rows):
            check.fail(f"{where}.metrics[{index}].code", f"mã «{row.sub_indicator}» lặp lại")
            continue
        rows.append(row)
    if unit_id is None or name is None:
        return None
    return replace(unit, rows=tuple(rows))


def _check_pagination(body: Mapping[str, Any], count: int, check: Checker) -> None:
    pagination = body.get("pagination")
    if not isinstance(pagination, dict):
        return
    total = pagination.get("total")
    if isinstance(total, int) and not isinstance(total, bool) and total > count:
        page, pages = pagination.get("currentPage"), pagination.get("totalPages")
        check.fail(
            "data.pagination",
            f"tệp chỉ có {count}/{total} đơn vị (trang {page}/{pages}); "
            f"hãy tải lại với pageSize từ {total} trở lên",
        )


def read_metrics(
    body: Mapping[str, Any], group: Group, check: Checker
) -> tuple[PortalUnit | None, list[PortalUnit]]:
    """The province and the units of a Shape A response's ``data``."""
    province = read_unit(
        body.get("overview"), "data.overview", group, is_province=True, check=check
    )
    evaluation = check.array(body.get("evaluation"), "data.evaluation") or []
    _check_pagination(body, len(evaluation), check)
    units = [
        read_unit(item, f"data.evaluation[{index}]", group, is_province=False, check=check)
        for index, item in enumerate(evaluation)
    ]
    return province, [unit for unit in units if unit is not None]
