"""Meetings, decisions and members' statements. Approved minutes freeze their decisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from remiss.accounts.models import User
from remiss.cases.models import Case
from remiss.core import permissions
from remiss.core.audit import audit_log, audited_create, audited_update, snapshot
from remiss.core.errors import NotAllowed, ServiceError
from remiss.core.models import AuditAction
from remiss.meetings.models import (
    AgendaItem,
    Decision,
    Meeting,
    MemberStatement,
    StatementKind,
    StatementMember,
)
from remiss.organisations.models import Body, BodyKind, BodyMember, MemberRole, Person
from remiss.referrals import lifecycle
from remiss.referrals.lifecycle import Step
from remiss.referrals.models import Memo


def meeting_create(*, actor: User, body: Body, date: dt.date) -> Meeting:
    if not permissions.can_run_meetings(actor, body):
        raise NotAllowed(_("You may not keep the minutes of this body."))
    with transaction.atomic():
        meeting = Meeting.objects.create(body=body, date=date)
        audit_log(actor=actor, action=AuditAction.CREATE, obj=meeting, after=snapshot(meeting))
    return meeting


def _check_not_approved(meeting: Meeting) -> None:
    if meeting.is_approved:
        raise ServiceError(
            _(
                "The minutes of %(meeting)s are approved: the decisions can no longer be "
                "changed, only corrected by a new decision."
            )
            % {"meeting": str(meeting)}
        )


def _open_meeting_locked(actor: User, meeting: Meeting) -> Meeting:
    """Inside a transaction: the meeting, locked, once the actor is found to keep its minutes
    and they are not yet approved."""
    if not permissions.can_run_meetings(actor, meeting.body):
        raise NotAllowed(_("You may not keep the minutes of this body."))
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_not_approved(meeting)
    return meeting


def agenda_item_add(*, actor: User, meeting: Meeting, case: Case) -> AgendaItem:
    if not permissions.can_run_meetings(actor, meeting.body) or not permissions.can_view_case(
        actor, case
    ):
        raise NotAllowed(_("You may not keep the minutes of this body."))
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _check_not_approved(meeting)
        if meeting.items.filter(case=case).exists():
            raise ServiceError(_("The case is already on this meeting's agenda."))
        if meeting.date < timezone.localdate(case.registered_at):
            raise ServiceError(
                _("The meeting of %(date)s is before the case was registered.")
                % {"date": meeting.date.isoformat()}
            )
        number = (meeting.items.aggregate(n=Max("number"))["n"] or 0) + 1
        item = audited_create(
            AgendaItem, actor=actor, audit_case=case, meeting=meeting, case=case, number=number
        )
    return item


def agenda_item_remove(*, actor: User, item: AgendaItem) -> None:
    """Take a case off an agenda before the body has decided on it (audited as a deletion); the
    items after it keep their numbers, as paragraphs already announced do."""
    with transaction.atomic():
        _open_meeting_locked(actor, item.meeting)
        item = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if item.decisions.exists():
            raise ServiceError(
                _("%(case)s has a decision at this meeting: it stays on the agenda.")
                % {"case": item.case.number}
            )
        audit_log(actor=actor, action=AuditAction.DELETE, obj=item, before=snapshot(item),
                  case=item.case)  # fmt: skip
        item.delete()


def agenda_item_move(*, actor: User, item: AgendaItem, up: bool) -> AgendaItem:
    """Swap an item with the one before (`up`) or after it on the agenda; both keep the
    paragraph numbers they had between them. Not once either is decided: a decided
    paragraph's number is in the minutes."""
    with transaction.atomic():
        meeting = _open_meeting_locked(actor, item.meeting)
        item = AgendaItem.objects.select_related("case__registry").get(pk=item.pk)
        neighbours = meeting.items.select_related("case__registry")
        other = (
            neighbours.filter(number__lt=item.number).order_by("-number").first()
            if up
            else neighbours.filter(number__gt=item.number).order_by("number").first()
        )
        if other is None:
            message = (
                _("%(case)s is already first on the agenda.")
                if up
                else _("%(case)s is already last on the agenda.")
            )
            raise ServiceError(message % {"case": item.case.number})
        for moved in (item, other):
            if moved.decisions.exists():
                raise ServiceError(
                    _("%(case)s has a decision at this meeting: its paragraph stays.")
                    % {"case": moved.case.number}
                )
        before = {moved.pk: snapshot(moved) for moved in (item, other)}
        item_number, other_number = item.number, other.number
        # The pair is unique per meeting: park one on 0 (never a paragraph) while swapping.
        AgendaItem.objects.filter(pk=item.pk).update(number=0)
        AgendaItem.objects.filter(pk=other.pk).update(number=item_number)
        AgendaItem.objects.filter(pk=item.pk).update(number=other_number)
        for moved in (item, other):
            moved.refresh_from_db(fields=["number"])
            audit_log(actor=actor, action=AuditAction.UPDATE, obj=moved,
                      before=before[moved.pk], after=snapshot(moved), case=moved.case)  # fmt: skip
    return item


