"""The engines of the shared suite: DuckDB always; PostgreSQL and Spark where reachable.

An engine that is not available is skipped with its reason, except under ``CI=true``, where it
fails: the suite must run on all three there.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from chitieu.catalog import Catalogue, load_catalogue
from chitieu.domain import OrgUnit
from chitieu.engine import Engine
from chitieu.engine.backends import Backend, SparkBackend, spark_session
from chitieu.errors import ChitieuError
from chitieu.facts.postgres import connect
from tests.cli.conftest import run
from tests.engine.harness import ENGINES, Harness

__all__ = ["run"]

POSTGRES_URL = os.environ.get("CHITIEU_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")

MakeHarness = Callable[[Sequence[OrgUnit]], Harness]


def unavailable(reason: str) -> None:
    """Skip, or fail under CI."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: every engine must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    """The built-in catalogue."""
    return load_catalogue()


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The test server's URL, once it answers."""
    try:
        connect(POSTGRES_URL).close()
    except ChitieuError as error:
        unavailable(f"PostgreSQL không truy cập được tại {POSTGRES_URL}: {error.message}")
    return POSTGRES_URL


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkBackend]:
    """One local Spark session for the whole run (it takes seconds to start)."""
    if shutil.which("java") is None:
        unavailable("Spark cần Java: không tìm thấy java")
    try:
        import pyspark  # noqa: F401
    except ImportError:
        unavailable("chưa cài pyspark")
    try:
        session = spark_session("local[2]")
    except ChitieuError as error:
        unavailable(error.message)
    yield SparkBackend(session)
    session.stop()


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> Engine:
    """Each engine in turn."""
    return Engine(request.param)


def make_harness(
    request: pytest.FixtureRequest, engine: Engine, folder: Path, catalogue: Catalogue
) -> Callable[[Sequence[OrgUnit]], Harness]:
    """A factory of harnesses on ``engine``, closed at the end of the requesting scope."""
    executor: Backend | None = None
    url: str | None = None
    if engine is Engine.SPARK:
        executor = request.getfixturevalue("spark")
    elif engine is Engine.POSTGRES:
        url = request.getfixturevalue("postgres_url")
    made: list[Harness] = []

    def factory(units: Sequence[OrgUnit]) -> Harness:
        sub = folder / f"h{len(made)}"
        sub.mkdir(parents=True)
        harness = Harness(engine, sub, units, catalogue, executor=executor, postgres_url=url)
        made.append(harness)
        return harness

    def close() -> None:
        for harness in made:
            harness.close()

    request.addfinalizer(close)
    return factory


@pytest.fixture
def harness_on(
    request: pytest.FixtureRequest, engine: Engine, tmp_path: Path, catalogue: Catalogue
) -> MakeHarness:
    """Harnesses on the test's engine."""
    return make_harness(request, engine, tmp_path, catalogue)
