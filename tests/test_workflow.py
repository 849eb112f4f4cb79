"""The respondent's workflow: internal referrals and statements, the versioned memo, meetings,
decisions with members' statements, frozen minutes, and the case's status through it all."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from remiss.accounts.models import User
from remiss.cases.models import Case, CaseStatus
from remiss.core.errors import NotAllowed, ServiceError
from remiss.core.models import AuditEntry
from remiss.core.permissions import cases_visible_to
from remiss.documents.services import render_reply
from remiss.meetings.models import Decision
from remiss.meetings.services import (
    StatementInput,
    agenda_item_add,
    decision_correct,
    decision_record,
    meeting_create,
    minutes_approve,
)
from remiss.organisations.models import Body, Person, Unit
from remiss.referrals.models import InternalReferral, InternalReferralStatus
from remiss.referrals.services import ProposalInput, referral_register
from remiss.referrals.workflow import (
    MemoText,
    case_warnings,
    internal_referral_decline,
    internal_referral_send,
    internal_referrals_send,
    memo_mark_ready,
    memo_save,
    preparation_draft,
    reply_send,
    statement_submit,
)
from tests.demo_data import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(db, files_dir):
    """The demo's Stockholms stad, with a fresh referral to work on."""
    load_demo()
    return User.objects.get(username="registrator").organisation


@pytest.fixture
def users(city):
    return {u.username: u for u in User.objects.filter(organisation=city)}


@pytest.fixture
def case(city, users):
    today = timezone.localdate()
    from remiss.organisations.models import Organisation, Registry

    referral = referral_register(
        actor=users["registrator"],
        registry=Registry.objects.get(organisation=city, prefix="KS"),
        issuer=Organisation.objects.get(name="Socialdepartementet"),
        issuer_dnr="S2026/01234",
        report_ref="SOU 2026:12",
        report_title="En ny lag om stöd till anhöriga",
        received_date=today,
        deadline=today + dt.timedelta(days=60),
        proposals=[ProposalInput("1", "Anhörigstöd"), ProposalInput("2", "Kunskapsstöd")],
        responsible_unit=Unit.objects.get(organisation=city, name="Rotel I"),
        case_officer=users["handlaggare"],
        presenter=Person.objects.get(organisation=city, name="Anna König Jerlmyr"),
    )
    return referral.case


def unit(city, name):
    return Unit.objects.get(organisation=city, name=name)


def body(city, name):
    return Body.objects.get(organisation=city, name=name)


def person(name):
    return Person.objects.get(name=name)


def memo_text(**changes):
    values = {
        "matter": "Regeringen föreslår en ny lag om stöd till anhöriga.",
        "preparation": "Ärendet har remitterats till stadsledningskontoret.",
        "views": "Staden tillstyrker förslaget om anhörigstöd.",
        "decision_text": "Remissen besvaras med hänvisning till vad som sägs i promemorian.",
        "place": "Stockholm",
        "date": timezone.localdate(),
        "signatory": person("Anna König Jerlmyr"),
        "attachments": "Remissen",
    }
    values.update(changes)
    return MemoText(**values)


def save_memo(city, case, actor, **changes):
    return memo_save(
        actor=actor,
        case=case,
        text=memo_text(**changes),
        unit=unit(city, "Rotel I"),
        preparatory_body=body(city, "Borgarrådsberedningen"),
        deciding_body=body(city, "Kommunstyrelsen"),
    )