def meeting_remove(*, actor: User, meeting: Meeting) -> None:
    """Remove a meeting that was planned by mistake or cancelled, while its agenda is empty
    (audited as a deletion). A meeting with items or approved minutes is part of the record."""
    with transaction.atomic():
        meeting = _open_meeting_locked(actor, meeting)
        if meeting.items.exists():
            raise ServiceError(
                _("The meeting of %(meeting)s has cases on its agenda: take them off first.")
                % {"meeting": str(meeting)}
            )
        audit_log(actor=actor, action=AuditAction.DELETE, obj=meeting, before=snapshot(meeting))
        meeting.delete()


@dataclass
class StatementInput:
    kind: str
    members: Sequence[Person]
    text: str = ""
    refers_to: int | None = None  # index of an earlier statement in the same call
    refers_to_statement: MemberStatement | None = None


def _check_members(body: Body, statement: StatementInput) -> None:
    if statement.kind not in StatementKind.values:
        raise ServiceError(_("Unknown kind of statement."), field="kind")
    if not statement.members:
        raise ServiceError(_("A statement needs at least one member."), field="members")
    memberships = {
        m.person_id: m
        for m in BodyMember.objects.filter(body=body, person__in=[p.pk for p in statement.members])
    }
    for person in statement.members:
        membership = memberships.get(person.pk)
        if membership is None:
            raise ServiceError(
                _("%(person)s is not a member of %(body)s.")
                % {"person": person.name, "body": body.name},
                field="members",
            )
        substitute_statement = statement.kind == StatementKind.SUBSTITUTE_STATEMENT
        if (membership.role == MemberRole.SUBSTITUTE) != substitute_statement:
            message = (
                _("%(person)s is an ordinary member and cannot make a substitute's statement.")
                if substitute_statement
                else _("%(person)s is a substitute and can only make a substitute's statement.")
            )
            raise ServiceError(message % {"person": person.name}, field="members")
    if (
        not statement.text.strip()
        and statement.refers_to is None
        and (statement.refers_to_statement is None)
    ):
        raise ServiceError(
            _("A statement needs its own text or a reference to another statement."),
            field="text",
        )


def _step_for(body: Body, case: Case) -> Step:
    """The lifecycle step the body's decision is (remiss.referrals.lifecycle), checked: the
    preparatory body needs the memo marked ready."""
    if body.kind == BodyKind.PREPARATORY:
        memo = Memo.objects.filter(case=case).first()
        if memo is None or memo.ready_at is None:
            raise ServiceError(
                _("The case is not ready for %(body)s: the memo is not marked ready.")
                % {"body": body.name}
            )
        step = Step.PREPARE
    else:
        step = Step.DECIDE
    lifecycle.status_after(step, case.status, body=body.name)
    return step


def decision_record(
    *,
    actor: User,
    item: AgendaItem,
    outcome: str,
    statements: Sequence[StatementInput] = (),
) -> Decision:
    """Record the body's decision on an agenda item with the members' statements."""
    meeting = item.meeting
    body = meeting.body
    if not permissions.can_run_meetings(actor, body):
        raise NotAllowed(_("You may not keep the minutes of this body."))
    if not outcome.strip():
        raise ServiceError(_("The decision needs its wording."), field="outcome")
    if meeting.date > timezone.localdate():
        raise ServiceError(
            _("The meeting of %(date)s has not been held yet: its decision cannot be recorded.")
            % {"date": meeting.date.isoformat()}
        )
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _check_not_approved(meeting)
        case = Case.objects.select_for_update().get(pk=item.case_id)
        if Decision.objects.filter(item=item, corrects__isnull=True).exists():
            raise ServiceError(_("This item already has a decision."))
        step = _step_for(body, case)
        decision = audited_create(
            Decision,
            actor=actor,
            audit_case=case,
            item=item,
            outcome=outcome.strip(),
            recorded_by=actor,
        )
        created: list[MemberStatement] = []
        for position, statement in enumerate(statements, start=1):
            created.append(_add_statement(actor, decision, case, position, statement, created))
        lifecycle.take(actor, case, step, body=body.name)
    return decision


