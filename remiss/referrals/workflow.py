"""The respondent's work on a case: internal referrals, statements and the memo.
Each function is one transaction with its audit entries (see remiss.core.audit)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from remiss.accounts.models import Role, User
from remiss.cases import files
from remiss.cases.models import Case, CaseStatus, Direction, Record
from remiss.cases.services import record_add
from remiss.core import permissions
from remiss.core.audit import audit_log, audited_create, audited_update, snapshot
from remiss.core.errors import NotAllowed, ServiceError
from remiss.core.models import AuditAction
from remiss.core.text import date_in_words, register_text
from remiss.organisations.models import Body, BodyKind, Person, Unit
from remiss.referrals import lifecycle
from remiss.referrals.lifecycle import Step
from remiss.referrals.models import (
    InternalReferral,
    InternalReferralStatus,
    Memo,
    MemoVersion,
    Proposal,
    ProposalStance,
    Stance,
    Statement,
)
from remiss.writing.swedish import genitive, referred_sentence, swedish_date


def decision_margin_days() -> int:
    return int(getattr(settings, "REMISS_DECISION_DAYS", 21))


def internal_referral_send(
    *,
    actor: User,
    case: Case,
    unit: Unit,
    due_date: dt.date,
    message: str = "",
    at: dt.datetime | None = None,
) -> tuple[InternalReferral, list[str]]:
    """Refer the case to one of the organisation's units. Returns the referral and warnings
    (a due date that leaves too little time before the deadline). `at`: when it was sent, for
    a case registered from an earlier register; the due date is not before it."""
    at = at or timezone.now()
    if not permissions.can_change_case(actor, case):
        raise NotAllowed(_("You may not change this case."))
    if unit.organisation_id != case.registry.organisation_id:
        raise ServiceError(_("The unit belongs to another organisation."), field="unit")
    lifecycle.status_after(Step.REFER, case.status)
    warnings: list[str] = []
    if due_date < timezone.localdate(at):
        raise ServiceError(_("The due date cannot be before today."), field="due_date")
    if case.deadline:
        if due_date > case.deadline:
            raise ServiceError(
                _("The due date is after the referral's deadline (%(deadline)s).")
                % {"deadline": date_in_words(case.deadline)},
                field="due_date",
            )
        latest = case.deadline - dt.timedelta(days=decision_margin_days())
        if due_date > latest:
            warnings.append(
                str(
                    _(
                        "The due date leaves less than %(days)s days for the memo and the "
                        "decision before the deadline."
                    )
                    % {"days": decision_margin_days()}
                )
            )
    # The case already on a preparatory body's agenda: the statement must come before it.
    planned = (
        case.agenda_items.filter(
            meeting__date__gte=timezone.localdate(at), meeting__body__kind=BodyKind.PREPARATORY
        )
        .select_related("meeting__body")
        .order_by("meeting__date")
        .first()
    )
    if planned is not None and due_date >= planned.meeting.date:
        warnings.append(
            str(
                _(
                    "The due date is not before the meeting of %(body)s on %(date)s, where the "
                    "case is on the agenda."
                )
                % {"body": planned.meeting.body.name, "date": date_in_words(planned.meeting.date)}
            )
        )
    with transaction.atomic():
        if InternalReferral.objects.filter(case=case, unit=unit).exists():
            raise ServiceError(
                _("The case has already been referred to %(unit)s.") % {"unit": unit.name},
                field="unit",
            )
        referral = audited_create(
            InternalReferral,
            actor=actor,
            audit_case=case,
            case=case,
            unit=unit,
            due_date=due_date,
            message=message.strip(),
            sent_at=at,
            sent_by=actor,
        )
        lifecycle.take(actor, case, Step.REFER)
    return referral, warnings


def internal_referrals_send(
    *, actor: User, case: Case, units: Sequence[tuple[Unit, dt.date]], message: str = ""
) -> tuple[list[InternalReferral], list[str]]:
    """Refer the case to several units in one step, each with its own due date: all or none.
    Returns the referrals and every warning, each naming its unit."""
    if not units:
        raise ServiceError(_("Choose at least one unit."), field="units")
    referrals: list[InternalReferral] = []
    warnings: list[str] = []
    with transaction.atomic():
        for unit, due_date in units:
            try:
                referral, found = internal_referral_send(
                    actor=actor, case=case, unit=unit, due_date=due_date, message=message
                )
            except NotAllowed:
                raise
            except ServiceError as exc:  # say which unit's row it is
                raise ServiceError(f"{unit.name}: {exc.message}", field=exc.field) from exc
            case.refresh_from_db(fields=["status"])
            referrals.append(referral)
            warnings += [f"{unit.name}: {warning}" for warning in found]
    return referrals, warnings


def awaited(case: Case) -> list[InternalReferral]:
    """The statements the case still waits for: sent and not past their due date. An office
    that never answers does not hold the case after its due date (it is shown as overdue)."""
    today = timezone.localdate()
    return [
        r
        for r in case.internal_referrals.select_related("unit").order_by("due_date")
        if r.status == InternalReferralStatus.SENT and r.due_date >= today
    ]


def overdue(case: Case) -> list[InternalReferral]:
    today = timezone.localdate()
    return list(
        case.internal_referrals.filter(status=InternalReferralStatus.SENT, due_date__lt=today)
        .select_related("unit")
        .order_by("due_date")
    )


def _check_open(referral: InternalReferral) -> None:
    if referral.status != InternalReferralStatus.SENT:
        raise ServiceError(_("This referral has already been answered."))


def statement_submit(
    *,
    actor: User,
    referral: InternalReferral,
    date: dt.date,
    text: str,
    summary: str = "",
    staged_files: Sequence[files.StagedFile] = (),
) -> Statement:
    """The unit's statement (tjänsteutlåtande), registered as a record of the case."""
    try:
        if not permissions.can_answer(actor, referral):
            raise NotAllowed(_("You may not answer this referral."))
        if not text.strip():
            raise ServiceError(_("The statement needs its text."), field="text")
        with transaction.atomic():
            referral = InternalReferral.objects.select_for_update().get(pk=referral.pk)
            _check_open(referral)
            case = referral.case
            record = record_add(
                actor=actor,
                case=case,
                direction=Direction.INTERNAL,
                document_date=date,
                counterpart=referral.unit.name,
                subject=register_text(_("Statement from %(unit)s"), unit=referral.unit.name),
                staged_files=staged_files,
                check_permission=False,
            )
            statement = audited_create(
                Statement,
                actor=actor,
                audit_case=case,
                internal_referral=referral,
                date=date,
                summary=summary.strip(),
                text=text.strip(),
                record=record,
                written_by=actor,
            )
            audited_update(
                actor=actor,
                obj=referral,
                changes={"status": InternalReferralStatus.ANSWERED, "answered_at": timezone.now()},
                editable=("status", "answered_at"),
                case=case,
            )
    except BaseException:
        files.discard(staged_files)
        raise
    return statement


