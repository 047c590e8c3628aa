"""The portal's scoring formulas (``../shared/dvcqg/FORMATS.md``), as data.

Every scored sub-indicator is *proportional*: ``min(max, max · ratio / full_at)`` where
``ratio = numerator / denominator`` and ``full_at`` is the ratio from which full points are
given (1 for a plain ``max · num / den``). What a zero denominator gives differs by criterion.
A group's total is the sum of its sub-indicators' scores.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from chitieu.dvcqg.model import (
    DVC_PROGRESS,
    FEE_PROCEDURES_WITH_DOSSIERS,
    GROUPS,
    ONLINE_PAYMENT_DOSSIERS,
    ONLINE_PAYMENT_PROCEDURES,
    PROVIDE_ONLINE,
    Group,
)


class Kind(StrEnum):
    """How a sub-indicator is scored."""

    PROPORTIONAL = "proportional"
    MONITORING = "monitoring"  # shown with maxScore 0 and never scored
    UNKNOWN = "unknown"  # scored by the portal with a formula nobody has determined


class WhenEmpty(StrEnum):
    """The score when the denominator is 0."""

    NONE = "none"  # not scored (null), left out of the total
    ZERO = "zero"  # 0 points
    FULL = "full"  # full points: nothing to handle counts as handled well


@dataclass(frozen=True, slots=True)
class Formula:
    """How one sub-indicator of one group is scored.

    ``percent_first``: the portal rounds the ratio to a percentage with 2 decimals before
    scoring. For online payment this, with each part rounded before the sum, reproduces all 164
    rows of the fixture exactly; the raw ratios miss 2 rows by 0.01, and FORMATS.md's single
    rounding of ``6·A + min(2, 2.5·B) + 2.5·C`` misses 53.
    """

    group: Group
    sub_indicator: str
    kind: Kind
    max_score: float
    full_at: float = 1.0
    when_empty: WhenEmpty = WhenEmpty.NONE
    percent_first: bool = False

    @property
    def coefficient(self) -> float:
        """Points per unit of ratio below the cap."""
        return self.max_score / self.full_at


def _linear(group: Group, code: str, max_score: float, when_empty: WhenEmpty) -> Formula:
    return Formula(group, code, Kind.PROPORTIONAL, max_score, when_empty=when_empty)


_NONE, _ZERO, _FULL = WhenEmpty.NONE, WhenEmpty.ZERO, WhenEmpty.FULL
_T, _S, _D = Group.TRANSPARENCY, Group.HANDLING_SATISFACTION, Group.DOSSIER_DIGITIZED
_P = Group.ONLINE_PAYMENT

FORMULAS: tuple[Formula, ...] = (
    # §1 transparency: linear, empty → null [VERIFIED on every row].
    _linear(_T, "PUBLISH_ON_TIME", 6, _NONE),
    _linear(_T, "PUBLIC_UPDATE_ON_TIME", 4, _NONE),
    _linear(_T, "PUBLIC_CONTENT_FULL", 2, _NONE),
    _linear(_T, "DOSSIER_SYNC", 6, _NONE),
    # §2 on-time handling: linear, nothing received → 0 [VERIFIED on every row].
    _linear(Group.DVC_PROGRESS, DVC_PROGRESS, 20, _ZERO),
    # §3 online services: only the 12-point total is known.
    Formula(Group.PROVIDE_ONLINE, PROVIDE_ONLINE, Kind.UNKNOWN, 12),
    # §4 online payment: 6·A + min(2, 2.5·B) + 2.5·C, an empty ratio counts 0 [VERIFIED].
    Formula(_P, ONLINE_PAYMENT_DOSSIERS, Kind.PROPORTIONAL, 6, 1.0, _ZERO, percent_first=True),
    Formula(_P, ONLINE_PAYMENT_PROCEDURES, Kind.PROPORTIONAL, 2, 0.8, _ZERO, percent_first=True),
    Formula(
        _P, FEE_PROCEDURES_WITH_DOSSIERS, Kind.PROPORTIONAL, 2.5, 1.0, _ZERO, percent_first=True
    ),
    # §5 satisfaction [VERIFIED on 8 published rows].
    Formula(_S, "PETITION_CLASSIFICATION_TTHC", Kind.MONITORING, 0),
    Formula(_S, "DOSSIER_RECEIVING_SATISFACTION", Kind.PROPORTIONAL, 6, 0.9, _ZERO),
    _linear(_S, "PETITION_PROCESSING_ON_TIME", 6, _FULL),
    _linear(_S, "PETITION_HANDLING_SATISFACTION", 6, _FULL),
    Formula(_S, "PETITION_CLASSIFICATION_STAFF", Kind.MONITORING, 0),
    # §6 digitisation: linear capped at max, empty → null; reuse full from 80 % [VERIFIED on 7].
    _linear(_D, "ORIGINAL_RESULT_AVAILABLE", 6, _NONE),
    _linear(_D, "SO_HOA_GIAY_TO_GIAI_QUYET", 4, _NONE),
    Formula(_D, "REUSED_DIGITIZED_DATA", Kind.PROPORTIONAL, 2, 0.8, _NONE),
    _linear(_D, "SYNCED_WITH_DVCQG_PERSONAL_STORAGE", 4, _NONE),
    _linear(_D, "CITIZEN_DATA_CONNECTED_DOSSIER", 2, _NONE),
    _linear(_D, "CITIZEN_DATA_CONNECTED_FORMALITY", 2, _NONE),
    _linear(_D, "ELECTRONIC_CERTIFIED_COPY", 2, _NONE),
)

_BY_KEY = {(formula.group, formula.sub_indicator): formula for formula in FORMULAS}


def formula_for(group: Group, sub_indicator: str) -> Formula | None:
    """The formula of a sub-indicator, or ``None`` for a code the portal added since."""
    return _BY_KEY.get((group, sub_indicator))


def group_max(group: Group) -> float:
    """The points a group is worth (its ``totalMaxScore``)."""
    return GROUPS[group].max_score
