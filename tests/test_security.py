"""Log-in throttling, security headers and the deployment check."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_failed_log_ins_are_throttled(client, registrar, settings):
    settings.AXES_FAILURE_LIMIT = 5
    url = reverse("login")
    for _ in range(4):
        response = client.post(url, {"username": "registrator", "password": "fel"})
        assert response.status_code == 200
    fifth = client.post(url, {"username": "registrator", "password": "fel"})
    assert fifth.status_code == 429  # the fifth failure locks
    locked = client.post(url, {"username": "registrator", "password": "hemligt-lösen-123"})
    assert locked.status_code == 429
    assert "För många misslyckade inloggningar" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    other = client.post(url, {"username": "någon", "password": "fel"})
    assert other.status_code == 200  # the lock is for that user name from that address


def test_a_successful_log_in_rotates_the_session(client, registrar):
    client.get(reverse("login"))
    before = client.session.session_key
    response = client.post(
        reverse("login"), {"username": "registrator", "password": "hemligt-lösen-123"}
    )
    assert response.status_code == 302
    assert client.session.session_key != before


def test_security_headers(client, registrar):
    client.force_login(registrar)
    response = client.get(reverse("start"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def production(tmp_path, **overrides: str) -> dict[str, str]:
    """The environment of a production installation as the README describes it."""
    env = {
        **os.environ,
        "REMISS_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "remiss.example.se,127.0.0.1",
        "REMISS_DATA_DIR": str(tmp_path / "data"),
        "EMAIL_HOST": "smtp.example.se",
        "REMISS_AUDIT_KEY": secrets.token_hex(32),
    }
    for name in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)  # the test run's own settings, not a deployment's
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def remiss_command(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "remiss", *args], capture_output=True, text=True, env=env,
        check=False,
    )  # fmt: skip


def test_the_deployment_check_reports_nothing(tmp_path):
    result = remiss_command(production(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("overrides", "refusal"),
    [
        ({"SECRET_KEY": "kort-nyckel-som-bara-varnades-for"}, "SECRET_KEY is too short"),
        ({"SECRET_KEY": "a" * 60}, "SECRET_KEY is too short"),
        # Without a mail server, e-mail (log-in and reply links) would go to the log.
        ({"EMAIL_HOST": ""}, "EMAIL_HOST must be set"),
        ({"REMISS_AUDIT_KEY": ""}, "REMISS_AUDIT_KEY or REMISS_AUDIT_KEY_FILE must be set"),
    ],
)
def test_production_refuses_unsafe_settings(tmp_path, overrides, refusal):
    result = remiss_command(production(tmp_path, **overrides), "check")
    assert result.returncode != 0
    assert refusal in result.stderr
    assert "måste" in result.stderr or "är för kort" in result.stderr  # Swedish too


def test_production_keeps_the_audit_key_out_of_the_data_folder(tmp_path):
    inside = str(tmp_path / "data" / "audit-checkpoint.key")
    result = remiss_command(
        production(tmp_path, REMISS_AUDIT_KEY="", REMISS_AUDIT_KEY_FILE=inside), "check"
    )
    assert result.returncode != 0
    assert "must not be in the data folder" in result.stderr
    outside = str(tmp_path / "secrets" / "audit.key")
    allowed = remiss_command(
        production(tmp_path, REMISS_AUDIT_KEY="", REMISS_AUDIT_KEY_FILE=outside), "check"
    )
    assert allowed.returncode == 0, allowed.stderr


def test_behind_a_tls_proxy_the_forwarded_scheme_is_trusted(tmp_path):
    show = "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"
    plain = remiss_command(production(tmp_path), "shell", "-c", show)
    assert plain.stdout.strip().splitlines()[-1] == "None"
    proxied = remiss_command(production(tmp_path, REMISS_BEHIND_TLS_PROXY="1"), "shell", "-c", show)
    assert proxied.stdout.strip().splitlines()[-1] == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_an_idle_session_ends(client, registrar, settings):
    settings.SESSION_IDLE_SECONDS = 3600
    client.force_login(registrar)
    assert client.get(reverse("start")).status_code == 200
    session = client.session
    session["remiss_last_seen"] = session["remiss_last_seen"] - 3601
    session.save()
    response = client.get(reverse("cases:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("start")).status_code == 302  # logged out, not just redirected


def test_an_active_session_stays(client, registrar, settings):
    settings.SESSION_IDLE_SECONDS = 3600
    client.force_login(registrar)
    client.get(reverse("start"))
    session = client.session
    session["remiss_last_seen"] = session["remiss_last_seen"] - 3500
    session.save()
    assert client.get(reverse("cases:list")).status_code == 200


def test_production_refuses_the_development_key(tmp_path):
    env = {**os.environ, "REMISS_ENV": "production", "REMISS_DATA_DIR": str(tmp_path)}
    for name in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DATABASE_URL"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-m", "remiss", "check"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_one_address_spraying_many_user_names_is_locked(client, registrar, settings):
    """Password spraying (issue 13.7): one password tried on many user names from one address
    locks the address after REMISS_LOGIN_FAILURES_PER_ADDRESS failures, though no single user
    name reached its own limit; another address is not locked."""
    settings.AXES_FAILURE_LIMIT = 5
    settings.REMISS_LOGIN_FAILURES_PER_ADDRESS = 8
    url = reverse("login")
    for number in range(8):
        response = client.post(url, {"username": f"anvandare{number}", "password": "Sommar2026"})
        assert response.status_code in (200, 429)
    locked = client.post(url, {"username": "registrator", "password": "hemligt-lösen-123"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    elsewhere = client.post(
        url, {"username": "registrator", "password": "hemligt-lösen-123"},
        REMOTE_ADDR="192.0.2.44",
    )  # fmt: skip
    assert elsewhere.status_code == 302  # the right password from another address logs in
