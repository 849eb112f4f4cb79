"""/health and /ready (issue 18.2): liveness without the database, readiness with the database,
migrations, the file store and a task worker's heartbeat; in-process for each way a check
fails, and end to end with a real server and a real worker."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time

import pytest
import requests
from django.core.management import call_command
from django.utils import timezone

from remiss.core.models import WorkerHeartbeat
from tests.instance import ROOT, Instances

pytestmark = pytest.mark.django_db


def _ready(client) -> tuple[int, dict[str, str]]:
    response = client.get("/ready", HTTP_ACCEPT="application/json")
    return response.status_code, json.loads(response.content)


def test_health_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]
    assert client.post("/health").status_code == 405


def test_ready_when_every_check_passes(client, files_dir):
    WorkerHeartbeat.objects.create(worker_id="arbetare-1", seen_at=timezone.now())
    status, checks = _ready(client)
    assert status == 200, checks
    assert set(checks.values()) == {"OK"}
    assert len(checks) == 4  # database, migrations, file store, worker
    assert client.post("/ready").status_code == 405


def test_not_ready_without_a_worker_seen_lately(client, files_dir):
    WorkerHeartbeat.objects.create(
        worker_id="arbetare-1", seen_at=timezone.now() - dt.timedelta(minutes=5)
    )
    status, checks = _ready(client)
    assert status == 500
    assert checks["Worker()"] == "Unavailable: no task worker seen lately"
    assert checks["Database(alias='default')"] == "OK"


def test_not_ready_when_the_file_store_cannot_be_written(client, settings, tmp_path):
    blocked = tmp_path / "inte-en-mapp"
    blocked.write_text("en fil där mappen skulle vara")
    settings.FILES_DIR = blocked
    WorkerHeartbeat.objects.create(worker_id="arbetare-1", seen_at=timezone.now())
    status, checks = _ready(client)
    assert status == 500
    assert checks["FileStore()"] == "Unavailable: the file store cannot be written"
    assert str(tmp_path) not in json.dumps(checks)  # no path for anyone to read


@pytest.mark.django_db(transaction=True)
def test_not_ready_with_a_migration_not_applied(client, files_dir):
    call_command("migrate", "core", "0004", verbosity=0)
    try:
        status, checks = _ready(client)
        assert status == 500
        assert checks["Migrations()"] == "Unavailable: migrations not applied"
    finally:
        call_command("migrate", "core", verbosity=0)
    WorkerHeartbeat.objects.create(worker_id="arbetare-1", seen_at=timezone.now())
    assert _ready(client)[0] == 200


def _get(url: str) -> tuple[int, str]:
    response = requests.get(url, timeout=10)
    return response.status_code, response.text


@pytest.mark.slow
@pytest.mark.django_db(transaction=False)
def test_a_real_server_is_ready_while_a_real_worker_runs(tmp_path):
    instances = Instances(tmp_path)
    instance = instances.new("drift")
    try:
        instance.migrate()
        instance.start_server(workers=1, threads=2)
        assert _get(f"{instance.url}/health") == (200, "ok\n")
        status, body = _get(f"{instance.url}/ready?format=text")
        assert status == 500
        assert "no task worker seen lately" in body
        worker = subprocess.Popen(
            [sys.executable, "-m", "remiss", "worker", "--no-startup-delay", "--worker-id", "w1"],
            env={**instance.env(), "DJANGO_SETTINGS_MODULE": "config.settings.dev"},
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while (status := _get(f"{instance.url}/ready?format=text")[0]) != 200:
                assert time.monotonic() < deadline, "the worker never made the service ready"
                time.sleep(0.3)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
        # A worker that stops takes its heartbeat with it: not ready again at once.
        status, body = _get(f"{instance.url}/ready?format=text")
        assert status == 500
        assert "no task worker seen lately" in body
    finally:
        instances.close()
