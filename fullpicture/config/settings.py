"""FullPicture settings. Every value that differs between machines comes from the
environment (see .env.example); the defaults are the safe ones for a laptop."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from fullpicture.config.env import env_bool, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(env_str("FULLPICTURE_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "static").mkdir(exist_ok=True)  # WhiteNoise warns when STATIC_ROOT is missing

DEBUG = env_bool("DJANGO_DEBUG", False)
_DEV_SECRET = "insecure-development-key-never-use-in-production"
SECRET_KEY = env_str("DJANGO_SECRET_KEY", _DEV_SECRET)
if not DEBUG and SECRET_KEY == _DEV_SECRET and env_bool("FULLPICTURE_PRODUCTION", False):
    raise ImproperlyConfigured("Production refuses to start without DJANGO_SECRET_KEY.")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "fullpicture.core",
    "fullpicture.people",
    "fullpicture.chronology",
    "fullpicture.ingest",
    "fullpicture.linkage",
    "fullpicture.checks",
    "fullpicture.network",
    "fullpicture.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "fullpicture.config.urls"
WSGI_APPLICATION = "fullpicture.config.wsgi.application"

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
            "builtins": ["fullpicture.core.templatetags.fp"],
        },
    }
]

# SQLite is the embedded default so that `make run` works on a bare machine;
# DATABASE_URL selects PostgreSQL (production, and CI runs the suite on both).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'fullpicture.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the page keep reading while an import writes; IMMEDIATE avoids
    # "database is locked" when two writers start transactions together.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# Each request runs in one transaction: the audit row of a read commits with
# the read, and a failed audit write means the page is not shown.
DATABASES["default"]["ATOMIC_REQUESTS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "people:search"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("FULLPICTURE_SECURE_COOKIES", False)

# An import links its new records to everyone known (Splink, ADR 0005). Each run pays a
# few seconds of start-up, so the demo turns it off per extract and links once at the end;
# tests of other things turn it off (tests/conftest.py).
FULLPICTURE_LINK_ON_IMPORT = env_bool("FULLPICTURE_LINK_ON_IMPORT", True)

# The most memory DuckDB may hold for the learning checks' snapshot (a DuckDB size,
# "3GB"); past it, it spills to a temporary folder. With 3GB, the whole population of
# the benchmark (10,000,000 events) stays under 4 GB of memory in all (bench/README.md).
FULLPICTURE_CHECKS_MEMORY_LIMIT = env_str("FULLPICTURE_CHECKS_MEMORY_LIMIT", "3GB")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("FULLPICTURE_LOG_LEVEL", "WARNING")},
}
