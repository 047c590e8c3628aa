"""Compiling a source's indicator definitions into a two-stage plan.

Periods are whole months (a month, a quarter, a year to date, the year), so every comparison of
a timestamp with a period's bound only needs the timestamp's month. Stage 1 scans the facts once,
grouping by unit and by the month bucket of each timestamp the definitions compare with a bound,
and sums the *residual* filters: what each filter becomes once its period comparisons are fixed
to TRUE, FALSE or NULL. Stage 2 joins these partial aggregates with the periods and, for each
group and period, picks the residuals whose fixed comparisons hold. The result is exactly what
evaluating each filter on each row for each period would count, for one scan of the facts.

A bucket is the month of the timestamp within the computed year (0–11), -1 before the year, 12
after it, NULL when the timestamp is empty. ``x >= P.start`` becomes ``bucket >= P.start_m``;
``x < P.end`` becomes ``bucket < P.end_m``; ``CAST(x AS DATE)`` compared with ``P.start_date`` or
``P.end_date`` likewise, since every bound is the first instant of a month.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlglot import exp

from chitieu.catalog import Catalogue
from chitieu.catalog.expressions import PERIOD, expand, parse_filter
from chitieu.domain import Indicator, Source
from chitieu.engine import logic
from chitieu.errors import ChitieuError

_BOUNDS = {"start": "start_m", "start_date": "start_m", "end": "end_m", "end_date": "end_m"}
_FLIP: dict[type[exp.Expression], type[exp.Expression]] = {
    exp.GTE: exp.LTE,
    exp.LT: exp.GT,
    exp.LTE: exp.GTE,
    exp.GT: exp.LT,
}


class PlanError(ChitieuError):
    """A definition the engine cannot compile."""


@dataclass(frozen=True, slots=True)
class Comparison:
    """A period comparison rewritten on a bucket: ``b_<column> <op> P.<bound_m>``."""

    column: str
    operator: str
    bound: str

    def outcome_sql(self, value: bool | None) -> str:
        """SQL over the partials (alias ``g``) and periods (alias ``p``) that holds when the
        comparison has this outcome (bounds are never NULL, so NULL means an empty bucket)."""
        bucket = f"g.b_{self.column}"
        if value is None:
            return f"{bucket} IS NULL"
        test = f"{bucket} {self.operator} p.{self.bound}"
        return f"({bucket} IS NOT NULL AND {'' if value else 'NOT '}({test}))"


@dataclass(frozen=True, slots=True)
class Join:
    """A join stage 1 needs: an ``IN (subquery)`` or a working-day lookup."""

    alias: str
    sql: str


@dataclass(frozen=True, slots=True)
class Term:
    """Part of a count: the partial measure ``measure`` where ``condition`` holds."""

    measure: str
    condition: str


@dataclass(frozen=True, slots=True)
class Count:
    """A numerator or denominator: a sum of terms."""

    terms: tuple[Term, ...]


@dataclass(frozen=True, slots=True)
class IndicatorPlan:
    """How stage 2 computes one indicator."""

    code: str
    numerator: Count
    denominator: Count


@dataclass
class SourcePlan:
    """Everything both stages need for one source."""

    source: Source
    table: str
    buckets: list[str] = field(default_factory=list)
    measures: dict[str, str] = field(default_factory=dict)
    joins: list[Join] = field(default_factory=list)
    indicators: list[IndicatorPlan] = field(default_factory=list)

    def measure(self, residual_sql: str) -> str:
        """The measure column summing rows where the residual holds (shared when equal)."""
        for name, sql in self.measures.items():
            if sql == residual_sql:
                return name
        name = f"m{len(self.measures) + 1}"
        self.measures[name] = residual_sql
        return name


def _period_bound(node: exp.Expr) -> str | None:
    if isinstance(node, exp.Column) and str(node.table) == PERIOD:
        return str(node.name)
    return None


def _bucket_column(node: exp.Expr) -> str | None:
    if isinstance(node, exp.Cast) and node.to.is_type("date"):
        node = node.this
    if isinstance(node, exp.Column) and not node.table:
        return str(node.name)
    return None


def _comparison(atom: logic.Atom) -> Comparison:
    node = atom.node
    if not isinstance(node, exp.GTE | exp.LT | exp.LTE | exp.GT):
        raise PlanError(f"không tính được «{atom.sql}»: chỉ so sánh >= hoặc < với mốc kỳ P")
    left, right = node.left, node.right
    kind: type[exp.Expression] = type(node)
    if _period_bound(left) is not None:
        left, right, kind = right, left, _FLIP[kind]
    bound, column = _period_bound(right), _bucket_column(left)
    if bound not in _BOUNDS or column is None or kind not in (exp.GTE, exp.LT):
        raise PlanError(
            f"không tính được «{atom.sql}»: chỉ hỗ trợ «cột >= P.start» và «cột < P.end» "
            "(mốc kỳ luôn là đầu tháng)"
        )
    return Comparison(column, ">=" if kind is exp.GTE else "<", _BOUNDS[bound])


def _uses_period(node: exp.Expr) -> bool:
    return any(str(c.table) == PERIOD for c in node.find_all(exp.Column))


class _Rewriter:
    """Turns subqueries and built-in functions into joins of stage 1."""

    def __init__(self, plan: SourcePlan) -> None:
        self.plan = plan

    def _join(self, sql: str, alias_prefix: str) -> str:
        for join in self.plan.joins:
            if join.sql.format(alias=join.alias) == sql.format(alias=join.alias):
                return join.alias
        alias = f"{alias_prefix}{len(self.plan.joins) + 1}"
        self.plan.joins.append(Join(alias, sql))
        return alias

    def __call__(self, node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.In) and node.args.get("query") is not None:
            return self._in_subquery(node)
        if isinstance(node, exp.Anonymous) and str(node.name).lower() == "working_days_before":
            return self._working_days_before(node)
        return node

    def _in_subquery(self, node: exp.In) -> exp.Expr:
        query = node.args["query"]
        select = query.this if isinstance(query, exp.Subquery) else query
        if not isinstance(select, exp.Select) or len(select.expressions) != 1:
            raise PlanError(f"không tính được «{node.sql()}»: truy vấn con phải chọn đúng một cột")
        key = select.expressions[0]
        inner = select.copy()
        inner.set("expressions", [exp.alias_(key.copy(), "k")])
        inner.set("distinct", exp.Distinct())
        probe = node.this.sql()
        sql = f"LEFT JOIN ({inner.sql()}) AS {{alias}} ON {{alias}}.k = {probe}"
        alias = self._join(sql, "sq")
        return exp.condition(f"CASE WHEN {probe} IS NULL THEN NULL ELSE {alias}.k IS NOT NULL END")

    def _working_days_before(self, node: exp.Anonymous) -> exp.Expr:
        day, count = node.expressions
        day_sql = exp.cast(day.copy(), "date").sql()
        base = self._join(f"LEFT JOIN calendar AS {{alias}} ON {{alias}}.day = {day_sql}", "wd")
        target = self._join(
            f"LEFT JOIN calendar AS {{alias}} ON {{alias}}.is_working AND {{alias}}.working_index = "
            f"{base}.working_index - CASE WHEN {base}.is_working THEN 1 ELSE 0 END - ({count.sql()}) + 1",
            "wd",
        )
        return exp.column("day", table=target)


def _fixing(fixed: dict[str, bool | None]) -> Callable[[logic.Atom], logic.Node | None]:
    """A substitution giving the fixed atoms their outcome and leaving the others."""

    def substitute(atom: logic.Atom) -> logic.Node | None:
        return logic.Const(fixed[atom.sql]) if atom.sql in fixed else None

    return substitute


def _compile_filter(sql: str, plan: SourcePlan, catalogue: Catalogue, rewrite: _Rewriter) -> Count:
    tree = expand(parse_filter(sql), catalogue.predicates).transform(rewrite)
    node = logic.simplify(logic.from_sql(tree))
    atoms: dict[str, Comparison] = {}

    def collect(n: logic.Node) -> None:
        if isinstance(n, logic.Atom) and _uses_period(n.node):
            atoms.setdefault(n.sql, _comparison(n))
        elif isinstance(n, logic.And | logic.Or):
            for item in n.items:
                collect(item)
        elif isinstance(n, logic.Not | logic.Coalesce):
            collect(n.item)

    collect(node)
    for comparison in atoms.values():
        if comparison.column not in plan.buckets:
            plan.buckets.append(comparison.column)
    keys = sorted(atoms)
    by_measure: dict[str, list[str]] = {}
    for values in itertools.product((True, False, None), repeat=len(keys)):
        fixed = dict(zip(keys, values, strict=True))
        if not _possible(fixed, atoms):
            continue
        residual = logic.simplify(logic.substitute(node, _fixing(fixed)))
        if not logic.can_be_true(residual):
            continue
        measure = plan.measure("TRUE" if residual == logic.TRUE else logic.to_sql(residual))
        condition = " AND ".join(atoms[k].outcome_sql(v) for k, v in fixed.items())
        by_measure.setdefault(measure, []).append(condition or "TRUE")
    terms = tuple(
        Term(measure, "(" + " OR ".join(f"({c})" for c in conditions) + ")")
        for measure, conditions in by_measure.items()
    )
    return Count(terms)


def _possible(fixed: dict[str, bool | None], atoms: dict[str, Comparison]) -> bool:
    """Whether outcomes of period comparisons can occur together: comparisons of one column are
    all NULL (the timestamp is empty) or none is."""
    nulls: dict[str, bool] = {}
    for key, value in fixed.items():
        column = atoms[key].column
        if nulls.setdefault(column, value is None) != (value is None):
            return False
    return True


def compile_source(
    catalogue: Catalogue, source: Source, table: str, indicators: Sequence[Indicator]
) -> SourcePlan:
    """The plan computing every given indicator of one source."""
    plan = SourcePlan(source, table)
    rewrite = _Rewriter(plan)
    for indicator in indicators:
        if indicator.source is not source or indicator.definition is None:
            continue
        try:
            numerator = _compile_filter(indicator.definition.numerator, plan, catalogue, rewrite)
            denominator = _compile_filter(
                indicator.definition.denominator, plan, catalogue, rewrite
            )
        except PlanError as error:
            raise PlanError(f"chỉ số {indicator.code}: {error.message}") from error
        plan.indicators.append(IndicatorPlan(indicator.code, numerator, denominator))
    return plan
