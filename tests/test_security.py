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


def test_the_deployment_check_reports_nothing(tmp_path):
    env = {
        **os.environ,
        "REMISS_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "remiss.example.se",
        "REMISS_DATA_DIR": str(tmp_path),
    }
    for name in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)  # the test run's own settings, not a deployment's
    result = subprocess.run(
        [sys.executable, "-m", "remiss", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


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
