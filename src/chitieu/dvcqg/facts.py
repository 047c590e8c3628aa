"""The portal's figures as facts with source ``dvcqg``: one record per unit, sub-indicator and
period, in the columns of the facts table (``facts.schema.DVCQG_COLUMNS``).

Records keep what the portal published (its ratio in percent and its score), not our
recomputation. Each unit also gets a record of its group total (``sub_indicator == TOTAL``, no
numerator or denominator): the portal's only score for online payment is that total.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypedDict

from chitieu.dvcqg.formulas import formula_for
from chitieu.dvcqg.model import TOTAL, PortalReport, PortalRow, PortalUnit
from chitieu.dvcqg.units import MatchResult
from chitieu.errors import Place, refuse


class FactRecord(TypedDict):
    """One fact of the portal: ``unit_code`` is ours (``None`` if the unit was not matched),
    ``portal_unit_code``/``portal_unit_name`` the portal's (the code may be ``None`` in Shape A),
    ``group_code`` the endpoint, ``ratio`` a percentage, ``max_score`` the points it is worth."""

    unit_code: str | None
    portal_unit_code: str | None
    portal_unit_name: str
    period: str
    group_code: str
    sub_indicator: str
    numerator: float | None
    denominator: float | None
    ratio: float | None
    score: float | None
    max_score: float | None


def _row_record(row: PortalRow, period: str, ours: str | None, code: str | None) -> FactRecord:
    formula = formula_for(row.group, row.sub_indicator)
    # The online-payment parts have no published maximum: theirs is the formula's.
    max_score = row.max_score if row.max_score is not None or formula is None else formula.max_score
    return FactRecord(
        unit_code=ours,
        portal_unit_code=code,
        portal_unit_name=row.unit_name,
        period=period,
        group_code=row.group.value,
        sub_indicator=row.sub_indicator,
        numerator=row.numerator,
        denominator=row.denominator,
        ratio=row.ratio,
        score=row.score,
        max_score=max_score,
    )


def _total_record(
    unit: PortalUnit, report: PortalReport, period: str, ours: str | None, code: str | None
) -> FactRecord:
    return FactRecord(
        unit_code=ours,
        portal_unit_code=code,
        portal_unit_name=unit.unit_name,
        period=period,
        group_code=report.group.value,
        sub_indicator=TOTAL,
        numerator=None,
        denominator=None,
        ratio=unit.ratio,
        score=unit.total_score,
        max_score=unit.total_max_score,
    )


def rows_for_facts(
    report: PortalReport, matches: MatchResult, codes: Mapping[str, str] | None = None
) -> list[FactRecord]:
    """The records to store for a report: per unit (the province first) its sub-indicators, then
    its group total. ``codes`` (``scoring.portal_codes``) fills the portal codes Shape A lacks.

    Refuses (``InputError``) a report whose period is unknown, and one asked for a single
    procedure (``formalityId``): its figures are not the unit's.
    """
    place = Place(report.file)
    if report.period is None:
        raise refuse(
            place,
            "không rõ kỳ báo cáo của tệp (không có manifest.m0.json ghi tệp này): "
            "hãy chỉ định kỳ, ví dụ 2026-08, 2026-Q3 hoặc 2026",
        )
    if report.formality_id is not None:
        raise refuse(
            place,
            f"tệp chỉ tính cho một thủ tục (formalityId {report.formality_id}), "
            "không lưu làm số liệu của đơn vị",
        )
    codes = codes or {}
    records: list[FactRecord] = []
    for unit in report.all_units:
        ours = matches.matched.get(unit.unit_id)
        code = unit.unit_code or codes.get(unit.unit_id)
        records.extend(_row_record(row, report.period, ours, code) for row in unit.rows)
        records.append(_total_record(unit, report, report.period, ours, code))
    return records
