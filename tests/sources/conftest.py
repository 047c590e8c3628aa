"""Fixtures of the import tests: a small unit tree, a demo year written for it, a fresh store."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from chitieu.catalog import Catalogue, load_catalogue
from chitieu.decisions import read_decision
from chitieu.demo import DemoSummary, generate_demo
from chitieu.domain import OrgUnit
from chitieu.facts import DuckDBStore, open_store
from chitieu.units import write_units_csv
from tests.cli.conftest import run  # noqa: F401 — the command-line fixture, for these tests too
from tests.conftest import BUNDLED_DECISION
from tests.demo.trees import small_tree

DEMO_DOSSIERS = 2_000


@pytest.fixture(scope="session")
def units() -> list[OrgUnit]:
    """A legacy tree: root ``70``, 5 departments, 3 districts of 3 divisions, 30 communes."""
    return small_tree()


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    """The built-in indicator catalogue."""
    return load_catalogue()


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory, units: list[OrgUnit]) -> DemoSummary:
    """A demo year of 2,000 dossiers (and every side file) for the small tree."""
    target_set = read_decision(BUNDLED_DECISION).target_set
    out = tmp_path_factory.mktemp("demo")
    return generate_demo(units, target_set, dossiers=DEMO_DOSSIERS, seed=7, out=out)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[DuckDBStore]:
    """A fresh facts store in a temporary home."""
    with open_store(tmp_path / "home") as opened:
        yield opened


@pytest.fixture(scope="session")
def units_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home holding only the small unit tree, loaded through ``units load``; copied per test."""
    import sys

    from chitieu.cli import main
    from tests.demo.trees import small_tree

    home = tmp_path_factory.mktemp("units-home")
    listing = home.parent / "units.csv"
    write_units_csv(small_tree(), listing)
    argv = sys.argv
    sys.argv = ["chitieu", "units", "load", str(listing), "--home", str(home)]
    code = 0
    try:
        main()
    except SystemExit as done:
        code = int(done.code or 0)
    finally:
        sys.argv = argv
    assert code == 0
    return home


@pytest.fixture
def home(units_home: Path, tmp_path: Path) -> Path:
    """A fresh copy of the home with units and no facts yet."""
    copy = tmp_path / "home"
    shutil.copytree(units_home, copy)
    return copy
