"""/health, /ready and /metrics (issue 18.2): liveness without the database, readiness with the
database, migrations, the file store and a task worker's heartbeat, and Prometheus metrics for
operators only; in-process for each way a check fails, and end to end with a real server of
two processes and a real worker."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import time

import pytest
import requests
from django.core.management import call_command
from django.utils import timezone

from remiss.core.models import WorkerHeartbeat
from tests.demo_data import load_demo
from tests.instance import ROOT, Instances

pytestmark = [pytest.mark.django_db, pytest.mark.async_views]


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
    instance.extra_env["REMISS_METRICS_TOKEN"] = "drift-nyckel"
    instance.extra_env["REMISS_LOG_FORMAT"] = "json"
    try:
        instance.migrate()
        instance.start_server(workers=2, threads=2)
        assert _get(f"{instance.url}/health") == (200, "ok\n")
        not_ready = requests.get(
            f"{instance.url}/ready?format=text&pnr=19811218-9876",
            headers={"X-Request-ID": "drift-begaran-1"},
            timeout=10,
        )
        assert not_ready.status_code == 500
        assert "no task worker seen lately" in not_ready.text
        assert not_ready.headers["X-Request-ID"] == "drift-begaran-1"
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
        # Requests answered by either of the two processes are summed in the metrics.
        for _ in range(20):
            assert _get(f"{instance.url}/health")[0] == 200
        assert _get(f"{instance.url}/metrics")[0] == 404  # no token: no such page
        metrics = requests.get(
            f"{instance.url}/metrics", headers={"Authorization": "Bearer drift-nyckel"}, timeout=10
        )
        assert metrics.status_code == 200
        assert 'remiss_http_requests_total{method="GET",route="health",status="200"} 21.0' in (
            metrics.text
        )
        # The server's log: one JSON object a line, the id of the request on each of its
        # lines, Django's own line about the failed answer included; a personal identity number
        # in the address is nowhere.
        log = (instance.data / "server.log").read_text()
        lines = [json.loads(line) for line in log.splitlines() if "drift-begaran-1" in line]
        assert {line["logger"] for line in lines} >= {"health_check", "django.request"}, log
        assert "19811218-9876" not in log
    finally:
        instances.close()


def _metrics(client, token: str | None = "hemlig") -> tuple[int, str]:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    response = client.get("/metrics", **headers)
    return response.status_code, response.content.decode()


def test_metrics_are_for_the_operators_token_only(client, settings):
    settings.REMISS_METRICS_TOKEN = ""
    assert _metrics(client)[0] == 404  # not set up: the page does not exist
    settings.REMISS_METRICS_TOKEN = "hemlig"
    assert _metrics(client, token=None)[0] == 404
    assert _metrics(client, token="fel")[0] == 404
    status, text = _metrics(client)
    assert status == 200
    assert "remiss_tasks" in text


def test_metrics_count_requests_by_route_never_by_path(client, settings):
    settings.REMISS_METRICS_TOKEN = "hemlig"
    token = "x" * 43
    client.get(f"/svar/{token}/")  # a reply link: its token is in the path
    client.get("/arenden/KS/2020/132/")
    _status, text = _metrics(client)
    assert 'route="reply_link"' in text
    assert 'route="cases:detail"' in text
    assert token not in text
    assert "2020/132" not in text
    assert 'remiss_http_request_duration_seconds_bucket{le="0.15",route="reply_link"}' in text


def test_metrics_give_the_queue_readings_and_failed_mail(client, settings, files_dir):
    import io

    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    from remiss.accounts.models import User
    from remiss.cases import files
    from remiss.cases.models import Case, Direction
    from remiss.cases.services import record_add
    from remiss.documents.models import (
        DeliveryStatus,
        FileReading,
        ReadingStatus,
        ReplyDelivery,
    )
    from remiss.documents.readings import read_stored_file
    from tests.documents import make_pdf

    settings.REMISS_METRICS_TOKEN = "hemlig"
    load_demo()
    user = User.objects.get(username="registrator")
    case = Case.objects.get(registry__prefix="KS", year=2020, serial=132)
    FileReading.objects.all().delete()
    DBTaskResult.objects.all().delete()

    def new_file(subject: str):
        staged = files.stage_upload(io.BytesIO(make_pdf(["Kommunen tillstyrker."])), "svar.pdf")
        record = record_add(actor=user, case=case, direction="incoming",
                            document_date=timezone.localdate(), counterpart="Sala kommun",
                            subject=subject, staged_files=[staged])  # fmt: skip
        return record.files.get()

    # A reading waiting in the queue of the database backend the worker serves (the suite's
    # backend runs tasks at once).
    waiting = FileReading.objects.create(record_file=new_file("Väntar"), requested_by=user)
    DatabaseBackend("default", {}).enqueue(read_stored_file, [waiting.pk], {})
    read = FileReading.objects.create(
        record_file=new_file("Läst"), requested_by=user, status=ReadingStatus.DONE
    )
    requested = timezone.now() - dt.timedelta(seconds=12)
    FileReading.objects.filter(pk=read.pk).update(
        requested_at=requested, finished_at=requested + dt.timedelta(seconds=4)
    )
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(seconds=90))
    # The seed's reply, sent by e-mail, failed for good after its last attempt.
    ReplyDelivery.objects.update(status=DeliveryStatus.SENT)
    ReplyDelivery.objects.update_or_create(
        record=case.records.filter(direction=Direction.OUTGOING).first(),
        defaults={"channel": "email", "status": DeliveryStatus.FAILED, "requested_by": user,
                  "addresses": "fi.remissvar@regeringskansliet.se"},
    )  # fmt: skip
    # One body's referral e-mail has waited five minutes for the worker.
    from remiss.consultations.models import Recipient

    Recipient.objects.update(queued_at=None)
    Recipient.objects.filter(pk=Recipient.objects.first().pk).update(
        sent_at=None, queued_at=timezone.now() - dt.timedelta(minutes=5)
    )
    _status, text = _metrics(client)
    assert "remiss_referral_emails_queued 1.0" in text
    waited = float(
        re.search(r"^remiss_referral_email_queue_oldest_age_seconds (\S+)$", text, re.M)[1]
    )
    assert 300 <= waited < 330
    assert 'remiss_tasks{status="ready"} 1.0' in text
    assert 'remiss_readings{status="done"} 1.0' in text
    assert 'remiss_readings{status="pending"} 1.0' in text
    assert "remiss_reading_duration_seconds_count 1.0" in text
    assert "remiss_reading_duration_seconds_sum 4.0" in text
    age = float(re.search(r"^remiss_task_queue_oldest_age_seconds (\S+)$", text, re.M)[1])
    assert 90 <= age < 120
    assert 'remiss_email_failures_total{kind="reply"} 1.0' in text
    assert 'remiss_email_failures_total{kind="referral"} 0.0' in text
