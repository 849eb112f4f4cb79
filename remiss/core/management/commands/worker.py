"""`remiss worker`: run background tasks, with leases (see remiss.core.worker)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from remiss.core.worker import DEFAULT_LEASE_SECONDS, LeasedWorker


class Command(DBWorkerCommand):
    help = "Run background tasks; a task whose worker dies is taken up again after its lease."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--lease",
            type=float,
            default=DEFAULT_LEASE_SECONDS,
            help="Seconds a running task's lease lasts without renewal (default 60).",
        )

    def handle(
        self, *, verbosity: int, queue_name: str, exclude_queues: str, **options: Any
    ) -> None:
        self.configure_logging(verbosity)
        worker = LeasedWorker(
            lease_seconds=options["lease"],
            queue_names=queue_name.split(","),
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )
        worker.configure_signals()
        worker.run()
