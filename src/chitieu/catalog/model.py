"""The catalogue: indicators, their predicates and groups, levels and how annexes name them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from chitieu.domain import Indicator, IndicatorGroup, Level, Predicate


@dataclass(frozen=True, slots=True)
class LeadPhrase:
    """Wordings of a lead-unit cell that mean one or more levels (folded-text regexes)."""

    levels: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Everything chitieu knows about what is measured, loaded from declarative files."""

    indicators: tuple[Indicator, ...]
    groups: tuple[IndicatorGroup, ...]
    predicates: Mapping[str, Predicate]
    levels: tuple[Level, ...]
    lead_phrases: tuple[LeadPhrase, ...]
    abbreviations: Mapping[str, str]
    unit_heads: tuple[str, ...] = ()
    files: tuple[str, ...] = field(default=(), compare=False)

    def get(self, code: str) -> Indicator | None:
        """The indicator with this code, or ``None``."""
        for indicator in self.indicators:
            if indicator.code == code:
                return indicator
        return None

    def indicator(self, code: str) -> Indicator:
        """The indicator with this code; ``KeyError`` if there is none."""
        indicator = self.get(code)
        if indicator is None:
            raise KeyError(code)
        return indicator

    def level(self, code: str) -> Level:
        """The level with this code; ``KeyError`` if there is none."""
        for level in self.levels:
            if level.code == code:
                return level
        raise KeyError(code)

    def group(self, code: str) -> IndicatorGroup:
        """The group with this code; ``KeyError`` if there is none."""
        for group in self.groups:
            if group.code == code:
                return group
        raise KeyError(code)
