"""Serving the web application of a home: with the embedded server for one machine, or, with
``production``, behind a real WSGI server (waitress: pure Python, runs the same on Windows and
Linux servers of a provincial office) with secure settings and collected static files."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from chitieu.app.accounts.choices import DEMO_PASSWORD
from chitieu.app.home import actor, read_facts_only, require_tree, use_app_database

__all__ = ["DEMO_PASSWORD", "demo_accounts", "prepare", "serve"]

if TYPE_CHECKING:
    from chitieu.app.accounts.services import Account


def prepare(home: Path, *, host: str, production: bool) -> None:
    """Point this process at ``home`` for serving: the settings' switches (set before Django
    reads them), the database migrated, the facts store opened read-only by every page."""
    os.environ["CHITIEU_HOME"] = str(home.resolve())
    hosts = {"localhost", "127.0.0.1", host}
    if extra := os.environ.get("CHITIEU_ALLOWED_HOSTS"):
        hosts |= set(extra.split(","))
    os.environ["CHITIEU_ALLOWED_HOSTS"] = ",".join(sorted(h for h in hosts if h))
    if production:
        os.environ["CHITIEU_PRODUCTION"] = "1"
    read_facts_only(True)
    use_app_database(home)
    if production:
        from django.core.management import call_command  # noqa: PLC0415

        call_command("collectstatic", interactive=False, verbosity=0)


def serve(home: Path, *, host: str, port: int, production: bool, threads: int = 8) -> None:
    """Serve the home's web application at ``host:port`` until interrupted."""
    prepare(home, host=host, production=production)
    import waitress  # noqa: PLC0415
    from django.core.wsgi import get_wsgi_application  # noqa: PLC0415

    waitress.serve(get_wsgi_application(), host=host, port=port, threads=threads, ident="chitieu")


def demo_accounts(home: Path) -> list[Account]:
    """The demo home's accounts, created or reset (see ``accounts.services.demo_accounts``)."""
    from chitieu.app.accounts import services  # noqa: PLC0415 — Django models

    tree = require_tree(home)
    return services.demo_accounts(tree, actor=actor())
