"""The filter language of indicator definitions: SQL boolean expressions, parsed with SQLGlot.

A filter uses the canonical columns of its source's facts, the catalogue's predicates written
as calls (``received(P)``, ``on_time()``), the bounds of the period ``P`` (``P.start``,
``P.end``, ``P.start_date``, ``P.end_date``) and a few built-in functions that every engine
provides (``working_days_before(date, n)``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError

from chitieu.domain import Predicate

PERIOD = "P"
PERIOD_BOUNDS = ("start", "end", "start_date", "end_date")


@dataclass(frozen=True, slots=True)
class BuiltinFunction:
    """A function every engine provides beyond standard SQL."""

    name: str
    arity: int
    description: str


BUILTIN_FUNCTIONS: dict[str, BuiltinFunction] = {
    "working_days_before": BuiltinFunction(
        "working_days_before",
        2,
        "Ngày làm việc thứ n trước một ngày (trừ thứ Bảy, Chủ nhật và ngày lễ Việt Nam)",
    ),
}


class FilterSyntaxError(ValueError):
    """A filter that is not a valid SQL expression."""


def parse_filter(sql: str) -> exp.Expr:
    """Parse one filter; raise ``FilterSyntaxError`` with SQLGlot's reason."""
    try:
        expression = sqlglot.parse_one(sql)
    except ParseError as error:
        raise FilterSyntaxError(str(error).splitlines()[0]) from error
    if expression is None:
        raise FilterSyntaxError("biểu thức rỗng")
    return expression


def calls(expression: exp.Expr) -> Iterator[exp.Anonymous]:
    """The calls of non-standard functions in a filter: predicates and built-ins."""
    yield from expression.find_all(exp.Anonymous)


def call_name(call: exp.Anonymous) -> str:
    """The name of a called function, lower case."""
    return str(call.name).lower()


def expand(expression: exp.Expr, predicates: Mapping[str, Predicate]) -> exp.Expr:
    """The filter with every predicate call replaced by its SQL, recursively.

    >>> from chitieu.domain import Predicate, Source
    >>> p = {"online": Predicate("online", Source.DOSSIERS, (), "channel = 'online'", "")}
    >>> expand(parse_filter("online() AND status = 9"), p).sql()
    "(channel = 'online') AND status = 9"
    """

    def replace(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Anonymous):
            predicate = predicates.get(call_name(node))
            if predicate is not None:
                return exp.Paren(this=expand(parse_filter(predicate.sql), predicates))
        return node

    return expression.copy().transform(replace)


def atoms(expression: exp.Expr) -> list[exp.Expr]:
    """The maximal non-boolean parts of a filter (predicate calls, comparisons, flags)."""
    if isinstance(expression, exp.And | exp.Or):
        return [*atoms(expression.left), *atoms(expression.right)]
    if isinstance(expression, exp.Not | exp.Paren):
        return atoms(expression.this)
    return [expression]


def evaluate(expression: exp.Expr, truth: Mapping[str, bool]) -> bool:
    """The value of a filter's boolean skeleton when each atom (by its SQL) has a given truth."""
    if isinstance(expression, exp.And):
        return evaluate(expression.left, truth) and evaluate(expression.right, truth)
    if isinstance(expression, exp.Or):
        return evaluate(expression.left, truth) or evaluate(expression.right, truth)
    if isinstance(expression, exp.Not):
        return not evaluate(expression.this, truth)
    if isinstance(expression, exp.Paren):
        return evaluate(expression.this, truth)
    return truth[expression.sql()]
