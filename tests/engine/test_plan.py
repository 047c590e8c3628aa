"""The planner's pieces: periods, the tree's closure, three-valued simplification, and the
definitions it refuses to compile (with a reason a province's analyst can act on)."""

from __future__ import annotations

import dataclasses

import pytest

from chitieu.catalog import Catalogue
from chitieu.catalog.expressions import parse_filter
from chitieu.domain import OrgUnit, Source
from chitieu.engine import logic
from chitieu.engine.compute import source_plans
from chitieu.engine.periods import period_rows
from chitieu.engine.plan import PlanError, compile_source
from chitieu.engine.tree import closure
from chitieu.facts.schema import TABLES
from tests.engine.world import TREE


def test_periods_of_a_year_in_month_bounds() -> None:
    rows = {(p.kind.value, p.label): (p.start_m, p.end_m) for p in period_rows(2024)}
    assert len(rows) == 21
    assert rows[("month", "2024-01")] == (0, 1)
    assert rows[("month", "2024-12")] == (11, 12)
    assert rows[("quarter", "2024-Q3")] == (6, 9)
    assert rows[("ytd", "2024-Q3")] == (0, 9)
    assert rows[("year", "2024")] == (0, 12)


def test_closure_pairs_and_uninterrupted_tiers() -> None:
    pairs = {(r.ancestor, r.descendant): r.same_tier for r in closure(TREE)}
    assert len(pairs) == 5 + 4 + 2  # each unit with itself, with T, and H1's two below it
    assert pairs[("H1", "H1.PTP")] is True  # a division in its committee's tier
    assert pairs[("H1", "X1")] is False  # a commune is not
    assert pairs[("T", "T.SA")] is False
    assert ("T.SA", "X1") not in pairs
    chain = [
        OrgUnit("D", "Huyện", "district", None),
        OrgUnit("C", "Xã", "commune", "D"),
        OrgUnit("DX", "Đơn vị cấp huyện dưới xã", "district", "C"),
    ]
    tiers = {(r.ancestor, r.descendant): r.same_tier for r in closure(chain)}
    assert tiers[("D", "DX")] is False  # same level, but the path passes through a commune


def test_kleene_simplification_keeps_sql_semantics() -> None:
    a = logic.Atom("a", parse_filter("a"))
    assert logic.simplify(logic.And((a, logic.NULL, logic.FALSE))) == logic.FALSE
    assert logic.simplify(logic.Or((a, logic.NULL, logic.TRUE))) == logic.TRUE
    assert logic.simplify(logic.Not(logic.NULL)) == logic.NULL
    assert logic.simplify(logic.Coalesce(logic.NULL, logic.FALSE)) == logic.FALSE
    assert logic.evaluate(logic.And((a, logic.NULL)), {"a": True}) is None
    assert logic.can_be_true(logic.And((a, logic.NULL))) is False


def test_every_built_in_definition_compiles(catalogue: Catalogue) -> None:
    plans = {p.source: p for p in source_plans(catalogue)}
    assert set(plans) == {Source.DOSSIERS, Source.PROCEDURES, Source.PUBLICATIONS, Source.FEEDBACK}
    dossiers = plans[Source.DOSSIERS]
    assert set(dossiers.buckets) == {"received_at", "finished_at", "due_at"}
    assert len(dossiers.indicators) == 9
    assert not plans[Source.PROCEDURES].buckets  # "as at end": no period comparison


@pytest.mark.parametrize(
    ("numerator", "reason"),
    [
        ("received_at <= P.end", "P.end"),
        ("received_at + INTERVAL 1 DAY >= P.start", "P.start"),
        ("received_at = P.start", "P.start"),
    ],
)
def test_unsupported_period_comparisons_are_refused(
    catalogue: Catalogue, numerator: str, reason: str
) -> None:
    online = catalogue.indicator("online_dossiers")
    assert online.definition is not None
    changed = dataclasses.replace(
        online, definition=dataclasses.replace(online.definition, numerator=numerator)
    )
    with pytest.raises(PlanError, match="online_dossiers") as refused:
        compile_source(catalogue, Source.DOSSIERS, TABLES[Source.DOSSIERS].name, [changed])
    assert reason in refused.value.message