def _add_statement(
    actor: User,
    decision: Decision,
    case: Case,
    position: int,
    statement: StatementInput,
    earlier: list[MemberStatement],
) -> MemberStatement:
    _check_members(decision.item.meeting.body, statement)
    refers_to = statement.refers_to_statement
    if statement.refers_to is not None:
        if not 0 <= statement.refers_to < len(earlier):
            raise ServiceError(
                _("A statement refers to one that does not exist."), field="refers_to"
            )
        refers_to = earlier[statement.refers_to]
    if refers_to is not None and refers_to.decision.item.case_id != case.pk:
        raise ServiceError(_("A statement can only refer to one in the same case."))
    member_statement = MemberStatement.objects.create(
        decision=decision,
        position=position,
        kind=statement.kind,
        text=statement.text.strip(),
        refers_to=refers_to,
    )
    for index, person in enumerate(statement.members, start=1):
        StatementMember.objects.create(statement=member_statement, person=person, position=index)
    audit_log(
        actor=actor,
        action=AuditAction.CREATE,
        obj=member_statement,
        after={**snapshot(member_statement), "members": [p.name for p in statement.members]},
        case=case,
    )
    return member_statement


def minutes_approve(*, actor: User, meeting: Meeting) -> Meeting:
    """Approve (justera) the minutes: from now on the decisions are frozen."""
    if not permissions.can_run_meetings(actor, meeting.body):
        raise NotAllowed(_("You may not keep the minutes of this body."))
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _check_not_approved(meeting)
        return audited_update(
            actor=actor,
            obj=meeting,
            changes={"minutes_approved_at": timezone.now(), "minutes_approved_by": actor},
            editable=("minutes_approved_at", "minutes_approved_by"),
            case=None,
        )


def decision_correct(*, actor: User, decision: Decision, outcome: str, reason: str) -> Decision:
    """A correction of an approved decision is a new decision linked to the old one."""
    meeting = Meeting.objects.select_related("body").get(pk=decision.item.meeting_id)
    if not permissions.can_run_meetings(actor, meeting.body):
        raise NotAllowed(_("You may not keep the minutes of this body."))
    if not meeting.is_approved:
        raise ServiceError(_("The minutes are not approved yet: change the decision instead."))
    if not reason.strip() or not outcome.strip():
        raise ServiceError(_("A correction needs its wording and its reason."), field="reason")
    with transaction.atomic():
        if Decision.objects.filter(corrects=decision).exists():
            raise ServiceError(_("This decision has already been corrected."))
        correction = audited_create(
            Decision,
            actor=actor,
            audit_case=decision.item.case,
            item=decision.item,
            outcome=outcome.strip(),
            correction_reason=reason.strip(),
            corrects=decision,
            recorded_by=actor,
        )
    return correction


def meetings_for(user: User, *, since: dt.date | None = None) -> list[Meeting]:
    """The meetings of the bodies of the user's organisation (from `since` on, when given),
    newest first, with the number of items on each agenda."""
    from django.db.models import Count

    if user.organisation_id is None:
        return []
    meetings = Meeting.objects.filter(body__organisation_id=user.organisation_id)
    if since is not None:
        meetings = meetings.filter(date__gte=since)
    return list(
        meetings.select_related("body")
        .annotate(item_count=Count("items"))
        .order_by("-date", "body__name")
    )


def meeting_for(user: User, pk: int) -> Meeting | None:
    """One meeting of the user's organisation, or None alike for one that does not exist."""
    if user.organisation_id is None:
        return None
    return (
        Meeting.objects.filter(pk=pk, body__organisation_id=user.organisation_id)
        .select_related("body__organisation")
        .first()
    )


def agenda_for(user: User, meeting: Meeting) -> list[tuple[AgendaItem, bool]]:
    """The meeting's items in order, each with whether the user may see its case (an item
    whose case is closed to them is listed by its number only)."""
    items = list(meeting.items.select_related("case__registry").order_by("number"))
    visible = set(
        permissions.cases_visible_to(user)
        .filter(pk__in=[item.case_id for item in items])
        .values_list("pk", flat=True)
    )
    return [(item, item.case_id in visible) for item in items]
