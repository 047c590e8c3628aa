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
# `chitieu web --production`: secure cookies and headers behind a real WSGI server.
PRODUCTION = os.environ.get("CHITIEU_PRODUCTION") == "1"
ALLOWED_HOSTS = os.environ.get("CHITIEU_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "ninja",
    "chitieu.app.audit",
    "chitieu.app.orgunits",
    "chitieu.app.targets",
    "chitieu.app.accounts",
    "chitieu.app.dashboard",
    "chitieu.app.api",
    "chitieu.app.reports",
    "chitieu.app.data",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "chitieu.app.language.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Every page needs a signed-in account, except the sign-in page itself; the API has its tokens.
    "chitieu.app.accounts.middleware.PagesLoginRequiredMiddleware",
    "chitieu.app.dashboard.access.AccessMiddleware",
    # Last, as django-axes asks: it locks an address/user out after repeated failed sign-ins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:overview"
LOGOUT_REDIRECT_URL = "accounts:login"

ROOT_URLCONF = "chitieu.app.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# Served from the home's machine, never a CDN: government networks are often offline.
STATIC_URL = "static/"
STATICFILES_DIRS = [Path(__file__).parent / "static"]
# Collected by `chitieu web --production` (WhiteNoise serves the package's own files otherwise).
STATIC_ROOT = HOME / "static" if PRODUCTION else None
# WhiteNoise serves the files from the package itself in development and from STATIC_ROOT
# (collected, compressed, hashed) in production.
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

DATABASES = {
    "default": database_from_url(os.environ.get("DATABASE_URL"), HOME / "chitieu.sqlite3"),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [Path(__file__).parent / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

SESSION_COOKIE_AGE = 8 * 3600  # a working day
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    DEBUG = False
    SESSION_COOKIE_SECURE = os.environ.get("CHITIEU_HTTPS", "1") == "1"
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_REFERRER_POLICY = "same-origin"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Writes through the API (POST /api/v1/dossiers) a token may make a minute; 0: no limit. Kept in
# Django's cache (in memory, per process, unless CACHES names a shared one).
API_WRITE_RATE_LIMIT = int(os.environ.get("CHITIEU_API_WRITE_RATE_LIMIT", "30"))

# The largest target decision the import page takes (a decision is some tens of kB; its annex
# as a workbook a few hundred).
DECISION_UPLOAD_MAX_BYTES = int(os.environ.get("CHITIEU_DECISION_UPLOAD_MAX_BYTES", "5242880"))

# The largest evidence file the manual entry page takes (a scanned report of a few pages).
EVIDENCE_MAX_BYTES = int(os.environ.get("CHITIEU_EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024)))
