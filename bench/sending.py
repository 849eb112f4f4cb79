"""Benchmark of sending a referral to many bodies (issues 15 §2 and 18 §1).

Builds the demo, an outgoing referral with a report and N bodies that take e-mail (default 100;
--quick 20), starts a real SMTP server on the loopback, and times the two halves of a sending
with the database task queue: the request (`referral_send`: the covering letter typeset as PDF
and Word, registered, every body queued) and the task worker (`send_queued_emails`: N e-mails,
each with its own reply link and the letter). The baseline is the same sending inside the
request, as before issue 15: the request's work and the e-mails together (request + worker). On
the loopback an e-mail costs milliseconds; a real mail server over the network costs far more a
message (the issue measured 10 bodies in 4 s), which only the baseline pays. SQLite always;
PostgreSQL too when DATABASE_URL points at one.

    .venv/bin/python bench/sending.py [--quick]

Last line: {"bench": "sending", "results": [{backend, bodies, request_s, worker_s,
worker_ms_per_body, baseline_request_s, ratio}, ...]} — ratio: the request now against the
request that also sent the e-mails.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import socket
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.register import bench_parser, prepare_demo, run_all  # noqa: E402


def _smtp_server():  # type: ignore[no-untyped-def]
    from aiosmtpd.controller import Controller

    class Count:
        received = 0

        async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
            Count.received += 1
            return "250 Message accepted for delivery"

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    controller = Controller(Count(), hostname="127.0.0.1", port=port)
    controller.start()
    return controller, port, Count


def measure(backend: str, quick: bool) -> list[dict]:
    prepare_demo()
    from django.conf import settings
    from django.utils import timezone

    from remiss.accounts.models import User
    from remiss.cases import files
    from remiss.consultations import sending
    from remiss.consultations.services import outgoing_create, recipients_add
    from remiss.organisations.models import Organisation, Registry
    from remiss.referrals.services import ProposalInput
    from tests.documents import make_pdf

    n_bodies = 20 if quick else 100
    controller, port, received = _smtp_server()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    try:
        official = User.objects.get(username="departement")
        referral = outgoing_create(
            actor=official,
            registry=Registry.objects.get(prefix="Fi"),
            report_ref="SOU 2026:14",
            report_title="En ny myndighet för tillsyn",
            deadline=timezone.localdate() + dt.timedelta(days=90),
            proposals=[ProposalInput("1", "En ny tillsynsmyndighet")],
            staged_files=[
                files.stage_upload(io.BytesIO(make_pdf(["Betänkandet"] * 20)), "SOU 2026-14.pdf")
            ],
        )
        bodies = [
            Organisation.objects.create(
                name=f"Myndighet nummer {n}", kind="agency", email=f"registrator{n}@example.se"
            )
            for n in range(n_bodies)
        ]
        recipients_add(actor=official, referral=referral, organisations=bodies)
        from django_tasks_db.models import DBTaskResult

        start = time.perf_counter()
        result = sending.referral_send(actor=official, referral=referral)
        request_s = time.perf_counter() - start
        assert len(result.queued) == n_bodies, result
        # The task was queued after the commit; run it as the worker does.
        [task] = [t for t in DBTaskResult.objects.ready() if t.task_path.endswith("emails_task")]
        start = time.perf_counter()
        sent = sending.send_queued_emails(*task.args_kwargs["args"])
        worker_s = time.perf_counter() - start
        assert sent == received.received == n_bodies, (sent, received.received)
    finally:
        controller.stop()
    baseline = request_s + worker_s  # the e-mails sent inside the request, as before
    row = {
        "backend": backend,
        "bodies": n_bodies,
        "request_s": round(request_s, 2),
        "worker_s": round(worker_s, 2),
        "worker_ms_per_body": round(worker_s * 1000 / n_bodies, 1),
        "baseline_request_s": round(baseline, 2),
        "ratio": round(request_s / baseline, 3),
    }
    sys.stderr.write(f"[{backend}] {row}\n")
    return [row]


def main() -> None:
    args = bench_parser(__doc__.splitlines()[0], "20 bodies").parse_args()
    results = run_all(args, measure, __file__)
    if results is None:
        return
    for row in results:
        print(
            f"{row['backend']:<10} {row['bodies']:>4} bodies  request {row['request_s']:6.2f} s  "
            f"(with the e-mails in it {row['baseline_request_s']:.2f} s, ratio {row['ratio']})  "
            f"worker {row['worker_s']:6.2f} s, {row['worker_ms_per_body']} ms a body"
        )
    print(json.dumps({"bench": "sending", "results": results}))


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    main()
