"""Settings shared by every environment; configured by environment variables (DESIGN.md)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.settings.storage import s3_storage

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


REMISS_ENV = os.environ.get("REMISS_ENV", "dev")
DATA_DIR = Path(os.environ.get("REMISS_DATA_DIR", BASE_DIR / "data")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "health_check",
    "remiss.core",
    "remiss.accounts",
    "remiss.organisations",
    "remiss.cases",
    "remiss.referrals",
    "remiss.meetings",
    "remiss.consultations",
    "remiss.documents",
    "remiss.search",
    "remiss.demo",
    "remiss.api",
]

MIDDLEWARE = [
    "remiss.core.metrics.RequestMetrics",  # first: it times everything below it
    "remiss.core.logging.RequestIdMiddleware",  # the id every log line of the request carries
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "remiss.core.sessions.IdleTimeoutMiddleware",
    "remiss.core.middleware.FriendlyNotFound",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers locked-out log-in attempts.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "remiss.core.context_processors.navigation",
            ],
        },
    },
]


def database_config() -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'remiss.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=0)
    if config["ENGINE"] == "django.db.backends.postgresql":
        # A connection kept for a minute per thread (REMISS_DB_CONN_MAX_AGE seconds), checked
        # before each request reuses it: no new connection per request, none used broken.
        config["CONN_MAX_AGE"] = int(os.environ.get("REMISS_DB_CONN_MAX_AGE", "60"))
        config["CONN_HEALTH_CHECKS"] = True
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers run beside the single writer; IMMEDIATE takes the write lock at BEGIN,
        # so concurrent writers queue on busy_timeout instead of failing with "database is locked".
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    return dict(config)


DATABASES = {"default": database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # throttles failed log-ins
    "django.contrib.auth.backends.ModelBackend",
]
# Single sign-on with OpenID Connect, when REMISS_OIDC_CLIENT_ID is set (docs/security.md). The
# provider authenticates; Remiss authorises: only an existing, active user with the same
# e-mail address is logged in, with the role and organisation an administrator gave them.
OIDC_ENABLED = bool(os.environ.get("REMISS_OIDC_CLIENT_ID"))
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("remiss.accounts.oidc.ExistingUsersOnly")
    OIDC_RP_CLIENT_ID = os.environ["REMISS_OIDC_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = os.environ.get("REMISS_OIDC_CLIENT_SECRET", "")
    OIDC_RP_SIGN_ALGO = os.environ.get("REMISS_OIDC_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = "openid email profile"
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["REMISS_OIDC_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["REMISS_OIDC_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ["REMISS_OIDC_USER_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("REMISS_OIDC_JWKS_ENDPOINT", "")
    OIDC_CREATE_USER = False
    OIDC_CALLBACK_CLASS = "remiss.accounts.oidc.Callback"
    OIDC_USE_PKCE = True
    LOGIN_REDIRECT_URL_FAILURE = "/logga-in/?sso=misslyckades"

# Five failed log-ins for one user name from one address lock them out for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("REMISS_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
# And one address, whatever the user names, after this many failures (password spraying).
AXES_HANDLER = "remiss.accounts.throttle.AddressThrottledHandler"
REMISS_LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("REMISS_LOGIN_FAILURES_PER_ADDRESS", "50"))
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]

# Stored files of records, by content hash (remiss.cases.files): the folder FILES_DIR, or a bucket
# on S3-compatible object storage when REMISS_S3_BUCKET names one (docs/deploy.md). Uploads are
# staged in FILES_DIR/.pending on each machine either way.
FILES_DIR = DATA_DIR / "files"
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if (files_storage := s3_storage(os.environ)) is not None:
    STORAGES["files"] = files_storage
MAX_UPLOAD_BYTES = int(os.environ.get("REMISS_MAX_UPLOAD_MB", "50")) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# What one reply link may bring (issue 13.7): files and megabytes in all, uploads an hour.
REMISS_LINK_MAX_FILES = int(os.environ.get("REMISS_LINK_MAX_FILES", "20"))
REMISS_LINK_MAX_BYTES = int(os.environ.get("REMISS_LINK_MAX_MB", "200")) * 1024 * 1024
REMISS_LINK_UPLOADS_PER_HOUR = int(os.environ.get("REMISS_LINK_UPLOADS_PER_HOUR", "10"))
# Posts to reply-link pages from one address within an hour, across every link (a flood from
# one machine through many links); high, for a body's many officials share one address.
REMISS_LINK_POSTS_PER_ADDRESS = int(os.environ.get("REMISS_LINK_POSTS_PER_ADDRESS", "60"))
# A compilation of more counted replies than this is typeset as Word or PDF in the background.
REMISS_EXPORT_REPLIES_IN_REQUEST = int(os.environ.get("REMISS_EXPORT_REPLIES_IN_REQUEST", "200"))
# Seconds a file probe (e.g. opening a PDF) may run in its child process.
FILE_PROBE_TIMEOUT = int(os.environ.get("REMISS_FILE_PROBE_TIMEOUT", "20"))

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# No inline scripts or styles anywhere: every page works under this policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
# A session ends after REMISS_SESSION_IDLE_MINUTES without a request (remiss.core.sessions),
# and in any case REMISS_SESSION_HOURS after the log-in.
SESSION_IDLE_SECONDS = int(os.environ.get("REMISS_SESSION_IDLE_MINUTES", "60")) * 60
SESSION_COOKIE_AGE = int(os.environ.get("REMISS_SESSION_HOURS", "10")) * 3600
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# One JSON object per line in production (REMISS_LOG_FORMAT=json|text to choose), each with the
# id of the request or task it belongs to; reply-link tokens and personal identity numbers are
# masked before any handler writes (remiss.core.logging).
_LOG_FORMAT = os.environ.get("REMISS_LOG_FORMAT", "json" if REMISS_ENV == "production" else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_secrets": {"()": "remiss.core.logging.RedactSecrets"},
        "request_id": {"()": "remiss.core.logging.RequestIdFilter"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "{asctime}{levelname}{name}{message}{request_id}",
            "style": "{",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "json_ensure_ascii": False,
        },
        "text": {"format": "{levelname} {name} [{request_id}] {message}", "style": "{"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["redact_secrets", "request_id"],
            "formatter": "json" if _LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("REMISS_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # They log the path of every 4xx/5xx answer: reply-link tokens are cut out first.
        "django.request": {"filters": ["redact_secrets"]},
        "django.server": {"filters": ["redact_secrets"]},
        # The document tools narrate every step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
    },
}

# E-mail: through SMTP when EMAIL_HOST is set; otherwise written to the console (development).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 30
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "remiss@localhost")
# The address of this installation, for links in e-mails (reply links).
REMISS_BASE_URL = os.environ.get("REMISS_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# A reply link stays valid until the deadline plus this many days.
REMISS_REPLY_LINK_GRACE_DAYS = int(os.environ.get("REMISS_REPLY_LINK_GRACE_DAYS", "14"))
# A reply sent by e-mail is tried this many times, first again after this many minutes, then
# after twice as long each time (remiss.documents.delivery).
REMISS_DELIVERY_ATTEMPTS = int(os.environ.get("REMISS_DELIVERY_ATTEMPTS", "5"))
REMISS_DELIVERY_RETRY_MINUTES = int(os.environ.get("REMISS_DELIVERY_RETRY_MINUTES", "10"))
# Django's technical "Page not found" with the URL patterns, for a developer who wants it.
REMISS_TECHNICAL_404 = env_bool("REMISS_TECHNICAL_404", False)
# Operations (README, "The remiss command"): /metrics answers only a request that carries this
# bearer token (off when empty); /ready wants a task worker seen within this many seconds.
REMISS_METRICS_TOKEN = os.environ.get("REMISS_METRICS_TOKEN", "")
# Where the accessibility statement (/tillganglighet/) tells people to write; without it, the
# statement refers them to the registry of the organisation running the installation.
REMISS_ACCESSIBILITY_CONTACT = os.environ.get("REMISS_ACCESSIBILITY_CONTACT", "")
REMISS_WORKER_STALE_SECONDS = float(os.environ.get("REMISS_WORKER_STALE_SECONDS", "30"))
# Extract every stored file's text for search in the background (docs/search.md).
REMISS_SEARCH_FILE_TEXT = env_bool("REMISS_SEARCH_FILE_TEXT", True)

# The mailbox replies by e-mail come to (`remiss mail fetch`, issue 15 §3; docs/mail.md): the
# organisation whose referrals they answer, and its IMAP account (or a Maildir folder).
REMISS_MAIL_ORGANISATION = os.environ.get("REMISS_MAIL_ORGANISATION", "")
REMISS_MAIL_IMAP_HOST = os.environ.get("REMISS_MAIL_IMAP_HOST", "")
REMISS_MAIL_IMAP_PORT = int(os.environ.get("REMISS_MAIL_IMAP_PORT", "993"))
REMISS_MAIL_IMAP_USER = os.environ.get("REMISS_MAIL_IMAP_USER", "")
REMISS_MAIL_IMAP_PASSWORD = os.environ.get("REMISS_MAIL_IMAP_PASSWORD", "")
REMISS_MAIL_IMAP_FOLDER = os.environ.get("REMISS_MAIL_IMAP_FOLDER", "INBOX")
REMISS_MAIL_IMAP_SECURITY = os.environ.get("REMISS_MAIL_IMAP_SECURITY", "ssl")
REMISS_MAIL_MAILDIR = os.environ.get("REMISS_MAIL_MAILDIR", "")
# How long a body may report a misreading of its reply after the compilation is published.
REMISS_FEEDBACK_DAYS = int(os.environ.get("REMISS_FEEDBACK_DAYS", "30"))
# Archive packages carry a PDF/A rendition of each file that is not one (OCRmyPDF for PDF, a text
# version for Word, e-mail and the like; docs/archive.md). Off only in the suite, for speed.
REMISS_ARCHIVE_PDFA = env_bool("REMISS_ARCHIVE_PDFA", True)
