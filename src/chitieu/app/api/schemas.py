"""What the API returns, field by field (the OpenAPI schema at /api/openapi.json)."""

from __future__ import annotations

from ninja import Schema


class UnitOut(Schema):
    """A unit of the tree."""

    code: str
    name: str
    level: str
    parent_code: str | None


class MilestoneOut(Schema):
    """A quarter's minimum, in percent."""

    quarter: int
    value: float


class TargetOut(Schema):
    """One row of the year's annex (a task split by level is one row per level)."""

    task: str
    title: str
    indicator: str | None
    levels: list[str]
    units: list[str]
    annual: float
    milestones: list[MilestoneOut]


class ValueOut(Schema):
    """A stored indicator value (``value`` in percent; ``None`` when the denominator is 0)."""

    unit_code: str
    indicator: str
    kind: str
    period: str
    scope: str
    numerator: float
    denominator: float
    value: float | None
    source: str


class StatusOut(Schema):
    """A unit's standing against a quarter's milestone (the columns of ``chitieu status``)."""

    unit_code: str
    unit_name: str
    level: str
    indicator: str
    task: str
    period: str
    numerator: float | None
    denominator: float | None
    value: float | None
    milestone: float
    annual_target: float
    status: str
    gap: float | None
    needed: int | None
    needed_text: str
    projection: float | None
    outlook: str | None
    rank: int | None
    ranked: int | None
    override: bool
    provisional: bool


class ErrorOut(Schema):
    """A refusal, in Vietnamese."""

    detail: str
