"""Prometheus metrics of the web processes: requests by route and status, and their durations.

Counted per process and, under `remiss serve` (several gunicorn processes), summed over them
through prometheus_client's multiprocess mode: each process writes its counts to files in
PROMETHEUS_MULTIPROC_DIR, which `remiss serve` empties and sets before the processes start.
A route is named by its view ("cases:detail"), never by its path: a reply link's path carries
its token, and a case's path its number. The service's own figures (the task queue, readings,
e-mail) are read from the database when the metrics are asked for
(remiss.consultations.metrics); the page is `/metrics`, for operators only
(remiss.core.views.metrics).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

REQUESTS = Counter(
    "remiss_http_requests", "Requests answered, by route and status", ["route", "method", "status"]
)
DURATION = Histogram(
    "remiss_http_request_duration_seconds",
    "Time to answer a request, by route",
    ["route"],
    buckets=(0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


class RequestMetrics:
    """Counts each request and its time under its route's name."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = match.view_name if match is not None else "unmatched"
        method = request.method if request.method in _METHODS else "other"
        REQUESTS.labels(route, method, str(response.status_code)).inc()
        DURATION.labels(route).observe(time.perf_counter() - started)
        return response


def exposition(*extra: Collector) -> bytes:
    """The text Prometheus reads: the requests of every web process, and the collectors given
    (read at this moment)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        text = generate_latest(registry)
    else:
        text = generate_latest(REGISTRY)
    service = CollectorRegistry()
    for collector in extra:
        service.register(collector)
    return text + generate_latest(service)
