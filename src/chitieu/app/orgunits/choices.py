"""Typed choices of the organisation tree. Levels are data (``catalog/data/levels.toml``), not
an enum: a province may add one, so their choices are read from the catalogue."""

from __future__ import annotations

from functools import cache

from chitieu.catalog import load_catalogue


@cache
def level_choices() -> tuple[tuple[str, str], ...]:
    """``(code, Vietnamese name)`` of every level, from the top (``province``) down."""
    levels = sorted(load_catalogue().levels, key=lambda level: level.rank)
    return tuple((level.code, level.name) for level in levels)


def level_name(code: str) -> str:
    """A level's Vietnamese name; the code itself for a level the catalogue does not know."""
    return dict(level_choices()).get(code, code)
