"""``DATABASE_URL`` → Django's database settings (SQLite by default, PostgreSQL for a server)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlparse

from chitieu.facts.postgres import DatabaseUrlError, checked_database_url


def database_from_url(url: str | None, default_sqlite: Path) -> dict[str, Any]:
    """Settings for ``sqlite:///path`` or ``postgres://user:password@host:port/name``.

    >>> database_from_url(None, Path("/h/db.sqlite3"))["ENGINE"]
    'django.db.backends.sqlite3'
    >>> database_from_url("postgres://u@127.0.0.1:5432/test", Path("x"))["NAME"]
    'test'
    """
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(default_sqlite), "OPTIONS": {}}
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": unquote(parsed.path) or str(default_sqlite),
            "OPTIONS": {},
        }
    if parsed.scheme in ("postgres", "postgresql"):
        settings: dict[str, Any] = {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
        }
        # Connection parameters after "?" (options=-csearch_path=…, sslmode=…) reach the
        # server as they do for the facts store, which hands the whole URL to psycopg.
        settings["OPTIONS"] = dict(parse_qsl(parsed.query))
        return settings
    checked_database_url(url)  # raises for every other kind
    raise DatabaseUrlError(f"DATABASE_URL không hỗ trợ kiểu «{parsed.scheme}»")
