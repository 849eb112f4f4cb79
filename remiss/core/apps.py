from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "remiss.core"
    label = "core"

    def ready(self) -> None:
        from django.core import signals
        from django_tasks.signals import task_enqueued

        from remiss.core import logging

        task_enqueued.connect(_remember_origin, dispatch_uid="remiss-task-origin")
        signals.request_started.connect(logging.request_started, dispatch_uid="remiss-request-id")
        signals.request_finished.connect(logging.request_finished, dispatch_uid="remiss-request-id")


def _remember_origin(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """A task enqueued while a request is answered remembers the request's id (for the
    worker's log lines); one enqueued by a command or another task has none."""
    from django_tasks_db.backend import DatabaseBackend

    from remiss.core.logging import REQUEST_ID
    from remiss.core.models import TaskOrigin

    request_id = REQUEST_ID.get()
    if request_id and issubclass(sender, DatabaseBackend):  # a worker will run it
        TaskOrigin.objects.update_or_create(
            task_id=str(task_result.id), defaults={"request_id": request_id}
        )
