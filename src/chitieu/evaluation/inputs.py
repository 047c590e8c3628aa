"""Everything an evaluation needs, gathered in one place from a facts store.

The command line, the documents and the pages all judge a quarter the same way: the stored values
of the year (tier values at the milestone's basis and per month, the root's subtree values for
the province's line), the portal's figures as values of our indicators, last year's months for
seasonality, the target set in force, the units' own targets and the tree. The application layer
reads the target set and overrides from its database and hands them here; this module reads the
facts store and runs the evaluation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from chitieu.catalog import Catalogue
from chitieu.domain import Override, PeriodKind, Quarter, Source, TargetSet
from chitieu.engine.values import VALUES_TABLE, IndicatorValue, Scope, read_values
from chitieu.evaluation.evaluate import evaluate
from chitieu.evaluation.model import Evaluation
from chitieu.evaluation.reconcile import Difference, reconcile
from chitieu.evaluation.values import PortalFigure, portal_values
from chitieu.facts import table_for
from chitieu.facts.store import FactsStore
from chitieu.units import UnitTree

KINDS = (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR_TO_DATE, PeriodKind.YEAR)


@dataclass(frozen=True, slots=True)
class EvaluationInputs:
    """What a quarter's evaluation is computed from. ``computed`` says whether the engine has
    stored any value of the year; ``portal`` whether the portal's figures gave any."""

    quarter: Quarter
    target_set: TargetSet
    tree: UnitTree
    overrides: tuple[Override, ...]
    values: tuple[IndicatorValue, ...]
    last_year: tuple[IndicatorValue, ...]
    computed: bool
    portal: bool

    @property
    def has_values(self) -> bool:
        """Whether anything at all can be judged."""
        return self.computed or self.portal


def portal_links(catalogue: Catalogue) -> dict[str, str]:
    """The portal's sub-indicators and the catalogue indicator each one measures."""
    return {sub: i.code for i in catalogue.indicators for sub in i.dvcqg}


def read_portal(
    store: FactsStore, catalogue: Catalogue, root: str, years: Sequence[int] = ()
) -> list[IndicatorValue]:
    """The portal's (766) figures stored in the facts, as values of our indicators (of
    ``years`` only, when given)."""
    if not store.has_table(table_for(Source.DVCQG).name):
        return []
    table = table_for(Source.DVCQG).name
    rows = store.rows(
        f"SELECT unit_code, period, sub_indicator, numerator, denominator FROM {table} "
        "WHERE unit_code IS NOT NULL AND numerator IS NOT NULL AND denominator IS NOT NULL"
    )
    wanted = {str(y) for y in years}
    figures = [
        PortalFigure(str(r[0]), str(r[1]), str(r[2]), float(r[3]), float(r[4]))
        for r in rows
        if not wanted or str(r[1])[:4] in wanted
    ]
    return portal_values(figures, portal_links(catalogue), root)


def _stored(
    store: FactsStore, year: int, kinds: Sequence[str], scope: Scope
) -> list[IndicatorValue]:
    return [
        v
        for kind in kinds
        for v in read_values(store.rows, year, kind=PeriodKind(kind), scope=scope)
    ]


def read_inputs(
    store: FactsStore,
    catalogue: Catalogue,
    *,
    quarter: Quarter,
    target_set: TargetSet,
    tree: UnitTree,
    overrides: Sequence[Override] = (),
) -> EvaluationInputs:
    """Gather the inputs of ``quarter``'s evaluation from ``store``."""
    root = tree.root.code
    basis = target_set.basis.value
    year = quarter.year
    values: list[IndicatorValue] = []
    last_year: list[IndicatorValue] = []
    if store.has_table(VALUES_TABLE):
        values += _stored(store, year, (basis, PeriodKind.MONTH), Scope.TIER)
        values += [v for v in _stored(store, year, (basis,), Scope.SUBTREE) if v.unit_code == root]
        last_year += _stored(store, year - 1, (PeriodKind.MONTH,), Scope.TIER)
    portal = read_portal(store, catalogue, root, (year,))
    return EvaluationInputs(
        quarter=quarter,
        target_set=target_set,
        tree=tree,
        overrides=tuple(overrides),
        values=(*values, *portal),
        last_year=(*last_year, *read_portal(store, catalogue, root, (year - 1,))),
        computed=bool(values),
        portal=bool(portal),
    )


def evaluate_inputs(inputs: EvaluationInputs, *, today: date | None = None) -> Evaluation:
    """The evaluation of the inputs' quarter (provisional when it has not ended by ``today``,
    the clock's by default)."""
    return evaluate(
        inputs.target_set,
        inputs.tree,
        inputs.values,
        inputs.quarter,
        overrides=inputs.overrides,
        last_year=inputs.last_year,
        today=today,
    )


@dataclass(frozen=True, slots=True)
class Reconciliation:
    """Our values against the portal's: the differences over the threshold, and how much could
    be compared at all (``compared`` keys measured by both; 0 means nothing in common)."""

    differences: tuple[Difference, ...]
    compared: int
    portal_values: int
    threshold: float


def in_quarter(value: IndicatorValue, quarter: Quarter | None) -> bool:
    """Whether a value's period lies in ``quarter`` (its months, or the quarter itself)."""
    if quarter is None:
        return True
    if value.kind == PeriodKind.MONTH:
        year, month = value.period.split("-")
        return int(year) == quarter.year and (int(month) - 1) // 3 + 1 == quarter.number
    return value.period == quarter.label


def reconcile_store(
    store: FactsStore,
    catalogue: Catalogue,
    tree: UnitTree,
    *,
    quarter: Quarter | None,
    threshold: float,
) -> Reconciliation:
    """Our stored values against the portal's figures for the same unit, indicator and period
    (of ``quarter`` only, when given): tier values of every unit, the root's subtree value."""
    root = tree.root.code
    portal = [
        v
        for v in read_portal(store, catalogue, root, (quarter.year,) if quarter else ())
        if in_quarter(v, quarter)
    ]
    years = sorted({v.year for v in portal})
    ours: list[IndicatorValue] = []
    if store.has_table(VALUES_TABLE):
        for year in years:
            ours += _stored(store, year, KINDS, Scope.TIER)
            ours += [v for v in _stored(store, year, KINDS, Scope.SUBTREE) if v.unit_code == root]
    ours = [v for v in ours if in_quarter(v, quarter)]
    keys = _keys(ours, require_denominator=True)
    compared = len(keys & _keys(portal, require_denominator=True))
    return Reconciliation(
        differences=tuple(reconcile([*ours, *portal], threshold)),
        compared=compared,
        portal_values=len(portal),
        threshold=threshold,
    )


def _keys(
    values: Sequence[IndicatorValue], *, require_denominator: bool
) -> set[tuple[str, str, str, str, str]]:
    return {
        (v.unit_code, v.indicator, v.kind, v.period, v.scope)
        for v in values
        if not require_denominator or v.denominator > 0
    }


def nouns(catalogue: Catalogue) -> Mapping[str, str]:
    """What each indicator counts, for «cần thêm …» (``needed_noun``)."""
    return {i.code: i.needed_noun for i in catalogue.indicators}
