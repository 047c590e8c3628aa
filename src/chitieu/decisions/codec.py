"""The decision JSON of the command-line contract (``DESIGN.md``), both ways."""

from __future__ import annotations

from typing import Any

from chitieu.domain import Baseline, Basis, Milestone, Target, TargetSet

QUARTER_KEYS = ("Q1", "Q2", "Q3", "Q4")


def target_to_dict(target: Target) -> dict[str, Any]:
    """One annex row as the contract's JSON object."""
    return {
        "task": target.task,
        "title": target.title,
        "indicator": target.indicator,
        "lead": target.lead,
        "coordinating": target.coordinating,
        "levels": list(target.levels),
        "units": list(target.units),
        "annual": target.annual,
        "milestones": {QUARTER_KEYS[m.quarter - 1]: m.value for m in target.milestones},
        "baselines": {str(b.year): b.value for b in target.baselines},
    }


def to_dict(target_set: TargetSet) -> dict[str, Any]:
    """A target set as the contract's JSON document."""
    return {
        "province": target_set.province,
        "year": target_set.year,
        "basis": target_set.basis.value,
        "targets": [target_to_dict(t) for t in target_set.targets],
    }


class DecisionJsonError(ValueError):
    """A JSON document that is not a decision in the contract's shape."""


def _float(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DecisionJsonError(f"{where}: cần một số")
    return float(value)


def _target(raw: Any, index: int) -> Target:
    where = f"targets[{index}]"
    if not isinstance(raw, dict):
        raise DecisionJsonError(f"{where}: cần một đối tượng")
    try:
        milestones = tuple(
            Milestone(q, _float(raw["milestones"][key], f"{where}.milestones.{key}"))
            for q, key in enumerate(QUARTER_KEYS, 1)
        )
        baselines = tuple(
            Baseline(int(year), _float(value, f"{where}.baselines.{year}"))
            for year, value in dict(raw.get("baselines") or {}).items()
        )
        return Target(
            task=str(raw["task"]),
            title=str(raw.get("title", "")),
            indicator=None if raw.get("indicator") is None else str(raw["indicator"]),
            lead=str(raw.get("lead", "")),
            coordinating=str(raw.get("coordinating", "")),
            levels=tuple(str(x) for x in raw.get("levels", [])),
            units=tuple(str(x) for x in raw.get("units", [])),
            annual=_float(raw["annual"], f"{where}.annual"),
            milestones=milestones,
            baselines=baselines,
            origin=where,
        )
    except KeyError as error:
        raise DecisionJsonError(f"{where}: thiếu trường {error}") from error
    except (TypeError, ValueError) as error:
        raise DecisionJsonError(f"{where}: giá trị không hợp lệ ({error})") from error


def from_dict(data: Any) -> TargetSet:
    """A target set from the contract's JSON document; ``DecisionJsonError`` if it is not one."""
    if not isinstance(data, dict) or "targets" not in data:
        raise DecisionJsonError("không phải tệp JSON quyết định giao chỉ tiêu (thiếu «targets»)")
    try:
        basis = Basis(data.get("basis", "ytd"))
    except ValueError as error:
        raise DecisionJsonError(
            f"«basis» phải là ytd hoặc quarter, không phải «{data.get('basis')}»"
        ) from error
    targets = data["targets"]
    if not isinstance(targets, list):
        raise DecisionJsonError("«targets» phải là một danh sách")
    try:
        year = int(data["year"])
    except (KeyError, TypeError, ValueError) as error:
        raise DecisionJsonError("thiếu hoặc sai «year»") from error
    return TargetSet(
        province=str(data.get("province", "")),
        year=year,
        targets=tuple(_target(t, i) for i, t in enumerate(targets)),
        basis=basis,
        # Not part of the contract's export (the annex forms do not all carry the decision's
        # title); the application database keeps it beside the targets, for documents.
        title=str(data.get("title") or ""),
        sections={
            str(k): str(v)
            for k, v in dict(data.get("sections") or {}).items()
            if isinstance(v, str)
        },
    )
