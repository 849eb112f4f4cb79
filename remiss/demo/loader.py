"""Load the demonstration data through the same services people use. Safe to run twice."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from remiss.accounts.models import User
from remiss.cases.models import Case
from remiss.demo import data, seed_texts
from remiss.meetings.services import (
    StatementInput,
    agenda_item_add,
    decision_record,
    meeting_create,
    minutes_approve,
)
from remiss.organisations.models import (
    Body,
    BodyKind,
    BodyMember,
    MemberRole,
    Organisation,
    OrganisationKind,
    Party,
    Person,
    Registry,
    Unit,
)
from remiss.reading.references import CaseNumber
from remiss.referrals.models import IncomingReferral
from remiss.referrals.reports import SHIPPED_CATALOGUE, parse_catalogue, reports_import
from remiss.referrals.services import ProposalInput, referral_register
from remiss.referrals.workflow import (
    MemoText,
    case_close,
    case_close_without_reply,
    internal_referral_send,
    memo_mark_ready,
    memo_save,
    reply_send,
    statement_submit,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")


class DemoRefused(Exception):
    pass


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9, 30), tzinfo=STOCKHOLM)


def _reference_data() -> Organisation:
    for name, kind, email, prefix in data.ISSUERS:
        Organisation.objects.get_or_create(
            name=name, defaults={"kind": kind, "email": email, "case_prefix": prefix}
        )
    city, _created = Organisation.objects.get_or_create(
        name=data.MUNICIPALITY,
        defaults={
            "kind": OrganisationKind.MUNICIPALITY,
            "email": "registrator.stadsledningskontoret@stockholm.se",
            "org_number": "212000-0142",
            "uses_remiss": True,
        },
    )
    for name, kind in data.UNITS:
        Unit.objects.get_or_create(
            organisation=city,
            name=name,
            defaults={"kind": kind, "name_in_text": name.lower() if kind == "kontor" else ""},
        )
    Registry.objects.get_or_create(
        organisation=city, prefix="KS", defaults={"name": "Kommunstyrelsens diarium"}
    )
    ministry = Organisation.objects.get(name="Finansdepartementet")
    Registry.objects.get_or_create(
        organisation=ministry, prefix="Fi", defaults={"name": "Finansdepartementets diarium"}
    )
    parties = {}
    for abbreviation, name in data.PARTIES:
        parties[abbreviation], _c = Party.objects.get_or_create(
            abbreviation=abbreviation, defaults={"name": name}
        )
    people = {}
    for name, party, title in data.PEOPLE:
        people[name], _c = Person.objects.get_or_create(
            organisation=city, name=name, defaults={"party": parties[party], "title": title}
        )
    preparatory_name, preparatory_members = data.PREPARATORY
    preparatory, _c = Body.objects.get_or_create(
        organisation=city, name=preparatory_name, defaults={"kind": BodyKind.PREPARATORY}
    )
    for name, chair in preparatory_members:
        BodyMember.objects.get_or_create(
            body=preparatory,
            person=people[name],
            defaults={"role": MemberRole.ORDINARY, "is_chair": chair},
        )
    board, _c = Body.objects.get_or_create(
        organisation=city, name="Kommunstyrelsen", defaults={"kind": BodyKind.DECIDING}
    )
    for index, name in enumerate(data.DECIDING_ORDINARY):
        BodyMember.objects.get_or_create(
            body=board,
            person=people[name],
            defaults={"role": MemberRole.ORDINARY, "is_chair": index == 0},
        )
    for name in data.DECIDING_SUBSTITUTES:
        BodyMember.objects.get_or_create(
            body=board, person=people[name], defaults={"role": MemberRole.SUBSTITUTE}
        )
    return city


def _users() -> dict[str, User]:
    users = {}
    for username, role, first, last, organisation, unit, person in data.DEMO_USERS:
        org = Organisation.objects.get(name=organisation)
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "first_name": first,
                "last_name": last,
                "organisation": org,
                "unit": Unit.objects.filter(organisation=org, name=unit).first(),
                "person": Person.objects.filter(organisation=org, name=person).first(),
                "email": f"{username}@demo.remiss.example",
                "is_staff": role == "administrator",
                "is_superuser": role == "administrator",
            },
        )
        if created:
            user.set_password(data.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        users[username] = user
    return users


def _register(
    city: Organisation, registrar: User, officer: User | None, **kwargs: Any
) -> IncomingReferral | None:
    issuer = Organisation.objects.get(name=kwargs.pop("issuer"))
    dnr = kwargs["issuer_dnr"]
    existing = IncomingReferral.objects.filter(
        issuer=issuer, report_title=kwargs["report_title"], case__registry__organisation=city
    ).first()
    if existing or (
        dnr and IncomingReferral.objects.filter(issuer=issuer, issuer_dnr=dnr).exists()
    ):
        return None
    unit = Unit.objects.get(organisation=city, name=kwargs.pop("unit"))
    # Ministries ask for replies to their functional mailbox for replies ("fi.remissvar@…").
    if issuer.email.endswith("@regeringskansliet.se"):
        kwargs.setdefault("reply_addresses", [issuer.email.replace(".registrator@", ".remissvar@")])
    return referral_register(
        actor=registrar,
        registry=Registry.objects.get(organisation=city, prefix="KS"),
        issuer=issuer,
        responsible_unit=unit,
        case_officer=officer,
        **kwargs,
    )


def _complete_seed_case(city: Organisation, users: dict[str, User], case: Case) -> None:
    """KS 2020/132 through every step, as the seed document records it."""
    registrar, officer, office = users["registrator"], users["handlaggare"], users["kontor"]
    seed = data.SEED_CASE
    city_office = Unit.objects.get(organisation=city, name="Stadsledningskontoret")
    internal, _warnings = internal_referral_send(
        actor=officer,
        case=case,
        unit=city_office,
        due_date=_date(seed["office_due"]),
        at=_at(_date(seed["registered"])),
    )
    statement_submit(
        actor=office,
        referral=internal,
        date=_date(seed["statement_date"]),  # before the referral: kept as written, flagged
        summary=seed["statement_summary"],
        text=seed_texts.CITY_OFFICE_STATEMENT,
    )
    presenter = Person.objects.get(organisation=city, name=seed["presenter"])
    preparatory = Body.objects.get(organisation=city, name="Borgarrådsberedningen")
    board = Body.objects.get(organisation=city, name="Kommunstyrelsen")
    support = case.referral.proposals.get(number="1")
    memo_save(
        actor=officer,
        case=case,
        text=MemoText(
            matter=seed_texts.MATTER,
            preparation=seed_texts.PREPARATION,
            views=seed_texts.VIEWS,
            decision_text=seed["decision_text"],
            compilation_matter=seed_texts.COMPILATION_MATTER,
            presenter_title="borgarrådet",
            place="Stockholm",
            date=_date(seed["memo_date"]),
            signatory=presenter,
            attachments="Remissen",
        ),
        unit=Unit.objects.get(organisation=city, name=seed["unit"]),
        preparatory_body=preparatory,
        deciding_body=board,
        stances={support.pk: ("supports", "Staden tillstyrker förslaget.")},
    )
    memo_mark_ready(actor=officer, case=case)
    meeting = meeting_create(
        actor=registrar, body=preparatory, date=_date(seed["preparatory_date"])
    )
    item = agenda_item_add(actor=registrar, meeting=meeting, case=case)
    decision_record(actor=registrar, item=item, outcome=seed["preparatory_decision"])
    minutes_approve(actor=registrar, meeting=meeting)
    meeting = meeting_create(actor=registrar, body=board, date=_date(seed["board_date"]))
    item = agenda_item_add(actor=registrar, meeting=meeting, case=case)
    person = {p.name: p for p in Person.objects.filter(organisation=city)}
    decision_record(
        actor=registrar,
        item=item,
        outcome=seed["board_decision"],
        statements=[
            StatementInput(
                kind="special_statement",
                members=[person["Torun Boucher"], person["Rashid Mohammed"]],
                text=seed_texts.LEFT_PARTY_STATEMENT,
            ),
            StatementInput(
                kind="substitute_statement",
                members=[person["Sissela Nordling Blanco"]],
                refers_to=0,
            ),
        ],
    )
    minutes_approve(actor=registrar, meeting=meeting)
    case.refresh_from_db()
    reply_send(actor=registrar, case=case, sent_date=_date(seed["board_date"]))
    case_close(actor=registrar, case=case, at=_at(_date(seed["deadline"])))


def load_demo() -> dict[str, int]:
    if settings.REMISS_ENV == "production":
        raise DemoRefused("remiss demo is refused when REMISS_ENV=production")
    with transaction.atomic():
        city = _reference_data()
        users = _users()
        reports_import(parse_catalogue(SHIPPED_CATALOGUE.read_bytes()))
        registrar, officer = users["registrator"], users["handlaggare"]
        seed = data.SEED_CASE
        created = 0
        referral = _register(
            city,
            registrar,
            officer,
            issuer=seed["issuer"],
            issuer_dnr=seed["issuer_dnr"],
            report_ref=seed["report_ref"],
            report_title=seed["report_title"],
            received_date=_date(seed["received"]),
            deadline=_date(seed["deadline"]),
            unit=seed["unit"],
            presenter=Person.objects.get(organisation=city, name=seed["presenter"]),
            proposals=[ProposalInput(*p) for p in seed["proposals"]],
            registered_at=_at(_date(seed["registered"])),
            earlier_number=CaseNumber("KS", 2020, seed["serial"]),
        )
        if referral is not None:
            created += 1
            _complete_seed_case(city, users, referral.case)
        for serial, registered, issuer, dnr, ref, title, deadline, unit in data.CLOSED_CASES:
            referral = _register(
                city,
                registrar,
                None,
                issuer=issuer,
                issuer_dnr=dnr,
                report_ref=ref,
                report_title=title,
                received_date=_date(registered),
                deadline=_date(deadline),
                unit=unit,
                registered_at=_at(_date(registered)),
                earlier_number=CaseNumber("KS", int(registered[:4]), serial),
            )
            if referral is not None:
                created += 1
                case_close_without_reply(
                    actor=registrar, case=referral.case, at=_at(_date(deadline))
                )
        today = timezone.localdate()
        for received_ago, due_in, issuer, title, unit, proposals in data.OPEN_REFERRALS:
            received = today - dt.timedelta(days=received_ago)
            referral = _register(
                city,
                registrar,
                officer if unit == "Rotel I" else None,
                issuer=issuer,
                issuer_dnr="",
                report_ref="",
                report_title=title,
                received_date=received,
                deadline=today + dt.timedelta(days=due_in),
                unit=unit,
                proposals=[ProposalInput(str(i), t) for i, t in enumerate(proposals, start=1)],
            )
            created += referral is not None
        created += _decided_referral(city, users, today)
        created += _outgoing_referral(users["departement"])
    return {"users": len(users), "cases_created": created}


def _decided_referral(city: Organisation, users: dict[str, User], today: dt.date) -> int:
    """A referral through memo, the preparatory body (with an opposition statement) and the
    board (with a reservation), minutes approved: the reply waits to be checked and sent."""
    spec = data.DECIDED_REFERRAL
    registrar, officer = users["registrator"], users["handlaggare"]
    referral = _register(
        city,
        registrar,
        officer,
        issuer=spec["issuer"],
        issuer_dnr=spec["issuer_dnr"].format(year=today.year),
        report_ref="",
        report_title=spec["report_title"],
        received_date=today - dt.timedelta(days=spec["received_ago"]),
        deadline=today + dt.timedelta(days=spec["due_in"]),
        unit=spec["unit"],
        proposals=[ProposalInput(number, title) for number, title, *_ in spec["proposals"]],
        registered_at=_at(today - dt.timedelta(days=spec["received_ago"])),
    )
    if referral is None:
        return 0
    case = referral.case
    person = {p.name: p for p in Person.objects.filter(organisation=city)}
    preparatory = Body.objects.get(organisation=city, name="Borgarrådsberedningen")
    board = Body.objects.get(organisation=city, name="Kommunstyrelsen")
    proposals = {p.number: p.pk for p in referral.proposals.all()}
    memo_save(
        actor=officer,
        case=case,
        text=MemoText(
            matter=spec["matter"],
            preparation=spec["preparation"],
            views=spec["views"],
            decision_text=spec["decision_text"],
            place="Stockholm",
            date=today - dt.timedelta(days=spec["memo_ago"]),
            signatory=person[data.SEED_CASE["presenter"]],
            attachments="Remissen",
        ),
        unit=Unit.objects.get(organisation=city, name=spec["unit"]),
        preparatory_body=preparatory,
        deciding_body=board,
        stances={proposals[n]: (stance, comment) for n, _t, stance, comment in spec["proposals"]},
    )
    memo_mark_ready(actor=officer, case=case)
    for body, ago, outcome, (members, text), kind in (
        (preparatory, spec["preparatory_ago"], spec["preparatory_decision"],
         spec["preparatory_statement"], "special_statement"),
        (board, spec["board_ago"], spec["board_decision"], spec["board_reservation"],
         "reservation"),
    ):  # fmt: skip
        meeting = meeting_create(actor=registrar, body=body, date=today - dt.timedelta(days=ago))
        item = agenda_item_add(actor=registrar, meeting=meeting, case=case)
        decision_record(
            actor=registrar,
            item=item,
            outcome=outcome,
            statements=[StatementInput(kind=kind, members=[person[m] for m in members], text=text)],
        )
        minutes_approve(actor=registrar, meeting=meeting)
    return 1


def _outgoing_referral(official: User) -> int:
    """Finansdepartementet's own referral with its bodies chosen, ready to send (issuer side)."""
    from remiss.consultations.models import OutgoingReferral
    from remiss.consultations.services import outgoing_create, recipients_add

    title, ref, proposals, bodies = data.OUTGOING_REFERRAL
    if OutgoingReferral.objects.filter(report_title=title).exists():
        return 0
    referral = outgoing_create(
        actor=official,
        registry=Registry.objects.get(organisation=official.organisation, prefix="Fi"),
        report_ref=ref,
        report_title=title,
        deadline=timezone.localdate() + dt.timedelta(days=90),
        proposals=[ProposalInput(str(i), t) for i, t in enumerate(proposals, start=1)],
    )
    recipients_add(
        actor=official,
        referral=referral,
        organisations=list(Organisation.objects.filter(name__in=bodies)),
    )
    return 1
