"""Indicators (chỉ số): what is measured, as a ratio of two counts, and from which facts."""

from __future__ import annotations

from dataclasses import dataclass

from chitieu.domain.facts import Source


@dataclass(frozen=True, slots=True)
class Ratio:
    """A numerator and a denominator, each a boolean filter over one row of the source's facts.

    The filters are SQL expressions over the canonical columns and the catalogue's predicates,
    e.g. ``received(P) AND channel = 'online'``; the engine compiles them. Empty for manual
    indicators, whose counts are entered by hand.
    """

    numerator: str
    denominator: str


@dataclass(frozen=True, slots=True)
class Predicate:
    """A named filter the indicator definitions share, e.g. ``received(P)``.

    ``sql`` is a boolean SQL expression over the source's columns; when the predicate takes the
    period ``P``, ``P.start`` and ``P.end`` (local timestamps) and ``P.start_date`` and
    ``P.end_date`` (dates) stand for its bounds.
    """

    name: str
    source: Source
    params: tuple[str, ...]
    sql: str
    description: str


@dataclass(frozen=True, slots=True)
class IndicatorGroup:
    """A group of indicators, as the annex's sections or the 766 index's groups."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator of the catalogue.

    ``wording`` is the annex's wording of the task; ``aliases`` are other wordings offices use for
    it, so that a decision from another province maps to the same indicator. ``needed_noun`` is
    what a unit still needs more of, e.g. ``hồ sơ trực tuyến``. A wording containing one of
    ``excludes`` (e.g. ``quá hạn`` for an on-time indicator) never means this indicator.
    """

    code: str
    name: str
    wording: str
    group: str
    unit: str
    source: Source
    definition: Ratio | None
    numerator_label: str
    denominator_label: str
    needed_noun: str
    task: str | None = None
    aliases: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    dvcqg: tuple[str, ...] = ()

    @property
    def is_manual(self) -> bool:
        """Whether the counts are entered by hand with evidence."""
        return self.source is Source.MANUAL

    @property
    def wordings(self) -> tuple[str, ...]:
        """The annex wording, the short name and every alias."""
        return (self.wording, self.name, *self.aliases)
