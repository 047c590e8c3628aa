"""The shared suite: every hand-computed case (``cases/*.toml``) on DuckDB, PostgreSQL and Spark,
and a random world checked against the plain-Python rules — the engines agree to the last count.
"""

from __future__ import annotations

import pytest

from chitieu.catalog import Catalogue
from chitieu.domain import Source
from chitieu.engine import Engine
from tests.engine import reference
from tests.engine.conftest import make_harness
from tests.engine.harness import ENGINES, YEAR, Harness, Key
from tests.engine.world import (
    COPIES,
    combined,
    expectations,
    load_cases,
    procedure_rows,
    random_world,
)

CASES = load_cases()


@pytest.fixture(scope="module", params=ENGINES)
def computed(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    catalogue: Catalogue,
) -> tuple[str, dict[Key, tuple[float, float]]]:
    """Every case imported and computed once per engine: the engine and its stored values."""
    engine = Engine(request.param)
    folder = tmp_path_factory.mktemp(f"cases-{engine}")
    units, files = combined(CASES)
    harness: Harness = make_harness(request, engine, folder, catalogue)(units)
    for source, text in files.items():
        harness.ingest(source, text)
    harness.compute()
    return engine, harness.values()


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c.id for c in CASES])
def test_hand_computed_case(
    index: int, computed: tuple[str, dict[Key, tuple[float, float]]]
) -> None:
    engine, stored = computed
    case = CASES[index]
    for expected in expectations(index, case):
        got = stored.get(expected.key, (0.0, 0.0))
        assert got == (expected.numerator, expected.denominator), (
            f"[{engine}] {case.why}: {' '.join(expected.key)} "
            f"{expected.numerator} {expected.denominator}"
        )


WORLD = random_world(seed=20240, provinces=6, dossiers=3000)


@pytest.fixture(scope="module")
def rules() -> dict[reference.Key, tuple[int, int]]:
    """What the plain-Python rules count in the random world."""
    units, rows = WORLD
    return reference.values(rows, units, COPIES, YEAR)


@pytest.mark.parametrize("engine", ENGINES)
def test_random_world_agrees_with_the_rules(
    engine: Engine,
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    catalogue: Catalogue,
    rules: dict[reference.Key, tuple[int, int]],
) -> None:
    units, rows = WORLD
    harness = make_harness(request, engine, tmp_path_factory.mktemp(engine), catalogue)(units)
    harness.replace_all(Source.PROCEDURES, procedure_rows(units))
    harness.replace_all(Source.DOSSIERS, rows)
    harness.compute()
    got = {
        k: (int(n), int(d))
        for k, (n, d) in harness.values().items()
        if d and k[1] in reference.INDICATORS
    }
    assert len(got) > 10_000  # the world is rich enough to mean something
    assert got == rules
