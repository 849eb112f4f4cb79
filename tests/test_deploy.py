"""docs/deploy.md, exercised (issue 18.2): the systemd units as systemd reads them, the example
environment as production settings read it, the nginx site's needs, the restore drill and an
upgrade's migrations, against real instances."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.instance import ROOT, Instances

DEPLOY = ROOT / "deploy"


def test_the_systemd_units_are_valid(tmp_path):
    """`systemd-analyze verify` on the units, with the paths of this checkout: no warning."""
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is missing (Debian package systemd)"
    (tmp_path / "remiss.env").write_text("")
    for unit in (DEPLOY / "systemd").iterdir():
        text = unit.read_text()
        text = text.replace("/opt/remiss", str(ROOT))
        text = text.replace("/etc/remiss/remiss.env", str(tmp_path / "remiss.env"))
        text = text.replace("/var/lib/remiss", str(tmp_path)).replace("/var/backups/remiss", "/tmp")
        (tmp_path / unit.name).write_text(text)
    units = sorted(str(p) for p in tmp_path.glob("remiss-*.*"))
    result = subprocess.run([analyze, "verify", *units], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout + result.stderr == ""
    web = (DEPLOY / "systemd" / "remiss-web.service").read_text()
    worker = (DEPLOY / "systemd" / "remiss-worker.service").read_text()
    assert "ExecStart=/opt/remiss/.venv/bin/remiss serve --host 127.0.0.1 --port 8000" in web
    assert "ExecStart=/opt/remiss/.venv/bin/remiss worker" in worker


def _example_env(tmp_path) -> dict[str, str]:
    values = dict(
        line.split("=", 1)
        for line in (DEPLOY / "remiss.env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    key = tmp_path / "audit.key"
    key.write_text(secrets.token_urlsafe(32))
    values.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'remiss.sqlite3'}",
        REMISS_DATA_DIR=str(tmp_path / "data"),
        REMISS_AUDIT_KEY_FILE=str(key),
    )
    return values


def _remiss(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    base = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run([sys.executable, "-m", "remiss", *args], env={**base, **env},
                          cwd=ROOT, capture_output=True, text=True, timeout=120)  # fmt: skip


def test_the_example_environment_is_refused_until_its_values_are_replaced(tmp_path):
    env = _example_env(tmp_path)
    refused = _remiss(env, "check", "--deploy")
    assert refused.returncode != 0
    assert "SECRET_KEY" in refused.stderr
    assert "REMISS_METRICS_TOKEN" in refused.stderr
    assert "Ersätt exempelvärdena" in refused.stderr  # in Swedish too
    env.update(SECRET_KEY=secrets.token_urlsafe(50), REMISS_METRICS_TOKEN=secrets.token_hex(16))
    checked = _remiss(env, "check", "--deploy", "--fail-level", "WARNING")
    assert checked.returncode == 0, checked.stderr
    assert "no issues" in checked.stdout


def test_the_nginx_site_passes_what_remiss_needs():
    """The site's settings that Remiss relies on (`nginx -t` on it: the next test)."""
    from django.conf import settings

    site = (DEPLOY / "nginx" / "remiss.conf").read_text()
    body = int(re.search(r"client_max_body_size (\d+)m;", site)[1])
    assert body * 1024 * 1024 > settings.MAX_UPLOAD_BYTES  # the default upload and its form
    assert site.count("proxy_set_header X-Forwarded-Proto $scheme;") == 2  # TLS ends here
    assert site.count("proxy_set_header X-Request-ID $request_id;") == 2  # one id in both logs
    assert "access_log off;" in site  # reply links carry their token in the path
    metrics = re.search(r"location = /metrics \{(.*?)\}", site, re.S)[1]
    assert "deny all;" in metrics
    assert "proxy_read_timeout 130s;" in site  # longer than gunicorn's --timeout 120


