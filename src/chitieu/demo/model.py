"""The numbers behind the demo's realism, in one place: how busy the desks are through the year,
how volume splits between levels, how units differ, and how each indicator's province fares
against its targets. Change a number here to tell a different story; nothing else needs to know.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

MONTH_FACTORS: tuple[float, ...] = (
    1.0,
    1.0,
    1.05,
    1.0,
    1.0,
    0.97,
    0.93,
    0.95,
    1.0,
    1.03,
    1.08,
    1.12,
)
"""Relative volume of each month's working days: quieter in the summer, a rush towards the end of
the year when units close their files (Tết is handled apart, as it moves)."""

SATURDAY_FACTOR = 0.06
"""A Saturday against an ordinary working day: a few one-stop desks open on Saturday mornings."""

TET_EFFECT: tuple[tuple[int, int, float], ...] = (
    (-21, -8, 1.2),
    (-7, -2, 0.7),
    (-1, 6, 0.15),
    (7, 13, 0.55),
    (14, 20, 0.85),
)
"""Days relative to the first day of Tết (inclusive ranges) and the volume factor on them: people
rush to finish their papers in the weeks before, the desks wind down, close for the holiday, and
the first weeks of the lunar year ("ra Giêng") are slow."""

LEVEL_SHARES: Mapping[str, float] = {
    "province_department": 0.32,
    "district": 0.26,
    "commune": 0.42,
}
"""How a year's dossiers split between the levels that handle them; renormalised over the levels
the tree has (the 2025 structure has no district level)."""

VOLUME_SPREAD: Mapping[str, float] = {
    "province_department": 0.9,
    "district": 0.6,
    "commune": 0.55,
}
"""The spread (σ of the logarithm) of unit volumes within a level, on top of the sector's own
volume: a few departments are very large, communes differ less."""

COMMITTEE_VOLUME = 0.15
"""A district committee's own volume against its median division: most of its dossiers are
handled by the divisions."""

NAMED_COPY_CERTIFICATION_WEIGHT = 0.05
"""Weight of copy certification at a department a copy-certification target names (Sở Tư pháp),
against a commune: it handles a few, the communes and district justice divisions most."""

OFFICIALS_MIN = 2
OFFICIALS_MAX = 15
"""Officials who handle dossiers in a unit: from the smallest commune to the largest department."""

SKILL_CORRELATION = 0.7
"""How much a unit's standing on one indicator follows its overall skill: leaders lead on most
indicators, not all."""

BASELINE_SPREAD = 0.4
"""How far units stood apart last year around the decision's baseline: σ on the logit scale
(11% becomes 8–16% for most units; 94.7% becomes 92–96%)."""

RAMP_MONTHS = 1.8
"""How fast a typical unit's monthly share moves from its baseline towards its December level:
the time constant, in months, of 1 − exp(−t / pace). January covers about a quarter of the way."""

RAMP_SKILL = 0.25
"""Skilled units move faster: the pace is ``RAMP_MONTHS × exp(−RAMP_SKILL × skill)``."""

MONTHLY_NOISE = 0.15
"""Month-to-month wobble of a unit's shortfall from 100% (σ of its logarithm)."""

ONLINE_SHARE_POSTAL = 0.03
"""Share of the dossiers not filed online that come by public postal service."""

STATUS_SHARES: Mapping[str, float] = {
    "registered": 0.002,
    "refused": 0.004,
    "withdrawn": 0.005,
    "stopped": 0.006,
    "stuck": 0.003,
    "not_collected": 0.05,
}
"""Shares of dossiers that do not run the usual course: registered online but never accepted (1),
refused at reception (3), withdrawn (7), stopped (8), left waiting for supplements or fees
since long (5, 6), finished but never collected (stays 9)."""

OPEN_STATUSES: tuple[tuple[int, float], ...] = ((2, 0.15), (4, 0.65), (5, 0.12), (6, 0.08))
"""The status of a dossier still open at the end of the year, and how often."""

LATE_RATE = 0.035
"""A typical unit's share of dossiers finished after the due date; leaders less, laggards more."""

LATE_SPREAD = 0.6
"""σ of the logarithm of a unit's late rate, besides the part that follows its skill."""

RATED_SHARE = 0.3
"""A typical unit's share of finished dossiers whose applicant leaves a rating; online
applicants rate more often (×1.3)."""

FEEDBACK_PER_DOSSIERS = 1_000
"""One feedback item (phản ánh, kiến nghị) for this many dossiers…"""

FEEDBACK_MIN = 100
"""…and at least this many in all."""

FEEDBACK_WORKING_DAYS = 15
"""A feedback item is due 15 working days after it was received."""


@dataclass(frozen=True, slots=True)
class Behaviour:
    """How the province fares on one indicator.

    The median unit aims its year-to-date value at Q4 at ``attainment`` times the annual target
    of its level (capped at 100%, and at what its curve from January's baseline can reach), so
    that the province reaches the annual target when ``attainment`` is above 1 and falls short
    below it; ``spread`` is the σ of the logarithm of a unit's factor, which makes leaders and
    laggards. ``untargeted`` is the typical value, in percent, when the target set has no target
    for the indicator. ``as_at_end``: the indicator is a state at the end of the period (the
    catalogue), not a count over it.
    """

    attainment: float
    spread: float
    untargeted: float
    as_at_end: bool = False


BEHAVIOURS: Mapping[str, Behaviour] = {
    "online_dossiers": Behaviour(1.12, 0.12, 45.0),
    "online_payment": Behaviour(0.82, 0.2, 35.0),
    "digitized": Behaviour(0.97, 0.1, 60.0),
    "e_results": Behaviour(0.93, 0.07, 60.0),
    "e_certified_copies": Behaviour(0.88, 0.15, 40.0),
    "data_reuse": Behaviour(1.15, 0.2, 30.0),
    "synced_national": Behaviour(0.985, 0.02, 95.0),
    "satisfaction": Behaviour(1.025, 0.02, 97.0),
    "full_online_services": Behaviour(0.93, 0.12, 70.0, as_at_end=True),
    "published_on_time": Behaviour(0.95, 0.06, 95.0),
    "feedback_on_time": Behaviour(0.95, 0.04, 95.0),
    "regulation_update": Behaviour(1.0, 0.06, 90.0),
    "online_documents": Behaviour(1.01, 0.06, 85.0),
}
"""The story the demo tells, per indicator code; an indicator not listed behaves as
``DEFAULT_BEHAVIOUR``."""

DEFAULT_BEHAVIOUR = Behaviour(1.0, 0.1, 70.0)

MANUAL_VOLUMES: Mapping[str, float] = {"regulation_update": 12.0}
"""A typical department's quarterly denominator of a manual indicator: regulations to update;
documents processed (the default)."""

MANUAL_DEFAULT_VOLUME = 600.0

MANUAL_ROLE_FACTORS: Mapping[str, float] = {
    "department": 2.0,
    "committee": 1.5,
    "division": 0.5,
    "commune": 0.6,
}
"""How many documents a unit of each role handles against a typical department's half."""

OFFICIAL_SPREAD = 0.5
"""σ of the logarithm of an official's late-rate multiplier: some officials are slower."""
