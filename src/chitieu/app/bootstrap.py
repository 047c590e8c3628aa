"""Opening a home's application database from the command line (or tests): Django is set up
once per process, pointed at the home, and its migrations applied when they are not yet."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.db.migrations.executor import MigrationExecutor

from chitieu.app.database import database_from_url


class _State:
    """The home this process's Django is pointed at (``None`` before the first ``use_home``)."""

    current: Path | None = None


def use_home(home: Path) -> None:
    """Make ``home`` the application database of this process, creating and migrating it."""
    home = home.resolve()
    if _State.current == home:
        return
    home.mkdir(parents=True, exist_ok=True)
    os.environ["CHITIEU_HOME"] = str(home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chitieu.app.settings")
    if not settings.configured or _State.current is None:
        django.setup()
    if _State.current is not None:
        # Another home in the same process (tests, scripts): point the connection at it.
        # Updated in place: Django's connection handler keeps this very dict, with its defaults.
        settings.DATABASES["default"].update(
            database_from_url(os.environ.get("DATABASE_URL"), home / "chitieu.sqlite3")
        )
        connections.close_all()
        # The handler keeps connections per context (asgiref): under a running event loop (a
        # test driving a browser) this context may never have opened one — nothing to drop.
        with contextlib.suppress(AttributeError):
            del connections["default"]
        settings.HOME = home
    _State.current = home
    _migrate()


def _migrate() -> None:
    connection = connections["default"]
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", verbosity=0, interactive=False)
