"""Production (REMISS_ENV=production): refuses to start on a setting that would be unsafe there
(docs/security.md, "Production defaults")."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATA_DIR, EMAIL_HOST, SECRET_KEY, STORAGES, env_bool


def _refuse(swedish: str, english: str) -> None:
    raise ImproperlyConfigured(f"{swedish} / {english}")


# deploy/remiss.env.example marks every value to replace with "change-me".
_unchanged = sorted(name for name, value in os.environ.items() if value.startswith("change-me"))
if _unchanged:
    _refuse(
        f"Ersätt exempelvärdena i {', '.join(_unchanged)} (deploy/remiss.env.example).",
        f"Replace the examples given for {', '.join(_unchanged)} (deploy/remiss.env.example).",
    )
if not os.environ.get("SECRET_KEY") or SECRET_KEY.startswith("dev-only"):
    _refuse(
        "SECRET_KEY måste anges i produktion.", "SECRET_KEY must be set when REMISS_ENV=production."
    )
# Django's own measure of a key too weak to sign sessions and reply links (check --deploy).
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    _refuse(
        "SECRET_KEY är för kort: minst 50 tecken, t.ex. från "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`.",
        "SECRET_KEY is too short: at least 50 characters with 5 different ones.",
    )
# Without a mail server the console backend would print log-in and reply links to the log.
if not EMAIL_HOST:
    _refuse(
        "EMAIL_HOST måste anges i produktion (e-post skrivs annars till loggen, med länkar).",
        "EMAIL_HOST must be set in production (otherwise e-mail, links included, goes to the log).",
    )
# The key that signs the audit checkpoints lives outside the data folder and its checkpoint
# log: given as REMISS_AUDIT_KEY, or as a file (REMISS_AUDIT_KEY_FILE) kept elsewhere.
_audit_key_file = os.environ.get("REMISS_AUDIT_KEY_FILE")
if not os.environ.get("REMISS_AUDIT_KEY") and not _audit_key_file:
    _refuse(
        "REMISS_AUDIT_KEY eller REMISS_AUDIT_KEY_FILE måste anges i produktion.",
        "REMISS_AUDIT_KEY or REMISS_AUDIT_KEY_FILE must be set in production.",
    )
if _audit_key_file and Path(_audit_key_file).resolve().is_relative_to(DATA_DIR):
    _refuse(
        "REMISS_AUDIT_KEY_FILE får inte ligga i datamappen, bredvid kontrollpunkterna.",
        "REMISS_AUDIT_KEY_FILE must not be in the data folder, beside the checkpoints.",
    )

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = os.environ.get("REMISS_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Behind a TLS-terminating proxy (REMISS_BEHIND_TLS_PROXY=1): trust its X-Forwarded-Proto, and
# the origins it serves (CSRF_TRUSTED_ORIGINS, e.g. https://remiss.kommun.se).
if env_bool("REMISS_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [
    origin for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if origin
]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