def internal_referral_decline(
    *, actor: User, referral: InternalReferral, reason: str = ""
) -> InternalReferral:
    """The unit declines to give a statement (avstår); the case officer may record it on the
    unit's behalf (audited as theirs)."""
    if not permissions.can_decline(actor, referral):
        raise NotAllowed(_("You may not answer this referral."))
    with transaction.atomic():
        current = InternalReferral.objects.select_for_update().get(pk=referral.pk)
        _check_open(current)
        return audited_update(
            actor=actor,
            obj=current,
            changes={
                "status": InternalReferralStatus.DECLINED,
                "answered_at": timezone.now(),
                "decline_reason": reason.strip(),
            },
            editable=("status", "answered_at", "decline_reason"),
            case=current.case,
        )


def preparation_draft(case: Case) -> str:
    """Beredning, prefilled: to whom the case was referred and what each answered."""
    referrals = list(case.internal_referrals.select_related("unit").order_by("id"))
    if not referrals:
        return ""
    lines = [referred_sentence([r.unit.in_text for r in referrals])]
    for referral in referrals:
        statement = getattr(referral, "statement", None)
        if referral.status == InternalReferralStatus.ANSWERED and statement is not None:
            lines.append(
                statement.summary
                or register_text(_("%(unit)s has made a statement."), unit=referral.unit.name)
            )
        elif referral.status == InternalReferralStatus.DECLINED:
            lines.append(
                register_text(_("%(unit)s has declined to comment."), unit=referral.unit.name)
            )
    return "\n\n".join(lines)


def statement_for_memo(statement: Statement) -> str:
    """A unit's statement as the memo quotes it, under the unit's name."""
    unit = statement.internal_referral.unit.name
    return (
        f"{genitive(unit)} tjänsteutlåtande daterat {swedish_date(statement.date)} har i "
        f"huvudsak följande lydelse.\n\n{statement.text.strip()}"
    )


@dataclass(frozen=True)
class MemoText:
    matter: str
    preparation: str
    views: str
    decision_text: str
    place: str
    date: dt.date
    signatory: Person
    presenter_title: str = "borgarrådet"
    attachments: str = ""
    compilation_matter: str = ""


