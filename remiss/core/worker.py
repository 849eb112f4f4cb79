"""The background worker with leases: django-tasks-db's worker marks a task RUNNING and, if its
process is killed, leaves it so for ever. Here a running task holds a lease that a thread
renews every third of the lease period; a reaper puts back in the queue every running task
whose lease ran out (or that never got one within a lease period). A task is thus taken up
again within two lease periods of its worker's death; the tasks themselves are written to be
safe to run again, so their effect happens once."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from typing import Any

from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from remiss.core.logging import REQUEST_ID
from remiss.core.models import TaskLease, TaskOrigin, WorkerHeartbeat

logger = logging.getLogger("remiss.worker")

DEFAULT_LEASE_SECONDS = 60.0
# How often an idle or busy worker says it is alive (WorkerHeartbeat); /ready wants one seen
# within three periods.
HEARTBEAT_SECONDS = 10.0


def reap_expired_leases(lease_seconds: float, backend_name: str = "default") -> list[str]:
    """Put running tasks whose lease ran out back in the queue; returns their ids."""
    now = timezone.now()
    expired = set(TaskLease.objects.filter(expires_at__lt=now).values_list("task_id", flat=True))
    leased = TaskLease.objects.values_list("task_id", flat=True)
    never_leased = (
        DBTaskResult.objects.running()
        .filter(backend_name=backend_name, started_at__lt=now - dt.timedelta(seconds=lease_seconds))
        .exclude(id__in=list(leased))
    )
    candidates = expired | {str(pk) for pk in never_leased.values_list("id", flat=True)}
    requeued: list[str] = []
    for task_id in candidates:
        with transaction.atomic():
            TaskLease.objects.filter(task_id=task_id, expires_at__lt=now).delete()
            count = (
                DBTaskResult.objects.running()
                .filter(id=task_id, backend_name=backend_name)
                .update(status=TaskResultStatus.READY)
            )
        if count:
            logger.warning("task %s: its worker's lease ran out; queued again", task_id)
            requeued.append(task_id)
    return requeued


class LeasedWorker(Worker):
    def __init__(self, *, lease_seconds: float = DEFAULT_LEASE_SECONDS, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lease_seconds = lease_seconds
        self._stop = threading.Event()

    def _renew(self, task_id: str) -> None:
        TaskLease.objects.update_or_create(
            task_id=task_id,
            defaults={
                "worker_id": self.worker_id,
                "expires_at": timezone.now() + dt.timedelta(seconds=self.lease_seconds),
            },
        )

    def _heartbeat(self, task_id: str, done: threading.Event) -> None:
        try:
            while not done.wait(self.lease_seconds / 3):
                self._renew(task_id)
        finally:
            connection.close()

    def run_task(self, db_task_result: DBTaskResult[Any, Any]) -> None:
        task_id = str(db_task_result.id)
        origin = TaskOrigin.objects.filter(task_id=task_id).values_list("request_id", flat=True)
        reset = REQUEST_ID.set(origin.first() or f"task-{task_id}")  # on its log lines
        try:
            self._run_leased(task_id, db_task_result)
        finally:
            REQUEST_ID.reset(reset)
        TaskOrigin.objects.filter(task_id=task_id).delete()

    def _run_leased(self, task_id: str, db_task_result: DBTaskResult[Any, Any]) -> None:
        self._renew(task_id)
        done = threading.Event()
        beat = threading.Thread(target=self._heartbeat, args=(task_id, done), daemon=True)
        beat.start()
        try:
            super().run_task(db_task_result)
        finally:
            done.set()
            beat.join()
            TaskLease.objects.filter(task_id=task_id, worker_id=self.worker_id).delete()

    def _beat(self) -> None:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id, defaults={"seen_at": timezone.now()}
        )

    def _reaper(self) -> None:
        """Reaps expired leases and writes the worker's heartbeat, in one thread."""
        interval = min(self.interval or 1.0, self.lease_seconds / 4)
        last_beat = 0.0
        try:
            while True:
                try:
                    if time.monotonic() - last_beat >= HEARTBEAT_SECONDS:
                        self._beat()
                        last_beat = time.monotonic()
                    reap_expired_leases(self.lease_seconds, self.backend_name)
                except Exception:  # a locked or lost database: try again next round
                    logger.exception("the lease reaper failed; trying again")
                    close_old_connections()
                if self._stop.wait(interval):
                    break
        finally:
            try:
                WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
            except Exception:  # stopping with the database gone: the row goes stale
                logger.warning("could not remove the heartbeat of worker %s", self.worker_id)
            connection.close()

    def run(self) -> None:
        reaper = threading.Thread(target=self._reaper, daemon=True)
        reaper.start()
        try:
            super().run()
        finally:
            self._stop.set()
            reaper.join(timeout=10)  # it removes the heartbeat: the worker is gone from /ready
