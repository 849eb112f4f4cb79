"""What a person's calendar subscription holds (remiss.accounts.services.calendar_feed_*): the
deadlines of the cases that concern them, their unit's statements due, and their organisation's
meetings — decided by core.permissions as the start page decides them, at each fetch."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from remiss.accounts.models import User
from remiss.cases.models import AWAITING_REPLY_STATUSES
from remiss.core import permissions
from remiss.meetings.models import Meeting
from remiss.referrals.models import InternalReferral, InternalReferralStatus
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
    if user.unit_id:
        due = (
            InternalReferral.objects.filter(
                unit_id=user.unit_id,
                status=InternalReferralStatus.SENT,
                case__in=permissions.cases_visible_to(user),
                due_date__gte=since,
            )
            .select_related("case__registry", "unit")
            .order_by("due_date")
        )
        for item in due:
            events.append(
                DayEvent(
                    uid=f"statement-{item.pk}@{host}",
                    day=item.due_date,
                    summary=_("Statement due: %(number)s %(title)s")
                    % {"number": item.case.number, "title": item.case.title},
                    url=base + item.case.get_absolute_url(),
                )
            )
    meetings = (
        Meeting.objects.filter(body__organisation_id=user.organisation_key, date__gte=since)
        .select_related("body")
        .order_by("date")
    )
    for meeting in meetings:
        events.append(
            DayEvent(
                uid=f"meeting-{meeting.pk}@{host}",
                day=meeting.date,
                summary=_("Meeting: %(body)s") % {"body": meeting.body.name},
            )
        )
    return events
