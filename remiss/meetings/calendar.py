"""What a person's calendar subscription holds (remiss.accounts.services.calendar_feed_*): the
deadlines of the cases that concern them, their unit's statements due, and their organisation's
meetings — decided by core.permissions as the start page decides them, at each fetch."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from remiss.accounts.models import User
from remiss.cases.models import AWAITING_REPLY_STATUSES
from remiss.core import permissions
from remiss.meetings.services import meetings_for
from remiss.writing.calendar import DayEvent

# How far back a calendar keeps what has passed; everything ahead is in it.
PAST_DAYS = 60


def events_for(user: User, *, today: dt.date | None = None) -> list[DayEvent]:
    today = today or timezone.localdate()
    since = today - dt.timedelta(days=PAST_DAYS)
    base = settings.REMISS_BASE_URL
    host = base.split("//", 1)[-1]
    events: list[DayEvent] = []
    cases = (
        permissions.cases_visible_to(user)
        .filter(permissions.case_filter_for_deadlines(user))
        .filter(status__in=AWAITING_REPLY_STATUSES, deadline__gte=since)
        .select_related("registry", "referral__issuer")
        .order_by("deadline")
    )
    for case in cases:
        if case.deadline is None:  # not asked for above; for the type checker
            continue
        issuer = case.referral.issuer.name if hasattr(case, "referral") else ""
        events.append(
            DayEvent(
                uid=f"deadline-{case.pk}@{host}",
                day=case.deadline,
                summary=_("Deadline: %(number)s %(title)s")
                % {"number": case.number, "title": case.title},
                url=base + case.get_absolute_url(),
                description=_("The reply to %(issuer)s is due.") % {"issuer": issuer}
                if issuer
                else "",
            )
        )
    for item in permissions.statements_due_for(user).filter(due_date__gte=since):
        events.append(
            DayEvent(
                uid=f"statement-{item.pk}@{host}",
                day=item.due_date,
                summary=_("Statement due: %(number)s %(title)s")
                % {"number": item.case.number, "title": item.case.title},
                url=base + item.case.get_absolute_url(),
            )
        )
    for meeting in reversed(meetings_for(user, since=since)):  # earliest first
        events.append(
            DayEvent(
                uid=f"meeting-{meeting.pk}@{host}",
                day=meeting.date,
                summary=_("Meeting: %(body)s") % {"body": meeting.body.name},
                url=base + reverse("cases:agenda", args=[meeting.pk]),
            )
        )
    return events
