"""The service's figures for Prometheus, read from the database when they are asked for, so
that every web process gives the same answer (remiss.core.metrics): the task queue's length and
the age of its oldest task, readings by status and the time they took, e-mail that could not be
sent. Counts only: no name, number or address of a case, body or person."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, DurationField, ExpressionWrapper, F, Min, Sum
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    Metric,
    SummaryMetricFamily,
)
from prometheus_client.registry import Collector

from remiss.consultations.models import Recipient
from remiss.documents.models import DeliveryStatus, FileReading, ReadingStatus, ReplyDelivery


class ServiceCollector(Collector):
    def collect(self) -> Iterator[Metric]:
        now = timezone.now()
        queued = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        tasks = GaugeMetricFamily("remiss_tasks", "Background tasks by status", labels=["status"])
        for task_status in (TaskResultStatus.READY, TaskResultStatus.RUNNING):
            count = DBTaskResult.objects.filter(status=task_status).count()
            tasks.add_metric([task_status.value.lower()], count)
        yield tasks
        oldest = queued.aggregate(oldest=Min("enqueued_at"))["oldest"]
        yield GaugeMetricFamily(
            "remiss_task_queue_oldest_age_seconds",
            "Age of the oldest task waiting for a worker (0 when none waits)",
            value=(now - oldest).total_seconds() if oldest else 0.0,
        )

        readings = GaugeMetricFamily(
            "remiss_readings", "File readings by status", labels=["status"]
        )
        by_status = dict(
            FileReading.objects.values_list("status")
            .annotate(n=Count("id"))
            .values_list("status", "n")
        )
        for reading_status in ReadingStatus:
            readings.add_metric([reading_status.value], by_status.get(reading_status.value, 0))
        yield readings
        done = FileReading.objects.filter(
            status=ReadingStatus.DONE, finished_at__isnull=False
        ).annotate(
            took=ExpressionWrapper(
                F("finished_at") - F("requested_at"), output_field=DurationField()
            )
        )
        totals = done.aggregate(n=Count("id"), total=Sum("took"))
        yield SummaryMetricFamily(
            "remiss_reading_duration_seconds",
            "Time from asking for a file's reading to its result",
            count_value=totals["n"] or 0,
            sum_value=totals["total"].total_seconds() if totals["total"] else 0.0,
        )

        mail = CounterMetricFamily(
            "remiss_email_failures",
            "E-mail that could not be sent: replies after their last attempt, referrals",
            labels=["kind"],
        )
        mail.add_metric(
            ["reply"], ReplyDelivery.objects.filter(status=DeliveryStatus.FAILED).count()
        )
        mail.add_metric(["referral"], Recipient.objects.exclude(send_error="").count())
        yield mail
