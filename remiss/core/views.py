"""The start page: what waits for each role."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, F, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from remiss.accounts.http import AuthenticatedRequest
from remiss.cases.models import OPEN_CASES, CaseStatus
from remiss.core import permissions

START_PAGE_ROWS = 25
# The day the accessibility statement was last reviewed (the law asks for the date).
ACCESSIBILITY_STATEMENT_DATE = dt.date(2026, 12, 4)


@login_required
@require_GET
def start(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    visible = permissions.cases_visible_to(user).select_related(
        "registry", "referral__issuer", "responsible_unit"
    )
    # OPEN_CASES, not "status in (…)": the partial index of open cases serves these queries
    # (with 100,000 cases, a walk of the whole table otherwise).
    open_cases = visible.filter(OPEN_CASES)
    mine = open_cases.filter(permissions.case_filter_for_deadlines(user)).order_by(
        F("deadline").asc(nulls_last=True), "-year", "-serial"
    )
    referrals = (
        open_cases.exclude(status=CaseStatus.REPLIED)
        .filter(referral__isnull=False)
        .order_by("deadline", "-year", "-serial")
    )
    to_answer = permissions.statements_due_for(user)
    from remiss.consultations.models import OutgoingReferral

    # Exists, not "case in (the visible cases)": the few outgoing referrals are each checked,
    # rather than a list of every visible case's id built first.
    outgoing = (
        OutgoingReferral.objects.filter(
            Exists(permissions.cases_visible_to(user).filter(pk=OuterRef("case_id"))),
            ~Q(case__status=CaseStatus.CLOSED),
        )
        .select_related("case__registry")
        .annotate(
            recipient_count=Count("recipients", distinct=True),
            replied_count=Count("replies__recipient", distinct=True),
        )
        .order_by("deadline")
    )
    return render(
        request,
        "core/start.html",
        {
            "outgoing": outgoing[:START_PAGE_ROWS],
            "to_answer": to_answer,
            "my_cases": mine[:START_PAGE_ROWS],
            "open_referrals": referrals[:START_PAGE_ROWS],
            "open_referral_count": referrals.count(),
            "overdue_count": referrals.filter(deadline__lt=timezone.localdate()).count(),
            "can_register": user.organisation is not None
            and permissions.can_register(user, user.organisation),
        },
    )


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics, for operators only: the request must carry the bearer token of
    REMISS_METRICS_TOKEN. Without the setting the page does not exist (404), and a wrong or
    missing token is answered as if it did not (remiss.core.metrics)."""
    from remiss.consultations.metrics import ServiceCollector
    from remiss.core.metrics import exposition

    if not permissions.can_read_metrics(request.headers.get("Authorization", "")):
        raise Http404
    return HttpResponse(exposition(ServiceCollector()), content_type=CONTENT_TYPE_LATEST)


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (lagen (2018:1937) om tillgänglighet till digital offentlig
    service): public, without log-in, linked from every page."""
    return render(
        request,
        "core/accessibility.html",
        {
            "contact": settings.REMISS_ACCESSIBILITY_CONTACT,
            "statement_date": ACCESSIBILITY_STATEMENT_DATE,
        },
    )
