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


class RowErrorOut(Schema):
    """One problem of the posted records: the record's number in the array (1-based; ``None``
    for a problem of the whole array), the field as written, its value and the reason."""

    record: int | None
    column: str | None
    value: str | None
    reason: str


class RowErrorsOut(Schema):
    """Posted records refused, with every problem found; nothing was written."""

    detail: str
    errors: list[RowErrorOut]


class DossierImportOut(Schema):
    """What a post of dossier records did. ``skipped``: the same content was imported before
    (import ``import_id``) and nothing was read again. ``computed``: whether indicator values
    were recomputed (not yet: ``next_step`` says how)."""

    import_id: int
    skipped: bool
    records: int
    rows_new: int
    rows_replaced: int
    rows_unchanged: int
    warnings: list[str]
    computed: bool
    next_step: str
