"""The request id and what the logs must never hold (issue 18.2): personal identity numbers and
reply-link tokens masked, every line of a request and of the tasks it set going under one id."""

from __future__ import annotations

import logging

import pytest
from django_tasks import task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from remiss.core.logging import REQUEST_ID, RequestIdFilter, redact
from remiss.core.models import TaskOrigin
from remiss.core.worker import LeasedWorker


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Sökande 19811218-9876 i ärendet", "Sökande [personnummer] i ärendet"),
        ("pnr 811218-9876,", "pnr [personnummer],"),
        ("pnr 8112189876.", "pnr [personnummer]."),
        ("född 811218+9876 (över hundra)", "född [personnummer] (över hundra)"),
        ("samordningsnummer 701063-2391", "samordningsnummer [personnummer]"),
        # not personal: a case number, an organisation number, a date, a telephone number
        ("KS 2020/132", "KS 2020/132"),
        ("Org. nr 802000-1858", "Org. nr 802000-1858"),
        ("2020-01-01", "2020-01-01"),
        ("Telefon 08-553 430 00", "Telefon 08-553 430 00"),
    ],
)
def test_personal_identity_numbers_are_masked(text, masked):
    assert redact(text) == masked


@pytest.mark.django_db
def test_each_request_has_an_id_kept_from_a_proxy_when_well_formed(client):
    mine = client.get("/health")["X-Request-ID"]
    assert len(mine) == 32
    assert client.get("/health")["X-Request-ID"] != mine
    given = client.get("/health", HTTP_X_REQUEST_ID="proxy-1234-abcd")["X-Request-ID"]
    assert given == "proxy-1234-abcd"
    hostile = client.get("/health", HTTP_X_REQUEST_ID="x\r\nSet-Cookie: a=b")["X-Request-ID"]
    assert len(hostile) == 32
    assert "Set-Cookie" not in hostile


@task()
def logged_step(number: int) -> int:
    logging.getLogger("remiss.test").warning("steg %s", number)
    return number


@pytest.mark.django_db
def test_a_task_set_going_by_a_request_logs_under_its_id():
    reset = REQUEST_ID.set("begaran-0001")
    try:
        result = DatabaseBackend("default", {}).enqueue(logged_step, [3], {})
    finally:
        REQUEST_ID.reset(reset)
    assert TaskOrigin.objects.get(task_id=str(result.id)).request_id == "begaran-0001"
    untraced = DatabaseBackend("default", {}).enqueue(logged_step, [4], {})  # from a command
    assert not TaskOrigin.objects.filter(task_id=str(untraced.id)).exists()

    seen: list[tuple[str, str]] = []

    class Catch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append((record.getMessage(), record.request_id))  # type: ignore[attr-defined]

    handler = Catch()
    handler.addFilter(RequestIdFilter())
    logging.getLogger("remiss.test").addHandler(handler)
    worker = LeasedWorker(
        queue_names=["default"], interval=0.1, batch=True, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="w1", excluded_queue_names=[],
        lease_seconds=30,
    )  # fmt: skip
    try:
        for task_id in (result.id, untraced.id):
            worker.run_task(DBTaskResult.objects.get(id=task_id))
    finally:
        logging.getLogger("remiss.test").removeHandler(handler)
    assert seen == [("steg 3", "begaran-0001"), ("steg 4", f"task-{untraced.id}")]
    assert not TaskOrigin.objects.exists()  # forgotten once the task has run
    assert REQUEST_ID.get() == ""
