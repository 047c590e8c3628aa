"""The part of the unit tree an account sees: one object every page and every query of the web
application asks, so that no page checks permissions on its own."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from chitieu.app.accounts.choices import Role
from chitieu.units import UnitTree

T = TypeVar("T")


class OutOfScopeError(Exception):
    """A unit outside the account's scope was asked for (the page answers 403)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, slots=True)
class Scope:
    """An account's role and the codes of the units it sees (``None``: the whole tree)."""

    role: Role
    unit_code: str | None
    codes: frozenset[str] | None

    @property
    def everything(self) -> bool:
        """Whether the whole province is in scope."""
        return self.codes is None

    def allows(self, code: str) -> bool:
        """Whether the unit ``code`` is in scope."""
        return self.codes is None or code in self.codes

    def require(self, code: str) -> None:
        """Refuse (``OutOfScopeError``) a unit outside the scope."""
        if not self.allows(code):
            raise OutOfScopeError(code)

    def keep(self, items: Iterable[T], code_of: Callable[[T], str]) -> list[T]:
        """The items whose unit is in scope."""
        if self.codes is None:
            return list(items)
        codes = self.codes
        return [item for item in items if code_of(item) in codes]


def scope_for(role: Role, unit_code: str | None, tree: UnitTree) -> Scope:
    """The scope of an account of ``role`` in ``unit_code`` (the subtree of the unit; the
    whole tree for the provincial office, or without a unit, or if the unit left the tree — then
    nothing: a unit that is gone shows nothing rather than everything)."""
    if role.sees_everything or unit_code is None:
        return Scope(role, unit_code, None)
    if unit_code not in tree:
        return Scope(role, unit_code, frozenset())
    return Scope(role, unit_code, frozenset(u.code for u in tree.subtree(unit_code)))
