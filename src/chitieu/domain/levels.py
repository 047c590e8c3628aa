"""Levels of the organisation tree (cấp): which kind of unit holds a target."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Level:
    """A level: ``province``, ``province_department``, ``district``, ``commune``, ``official``.

    Levels are data (``catalog/data/levels.toml``); ``rank`` orders them from the top (0).
    """

    code: str
    name: str
    rank: int
    short_name: str = ""

    @property
    def label(self) -> str:
        """The short Vietnamese name for tables, or the full name."""
        return self.short_name or self.name
