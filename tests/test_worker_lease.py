"""A task worker killed in the middle of a task: the task is taken up again by another worker
within two lease periods, and its effect (the reading written and logged) happens once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.instance import ROOT, Instance, Instances

LEASE_SECONDS = 4.0

pytestmark = pytest.mark.slow  # run by make test and CI; make test-quick skips it

ENQUEUE = """
import django, io
django.setup()
from django.utils import timezone
from remiss.accounts.models import User
from remiss.cases import files
from remiss.cases.models import Case
from remiss.cases.services import record_add
from remiss.documents.readings import reading_request
from tests.documents import make_pdf

user = User.objects.get(username="registrator")
case = Case.objects.get(registry__prefix="KS", year=2020, serial=132)
text = "Kommunen tillstyrker förslaget om tillitsbaserad styrning i statsförvaltningen. " * 20
staged = files.stage_upload(io.BytesIO(make_pdf([text] * 400)), "langt-yttrande.pdf")
record = record_add(actor=user, case=case, direction="incoming", document_date=timezone.localdate(),
                    counterpart="Kammarkollegiet", subject="Långt yttrande", staged_files=[staged])
print(reading_request(actor=user, record_file=record.files.get()).pk)
"""


@pytest.fixture
def instances(tmp_path):
    made = Instances(tmp_path)
    yield made
    made.close()


def _worker(instance: Instance, worker_id: str) -> subprocess.Popen:
    log = (instance.data / f"{worker_id}.log").open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "remiss", "worker", "--lease", str(LEASE_SECONDS),
         "--interval", "0.2", "--no-startup-delay", "--worker-id", worker_id],
        env={**instance.env(), "DJANGO_SETTINGS_MODULE": "config.settings.dev"},
        cwd=ROOT, stdout=log, stderr=log, start_new_session=True,
    )  # fmt: skip


def _task(instance: Instance) -> tuple[str, list[str]]:
    rows = instance.query("SELECT status, worker_ids FROM django_tasks_database_dbtaskresult")
    assert len(rows) == 1
    status, worker_ids = rows[0]
    if isinstance(worker_ids, str):  # SQLite keeps JSON as text
        import json

        worker_ids = json.loads(worker_ids)
    return status, worker_ids


def _wait(condition, timeout: float) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if condition():
            return time.monotonic() - start
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_a_killed_workers_task_is_taken_up_again_and_done_once(instances):
    instance = instances.new("arbetare")
    instance.migrate(demo=True)
    enqueue = subprocess.run(
        [sys.executable, "-c", ENQUEUE],
        env={**instance.env(), "DJANGO_SETTINGS_MODULE": "config.settings.dev"},
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    reading_id = int(enqueue.stdout.split()[-1])
    assert _task(instance)[0] == "READY"

    # Two workers from the start: one takes the task, and is killed well into the reading;
    # the other, already running (its start-up not counted), must take it over once the lease
    # has run out, and not before.
    workers = {name: _worker(instance, name) for name in ("forsta", "andra")}
    try:
        _wait(lambda: _task(instance)[0] == "RUNNING", timeout=60)
        holder = _task(instance)[1][0]
        other = next(name for name in workers if name != holder)
        time.sleep(0.5)  # well into the reading
        os.killpg(workers[holder].pid, signal.SIGKILL)
        workers[holder].wait(timeout=30)
        killed_at = time.monotonic()
        assert _task(instance)[0] == "RUNNING"  # left so by the dead worker
        _wait(lambda: other in _task(instance)[1], timeout=60)
        taken_up_after = time.monotonic() - killed_at
        _wait(lambda: _task(instance)[0] in ("SUCCESSFUL", "FAILED"), timeout=120)
        # The lease goes just after the result is stored: wait for it before stopping.
        _wait(lambda: instance.query("SELECT count(*) FROM core_tasklease") == [(0,)], timeout=30)
    finally:
        for worker in workers.values():
            if worker.poll() is None:
                worker.terminate()
                worker.wait(timeout=30)
    # Not before the lease ran out (renewed at most a third of a period before the kill) …
    assert taken_up_after >= 2 * LEASE_SECONDS / 3 - 0.5, taken_up_after
    # … and within two periods.
    assert taken_up_after <= 2 * LEASE_SECONDS, taken_up_after
    status, worker_ids = _task(instance)
    assert status == "SUCCESSFUL"
    assert worker_ids == [holder, other]
    assert instance.query(f"SELECT status FROM documents_filereading WHERE id = {reading_id}") == [
        ("done",)
    ]
    written = instance.query(
        "SELECT count(*) FROM core_auditentry WHERE object_type = 'documents.filereading' "
        f"AND object_id = '{reading_id}' AND action = 'update'"
    )
    assert written == [(1,)]
    assert instance.query("SELECT count(*) FROM core_tasklease") == [(0,)]
    instance.remiss("audit", "verify")
