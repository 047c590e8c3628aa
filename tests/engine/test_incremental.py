"""Incremental compute on every engine: after appended and replaced batches only the changes are
scanned, and the values are exactly those of a full compute; a compute that dies half-way leaves
the previous values (and partial aggregates) intact."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from chitieu.catalog import Catalogue
from chitieu.domain import Source
from chitieu.engine import Engine
from chitieu.engine import compute as compute_module
from chitieu.engine.compute import Mode
from chitieu.engine.values import VALUES_TABLE
from tests.engine import reference
from tests.engine.conftest import MakeHarness
from tests.engine.harness import YEAR, Harness
from tests.engine.world import (
    COPIES,
    PROCEDURES,
    TREE,
    procedure_rows,
    random_dossier,
    random_world,
)

BATCH_1 = """
dossier_code,unit_code,channel,received_at,due_at,finished_at,status,e_result,rating
M1,T.SA,online,2024-01-05T08:00:00,2024-01-20T17:00:00,2024-01-10T10:00:00,9,1,5
M2,H1.PTP,counter,2024-02-05T08:00:00,2024-02-20T17:00:00,2024-03-10T10:00:00,10,0,2
M3,X1,online,2024-03-05T08:00:00,,,4,0,
"""
BATCH_2 = """
dossier_code,unit_code,channel,received_at,due_at,finished_at,status,e_result,rating
M2,H1.PTP,online,2024-02-05T08:00:00,2024-02-20T17:00:00,2024-02-10T10:00:00,9,1,4
M4,H1,online,2024-05-05T08:00:00,2024-05-20T17:00:00,2024-05-10T10:00:00,9,1,
"""
"""M2 replaced (counter → online, finished a month earlier), M4 appended."""

TOTAL = ("T", "online_dossiers", "year", "2024", "subtree")


def _first_batch(harness: Harness) -> None:
    harness.ingest(Source.PROCEDURES, PROCEDURES)
    harness.ingest(Source.DOSSIERS, BATCH_1)
    assert harness.compute().modes["dossiers"] is Mode.FULL


def test_an_appended_and_replacing_batch_is_computed_from_its_changes(
    harness_on: MakeHarness,
) -> None:
    harness = harness_on(TREE)
    _first_batch(harness)
    assert harness.values()[TOTAL] == (2, 3)
    harness.ingest(Source.DOSSIERS, BATCH_2)
    report = harness.compute()
    assert report.modes == {
        "dossiers": Mode.INCREMENTAL,
        "procedures": Mode.UNCHANGED,
        "publications": Mode.UNCHANGED,
        "feedback": Mode.UNCHANGED,
    }
    incremental = harness.values()
    # 4 dossiers, all online now; M2's old version no longer counts anywhere.
    assert incremental[TOTAL] == (4, 4)
    assert incremental[("H1.PTP", "e_results", "month", "2024-03", "own")] == (0, 0)
    assert incremental[("H1.PTP", "e_results", "month", "2024-02", "own")] == (1, 1)
    assert harness.compute().modes["dossiers"] is Mode.UNCHANGED
    assert harness.compute(full=True).modes["dossiers"] is Mode.FULL
    assert harness.values() == incremental


def _replaced(rng: random.Random, rows: list[dict[str, Any]], units: Any) -> list[dict[str, Any]]:
    """New versions of some earlier dossiers: another unit, status, moments."""
    chosen = rng.sample(range(len(rows)), len(rows) // 3)
    return [random_dossier(rng, rows[i]["dossier_code"], units) for i in chosen]


def test_random_batches_incremental_equals_full_and_the_rules(harness_on: MakeHarness) -> None:
    units, rows = random_world(seed=7, provinces=2, dossiers=600)
    rng = random.Random(8)
    harness = harness_on(units)
    harness.upsert(Source.PROCEDURES, procedure_rows(units))
    harness.upsert(Source.DOSSIERS, rows[:300])
    assert harness.compute().modes["dossiers"] is Mode.FULL
    batches = [rows[300:500] + _replaced(rng, rows[:300], units), rows[500:]]
    for batch in batches:
        harness.upsert(Source.DOSSIERS, batch)
        assert harness.compute().modes["dossiers"] is Mode.INCREMENTAL
    incremental = harness.values()
    final: dict[str, dict[str, Any]] = {}
    for row in [*rows[:300], *batches[0], *batches[1]]:
        final[row["dossier_code"]] = row
    expected = reference.values(list(final.values()), units, COPIES, YEAR)
    got = {
        key: (int(n), int(d))
        for key, (n, d) in incremental.items()
        if d and key[1] in reference.INDICATORS
    }
    assert got == expected
    harness.compute(full=True)
    assert harness.values() == incremental


# What follows is the store's bookkeeping, the same whatever executes the SQL: Spark, which only
# executes, would add minutes and nothing new.
STORES = pytest.mark.parametrize("engine", [Engine.DUCKDB, Engine.POSTGRES])


@STORES
def test_a_procedure_change_recomputes_dossiers_in_full(harness_on: MakeHarness) -> None:
    harness = harness_on(TREE)
    harness.ingest(Source.PROCEDURES, PROCEDURES)
    harness.ingest(Source.DOSSIERS, "dossier_code,procedure_code,unit_code,channel,received_at,"
                   "finished_at,status,e_result\nK1,CC1,X1,counter,2024-10-01T08:00:00,"
                   "2024-10-01T09:00:00,10,1")  # fmt: skip
    harness.compute()
    copies = ("X1", "e_certified_copies", "year", "2024", "own")
    assert harness.values()[copies] == (1, 1)
    # CC1 is no longer a copy certification: the dossiers' partials must be recomputed.
    harness.ingest(Source.PROCEDURES, PROCEDURES.replace("partial,1", "partial,0"))
    report = harness.compute()
    assert report.modes["dossiers"] is Mode.FULL
    assert report.modes["procedures"] is Mode.INCREMENTAL
    assert harness.values()[copies] == (0, 0)


@STORES
def test_a_changed_definition_recomputes_in_full(
    harness_on: MakeHarness, catalogue: Catalogue
) -> None:
    import dataclasses

    harness = harness_on(TREE)
    _first_batch(harness)
    online = catalogue.indicator("online_dossiers")
    assert online.definition is not None
    changed = dataclasses.replace(
        online,
        definition=dataclasses.replace(
            online.definition, numerator="received(P) AND channel IN ('online', 'postal')"
        ),
    )
    harness.catalogue = dataclasses.replace(
        catalogue,
        indicators=tuple(changed if i.code == online.code else i for i in catalogue.indicators),
    )
    assert harness.compute().modes["dossiers"] is Mode.FULL


class InjectedError(RuntimeError):
    """A failure injected half-way through a compute."""


@STORES
def test_a_compute_failing_half_way_leaves_everything_as_it_was(
    harness_on: MakeHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    harness = harness_on(TREE)
    _first_batch(harness)
    before = harness.values()
    partials = harness.backend.rows("SELECT * FROM partials_dossiers_2024 ORDER BY 1, 2, 3, 4, 5")
    harness.ingest(Source.DOSSIERS, BATCH_2)
    original = compute_module._store_values

    def fail_after_writing(*args: Any, **kwargs: Any) -> None:
        original(*args, **kwargs)  # the new values and partials are written, not committed
        raise InjectedError

    monkeypatch.setattr(compute_module, "_store_values", fail_after_writing)
    with pytest.raises(InjectedError):
        harness.compute()
    assert harness.values() == before
    assert (
        harness.backend.rows("SELECT * FROM partials_dossiers_2024 ORDER BY 1, 2, 3, 4, 5")
        == partials
    )
    monkeypatch.undo()
    assert harness.compute().modes["dossiers"] is Mode.INCREMENTAL
    assert harness.values()[TOTAL] == (4, 4)


KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from chitieu.catalog import load_catalogue
    from chitieu.engine import compute as module
    from chitieu.engine.backends import DuckDBBackend, PostgresBackend
    from chitieu.facts.postgres import PostgresFacts, connect
    from chitieu.facts.store import DuckDBStore
    from tests.engine.world import TREE

    def die(*args, **kwargs):
        # Everything is written, nothing committed yet: the process dies here, as on a crash.
        os.kill(os.getpid(), signal.SIGKILL)

    module._prune_changes = die
    engine, where, schema = sys.argv[1:4]
    if engine == "postgres":
        backend = PostgresBackend(PostgresFacts(connect(where), schema=schema).connection)
    else:
        backend = DuckDBBackend(DuckDBStore(Path(where)).connection)
    module.compute(backend, units=TREE, catalogue=load_catalogue(), year=2024)
    """
)


@STORES
def test_a_compute_killed_half_way_leaves_the_previous_values(
    harness_on: MakeHarness, request: pytest.FixtureRequest
) -> None:
    harness = harness_on(TREE)
    _first_batch(harness)
    before = harness.values()
    harness.ingest(Source.DOSSIERS, BATCH_2)
    if harness.postgres is not None:
        where, schema = request.getfixturevalue("postgres_url"), str(harness.postgres.schema)
    else:
        where, schema = str(harness.store.path), "-"
        harness.store.close()
    root = Path(__file__).resolve().parents[2]
    killed = subprocess.run(
        [sys.executable, "-c", KILLER, harness.engine, where, schema],
        cwd=root,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(root), *sys.path])},
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert killed.returncode == -9, killed.stderr.decode()
    if harness.postgres is None:
        harness.reopen()
    assert harness.values() == before
    assert harness.backend.value(f"SELECT count(*) FROM {VALUES_TABLE}") == len(before)
    # The next compute catches up with the second batch, from its changes.
    assert harness.compute().modes["dossiers"] is Mode.INCREMENTAL
    assert harness.values()[TOTAL] == (4, 4)
