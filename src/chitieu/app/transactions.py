"""``atomic``: Django's ``transaction.atomic`` as a decorator that keeps the service's types
(Django ships no type hints here, and mypy would see every service as untyped)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar, cast

from django.db import transaction

P = ParamSpec("P")
R = TypeVar("R")


def atomic(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` in one database transaction (a savepoint inside an outer one): it
    commits whole, with its audit entries, or not at all."""
    return cast(Callable[P, R], transaction.atomic(function))
