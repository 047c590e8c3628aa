"""What the commands open in a home: the application database (units, targets, audit) through
the web app's services, and the facts store. Django is set up only by commands that need it."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from chitieu.catalog import Catalogue, load_catalogue
from chitieu.domain import OrgUnit
from chitieu.errors import ChitieuError
from chitieu.facts.postgres import PostgresStore, database_url
from chitieu.facts.store import SCRATCH_DIR, FactsStore, open_store, store_exists


def use_app_database(home: Path) -> None:
    """Point this process's Django at the home's application database (created if new)."""
    from chitieu.app.bootstrap import use_home  # noqa: PLC0415 — Django only when needed

    use_home(home)


def units_of(home: Path) -> list[OrgUnit]:
    """The home's stored unit tree (empty when none was built or loaded)."""
    use_app_database(home)
    from chitieu.app.orgunits.services import all_units  # noqa: PLC0415

    return all_units()


def require_units(home: Path) -> list[OrgUnit]:
    """The home's units; a clear error when the home has none yet."""
    units = units_of(home)
    if not units:
        raise ChitieuError(
            f"Thư mục dữ liệu {home} chưa có cây đơn vị; hãy chạy trước "
            "«chitieu units build --province TÊN --structure legacy|2025» hoặc «chitieu units load TỆP.csv»"
        )
    return units


@cache
def catalogue() -> Catalogue:
    """The built-in indicator catalogue."""
    return load_catalogue()


@contextmanager
def facts_of(home: Path) -> Iterator[FactsStore]:
    """The facts store, closed afterwards: PostgreSQL when ``DATABASE_URL`` names a server,
    else the home's DuckDB file."""
    url = database_url()
    store: FactsStore = (
        open_store(home)
        if url is None
        else PostgresStore(url, scratch=home.resolve() / SCRATCH_DIR)
    )
    try:
        yield store
    finally:
        store.close()


def has_facts(home: Path) -> bool:
    """Whether there is a facts store to read: always on a server, else once the home's file
    exists."""
    return database_url() is not None or store_exists(home)


def creates_facts(home: Path) -> bool:
    """Whether opening the facts store would create the home's DuckDB file (a refused import
    then removes it again, so that the home is left as it was)."""
    return not has_facts(home)


def actor() -> str:
    """Who makes a change from the command line, for the audit trail and import history."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"cli:{user}"
