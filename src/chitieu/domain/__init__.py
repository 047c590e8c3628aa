"""The domain model: frozen dataclasses shared by every part of chitieu; no I/O, no Django."""

from chitieu.domain.facts import FACT_COLUMNS, ColumnType, Source
from chitieu.domain.indicators import Indicator, IndicatorGroup, Predicate, Ratio
from chitieu.domain.levels import Level
from chitieu.domain.overrides import Override
from chitieu.domain.periods import LOCAL_TZ, Basis, Period, PeriodKind, Quarter, periods_of_year
from chitieu.domain.targets import Baseline, Milestone, Target, TargetSet
from chitieu.domain.units import OrgUnit

__all__ = [
    "FACT_COLUMNS",
    "LOCAL_TZ",
    "Baseline",
    "Basis",
    "ColumnType",
    "Indicator",
    "IndicatorGroup",
    "Level",
    "Milestone",
    "OrgUnit",
    "Override",
    "Period",
    "PeriodKind",
    "Predicate",
    "Quarter",
    "Ratio",
    "Source",
    "Target",
    "TargetSet",
    "periods_of_year",
]
