"""Fixtures of the demo's tests: the bundled target set and demos generated once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from chitieu.decisions import read_decision
from chitieu.demo import DemoSummary, generate_demo
from chitieu.domain import OrgUnit, TargetSet
from tests.demo.trees import small_tree, tree_2025

SMALL_DOSSIERS = 20_000
SEED = 2024


@pytest.fixture(scope="session")
def target_set(bundled_decision: Path) -> TargetSet:
    """Bình Phước's 2024 target set, as the bundled decision gives it."""
    return read_decision(bundled_decision).target_set


@pytest.fixture(scope="session")
def small_units() -> list[OrgUnit]:
    """A legacy tree: 5 departments, 3 districts of 3 divisions, 30 communes."""
    return small_tree()


@pytest.fixture(scope="session")
def small_demo(
    tmp_path_factory: pytest.TempPathFactory, small_units: list[OrgUnit], target_set: TargetSet
) -> DemoSummary:
    """20,000 dossiers for the small legacy tree."""
    out = tmp_path_factory.mktemp("small-demo")
    return generate_demo(small_units, target_set, dossiers=SMALL_DOSSIERS, seed=SEED, out=out)


@pytest.fixture(scope="session")
def demo_2025(tmp_path_factory: pytest.TempPathFactory, target_set: TargetSet) -> DemoSummary:
    """20,000 dossiers for a tree of the 2025 structure (no district level)."""
    out = tmp_path_factory.mktemp("demo-2025")
    return generate_demo(tree_2025(), target_set, dossiers=SMALL_DOSSIERS, seed=SEED, out=out)
