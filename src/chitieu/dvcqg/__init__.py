"""The national portal's 766 index: reading its responses, recomputing its scores, matching its
units to ours and turning its figures into facts (``../shared/dvcqg/FORMATS.md``)."""

from chitieu.dvcqg.export import COLUMNS, export_scores_csv
from chitieu.dvcqg.facts import FactRecord, rows_for_facts
from chitieu.dvcqg.formulas import FORMULAS, Formula, Kind, WhenEmpty, formula_for
from chitieu.dvcqg.model import GROUPS, TOTAL, Group, PortalReport, PortalRow, PortalUnit
from chitieu.dvcqg.reader import read_response
from chitieu.dvcqg.scoring import (
    ScoreRow,
    portal_codes,
    round_half_up,
    score_report,
    score_reports,
    score_unit,
)
from chitieu.dvcqg.units import MatchResult, Method, match_units, name_key

__all__ = [
    "COLUMNS",
    "FORMULAS",
    "GROUPS",
    "TOTAL",
    "FactRecord",
    "Formula",
    "Group",
    "Kind",
    "MatchResult",
    "Method",
    "PortalReport",
    "PortalRow",
    "PortalUnit",
    "ScoreRow",
    "WhenEmpty",
    "export_scores_csv",
    "formula_for",
    "match_units",
    "name_key",
    "portal_codes",
    "read_response",
    "round_half_up",
    "rows_for_facts",
    "score_report",
    "score_reports",
    "score_unit",
]
