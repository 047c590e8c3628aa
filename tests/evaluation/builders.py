"""Small trees, target sets and values built by hand for the evaluation tests."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from chitieu.domain import Baseline, Milestone, OrgUnit, PeriodKind, Target, TargetSet
from chitieu.engine.values import IndicatorValue, Scope
from chitieu.units import UnitTree

YEAR = 2024

# P ─ D1 Sở Tư pháp, D2 Sở Nội vụ ─ D2A (a sub-unit of the same level), DOLD (abolished in 2023),
#   ─ H1 UBND huyện ─ H1P Phòng Tư pháp (its division), X1, X2 (communes)
# The province, the district and the communes have coordinates, as the GSO lists give them; the
# departments and the division have none, as in those lists.
UNITS = (
    OrgUnit("P", "UBND tỉnh Thử Nghiệm", "province", latitude=11.75, longitude=106.75),
    OrgUnit("D1", "Sở Tư pháp", "province_department", "P"),
    OrgUnit("D2", "Sở Nội vụ", "province_department", "P"),
    OrgUnit("D2A", "Chi cục Văn thư - Lưu trữ", "province_department", "D2"),
    OrgUnit("DOLD", "Sở Đã Giải Thể", "province_department", "P", valid_to=date(2023, 12, 31)),
    OrgUnit("H1", "UBND huyện Một", "district", "P", latitude=11.6, longitude=106.6),
    OrgUnit("H1P", "Phòng Tư pháp huyện Một", "district", "H1"),
    OrgUnit("X1", "UBND xã Một", "commune", "H1", latitude=11.65, longitude=106.55),
    OrgUnit("X2", "UBND xã Hai", "commune", "H1", latitude=11.55, longitude=106.68),
)


def tree() -> UnitTree:
    """The test province."""
    return UnitTree(UNITS)


def target(
    task: str,
    indicator: str | None,
    levels: tuple[str, ...],
    annual: float,
    milestones: tuple[float, float, float, float],
    *,
    units: tuple[str, ...] = (),
    baselines: tuple[tuple[int, float], ...] = (),
) -> Target:
    """One annex row."""
    return Target(
        task=task,
        title=f"Nhiệm vụ {task}",
        indicator=indicator,
        lead="",
        coordinating="",
        levels=levels,
        units=units,
        annual=annual,
        milestones=tuple(Milestone(q, v) for q, v in enumerate(milestones, 1)),
        baselines=tuple(Baseline(y, v) for y, v in baselines),
    )


DEPARTMENTS = ("province_department",)
ALL_LEVELS = ("province_department", "district", "commune")

TARGETS = (
    target(
        "II.3",
        "online_dossiers",
        DEPARTMENTS,
        80,
        (50, 60, 70, 80),
        baselines=((2023, 11.35), (2022, 11.35)),
    ),
    target("II.3", "online_dossiers", ("district",), 70, (40, 50, 60, 70)),
    target("II.3", "online_dossiers", ("commune",), 60, (30, 40, 50, 60)),
    target(
        "II.6",
        "e_certified_copies",
        ("district", "commune"),
        100,
        (100, 100, 100, 100),
        units=("Sở Tư pháp",),
    ),
    target("III.1", None, DEPARTMENTS, 100, (100, 100, 100, 100)),
    target("II.7", "data_reuse", ALL_LEVELS, 60, (20, 35, 50, 60), baselines=((2023, 0.0),)),
)


def target_set() -> TargetSet:
    """The test decision."""
    return TargetSet("Thử Nghiệm", YEAR, TARGETS)


def value(
    unit: str,
    indicator: str,
    kind: str,
    period: str,
    numerator: float,
    denominator: float,
    *,
    scope: str = "tier",
    source: str = "dossiers",
    year: int = YEAR,
) -> IndicatorValue:
    """One stored value."""
    return IndicatorValue(
        year,
        unit,
        indicator,
        PeriodKind(kind),
        period,
        Scope(scope),
        numerator,
        denominator,
        source,
    )


def months(
    unit: str,
    indicator: str,
    counts: Mapping[int, tuple[float, float]],
    *,
    year: int = YEAR,
    source: str = "dossiers",
) -> list[IndicatorValue]:
    """A monthly series."""
    return [
        value(unit, indicator, "month", f"{year}-{m:02d}", n, d, year=year, source=source)
        for m, (n, d) in counts.items()
    ]
