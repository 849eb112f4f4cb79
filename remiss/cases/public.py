"""The public register (offentligt diarium): the one module every public page reads through.

What it returns is plain data holding only what the register must show anyone under OSL 5 kap.
1 § — the case's number and title, and for each record its number, dates, direction, sender or
recipient and what it concerns — never a model a template could follow further. For a record
marked secret, its existence, number and dates are shown, the sender or recipient and the subject
are withheld (the public subject the registrar wrote stands instead) and the provision is named.
Files, memos, statements, readings, people's names and internal notes are not reached from here.
The canary test (tests/test_public_register.py) proves it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from remiss.cases.models import (
    AWAITING_REPLY_STATUSES,
    Case,
    CaseStatus,
    Direction,
    Publication,
    PublicationKind,
    PublishedFile,
    Record,
)
from remiss.organisations.models import Organisation
from remiss.reading.references import parse_case_number

PAGE_SIZE = 50


@dataclass(frozen=True)
class PublicRecord:
    number: str
    serial: int
    direction: str  # incoming, outgoing or internal
    direction_label: str
    registered: dt.date
    document_date: dt.date
    counterpart: str  # empty when withheld
    subject: str  # the public subject when the record is secret
    secrecy_provision: str  # empty for a public record


@dataclass(frozen=True)
class PublicFile:
    pk: int
    name: str
    size: int
    content_type: str


@dataclass(frozen=True)
class PublicPublication:
    pk: int
    organisation_id: int
    kind: str
    kind_label: str
    title: str
    published: dt.datetime
    case_number: str
    case_path: tuple[str, int, int]  # prefix, year, serial
    masked: int
    files: tuple[PublicFile, ...]


@dataclass(frozen=True)
class PublicCase:
    organisation_id: int
    organisation: str
    prefix: str
    year: int
    serial: int
    number: str
    title: str
    registered: dt.date
    closed: bool
    records: tuple[PublicRecord, ...] = ()
    publications: tuple[PublicPublication, ...] = ()


@dataclass(frozen=True)
class PublicOrganisation:
    pk: int
    name: str
    email: str  # the functional mailbox, where documents are requested


@dataclass(frozen=True)
class PublicPage:
    cases: tuple[PublicCase, ...]
    total: int
    page: int
    pages: int


def _kept_here() -> QuerySet[Organisation]:
    """The organisations whose register is kept in this installation: the public ones."""
    return Organisation.objects.filter(registries__isnull=False).distinct()


def organisations() -> list[PublicOrganisation]:
    return [PublicOrganisation(o.pk, o.name, o.email) for o in _kept_here().order_by("name")]


def has_register(pk: int) -> bool:
    """Whether the organisation has a public register here (a link to it would not be 404)."""
    return _kept_here().filter(pk=pk).exists()


def organisation(pk: int) -> PublicOrganisation:
    found = _kept_here().filter(pk=pk).first()
    if found is None:
        raise Http404
    return PublicOrganisation(found.pk, found.name, found.email)


def _cases(organisation_id: int) -> QuerySet[Case]:
    return Case.objects.filter(registry__organisation_id=organisation_id).select_related(
        "registry__organisation"
    )


def _matching(cases: QuerySet[Case], query: str) -> QuerySet[Case]:
    """Words of the title, a case number, or what a record's public entry says (its subject
    and sender or recipient; for a secret record only its public subject)."""
    query = query.strip()
    if not query:
        return cases
    number = parse_case_number(query)
    if number is not None:
        return cases.filter(registry__prefix=number.prefix, year=number.year, serial=number.serial)
    public_entry = Record.objects.filter(case=OuterRef("pk")).filter(
        Q(secrecy_provision="", subject__icontains=query)
        | Q(secrecy_provision="", counterpart__icontains=query)
        | (~Q(secrecy_provision="") & Q(public_subject__icontains=query))
    )
    return cases.filter(Q(title__icontains=query) | Exists(public_entry))


def _public_case(case: Case, records: tuple[PublicRecord, ...] = ()) -> PublicCase:
    return PublicCase(
        organisation_id=case.registry.organisation_id,
        organisation=case.registry.organisation.name,
        prefix=case.registry.prefix,
        year=case.year,
        serial=case.serial,
        number=case.number,
        title=case.title,
        registered=timezone.localtime(case.registered_at).date(),
        closed=case.status == CaseStatus.CLOSED,
        records=records,
    )


def search(organisation_id: int, *, query: str = "", year: int | None = None,
           page: int = 1) -> PublicPage:  # fmt: skip
    """A page of the organisation's cases, newest first."""
    cases = _matching(_cases(organisation_id), query)
    if year is not None:
        cases = cases.filter(year=year)
    total = cases.count()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = cases.order_by("-year", "-serial")[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return PublicPage(tuple(_public_case(c) for c in rows), total, page, pages)


def years(organisation_id: int) -> list[int]:
    return list(_cases(organisation_id).order_by("-year").values_list("year", flat=True).distinct())


def _public_record(case: Case, record: Record) -> PublicRecord:
    secret = record.is_secret
    return PublicRecord(
        number=f"{case.number}-{record.serial}",
        serial=record.serial,
        direction=record.direction,
        direction_label=str(Direction(record.direction).label),
        registered=timezone.localtime(record.registered_at).date(),
        document_date=record.document_date,
        counterpart="" if secret else record.counterpart,
        subject=record.public_subject if secret else record.subject,
        secrecy_provision=record.secrecy_provision,
    )


def case(organisation_id: int, prefix: str, year: int, serial: int) -> PublicCase:
    """One case with its register entries; 404 when there is none."""
    found = (
        _cases(organisation_id).filter(registry__prefix=prefix, year=year, serial=serial).first()
    )
    if found is None:
        raise Http404
    records = tuple(
        _public_record(found, record)
        for record in Record.objects.filter(case=found).order_by("serial")
    )
    return replace(
        _public_case(found, records),
        publications=tuple(_public_publications(_published().filter(case=found))),
    )


class Withdrawn(Exception):
    """The publication was withdrawn: its files are gone from the public pages (410)."""


def _published() -> QuerySet[Publication]:
    """Publications on show: not withdrawn."""
    return Publication.objects.filter(withdrawn_at__isnull=True).select_related(
        "case__registry__organisation"
    )


def _public_publications(rows: QuerySet[Publication]) -> list[PublicPublication]:
    publications = list(rows)
    files: dict[int, list[PublicFile]] = {}
    for item in (
        PublishedFile.objects.filter(publication__in=[p.pk for p in publications])
        .select_related("stored")
        .order_by("publication_id", "position")
    ):
        files.setdefault(item.publication_id, []).append(
            PublicFile(item.pk, item.file_name, item.stored.size, item.stored.content_type)
        )
    return [
        PublicPublication(
            pk=p.pk,
            organisation_id=p.case.registry.organisation_id,
            kind=p.kind,
            kind_label=str(PublicationKind(p.kind).label),
            title=p.title,
            published=p.published_at,
            case_number=p.case.number,
            case_path=(p.case.registry.prefix, p.case.year, p.case.serial),
            masked=p.masked,
            files=tuple(files.get(p.pk, ())),
        )
        for p in publications
    ]


def publications(organisation_id: int, *, limit: int = PAGE_SIZE) -> list[PublicPublication]:
    """The organisation's publications on show, newest first."""
    rows = _published().filter(case__registry__organisation_id=organisation_id)
    return _public_publications(rows.order_by("-published_at", "-id")[:limit])


@dataclass(frozen=True)
class PublishedDownload:
    name: str
    sha256: str
    content_type: str


def published_file(organisation_id: int, publication_pk: int, file_pk: int) -> PublishedDownload:
    """One published file; 404 when there is none, Withdrawn when it was taken down."""
    item = (
        PublishedFile.objects.filter(
            pk=file_pk,
            publication_id=publication_pk,
            publication__case__registry__organisation_id=organisation_id,
        )
        .select_related("publication", "stored")
        .first()
    )
    if item is None:
        raise Http404
    if item.publication.is_withdrawn:
        raise Withdrawn
    return PublishedDownload(item.file_name, item.stored.sha256, item.stored.content_type)


@dataclass(frozen=True)
class FeedItem:
    organisation_id: int
    key: str  # stable, for the entry's id
    title: str
    description: str
    at: dt.datetime
    case_path: tuple[str, int, int]


FEEDS = ("remisser", "beslut", "publicerat")
FEED_SIZE = 50


def feed(organisation_id: int, name: str) -> list[FeedItem]:
    """The newest entries of one of the organisation's feeds: referrals (those it registered
    and those it sent), decisions (once the minutes are approved) and publications."""
    cases = _cases(organisation_id)
    items: list[FeedItem] = []

    def add(key: str, title: str, description: str, at: dt.datetime,
            path: tuple[str, int, int]) -> None:  # fmt: skip
        items.append(FeedItem(organisation_id, key, title, description, at, path))

    if name == "remisser":
        for row in cases.filter(referral__isnull=False).order_by("-registered_at")[:FEED_SIZE]:
            add(f"case-{row.pk}", f"{row.number} {row.title}", "Remiss registrerad",
                row.registered_at, _path(row))  # fmt: skip
        sent = cases.filter(outgoing_referral__sent_at__isnull=False).annotate(
            sent_at=F("outgoing_referral__sent_at"),
            answer_by=F("outgoing_referral__deadline"),
        )
        for row in sent.order_by("-sent_at")[:FEED_SIZE]:
            add(f"sent-{row.pk}", f"{row.number} {row.title}",
                f"Remiss skickad, svar senast {row.answer_by:%Y-%m-%d}",
                row.sent_at, _path(row))  # fmt: skip
    elif name == "beslut":
        decided = (
            cases.filter(
                agenda_items__meeting__minutes_approved_at__isnull=False,
                agenda_items__decisions__isnull=False,
            )
            .distinct()
            .annotate(
                approved=F("agenda_items__meeting__minutes_approved_at"),
                body=F("agenda_items__meeting__body__name"),
                meeting_date=F("agenda_items__meeting__date"),
                item_pk=F("agenda_items__pk"),
            )
        )
        for row in decided.order_by("-approved")[:FEED_SIZE]:
            add(f"item-{row.item_pk}", f"{row.number} {row.title}",
                f"Beslut i {row.body} {row.meeting_date:%Y-%m-%d}",
                row.approved, _path(row))  # fmt: skip
    elif name == "publicerat":
        for item in publications(organisation_id, limit=FEED_SIZE):
            add(f"publication-{item.pk}", item.title, f"{item.kind_label}, {item.case_number}",
                item.published, item.case_path)  # fmt: skip
    else:
        raise Http404
    items.sort(key=lambda item: item.at, reverse=True)
    return items[:FEED_SIZE]


def _path(case: Case) -> tuple[str, int, int]:
    return (case.registry.prefix, case.year, case.serial)


@dataclass(frozen=True)
class CalendarItem:
    kind: str  # "reply_due" (a referral it answers), "replies_due" (one it sent), "meeting"
    key: str  # stable, for the event's uid
    day: dt.date
    number: str = ""
    title: str = ""
    name: str = ""  # the issuer of a referral answered; the body of a meeting
    case_path: tuple[str, int, int] | None = None


CALENDAR_PAST_DAYS = 60


def calendar(organisation_id: int, *, today: dt.date | None = None) -> list[CalendarItem]:
    """The organisation's public dates, for a calendar subscription: the deadlines of the
    referrals it answers and of those it sent, and the meetings where its cases are decided
    (the body and the day; what a meeting decides is in the register once the minutes are
    approved). What passed more than CALENDAR_PAST_DAYS ago is left out."""
    since = (today or timezone.localdate()) - dt.timedelta(days=CALENDAR_PAST_DAYS)
    cases = _cases(organisation_id)
    items: list[CalendarItem] = []
    answering = cases.filter(
        referral__isnull=False, status__in=AWAITING_REPLY_STATUSES, deadline__gte=since
    ).annotate(issuer=F("referral__issuer__name"))
    for row in answering.order_by("deadline"):
        if row.deadline is not None:  # asked for above; for the type checker
            items.append(CalendarItem("reply_due", f"deadline-{row.pk}", row.deadline, row.number,
                                      row.title, row.issuer, _path(row)))  # fmt: skip
    sent = cases.filter(
        outgoing_referral__sent_at__isnull=False, outgoing_referral__deadline__gte=since
    ).annotate(answer_by=F("outgoing_referral__deadline"))
    for sent_case in sent.order_by("answer_by"):
        items.append(CalendarItem("replies_due", f"sent-{sent_case.pk}", sent_case.answer_by,
                                  sent_case.number, sent_case.title, "",
                                  _path(sent_case)))  # fmt: skip
    meetings = (
        cases.filter(agenda_items__meeting__date__gte=since)
        .values_list(
            "agenda_items__meeting__pk",
            "agenda_items__meeting__date",
            "agenda_items__meeting__body__name",
        )
        .distinct()
    )
    for pk, day, body in sorted(set(meetings), key=lambda row: (row[1], row[2])):
        items.append(CalendarItem("meeting", f"meeting-{pk}", day, name=body))
    items.sort(key=lambda item: item.day)
    return items
