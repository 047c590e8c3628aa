"""Property: on random trees and dossiers, the engine counts exactly what a plain-Python reading
of the rules counts (``reference.py``), on DuckDB and PostgreSQL (Spark computes the seeded
random world of ``test_cases.py``: a session of its own per example would take minutes)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chitieu.catalog import Catalogue
from chitieu.domain import OrgUnit, Source
from chitieu.engine import Engine
from tests.engine import reference
from tests.engine.conftest import make_harness
from tests.engine.harness import YEAR, Harness
from tests.engine.world import BOUNDARIES, COPIES, LEVELS, procedure_rows

MOMENTS = st.one_of(
    st.datetimes(min_value=dt.datetime(2023, 11, 1), max_value=dt.datetime(2025, 2, 1)),
    # The edges the rules are about: a second before, at and after a month's first instant.
    st.builds(
        lambda b, s: b + dt.timedelta(seconds=s),
        st.sampled_from(BOUNDARIES),
        st.sampled_from([-1, 0, 1]),
    ),
)


@st.composite
def trees(draw: st.DrawFn) -> list[OrgUnit]:
    """A province with up to 7 units below it, each under an earlier one."""
    units = [OrgUnit("R", "Tỉnh", "province", None)]
    for index in range(draw(st.integers(1, 7))):
        parent = draw(st.sampled_from(units))
        level = draw(st.sampled_from(LEVELS))
        units.append(OrgUnit(f"U{index}", f"Đơn vị {index}", level, parent.code))
    return units


@st.composite
def dossiers(draw: st.DrawFn, units: list[OrgUnit]) -> dict[str, Any]:
    """A dossier consistent as the import would accept it."""
    status = draw(st.sampled_from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))
    received = draw(MOMENTS)
    due = None
    if draw(st.booleans()):
        days, hours = draw(st.integers(0, 60)), draw(st.integers(1, 23))
        due = received + dt.timedelta(days=days, hours=hours)
    finished = None
    if status in reference.ENDED:
        # Often minutes around the due instant: later on the due day is still on time.
        minutes = draw(st.sampled_from([60, 1, -1, 0, -600, None]))
        if due is not None and minutes is not None:
            finished = max(received, due + dt.timedelta(minutes=minutes))
        else:
            finished = received + draw(st.timedeltas(dt.timedelta(0), dt.timedelta(days=120)))
    return {
        "unit_code": draw(st.sampled_from(units)).code,
        "procedure_code": draw(st.sampled_from(["CC1", "P1", None])),
        "channel": draw(st.sampled_from(["counter", "online", "postal"])),
        "received_at": received,
        "due_at": due,
        "finished_at": finished,
        "status": status,
        "components_digitized": draw(st.booleans()),
        "result_digitized": draw(st.booleans()),
        "e_result": draw(st.booleans()),
        "reused_data": draw(st.booleans()),
        "fee_amount": draw(st.sampled_from([0.0, 0.0, 20000.0])),
        "paid_online": draw(st.booleans()),
        "synced_national": draw(st.booleans()),
        "rating": draw(st.one_of(st.none(), st.integers(1, 5))),
    }


@st.composite
def worlds(draw: st.DrawFn) -> tuple[list[OrgUnit], list[dict[str, Any]]]:
    """A tree and dossiers of its units, numbered."""
    units = draw(trees())
    rows = draw(st.lists(dossiers(units), max_size=40))
    return units, [{"dossier_code": f"D{i}", **row} for i, row in enumerate(rows)]


@pytest.fixture(scope="module", params=[Engine.DUCKDB, Engine.POSTGRES])
def harness(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    catalogue: Catalogue,
) -> Harness:
    """One harness per engine, reused by every example (each replaces the facts)."""
    engine = Engine(request.param)
    folder = tmp_path_factory.mktemp(f"property-{engine}")
    return make_harness(request, engine, folder, catalogue)([])


def _agrees(harness: Harness, world: tuple[list[OrgUnit], list[dict[str, Any]]]) -> None:
    units, rows = world
    harness.replace_all(Source.PROCEDURES, procedure_rows(units))
    harness.replace_all(Source.DOSSIERS, rows)
    harness.compute(units, full=True)
    expected = reference.values(rows, units, COPIES, YEAR)
    got = {
        key: (int(n), int(d))
        for key, (n, d) in harness.values().items()
        if d and key[1] in reference.INDICATORS
    }
    assert got == expected


# Fifty random worlds, each imported and computed: 4–7 s per store.
@pytest.mark.slow
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(world=worlds())
def test_engine_agrees_with_the_rules(
    harness: Harness, world: tuple[list[OrgUnit], list[dict[str, Any]]]
) -> None:
    _agrees(harness, world)


@pytest.fixture(scope="module")
def spark_harness(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    catalogue: Catalogue,
) -> Harness:
    """The Spark executor over a DuckDB store, reused by every example."""
    folder = tmp_path_factory.mktemp("property-spark")
    return make_harness(request, Engine.SPARK, folder, catalogue)([])


# Spark takes a second or two a compute: fewer random worlds, the same property.
@pytest.mark.spark
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(world=worlds())
def test_spark_agrees_with_the_rules(
    spark_harness: Harness, world: tuple[list[OrgUnit], list[dict[str, Any]]]
) -> None:
    _agrees(spark_harness, world)
