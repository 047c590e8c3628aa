"""Three-valued boolean expressions (SQL's TRUE/FALSE/NULL) over opaque atoms.

The engine rewrites each indicator's filter: atoms that compare a timestamp with the period's
bounds are replaced by constants for each possible outcome, and what remains is simplified.
Simplification follows Kleene's logic, which is SQL's, so that the residual expression counts
exactly the rows the original would.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlglot import exp


@dataclass(frozen=True, slots=True)
class Const:
    """``TRUE``, ``FALSE`` or ``NULL`` (``None``)."""

    value: bool | None


@dataclass(frozen=True, slots=True)
class Atom:
    """A non-boolean part kept as SQL (a comparison, a flag column, a predicate's body)."""

    sql: str
    node: exp.Expr


@dataclass(frozen=True, slots=True)
class And:
    """Conjunction."""

    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """Disjunction."""

    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    """Negation."""

    item: Node


@dataclass(frozen=True, slots=True)
class Coalesce:
    """``COALESCE(item, fallback)`` for a boolean item and a constant fallback."""

    item: Node
    fallback: Const


Node = Const | Atom | And | Or | Not | Coalesce

TRUE = Const(True)
FALSE = Const(False)
NULL = Const(None)


def from_sql(node: exp.Expr) -> Node:
    """The boolean structure of a SQL expression; anything else is an atom."""
    if isinstance(node, exp.Paren):
        return from_sql(node.this)
    if isinstance(node, exp.And):
        return And((from_sql(node.left), from_sql(node.right)))
    if isinstance(node, exp.Or):
        return Or((from_sql(node.left), from_sql(node.right)))
    if isinstance(node, exp.Not):
        return Not(from_sql(node.this))
    if isinstance(node, exp.Boolean):
        return Const(bool(node.this))
    if isinstance(node, exp.Null):
        return NULL
    if isinstance(node, exp.Coalesce) and len(node.expressions) == 1:
        fallback = node.expressions[0]
        if isinstance(fallback, exp.Boolean | exp.Null):
            constant = Const(bool(fallback.this)) if isinstance(fallback, exp.Boolean) else NULL
            return Coalesce(from_sql(node.this), constant)
    return Atom(node.sql(), node)


def substitute(node: Node, replace: Callable[[Atom], Node | None]) -> Node:
    """The tree with each atom replaced where ``replace`` returns a node."""
    if isinstance(node, Atom):
        return replace(node) or node
    if isinstance(node, And):
        return And(tuple(substitute(i, replace) for i in node.items))
    if isinstance(node, Or):
        return Or(tuple(substitute(i, replace) for i in node.items))
    if isinstance(node, Not):
        return Not(substitute(node.item, replace))
    if isinstance(node, Coalesce):
        return Coalesce(substitute(node.item, replace), node.fallback)
    return node


def simplify(node: Node) -> Node:
    """Fold constants by Kleene's rules; flatten nested AND/OR; drop duplicates."""
    if isinstance(node, And | Or):
        absorbing, neutral = (FALSE, TRUE) if isinstance(node, And) else (TRUE, FALSE)
        items: list[Node] = []
        for item in (simplify(i) for i in node.items):
            if item == absorbing:
                return absorbing
            if item == neutral:
                continue
            inner = (
                item.items if isinstance(item, And | Or) and type(item) is type(node) else (item,)
            )
            items.extend(i for i in inner if i not in items)
        if not items:
            return neutral
        if len(items) == 1:
            return items[0]
        return And(tuple(items)) if isinstance(node, And) else Or(tuple(items))
    if isinstance(node, Not):
        item = simplify(node.item)
        if isinstance(item, Const):
            return Const(None if item.value is None else not item.value)
        if isinstance(item, Not):
            return item.item
        return Not(item)
    if isinstance(node, Coalesce):
        item = simplify(node.item)
        if isinstance(item, Const):
            return node.fallback if item.value is None else item
        return Coalesce(item, node.fallback)
    return node


def to_sql(node: Node) -> str:
    """The expression as SQL (generic dialect), fully parenthesised."""
    if isinstance(node, Const):
        return "NULL" if node.value is None else ("TRUE" if node.value else "FALSE")
    if isinstance(node, Atom):
        return f"({node.sql})"
    if isinstance(node, And):
        return "(" + " AND ".join(to_sql(i) for i in node.items) + ")"
    if isinstance(node, Or):
        return "(" + " OR ".join(to_sql(i) for i in node.items) + ")"
    if isinstance(node, Not):
        return f"(NOT {to_sql(node.item)})"
    return f"COALESCE({to_sql(node.item)}, {to_sql(node.fallback)})"


def evaluate(node: Node, truth: Mapping[str, bool | None]) -> bool | None:
    """The value under Kleene's logic, atoms given by their SQL."""
    if isinstance(node, Const):
        return node.value
    if isinstance(node, Atom):
        return truth[node.sql]
    if isinstance(node, Not):
        value = evaluate(node.item, truth)
        return None if value is None else not value
    if isinstance(node, Coalesce):
        value = evaluate(node.item, truth)
        return node.fallback.value if value is None else value
    values = [evaluate(i, truth) for i in node.items]
    if isinstance(node, And):
        if False in values:
            return False
        return None if None in values else True
    if True in values:
        return True
    return None if None in values else False


def atoms_of(node: Node) -> list[Atom]:
    """The distinct atoms of a tree, in order of appearance."""
    found: list[Atom] = []

    def walk(n: Node) -> None:
        if isinstance(n, Atom):
            if n not in found:
                found.append(n)
        elif isinstance(n, And | Or):
            for item in n.items:
                walk(item)
        elif isinstance(n, Not | Coalesce):
            walk(n.item)

    walk(node)
    return found


def can_be_true(node: Node, limit: int = 12) -> bool:
    """Whether some outcome of the atoms (TRUE, FALSE or NULL each) makes the tree TRUE; trees
    with more than ``limit`` atoms are assumed to be satisfiable."""
    atoms = atoms_of(node)
    if len(atoms) > limit:
        return True
    keys = [a.sql for a in atoms]
    for values in itertools.product((True, False, None), repeat=len(keys)):
        if evaluate(node, dict(zip(keys, values, strict=True))) is True:
            return True
    return False
