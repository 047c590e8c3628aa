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
from chitieu.facts.store import DuckDBStore, open_store


def use_app_database(home: Path) -> None:
    """Point this process's Django at the home's application database (created if new)."""
    from chitieu.web.bootstrap import use_home  # noqa: PLC0415 — Django only when needed

    use_home(home)


def units_of(home: Path) -> list[OrgUnit]:
    """The home's stored unit tree (empty when none was built or loaded)."""
    use_app_database(home)
    from chitieu.web.orgunits.services import all_units  # noqa: PLC0415

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
def facts_of(home: Path) -> Iterator[DuckDBStore]:
    """The home's facts store, closed afterwards."""
    store = open_store(home)
    try:
        yield store
    finally:
        store.close()


def actor() -> str:
    """Who makes a change from the command line, for the audit trail and import history."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"cli:{user}"