def test_internal_referral_due_dates(city, users, case):
    officer = users["handlaggare"]
    with pytest.raises(ServiceError, match="efter remisstiden"):
        internal_referral_send(
            actor=officer,
            case=case,
            unit=unit(city, "Socialförvaltningen"),
            due_date=case.deadline + dt.timedelta(days=1),
        )
    late, warnings = internal_referral_send(
        actor=officer,
        case=case,
        unit=unit(city, "Socialförvaltningen"),
        due_date=case.deadline - dt.timedelta(days=5),
    )
    assert warnings
    assert "mindre än 21 dagar" in warnings[0]
    _early, none = internal_referral_send(
        actor=officer,
        case=case,
        unit=unit(city, "Stadsledningskontoret"),
        due_date=case.deadline - dt.timedelta(days=30),
    )
    assert none == []
    with pytest.raises(ServiceError, match="redan remitterat"):
        internal_referral_send(
            actor=officer,
            case=case,
            unit=unit(city, "Socialförvaltningen"),
            due_date=case.deadline - dt.timedelta(days=30),
        )
    case.refresh_from_db()
    assert case.status == CaseStatus.REFERRED
    assert late.status == InternalReferralStatus.SENT


def test_the_office_sees_what_was_referred_to_it_and_answers(city, users, case):
    office = users["kontor"]  # Stadsledningskontoret
    assert case not in cases_visible_to(office)
    referral, _ = internal_referral_send(
        actor=users["handlaggare"],
        case=case,
        unit=unit(city, "Stadsledningskontoret"),
        due_date=case.deadline - dt.timedelta(days=30),
    )
    assert case in cases_visible_to(office)
    other, _ = internal_referral_send(
        actor=users["handlaggare"],
        case=case,
        unit=unit(city, "Socialförvaltningen"),
        due_date=case.deadline - dt.timedelta(days=30),
    )
    with pytest.raises(NotAllowed):
        statement_submit(actor=office, referral=other, date=timezone.localdate(), text="Nej.")
    statement = statement_submit(
        actor=office,
        referral=referral,
        date=timezone.localdate(),
        summary="Stadsledningskontoret tillstyrker.",
        text="Stadsledningskontoret tillstyrker.",
    )
    assert statement.record.direction == "internal"
    assert statement.record.subject == "Tjänsteutlåtande från Stadsledningskontoret"
    referral.refresh_from_db()
    assert referral.status == InternalReferralStatus.ANSWERED
    with pytest.raises(ServiceError, match="redan besvarad"):
        statement_submit(actor=office, referral=referral, date=timezone.localdate(), text="Igen")
    internal_referral_decline(actor=users["registrator"], referral=other, reason="Berörs inte.")
    draft = preparation_draft(case)
    assert draft.startswith(
        "Ärendet har remitterats till stadsledningskontoret och Socialförvaltningen."
    )
    assert "Stadsledningskontoret tillstyrker." in draft
    assert "Socialförvaltningen har avstått från att yttra sig." in draft


def test_a_statement_dated_before_the_referral_is_kept_and_flagged(city, users, case):
    referral, _ = internal_referral_send(
        actor=users["handlaggare"],
        case=case,
        unit=unit(city, "Stadsledningskontoret"),
        due_date=case.deadline - dt.timedelta(days=30),
    )
    early = case.referral.received_date - dt.timedelta(days=400)
    statement_submit(actor=users["kontor"], referral=referral, date=early, text="Text.")
    warnings = case_warnings(case)
    assert len(warnings) == 1
    assert "före det att remissen kom in" in warnings[0]
    seed = Case.objects.get(registry__prefix="KS", year=2020, serial=132)
    assert "daterat 4 mars 2019" in case_warnings(seed)[0]


def test_memo_versions_are_kept_and_stances_recorded(city, users, case):
    officer = users["handlaggare"]
    first = save_memo(city, case, officer)
    proposal = case.referral.proposals.get(number="1")
    second = memo_save(
        actor=users["politiker"],  # the presenter writes too
        case=case,
        text=memo_text(views="Staden tillstyrker förslaget."),
        unit=unit(city, "Rotel I"),
        preparatory_body=body(city, "Borgarrådsberedningen"),
        deciding_body=body(city, "Kommunstyrelsen"),
        stances={proposal.pk: ("supports", "Tillstyrks")},
    )
    assert (first.number, second.number) == (1, 2)
    assert first.views != second.views
    assert case.memo.current == second
    assert second.stances.get().stance == "supports"
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFTING
    with pytest.raises(NotAllowed):
        save_memo(city, case, users["kontor"])
    with pytest.raises(ServiceError):
        save_memo(city, case, officer, views="  ")


