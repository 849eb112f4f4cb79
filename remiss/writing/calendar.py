"""A calendar (RFC 5545, iCalendar) of whole-day events from plain data, for subscription from
Outlook, a phone or any calendar: no Django, no database (docs/architecture.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import icalendar


@dataclass(frozen=True)
class DayEvent:
    uid: str  # stable across fetches, so that a calendar updates the event instead of adding one
    day: dt.date
    summary: str
    url: str = ""
    description: str = ""


def to_ics(events: Iterable[DayEvent], *, name: str, stamp: dt.datetime) -> bytes:
    """The events as one calendar; `name` is shown as the calendar's name, `stamp` (UTC) is
    when it was made."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Remiss//Remiss//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    # How often a subscribing calendar should fetch again (Outlook and Apple read these).
    calendar.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for item in events:
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + dt.timedelta(days=1))
        event.add("summary", item.summary)
        event.add("transp", "TRANSPARENT")  # a deadline does not make the person busy
        if item.url:
            event.add("url", item.url)
        if item.description:
            event.add("description", item.description)
        calendar.add_component(event)
    return bytes(calendar.to_ical())
