"""An evaluation as records, CSV and JSON for machines: dot decimals, codes not words, CSV cells
that a spreadsheet will not take for formulas."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from chitieu.dvcqg.export import number, text
from chitieu.evaluation.model import (
    BaselineComparison,
    Evaluation,
    LevelSummary,
    ProvinceValue,
    UnitEvaluation,
)
from chitieu.evaluation.reconcile import Difference

STATUS_COLUMNS = (
    "unit_code",
    "unit_name",
    "level",
    "indicator",
    "task",
    "period",
    "numerator",
    "denominator",
    "value",
    "milestone",
    "annual_target",
    "status",
    "gap",
    "needed",
    "projection",
    "outlook",
    "rank",
    "source",
    "needed_text",
    "ranked",
    "override",
    "provisional",
)
"""The contract's columns, then (added later, so that scripts reading by position still work)
what is still needed in words, how many units share the ranking, whether the target is the
unit's own, and whether the quarter had not ended."""

RECONCILE_COLUMNS = (
    "unit_code",
    "indicator",
    "kind",
    "period",
    "numerator",
    "denominator",
    "value",
    "source",
    "portal_numerator",
    "portal_denominator",
    "portal_value",
    "difference",
)

PLACES = 4
"""Decimals of computed percentages in machine output (the counts are exact)."""


def _rounded(value: float | None) -> float | None:
    # A difference such as 70.0 − 70.0000000001 is a float artefact, not -0.0000000001 points.
    return None if value is None else round(value, PLACES) + 0.0


def status_record(row: UnitEvaluation, needed_text: str = "") -> dict[str, Any]:
    """A row in the columns of ``STATUS_COLUMNS`` (plus ``baselines``), JSON-ready;
    ``needed_text`` is what the unit still needs in words (``evaluation.needed_phrase``)."""
    return {
        "unit_code": row.unit.code,
        "unit_name": row.unit.name,
        "level": row.unit.level,
        "indicator": row.indicator,
        "task": row.target.task,
        "period": row.period,
        "numerator": row.numerator,
        "denominator": row.denominator,
        "value": _rounded(row.value),
        "milestone": row.milestone,
        "annual_target": row.annual,
        "status": row.status.value,
        "gap": _rounded(row.gap),
        "needed": row.needed,
        "projection": _rounded(row.projection),
        "outlook": row.outlook.value if row.outlook else None,
        "rank": row.rank,
        "source": row.source,
        "needed_text": needed_text,
        "ranked": row.ranked or None,
        "override": row.overridden,
        "provisional": row.provisional,
        "baselines": _baselines(row.baselines),
    }


def _baselines(comparisons: Sequence[BaselineComparison]) -> list[dict[str, Any]]:
    return [
        {"year": c.year, "value": c.baseline, "change": _rounded(c.change)} for c in comparisons
    ]


def level_record(summary: LevelSummary) -> dict[str, Any]:
    """A level summary, JSON-ready."""
    return {
        "indicator": summary.indicator,
        "task": summary.task,
        "level": summary.level,
        "period": summary.period,
        "milestone": summary.milestone,
        "units": summary.units,
        "met": summary.met,
        "not_met": summary.not_met,
        "no_data": summary.no_data,
        "not_applicable": summary.not_applicable,
    }


def province_record(value: ProvinceValue) -> dict[str, Any]:
    """The province's value of an indicator against the baselines, JSON-ready."""
    return {
        "indicator": value.indicator,
        "task": value.task,
        "period": value.period,
        "numerator": value.numerator,
        "denominator": value.denominator,
        "value": _rounded(value.value),
        "source": value.source,
        "baselines": _baselines(value.baselines),
    }


def evaluation_document(
    evaluation: Evaluation, records: Iterable[dict[str, Any]]
) -> dict[str, Any]:
    """The JSON document of ``chitieu status``: the row records given (``status_record`` of a
    filtered subset of the evaluation's rows), the level summaries, the province's values and the
    warnings; ``provisional`` when the quarter had not ended on ``as_of``."""
    return {
        "period": evaluation.period,
        "basis": evaluation.basis,
        "provisional": evaluation.provisional,
        "as_of": evaluation.as_of.isoformat() if evaluation.as_of else None,
        "rows": list(records),
        "levels": [level_record(s) for s in evaluation.levels],
        "province": [province_record(p) for p in evaluation.province],
        "warnings": list(evaluation.warnings),
    }


def reconcile_record(pair: Difference) -> dict[str, Any]:
    """A difference in the columns of ``RECONCILE_COLUMNS``, JSON-ready."""
    ours, portal = pair.ours, pair.portal
    return {
        "unit_code": ours.unit_code,
        "indicator": ours.indicator,
        "kind": ours.kind,
        "period": ours.period,
        "numerator": ours.numerator,
        "denominator": ours.denominator,
        "value": _rounded(ours.value),
        "source": ours.source,
        "portal_numerator": portal.numerator,
        "portal_denominator": portal.denominator,
        "portal_value": _rounded(portal.value),
        "difference": _rounded(pair.difference),
    }


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return number(float(value))
    return text(str(value))


def write_csv(records: Iterable[dict[str, Any]], columns: Sequence[str], stream: TextIO) -> None:
    """The header and one line per record, in ``columns``; safe to open in a spreadsheet."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow([_cell(record.get(column)) for column in columns])