def memo_save(
    *,
    actor: User,
    case: Case,
    text: MemoText,
    unit: Unit,
    preparatory_body: Body,
    deciding_body: Body,
    stances: dict[int, tuple[str, str]] | None = None,
) -> MemoVersion:
    """Save the memo as a new version (earlier ones are kept); `stances` maps proposal ids to
    (stance, comment)."""
    if not permissions.can_write_memo(actor, case):
        raise NotAllowed(_("You may not write this case's memo."))
    lifecycle.status_after(Step.WRITE_MEMO, case.status)
    for field_name in ("matter", "views", "decision_text"):
        if not getattr(text, field_name).strip():
            raise ServiceError(_("The memo needs this section."), field=field_name)
    organisation_id = case.registry.organisation_id
    for body, kind in ((preparatory_body, "preparatory"), (deciding_body, "deciding")):
        if body.organisation_id != organisation_id or body.kind != kind:
            raise ServiceError(_("Choose the organisation's own bodies."), field=f"{kind}_body")
    with transaction.atomic():
        memo, created = Memo.objects.select_for_update().get_or_create(
            case=case,
            defaults={
                "unit": unit,
                "preparatory_body": preparatory_body,
                "deciding_body": deciding_body,
            },
        )
        if created:
            audit_log(
                actor=actor, action=AuditAction.CREATE, obj=memo, after=snapshot(memo), case=case
            )
        else:
            memo = audited_update(
                actor=actor,
                obj=memo,
                changes={
                    "unit": unit,
                    "preparatory_body": preparatory_body,
                    "deciding_body": deciding_body,
                    "ready_at": None,
                    "ready_by": None,
                },
                editable=("unit", "preparatory_body", "deciding_body", "ready_at", "ready_by"),
                case=case,
            )
        number = (memo.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = MemoVersion.objects.create(
            memo=memo,
            number=number,
            matter=text.matter.strip(),
            preparation=text.preparation.strip(),
            views=text.views.strip(),
            decision_text=text.decision_text.strip(),
            compilation_matter=text.compilation_matter.strip(),
            presenter_title=text.presenter_title.strip(),
            place=text.place.strip(),
            date=text.date,
            signatory=text.signatory,
            attachments=text.attachments.strip(),
            created_by=actor,
        )
        proposals = {p.pk: p for p in Proposal.objects.filter(referral__case=case)}
        for proposal_id, (stance, comment) in (stances or {}).items():
            if proposal_id not in proposals or stance not in Stance.values:
                raise ServiceError(_("A stance refers to an unknown proposal."), field="stances")
            ProposalStance.objects.create(
                version=version,
                proposal=proposals[proposal_id],
                stance=stance,
                comment=comment.strip(),
            )
        audit_log(
            actor=actor,
            action=AuditAction.CREATE,
            obj=version,
            after={
                **snapshot(version),
                "stances": {str(k): v[0] for k, v in (stances or {}).items()},
            },
            case=case,
        )
        lifecycle.take(actor, case, Step.WRITE_MEMO)
    return version


def memo_mark_ready(*, actor: User, case: Case) -> Memo:
    """The presenter (or the case officer) marks the memo ready for the preparatory body."""
    if not permissions.can_write_memo(actor, case):
        raise NotAllowed(_("You may not write this case's memo."))
    lifecycle.status_after(Step.MARK_MEMO_READY, case.status)
    memo = Memo.objects.filter(case=case).first()
    if memo is None or memo.current is None:
        raise ServiceError(_("There is no memo to mark ready."))
    waiting = awaited(case)
    if waiting:
        raise ServiceError(
            _("Statements are still awaited from: %(units)s.")
            % {"units": ", ".join(r.unit.name for r in waiting)}
        )
    return audited_update(
        actor=actor,
        obj=memo,
        changes={"ready_at": timezone.now(), "ready_by": actor},
        editable=("ready_at", "ready_by"),
        case=case,
    )


def reply_send(
    *,
    actor: User,
    case: Case,
    sent_date: dt.date,
    documents: Sequence[tuple[bytes, str]] = (),
) -> Record:
    """The decided reply is sent to the issuer: registered as an outgoing record quoting the
    issuer's case number, with the reply's files (`documents`: content and name) when they are
    given, and the case becomes replied. A referral sent through Remiss gets the reply back the
    same way. The send-check and delivery by e-mail: remiss.documents.delivery."""
    if not permissions.can_change_case(actor, case):
        raise NotAllowed(_("You may not change this case."))
    lifecycle.status_after(Step.SEND_REPLY, case.status)
    referral = case.referral
    through_remiss = hasattr(referral, "sent_from")
    if through_remiss and not documents:
        from remiss.documents.services import render_reply

        # Typeset before the transaction: SQLite holds one write lock while it is open.
        rendered = [render_reply(case, fmt) for fmt in ("pdf", "docx")]
        documents = [(r.content, r.filename) for r in rendered]
    staged = [files.stage_upload(io.BytesIO(content), name) for content, name in documents]
    try:
        with transaction.atomic():
            reference = f" ({referral.issuer_dnr})" if referral.issuer_dnr else ""
            record = record_add(
                actor=actor,
                case=case,
                direction=Direction.OUTGOING,
                document_date=sent_date,
                counterpart=referral.issuer.name,
                subject=register_text(_("Reply to the referral%(reference)s"), reference=reference),
                staged_files=staged,
            )
            lifecycle.take(actor, case, Step.SEND_REPLY)
            if through_remiss:
                from remiss.consultations.replies import structured_reply_receive

                structured_reply_receive(case=case, documents=list(documents))
    except BaseException:
        files.discard(staged)
        raise
    return record


def case_warnings(case: Case) -> list[str]:
    """What a person should notice on the case page; kept as written, only flagged."""
    warnings: list[str] = []
    referral = getattr(case, "referral", None)
    if referral is None:
        return warnings
    statements = Statement.objects.filter(internal_referral__case=case).select_related(
        "internal_referral__unit"
    )
    for late in overdue(case):
        warnings.append(
            str(
                _(
                    "%(unit)s has not answered; the due date, %(date)s, has passed. The case "
                    "goes on without its statement unless it answers or declines."
                )
                % {"unit": late.unit.name, "date": date_in_words(late.due_date)}
            )
        )
    for statement in statements:
        if statement.date < referral.received_date:
            warnings.append(
                str(
                    _(
                        "The statement of %(unit)s is dated %(date)s, before the referral was "
                        "received (%(received)s). Check the date; it is kept as written."
                    )
                    % {
                        "unit": statement.internal_referral.unit.name,
                        "date": date_in_words(statement.date),
                        "received": date_in_words(referral.received_date),
                    }
                )
            )
    return warnings


@dataclass(frozen=True)
class NextStep:
    what: str
    who: str


def next_step(case: Case) -> NextStep:
    """What happens next in the case and who must act, for the case page and start pages."""
    status = case.status
    memo = (
        Memo.objects.filter(case=case).select_related("preparatory_body", "deciding_body").first()
    )
    waiting = awaited(case)
    if status == CaseStatus.CLOSED:
        return NextStep(str(_("The case is closed.")), "")
    if status == CaseStatus.REPLIED:
        return NextStep(str(_("Close the case.")), str(Role.REGISTRAR.label))
    if status == CaseStatus.DECIDED:
        referral = getattr(case, "referral", None)
        issuer = referral.issuer.name if referral else ""
        return NextStep(
            str(_("Send the reply to %(issuer)s.") % {"issuer": issuer}), str(Role.REGISTRAR.label)
        )
    if status == CaseStatus.PREPARED and memo is not None:
        return NextStep(
            str(_("Take the case to %(body)s.") % {"body": memo.deciding_body.name}),
            str(Role.REGISTRAR.label),
        )
    if waiting:
        units = ", ".join(f"{r.unit.name} ({date_in_words(r.due_date)})" for r in waiting)
        return NextStep(
            str(_("Statements awaited from %(units)s.") % {"units": units}),
            str(Role.OFFICE_RESPONDENT.label),
        )
    if memo is None or memo.current is None:
        return NextStep(
            str(_("Refer the case to the offices concerned, or write the memo.")),
            str(Role.CASE_OFFICER.label),
        )
    if memo.ready_at is None:
        return NextStep(str(_("Mark the memo ready.")), str(Role.POLITICIAN.label))
    return NextStep(
        str(_("Take the case to %(body)s.") % {"body": memo.preparatory_body.name}),
        str(Role.REGISTRAR.label),
    )


def reply_visible_to(user: User, case: Case) -> bool:
    """The reply quotes the statements in full: a user who may not read a statement's record
    may not have the reply either."""
    if not permissions.can_view_case(user, case):
        return False
    for statement in Statement.objects.filter(internal_referral__case=case).select_related(
        "record__case"
    ):
        if statement.record and not permissions.can_view_record_content(user, statement.record):
            return False
    return True


def case_close(*, actor: User, case: Case, at: dt.datetime | None = None) -> Case:
    """Close the case after its reply was sent (`at`: when, for a case closed earlier)."""
    if not permissions.can_change_case(actor, case):
        raise NotAllowed(_("You may not change this case."))
    lifecycle.take(actor, case, Step.CLOSE, at=at)
    return case


def case_close_without_reply(*, actor: User, case: Case, at: dt.datetime | None = None) -> Case:
    """Close a case that does not get a reply (the organisation does not answer, or the case
    was registered from an earlier register already closed) — before it went to its bodies."""
    if not lifecycle.LIFECYCLE[Step.CLOSE_WITHOUT_REPLY].who(actor, case):
        raise NotAllowed(_("You may not close this case."))
    lifecycle.take(actor, case, Step.CLOSE_WITHOUT_REPLY, at=at)
    return case
