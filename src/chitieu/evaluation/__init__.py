"""Evaluation: each unit's values against its targets — status, gap, count still needed,
year-end projection and outlook, rank — with summaries per level and for the province, and our
values reconciled with the national portal's. Pure Python: no Django, no database."""

from chitieu.evaluation.assignment import Assignments, assign, tier_heads, valid_in
from chitieu.evaluation.evaluate import evaluate
from chitieu.evaluation.lagging import lagging, needed_phrase
from chitieu.evaluation.measures import count_needed, gap, status_of
from chitieu.evaluation.model import (
    Assignment,
    BaselineComparison,
    Evaluation,
    LevelSummary,
    Outlook,
    Override,
    ProvinceValue,
    Status,
    UnitEvaluation,
)
from chitieu.evaluation.projection import Projection, outlook, project_year_end
from chitieu.evaluation.reconcile import DEFAULT_THRESHOLD, Difference, reconcile
from chitieu.evaluation.values import PORTAL_SOURCE, PortalFigure, ValueBook, portal_values

__all__ = [
    "DEFAULT_THRESHOLD",
    "PORTAL_SOURCE",
    "Assignment",
    "Assignments",
    "BaselineComparison",
    "Difference",
    "Evaluation",
    "LevelSummary",
    "Outlook",
    "Override",
    "PortalFigure",
    "Projection",
    "ProvinceValue",
    "Status",
    "UnitEvaluation",
    "ValueBook",
    "assign",
    "count_needed",
    "evaluate",
    "gap",
    "lagging",
    "needed_phrase",
    "outlook",
    "portal_values",
    "project_year_end",
    "reconcile",
    "status_of",
    "tier_heads",
    "valid_in",
]
