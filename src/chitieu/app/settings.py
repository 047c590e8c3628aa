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
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "chitieu.app.audit",
    "chitieu.app.orgunits",
    "chitieu.app.targets",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "chitieu.app.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Served from the home's machine, never a CDN: government networks are often offline.
STATIC_URL = "static/"

DATABASES = {
    "default": database_from_url(os.environ.get("DATABASE_URL"), HOME / "chitieu.sqlite3"),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "vi"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