def _nginx_t(tmp_path, site: str) -> subprocess.CompletedProcess:
    """`nginx -t` on the site as deploy/ ships it, with a certificate of the test's own in
    place of the real one and every path nginx writes in the test's folder."""
    cert, key = tmp_path / "fullchain.pem", tmp_path / "privkey.pem"
    if not cert.exists():
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
             "-subj", "/CN=remiss.example.se", "-keyout", str(key), "-out", str(cert)],
            check=True, capture_output=True,
        )  # fmt: skip
    site_path = tmp_path / "remiss.conf"
    site_path.write_text(
        site.replace("/etc/ssl/remiss/fullchain.pem", str(cert)).replace(
            "/etc/ssl/remiss/privkey.pem", str(key)
        )
    )
    temp = "".join(
        f"{kind}_temp_path {tmp_path}/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n{temp}include {site_path};\n}}\n"
    )
    return subprocess.run(
        ["nginx", "-t", "-c", str(main), "-p", str(tmp_path), "-e", str(tmp_path / "error.log")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_nginx_accepts_the_site_as_shipped(tmp_path):
    """docs/deploy.md's `nginx -t`, run on deploy/nginx/remiss.conf (Debian's nginx, installed by
    `make system-deps`); a site with a mistake in it is refused, so the check can fail."""
    site = (DEPLOY / "nginx" / "remiss.conf").read_text()
    checked = _nginx_t(tmp_path, site)
    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr
    broken = _nginx_t(tmp_path, site.replace("client_max_body_size 60m;", "client_max_body 60m;"))
    assert broken.returncode != 0
    assert "unknown directive" in broken.stderr


@pytest.mark.slow
def test_the_restore_drill_restores_a_nights_backup(tmp_path):
    instances = Instances(tmp_path)
    try:
        live, drill = instances.new("drift"), instances.new("ovning")
        live.migrate(demo=True)
        live.remiss("audit", "checkpoint")
        archive = tmp_path / "remiss-2026-12-03.tar.gz"
        live.remiss("backup", str(archive))
        if drill.database_url:  # PostgreSQL: the drill's database is made, migrated and empty
            drill.migrate()
        result = subprocess.run(
            [str(DEPLOY / "restore-drill.sh"), str(archive)],
            env={**drill.env(), "REMISS": str(Path(sys.executable).with_name("remiss"))}, cwd=ROOT,
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert "the audit chain holds" in result.stdout
        assert "restored and verified" in result.stdout
        cases = "SELECT count(*) FROM cases_case"
        assert drill.query(cases) == live.query(cases) != [(0,)]
    finally:
        instances.close()


def test_an_upgrade_applies_its_migrations_before_the_service_starts(tmp_path):
    """docs/deploy.md, "Upgrades": `remiss migrate --check` fails while a migration waits, and
    passes after `remiss migrate`."""
    instances = Instances(tmp_path)
    try:
        instance = instances.new("uppgradering")
        instance.migrate()
        instance.remiss("migrate", "core", "0004", "-v", "0")  # as before the upgrade
        assert instance.remiss("migrate", "--check", check=False).returncode != 0
        instance.remiss("migrate", "--noinput", "-v", "0")
        assert instance.remiss("migrate", "--check", check=False).returncode == 0
    finally:
        instances.close()


def test_postgresql_connections_are_kept_and_checked(monkeypatch):
    from config.settings.base import database_config

    monkeypatch.setenv("DATABASE_URL", "postgres://remiss@db.example.se:5432/remiss")
    monkeypatch.delenv("REMISS_DB_CONN_MAX_AGE", raising=False)
    config = database_config()
    assert (config["CONN_MAX_AGE"], config["CONN_HEALTH_CHECKS"]) == (60, True)
    monkeypatch.setenv("REMISS_DB_CONN_MAX_AGE", "0")
    assert database_config()["CONN_MAX_AGE"] == 0
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/remiss.sqlite3")
    assert database_config()["CONN_MAX_AGE"] == 0  # one file, one writer: nothing to keep
