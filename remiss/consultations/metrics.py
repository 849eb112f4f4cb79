"""The service's figures for Prometheus, read from the database when they are asked for, so
that every web process gives the same answer (remiss.core.metrics): the task queue's length and
the age of its oldest task, readings by status and the time they took, e-mail that could not be
sent. Counts only: no name, number or address of a case, body or person."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, DurationField, ExpressionWrapper, F, Min, Q, Sum
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
        ready, running = TaskResultStatus.READY, TaskResultStatus.RUNNING
        tasks = DBTaskResult.objects.aggregate(
            ready=Count("id", filter=Q(status=ready)),
            running=Count("id", filter=Q(status=running)),
            oldest=Min("enqueued_at", filter=Q(status=ready)),
        )
        by_task_status = GaugeMetricFamily(
            "remiss_tasks", "Background tasks by status", labels=["status"]
        )
        by_task_status.add_metric(["ready"], tasks["ready"])
        by_task_status.add_metric(["running"], tasks["running"])
        yield by_task_status
        oldest = tasks["oldest"]
        yield GaugeMetricFamily(
            "remiss_task_queue_oldest_age_seconds",
            "Age of the oldest task waiting for a worker (0 when none waits)",
            value=(timezone.now() - oldest).total_seconds() if oldest else 0.0,
        )

        done = Q(status=ReadingStatus.DONE, finished_at__isnull=False)
        took = ExpressionWrapper(F("finished_at") - F("requested_at"), output_field=DurationField())
        readings = FileReading.objects.aggregate(
            **{status.value: Count("id", filter=Q(status=status)) for status in ReadingStatus},
            read=Count("id", filter=done),
            took=Sum(took, filter=done),
        )
        by_reading_status = GaugeMetricFamily(
            "remiss_readings", "File readings by status", labels=["status"]
        )
        for status in ReadingStatus:
            by_reading_status.add_metric([status.value], readings[status.value])
        yield by_reading_status
        yield SummaryMetricFamily(
            "remiss_reading_duration_seconds",
            "Time from asking for a file's reading to its result",
            count_value=readings["read"],
            sum_value=readings["took"].total_seconds() if readings["took"] else 0.0,
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

        # Referral e-mails waiting for the task worker: a queue that stays is a stuck worker.
        queued = Recipient.objects.filter(queued_at__isnull=False, sent_at=None).aggregate(
            waiting=Count("pk"), oldest=Min("queued_at")
        )
        yield GaugeMetricFamily(
            "remiss_referral_emails_queued",
            "Bodies whose referral e-mail waits for the task worker",
            value=queued["waiting"],
        )
        yield GaugeMetricFamily(
            "remiss_referral_email_queue_oldest_age_seconds",
            "Age of the longest-waiting referral e-mail (0 when none waits)",
            value=(timezone.now() - queued["oldest"]).total_seconds() if queued["oldest"] else 0.0,
        )
