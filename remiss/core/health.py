"""Liveness and readiness for operators and load balancers (docs/deploy.md).

`/health` answers as long as the process serves requests, and touches nothing else: a
liveness probe that restarts a process must not restart it because the database is down.
`/ready` runs the checks below through django-health-check: the database answers, every
migration is applied, the file store can be written, read and emptied again, and a task worker
has been seen lately. A load balancer sends no traffic to an instance that is not ready.

The checks say what is wrong in words that name no path, address or secret: the page is open
to anyone who can reach the service.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import ClassVar

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from remiss.core.models import WorkerHeartbeat


class _InRequestThread(HealthCheck):  # type: ignore[misc]  # an untyped library
    """A check that uses the database through the request's own connection (Django's sync
    thread), not one opened in a pool thread and left open there."""

    async def run(self) -> None:
        await sync_to_async(self.check, thread_sensitive=True)()

    def check(self) -> None:
        raise NotImplementedError


@dataclasses.dataclass
class Migrations(_InRequestThread):
    """Every migration of the code is applied to the database."""

    def check(self) -> None:
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise ServiceUnavailable("migrations not applied")


@dataclasses.dataclass
class FileStore(HealthCheck):  # type: ignore[misc]
    """A probe file can be written where uploads are staged and into the file store (the folder
    or the bucket), read back and removed."""

    def run(self) -> None:  # no database: a pool thread is fine
        from remiss.cases import files

        try:
            files.check_store()
        except OSError as error:
            raise ServiceUnavailable("the file store cannot be written") from error


@dataclasses.dataclass
class Worker(_InRequestThread):
    """A task worker has said it is alive within three heartbeat periods: readings, mail and
    large exports are done by workers."""

    def check(self) -> None:
        limit = settings.REMISS_WORKER_STALE_SECONDS  # three heartbeats by default
        since = timezone.now() - dt.timedelta(seconds=limit)
        if not WorkerHeartbeat.objects.filter(seen_at__gte=since).exists():
            raise ServiceUnavailable("no task worker seen lately")


class ReadyView(HealthCheckView):  # type: ignore[misc]
    checks: ClassVar = (
        "health_check.checks.Database",
        "remiss.core.health.Migrations",
        "remiss.core.health.FileStore",
        "remiss.core.health.Worker",
    )


ready = ReadyView.as_view()


@never_cache
@require_GET
def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