def test_the_memo_waits_for_statements(city, users, case):
    internal_referral_send(
        actor=users["handlaggare"],
        case=case,
        unit=unit(city, "Stadsledningskontoret"),
        due_date=case.deadline - dt.timedelta(days=30),
    )
    save_memo(city, case, users["handlaggare"])
    with pytest.raises(
        ServiceError, match="Yttranden väntas fortfarande från: Stadsledningskontoret"
    ):
        memo_mark_ready(actor=users["handlaggare"], case=case)


def run_to_prepared(city, users, case):
    registrar = users["registrator"]
    save_memo(city, case, users["handlaggare"])
    memo_mark_ready(actor=users["handlaggare"], case=case)
    meeting = meeting_create(
        actor=registrar, body=body(city, "Borgarrådsberedningen"), date=timezone.localdate()
    )
    item = agenda_item_add(actor=registrar, meeting=meeting, case=case)
    decision_record(
        actor=registrar,
        item=item,
        outcome="Borgarrådsberedningen tillstyrker föredragande borgarrådets förslag.",
    )
    return meeting


def test_decisions_need_a_ready_case(city, users, case):
    registrar = users["registrator"]
    board_meeting = meeting_create(
        actor=registrar, body=body(city, "Kommunstyrelsen"), date=timezone.localdate()
    )
    board_item = agenda_item_add(actor=registrar, meeting=board_meeting, case=case)
    with pytest.raises(ServiceError, match="det beredande organet har inte behandlat"):
        decision_record(actor=registrar, item=board_item, outcome="Beslut.")
    meeting = meeting_create(
        actor=registrar, body=body(city, "Borgarrådsberedningen"), date=timezone.localdate()
    )
    item = agenda_item_add(actor=registrar, meeting=meeting, case=case)
    with pytest.raises(ServiceError, match="promemorian är inte markerad som klar"):
        decision_record(actor=registrar, item=item, outcome="Tillstyrker.")
    assert not Decision.objects.filter(item__case=case).exists()


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        (
            lambda: StatementInput("special_statement", [person("Ulla Hamilton")], "Text"),
            "är ersättare och kan bara lämna ett ersättaryttrande",
        ),
        (
            lambda: StatementInput("substitute_statement", [person("Torun Boucher")], "Text"),
            "är ordinarie ledamot",
        ),
        (
            lambda: StatementInput("reservation", [person("Clara Lindblom")], "Text"),
            "är inte ledamot eller ersättare i Kommunstyrelsen",
        ),
        (
            lambda: StatementInput("reservation", [person("Karin Wanngård")], ""),
            "en egen text eller en hänvisning",
        ),
    ],
)
def test_members_statements_are_checked_and_nothing_is_saved(city, users, case, statement, message):
    run_to_prepared(city, users, case)
    registrar = users["registrator"]
    meeting = meeting_create(
        actor=registrar, body=body(city, "Kommunstyrelsen"), date=timezone.localdate()
    )
    item = agenda_item_add(actor=registrar, meeting=meeting, case=case)
    before = AuditEntry.objects.count()
    with pytest.raises(ServiceError, match=message):
        decision_record(actor=registrar, item=item, outcome="Beslut.", statements=[statement()])
    assert not Decision.objects.filter(item=item).exists()
    assert AuditEntry.objects.count() == before
    case.refresh_from_db()
    assert case.status == CaseStatus.PREPARED


