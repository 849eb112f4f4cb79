"""The respondent's steps, through the services, for tests of what happens after them: the
memo with a stance on each proposal, the two meetings, and the reply sent (the demo's bodies
and people of Stockholms stad)."""

from __future__ import annotations

from django.utils import timezone

from remiss.accounts.models import User
from remiss.cases.models import Case
from remiss.meetings.services import (
    agenda_item_add,
    decision_record,
    meeting_create,
    minutes_approve,
)
from remiss.organisations.models import Body, Person, Unit
from remiss.referrals.workflow import MemoText, memo_mark_ready, memo_save, reply_send


def decide_and_reply(case: Case, stances: dict[str, tuple[str, str]]) -> Case:
    """`stances`: proposal number → (stance, the memo's comment)."""
    decide(case, stances)
    reply_send(actor=User.objects.get(username="registrator"), case=case,
               sent_date=timezone.localdate())  # fmt: skip
    case.refresh_from_db()
    return case


def decide(
    case: Case, stances: dict[str, tuple[str, str]], *, approve_minutes: bool = True
) -> Case:
    """The memo, the preparatory body's and the board's decisions: the case decided, the reply
    not yet sent. `approve_minutes`: False leaves the board's minutes unapproved."""
    city = case.registry.organisation
    registrar = User.objects.get(username="registrator")
    officer = User.objects.get(username="handlaggare")
    case.case_officer = officer
    case.save(update_fields=["case_officer"])
    proposals = {p.number: p for p in case.referral.proposals.all()}
    preparatory = Body.objects.get(organisation=city, name="Borgarrådsberedningen")
    board = Body.objects.get(organisation=city, name="Kommunstyrelsen")
    memo_save(
        actor=officer,
        case=case,
        text=MemoText(
            matter="Regeringen har remitterat betänkandet till Stockholms stad.",
            preparation="Ärendet har beretts inom stadsledningskontoret.",
            views=" ".join(comment for _stance, comment in stances.values()),
            decision_text="Remissen besvaras med hänvisning till vad som sägs i promemorian.",
            place="Stockholm",
            date=timezone.localdate(),
            signatory=Person.objects.get(organisation=city, name="Anna König Jerlmyr"),
            attachments="Remissen",
        ),
        unit=Unit.objects.get(organisation=city, name="Rotel I"),
        preparatory_body=preparatory,
        deciding_body=board,
        stances={proposals[n].pk: value for n, value in stances.items()},
    )
    memo_mark_ready(actor=officer, case=case)
    outcomes = [
        (preparatory, "Beredningen föreslår att kommunstyrelsen beslutar."),
        (board, "Remissen besvaras med hänvisning till promemorian."),
    ]
    for body, outcome in outcomes:
        meeting = meeting_create(actor=registrar, body=body, date=timezone.localdate())
        item = agenda_item_add(actor=registrar, meeting=meeting, case=case)
        decision_record(actor=registrar, item=item, outcome=outcome)
        if approve_minutes or body != board:
            minutes_approve(actor=registrar, meeting=meeting)
    case.refresh_from_db()
    return case
