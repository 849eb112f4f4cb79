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
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from remiss.cases.models import Case, CaseStatus, Direction, Record
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


def organisations() -> list[PublicOrganisation]:
    """The organisations whose register is kept in this installation."""
    rows = Organisation.objects.filter(registries__isnull=False).distinct().order_by("name")
    return [PublicOrganisation(o.pk, o.name, o.email) for o in rows]


def organisation(pk: int) -> PublicOrganisation:
    found = Organisation.objects.filter(pk=pk, registries__isnull=False).distinct().first()
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
    return _public_case(found, records)
