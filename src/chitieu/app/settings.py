"""Django settings. The home (``$CHITIEU_HOME``) holds the SQLite database and the secret key;
``DATABASE_URL`` selects PostgreSQL for a multi-user server."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from chitieu.app.database import database_from_url

HOME = Path(os.environ.get("CHITIEU_HOME", "var")).resolve()


def _secret_key() -> str:
    if key := os.environ.get("CHITIEU_SECRET_KEY"):
        return key
    path = HOME / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    HOME.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key, encoding="utf-8")
    path.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("CHITIEU_DEBUG") == "1"
ALLOWED_HOSTS = os.environ.get("CHITIEU_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "chitieu.app.audit",
    "chitieu.app.orgunits",
    "chitieu.app.targets",
]

DATABASES = {
    "default": database_from_url(os.environ.get("DATABASE_URL"), HOME / "chitieu.sqlite3"),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "vi"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
