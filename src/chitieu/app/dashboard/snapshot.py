"""A quarter's evaluation of the home, kept in memory between requests.

Pages read stored values only: the evaluation of a quarter is computed from the stored indicator
values (never from dossiers) once, then served from memory until something it depends on changes
— the facts store (a compute or an import), the target sets, the overrides or the units (every
such change writes an audit entry), or the day (a provisional quarter is judged "so far").
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from chitieu.app.audit.models import AuditEntry
from chitieu.app.home import catalogue, evaluate_home
from chitieu.catalog import Catalogue
from chitieu.clock import today as clock_today
from chitieu.domain import PeriodKind, Quarter, TargetSet
from chitieu.engine.values import IndicatorValue
from chitieu.evaluation.model import Evaluation, UnitEvaluation
from chitieu.facts.store import FACTS_FILE
from chitieu.units import UnitTree


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What every page of one quarter reads: the evaluation, the tree, the target set, each
    unit's rows and its monthly tier values of the year."""

    quarter: Quarter
    evaluation: Evaluation
    tree: UnitTree
    target_set: TargetSet
    catalogue: Catalogue
    rows_by_unit: Mapping[str, tuple[UnitEvaluation, ...]]
    months: Mapping[tuple[str, str], tuple[IndicatorValue, ...]]
    quarters: Mapping[tuple[str, str], tuple[IndicatorValue, ...]]

    def rows_of(self, code: str) -> tuple[UnitEvaluation, ...]:
        """The evaluation's rows of one unit."""
        return self.rows_by_unit.get(code, ())

    def monthly(self, code: str, indicator: str) -> tuple[IndicatorValue, ...]:
        """A unit's monthly tier values of an indicator, in month order."""
        return self.months.get((code, indicator), ())

    def quarterly(self, code: str, indicator: str) -> tuple[IndicatorValue, ...]:
        """A unit's tier values of an indicator at each quarter, on the milestones' basis (year
        to date, or within the quarter), in quarter order."""
        return self.quarters.get((code, indicator), ())


def _version(home: Path) -> tuple[object, ...]:
    facts = home / FACTS_FILE
    stat = facts.stat() if facts.exists() else None
    latest = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
    if stat is None:
        # A server's facts store has no file to look at: kept one minute at most.
        return (int(time.monotonic() // 60), latest)
    return (stat.st_mtime_ns, stat.st_size, latest)


def _build(home: Path, quarter: Quarter, today: date) -> Snapshot:
    result = evaluate_home(home, quarter, today=today)
    rows: dict[str, list[UnitEvaluation]] = defaultdict(list)
    for row in result.evaluation.rows:
        rows[row.unit.code].append(row)
    months: dict[tuple[str, str], list[IndicatorValue]] = defaultdict(list)
    basis: dict[tuple[str, str], list[IndicatorValue]] = defaultdict(list)
    basis_kind = result.inputs.target_set.basis.value
    for value in result.inputs.values:
        if value.scope != "tier" or value.year != quarter.year:
            continue
        if value.kind == PeriodKind.MONTH:
            months[(value.unit_code, value.indicator)].append(value)
        elif value.kind == basis_kind:
            basis[(value.unit_code, value.indicator)].append(value)
    return Snapshot(
        quarter=quarter,
        evaluation=result.evaluation,
        tree=result.tree,
        target_set=result.inputs.target_set,
        catalogue=catalogue(),
        rows_by_unit={code: tuple(found) for code, found in rows.items()},
        months={key: tuple(sorted(found, key=lambda v: v.period)) for key, found in months.items()},
        quarters={
            key: tuple(sorted(found, key=lambda v: v.period)) for key, found in basis.items()
        },
    )


class _Cache:
    lock = threading.Lock()
    entries: dict[tuple[Path, Quarter, date], tuple[tuple[object, ...], Snapshot]] = {}


def snapshot(home: Path, quarter: Quarter, *, today: date | None = None) -> Snapshot:
    """The quarter's snapshot of the home, computed once per change of what it depends on (see
    the module's docstring); refused with the next step as ``evaluate_home`` refuses."""
    day = today or clock_today()
    key = (home.resolve(), quarter, day)
    version = _version(home)
    with _Cache.lock:
        found = _Cache.entries.get(key)
        if found is not None and found[0] == version:
            return found[1]
        built = _build(home, quarter, day)
        if len(_Cache.entries) > 16:
            _Cache.entries.clear()
        _Cache.entries[key] = (version, built)
        return built


def forget() -> None:
    """Drop every kept snapshot (tests; after a restore)."""
    with _Cache.lock:
        _Cache.entries.clear()


def default_quarter(today: date | None = None) -> Quarter | None:
    """The quarter a page shows when none is asked for: this quarter if this year has a target
    set, else the last quarter of the latest year before it that has one (``None``: none)."""
    from chitieu.app.targets.models import TargetSetVersion  # noqa: PLC0415 — models at call

    day = today or clock_today()
    years = sorted(
        set(
            TargetSetVersion.objects.filter(superseded_at__isnull=True).values_list(
                "year", flat=True
            )
        )
    )
    if not years:
        return None
    past = [y for y in years if y <= day.year]
    year = past[-1] if past else years[0]
    if year == day.year:
        return Quarter(year, (day.month - 1) // 3 + 1)
    return Quarter(year, 4)


def quarters(today: date | None = None) -> list[Quarter]:
    """Every quarter a page may show: those of each year with a target set, up to today's."""
    from chitieu.app.targets.models import TargetSetVersion  # noqa: PLC0415

    day = today or clock_today()
    now = Quarter(day.year, (day.month - 1) // 3 + 1)
    years = sorted(
        set(
            TargetSetVersion.objects.filter(superseded_at__isnull=True).values_list(
                "year", flat=True
            )
        )
    )
    return [Quarter(y, n) for y in years for n in range(1, 5) if (y, n) <= (now.year, now.number)]
