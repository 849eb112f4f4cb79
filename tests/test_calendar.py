"""The calendar subscription: a person's deadlines, statements due and meetings as an
iCalendar address that Outlook or a phone fetches without logging in; the address's secret is
the key, shown once, kept only as a hash, replaced or removed at will, and never logged."""

from __future__ import annotations

import datetime as dt
import re

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from remiss.accounts.models import Role
from remiss.core.logging import redact
from remiss.core.models import AuditEntry
from remiss.meetings.models import Meeting
from remiss.organisations.models import Body, BodyKind
from remiss.referrals.services import referral_register
from remiss.writing.calendar import DayEvent, to_ics
from tests.factories import OrganisationFactory, RegistryFactory, UserFactory, referral_kwargs

pytestmark = pytest.mark.django_db

ADDRESS = re.compile(r"http://testserver/kalender/([A-Za-z0-9_-]{40,})\.ics")


@pytest.fixture
def officer(city):
    return UserFactory(username="hanna", role=Role.CASE_OFFICER, organisation=city)


@pytest.fixture
def world(registrar, registry, ministry, officer, files_dir):
    today = timezone.localdate()
    mine = referral_register(
        actor=registrar, registry=registry, issuer=ministry, case_officer=officer,
        **referral_kwargs(report_title="Starkare skärgårdar", deadline=today + dt.timedelta(30)),
    ).case  # fmt: skip
    colleagues = referral_register(
        actor=registrar, registry=registry, issuer=ministry,
        case_officer=UserFactory(role=Role.CASE_OFFICER, organisation=registry.organisation),
        **referral_kwargs(report_title="Kollegans remiss", issuer_dnr="Fi2026/9"),
    ).case  # fmt: skip
    other = OrganisationFactory(name="Region Uppsala", kind="region")
    foreign = referral_register(
        actor=UserFactory(role=Role.REGISTRAR, organisation=other),
        registry=RegistryFactory(organisation=other, prefix="RS"), issuer=ministry,
        **referral_kwargs(report_title="Regionens remiss"),
    ).case  # fmt: skip
    board = Body.objects.create(
        organisation=registry.organisation, name="Kommunstyrelsen", kind=BodyKind.DECIDING
    )
    meeting = Meeting.objects.create(body=board, date=today + dt.timedelta(days=14))
    return {"mine": mine, "colleagues": colleagues, "foreign": foreign, "meeting": meeting}


def _make_address(client, user) -> str:
    client.force_login(user)
    page = client.post(reverse("calendar"), {"action": "renew"}).content.decode()
    return ADDRESS.search(page).group(0)


def test_the_feed_holds_the_persons_deadlines_and_meetings_and_nothing_else(client, officer, world):
    address = _make_address(client, officer)
    client.logout()  # a calendar program has no session
    response = client.get(address.removeprefix("http://testserver"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    mine, meeting = world["mine"], world["meeting"]
    deadline = events[f"Remisstid: {mine.number} {mine.title}"]
    assert deadline.decoded("dtstart") == mine.deadline  # a whole day
    assert deadline.decoded("dtend") == mine.deadline + dt.timedelta(days=1)
    assert str(deadline["url"]) == f"http://127.0.0.1:8000{mine.get_absolute_url()}"
    assert str(deadline["uid"]) == f"deadline-{mine.pk}@127.0.0.1:8000"  # stable per case
    assert events["Sammanträde: Kommunstyrelsen"].decoded("dtstart") == meeting.date
    titles = " ".join(events)
    assert "Kollegans remiss" not in titles  # another officer's case
    assert "Regionens remiss" not in titles  # another organisation's
    assert str(calendar["x-wr-calname"]) == f"Remiss – {officer.get_full_name()}"


def test_the_address_is_shown_once_kept_as_a_hash_replaced_and_removed(client, officer, world):
    first = _make_address(client, officer)
    token = ADDRESS.search(first).group(1)
    again = client.get(reverse("calendar")).content.decode()
    assert token not in again  # shown once
    assert "Du har en kalenderadress" in again
    assert officer.calendar_feed.token_sha256 != token
    assert AuditEntry.objects.filter(object_type="accounts.calendarfeed", action="create").exists()
    second = _make_address(client, officer)
    assert client.get(first.removeprefix("http://testserver")).status_code == 404  # replaced
    assert (
        AuditEntry.objects.filter(object_type="accounts.calendarfeed", action="delete").count() == 1
    )
    assert client.get(second.removeprefix("http://testserver")).status_code == 200
    client.post(reverse("calendar"), {"action": "remove"})
    assert client.get(second.removeprefix("http://testserver")).status_code == 404  # removed
    assert AuditEntry.objects.filter(object_type="accounts.calendarfeed", action="delete").exists()


def test_an_address_stops_with_its_persons_access(client, officer, world):
    address = _make_address(client, officer).removeprefix("http://testserver")
    officer.is_active = False
    officer.save()
    assert client.get(address).status_code == 404
    assert client.get("/kalender/" + "x" * 43 + ".ics").status_code == 404  # never made


def test_the_token_is_cut_from_log_lines():
    token = "A" * 43
    assert token not in redact(f'"GET /kalender/{token}.ics HTTP/1.1" 404')
    assert "/kalender/[token].ics" in redact(f"Not Found: /kalender/{token}.ics")


def test_whole_day_events_in_rfc_5545():
    text = to_ics(
        [DayEvent("a@remiss", dt.date(2026, 12, 24), "Remisstid: KS 2026/1 Julremiss")],
        name="Remiss – Hanna",
        stamp=dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC),
    ).decode()
    assert "BEGIN:VCALENDAR" in text
    assert "DTSTART;VALUE=DATE:20261224" in text
    assert "DTEND;VALUE=DATE:20261225" in text
    assert "TRANSP:TRANSPARENT" in text
    assert "\r\n" in text  # lines end as the standard says