def test_approved_minutes_are_frozen_and_corrected_by_a_linked_decision(city, users, case):
    registrar = users["registrator"]
    run_to_prepared(city, users, case)
    meeting = meeting_create(
        actor=registrar, body=body(city, "Kommunstyrelsen"), date=timezone.localdate()
    )
    item = agenda_item_add(actor=registrar, meeting=meeting, case=case)
    decision = decision_record(
        actor=registrar,
        item=item,
        outcome="Kommunstyrelsen beslutar enligt förslaget.",
        statements=[
            StatementInput(
                "reservation", [person("Karin Wanngård"), person("Jan Valeskog")], "Vi vill avslå."
            ),
            StatementInput(
                "substitute_statement", [person("Sissela Nordling Blanco")], refers_to=0
            ),
        ],
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED
    minutes_approve(actor=registrar, meeting=meeting)
    with pytest.raises(ServiceError, match="justerat"):
        agenda_item_add(actor=registrar, meeting=meeting, case=case)
    with pytest.raises(ServiceError, match="justerat"):
        minutes_approve(actor=registrar, meeting=meeting)
    correction = decision_correct(
        actor=registrar,
        decision=decision,
        outcome="Kommunstyrelsen beslutar enligt förslaget.",
        reason="Rättelse: skrivfel i protokollet.",
    )
    assert correction.corrects == decision
    decision.refresh_from_db()
    assert decision.outcome == "Kommunstyrelsen beslutar enligt förslaget."
    text = render_reply(case, "txt").content.decode()
    assert (
        "Reservation anfördes av Karin Wanngård och Jan Valeskog (båda S) enligt följande." in text
    )
    assert (
        "Ersättaryttrande gjordes av Sissela Nordling Blanco (Fi) med hänvisning till "
        "Socialdemokraternas reservation." in text
    )
    reply_send(actor=registrar, case=case, sent_date=timezone.localdate())
    case.refresh_from_db()
    assert case.status == CaseStatus.REPLIED
    outgoing = case.records.get(direction="outgoing")
    assert outgoing.counterpart == "Socialdepartementet"
    assert outgoing.subject == "Remissvar (S2026/01234)"


def test_the_seed_case_went_through_every_step():
    load_demo()
    case = Case.objects.get(registry__prefix="KS", year=2020, serial=132)
    assert case.status == CaseStatus.CLOSED
    actions = list(
        AuditEntry.objects.filter(case=case, object_type="cases.case", action="update")
        .order_by("id")
        .values_list("after__status", flat=True)
    )
    assert actions == ["referred", "drafting", "prepared", "decided", "replied", "closed"]


def test_several_units_in_one_step_all_or_none(city, users, case):
    officer, today = users["handlaggare"], timezone.localdate()
    social, city_office = unit(city, "Socialförvaltningen"), unit(city, "Stadsledningskontoret")
    with pytest.raises(ServiceError, match=r"^Stadsledningskontoret: .*före i dag"):
        internal_referrals_send(actor=officer, case=case, units=[
            (social, today + dt.timedelta(days=10)),
            (city_office, today - dt.timedelta(days=1)),  # the second fails: neither is sent
        ])  # fmt: skip
    assert not case.internal_referrals.exists()
    referred, warnings = internal_referrals_send(
        actor=officer,
        case=case,
        units=[(social, today + dt.timedelta(days=10)), (city_office, case.deadline)],
        message="Yttra er gärna om kostnaderna.",
    )
    assert [(r.unit.name, r.due_date) for r in referred] == [
        ("Socialförvaltningen", today + dt.timedelta(days=10)),
        ("Stadsledningskontoret", case.deadline),
    ]
    assert all(r.message == "Yttra er gärna om kostnaderna." for r in referred)
    assert len(warnings) == 1
    assert warnings[0].startswith("Stadsledningskontoret: ")  # too little time left


def test_an_office_that_never_answers_does_not_hold_the_case(city, users, case):
    officer, today = users["handlaggare"], timezone.localdate()
    waiting, _ = internal_referral_send(
        actor=officer, case=case, unit=unit(city, "Socialförvaltningen"),
        due_date=today + dt.timedelta(days=5),
    )  # fmt: skip
    save_memo(city, case, officer)
    with pytest.raises(ServiceError, match="Socialförvaltningen"):
        memo_mark_ready(actor=officer, case=case)
    # The due date passes without an answer.
    InternalReferral.objects.filter(pk=waiting.pk).update(due_date=today - dt.timedelta(days=1))
    assert any("Socialförvaltningen har inte svarat" in w for w in case_warnings(case))
    memo_mark_ready(actor=officer, case=case)


def test_the_case_officer_records_that_a_unit_declines(city, users, case):
    officer, today = users["handlaggare"], timezone.localdate()
    referral, _ = internal_referral_send(
        actor=officer, case=case, unit=unit(city, "Socialförvaltningen"),
        due_date=today + dt.timedelta(days=5),
    )  # fmt: skip
    with pytest.raises(NotAllowed):  # another unit's respondent may not
        internal_referral_decline(actor=users["kontor"], referral=referral)
    internal_referral_decline(actor=officer, referral=referral, reason="Berörs inte.")
    referral.refresh_from_db()
    assert referral.status == InternalReferralStatus.DECLINED
    assert referral.decline_reason == "Berörs inte."


def test_meeting_dates_are_checked(city, users, case):
    """A decision is not recorded for a meeting not yet held; a case is not put on the agenda
    of a meeting before it was registered (issue 14 §4)."""
    from remiss.meetings.services import agenda_item_add, decision_record, meeting_create

    registrar, today = users["registrator"], timezone.localdate()
    board = body(city, "Kommunstyrelsen")
    earlier = meeting_create(actor=registrar, body=board, date=today - dt.timedelta(days=400))
    with pytest.raises(ServiceError, match="före det att ärendet registrerades"):
        agenda_item_add(actor=registrar, meeting=earlier, case=case)
    coming = meeting_create(actor=registrar, body=board, date=today + dt.timedelta(days=7))
    item = agenda_item_add(actor=registrar, meeting=coming, case=case)  # an agenda ahead: fine
    with pytest.raises(ServiceError, match="har inte hållits"):
        decision_record(actor=registrar, item=item, outcome="Beslut.")
    assert not item.decisions.exists()


def test_the_version_comparison_shows_a_changed_stance(city, users, case, client):
    """Comparing versions shows that the position changed, not only the words (issue 14 §4)."""
    officer = users["handlaggare"]
    anhorig = case.referral.proposals.get(number="1")
    kunskap = case.referral.proposals.get(number="2")
    for stances in (
        {anhorig.pk: ("supports", "Tillstyrks."), kunskap.pk: ("unclear", "")},
        {anhorig.pk: ("opposes", "Avstyrks."), kunskap.pk: ("unclear", "")},
    ):
        memo_save(
            actor=officer, case=case, text=memo_text(), unit=unit(city, "Rotel I"),
            preparatory_body=body(city, "Borgarrådsberedningen"),
            deciding_body=body(city, "Kommunstyrelsen"), stances=stances,
        )  # fmt: skip
    client.force_login(officer)
    page = client.get(
        f"/arenden/KS/{case.year}/{case.serial}/promemoria/version/2/"
    ).content.decode()
    table = page[page.index('class="stance-changes"') : page.index("</table>")]
    rows = re.findall(r"<tr[^>]*>.*?</tr>", table, re.S)
    changed = [r for r in rows if 'class="changed"' in r]
    assert len(changed) == 1
    assert "1. Anhörigstöd" in changed[0]
    assert "Tillstyrker" in changed[0]
    assert "<strong>Avstyrker</strong>" in changed[0]
    assert "ändrat ställningstagande" in changed[0]


def test_meetings_calendar_agenda_and_its_pdf(city, users, case, client, tmp_path):
    """A meeting is planned, a case put on its agenda by number; the agenda lists it, and its PDF
    names only what the reader may see (issue 14 §4)."""
    import subprocess

    from remiss.meetings.models import Meeting

    registrar, today = users["registrator"], timezone.localdate()
    client.force_login(registrar)
    coming = (today + dt.timedelta(days=14)).isoformat()
    response = client.post("/arenden/sammantraden/", {
        "body": body(city, "Kommunstyrelsen").pk, "date": coming})  # fmt: skip
    meeting = Meeting.objects.get(body__name="Kommunstyrelsen", date=coming)
    assert response["Location"] == f"/arenden/sammantraden/{meeting.pk}/"
    agenda_url = f"/arenden/sammantraden/{meeting.pk}/"
    refused = client.post(agenda_url, {"case_number": "KS 1999/1"})
    assert "Det finns inget sådant ärende" in refused.content.decode()
    assert client.post(agenda_url, {"case_number": case.number}).status_code == 302
    page = client.get(agenda_url).content.decode()
    assert case.number in page
    assert "En ny lag om stöd till anhöriga" in page
    calendar = client.get("/arenden/sammantraden/").content.decode()
    assert "Kommande sammanträden" in calendar
    assert agenda_url in calendar
    pdf = client.get(f"{agenda_url}foredragningslista.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    path = tmp_path / "lista.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "Föredragningslista – Kommunstyrelsen" in text
    assert re.search(r"§\s?1\b", text)
    assert case.number in text
    assert "anhöriga" in text
    # Someone who may not see the case gets its number only.
    client.force_login(users["kontor"])
    page = client.get(agenda_url).content.decode()
    assert case.number in page
    assert "anhöriga" not in page
    assert "Du får inte se det här ärendet." in page
    assert client.post(agenda_url, {"case_number": case.number}).status_code == 404


def test_a_due_date_after_the_preparatory_meeting_is_warned_of(city, users, case):
    from remiss.meetings.services import agenda_item_add, meeting_create

    registrar, today = users["registrator"], timezone.localdate()
    meeting = meeting_create(
        actor=registrar,
        body=body(city, "Borgarrådsberedningen"),
        date=today + dt.timedelta(days=10),
    )
    agenda_item_add(actor=registrar, meeting=meeting, case=case)
    _late, warnings = internal_referral_send(
        actor=users["handlaggare"], case=case, unit=unit(city, "Socialförvaltningen"),
        due_date=today + dt.timedelta(days=12),
    )  # fmt: skip
    assert any("inte före sammanträdet i Borgarrådsberedningen" in w for w in warnings), warnings
    _early, warnings = internal_referral_send(
        actor=users["handlaggare"], case=case, unit=unit(city, "Stadsledningskontoret"),
        due_date=today + dt.timedelta(days=5),
    )  # fmt: skip
    assert warnings == []


def test_a_case_is_taken_off_an_agenda_before_its_decision_only(city, users, case, client):
    from remiss.core.models import AuditEntry
    from remiss.meetings.services import agenda_item_add, decision_record, meeting_create

    registrar, today = users["registrator"], timezone.localdate()
    client.force_login(registrar)
    coming = meeting_create(actor=registrar, body=body(city, "Kommunstyrelsen"),
                            date=today + dt.timedelta(days=7))  # fmt: skip
    item = agenda_item_add(actor=registrar, meeting=coming, case=case)
    url = f"/arenden/sammantraden/{coming.pk}/punkt/{item.pk}/ta-bort/"
    assert client.post(url).status_code == 302
    assert not coming.items.exists()
    removed = AuditEntry.objects.get(object_type="meetings.agendaitem", action="delete")
    assert removed.case_id == case.pk
    # With a decision it stays.
    held = meeting_create(actor=registrar, body=body(city, "Kommunstyrelsen"), date=today)
    item = agenda_item_add(actor=registrar, meeting=held, case=case)
    save_memo(city, case, users["handlaggare"])
    memo_mark_ready(actor=users["handlaggare"], case=case)
    prep = meeting_create(actor=registrar, body=body(city, "Borgarrådsberedningen"), date=today)
    decision_record(actor=registrar, item=agenda_item_add(actor=registrar, meeting=prep, case=case),
                    outcome="Beredd.")  # fmt: skip
    decision_record(actor=registrar, item=item, outcome="Beslutat.")
    client.post(f"/arenden/sammantraden/{held.pk}/punkt/{item.pk}/ta-bort/")
    assert held.items.filter(pk=item.pk).exists()


def test_the_agenda_is_reordered_and_an_empty_meeting_removed(city, users, case, client):
    """Items swap places (audited, both numbers kept between them); the first cannot go up; a
    meeting with items stays, and once empty it can be removed (audited)."""
    from remiss.core.models import AuditEntry
    from remiss.meetings.models import Meeting
    from remiss.meetings.services import agenda_item_add, meeting_create
    from remiss.organisations.models import Organisation, Registry

    registrar, today = users["registrator"], timezone.localdate()
    other = referral_register(
        actor=registrar, registry=Registry.objects.get(organisation=city, prefix="KS"),
        issuer=Organisation.objects.get(name="Socialdepartementet"), issuer_dnr="S2026/04321",
        report_ref="SOU 2026:20", report_title="Bättre elevhälsa", received_date=today,
        deadline=today + dt.timedelta(days=50),
    ).case  # fmt: skip
    meeting = meeting_create(actor=registrar, body=body(city, "Kommunstyrelsen"),
                             date=today + dt.timedelta(days=7))  # fmt: skip
    first = agenda_item_add(actor=registrar, meeting=meeting, case=case)
    second = agenda_item_add(actor=registrar, meeting=meeting, case=other)
    client.force_login(registrar)
    agenda_url = f"/arenden/sammantraden/{meeting.pk}/"
    page = client.get(agenda_url).content.decode()
    assert page.count('name="riktning" value="upp"') == 1  # the first item has no "up"
    assert page.count('name="riktning" value="ned"') == 1
    response = client.post(f"{agenda_url}punkt/{second.pk}/flytta/", {"riktning": "upp"},
                           follow=True)  # fmt: skip
    assert f"{other.number} är flyttat uppåt" in response.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.number, first.number) == (1, 2)
    moves = AuditEntry.objects.filter(object_type="meetings.agendaitem", action="update")
    assert {(e.before["number"], e.after["number"]) for e in moves} == {(1, 2), (2, 1)}
    response = client.post(f"{agenda_url}punkt/{second.pk}/flytta/", {"riktning": "upp"},
                           follow=True)  # fmt: skip
    assert f"{other.number} står redan först" in response.content.decode()
    wrong = client.post(f"{agenda_url}punkt/{second.pk}/flytta/", {"riktning": "x"})
    assert wrong.status_code == 404
    # A meeting with cases on its agenda stays.
    response = client.post(f"{agenda_url}ta-bort/", follow=True)
    assert "har ärenden på föredragningslistan" in response.content.decode()
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    for item in (first, second):
        client.post(f"{agenda_url}punkt/{item.pk}/ta-bort/")
    assert "Ta bort sammanträdet" in client.get(agenda_url).content.decode()
    response = client.post(f"{agenda_url}ta-bort/")
    assert response["Location"] == "/arenden/sammantraden/"
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert AuditEntry.objects.filter(object_type="meetings.meeting", action="delete").exists()
    # Someone who does not keep the minutes cannot.
    kept = meeting_create(actor=registrar, body=body(city, "Kommunstyrelsen"), date=today)
    client.force_login(users["kontor"])
    assert client.post(f"/arenden/sammantraden/{kept.pk}/ta-bort/").status_code == 404
    assert Meeting.objects.filter(pk=kept.pk).exists()
