"""The issuer's side, as actions callable from a view, a task, the command line and a test:
create an outgoing referral, choose its recipients (also from a pasted referral list), send it
— into the register of bodies that use Remiss, by e-mail with a personal reply link to the
others — and remind those who have not replied."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from remiss.accounts.models import User
from remiss.cases import files
from remiss.cases.models import Case, Direction
from remiss.cases.services import case_register, record_add
from remiss.consultations import letter
from remiss.consultations.models import (
    OutgoingProposal,
    OutgoingReferral,
    Recipient,
    Reply,
    ReplyLink,
)
from remiss.consultations.referral_list import Candidate, Match, ParsedList, match, parse
from remiss.core import permissions
from remiss.core.audit import audit_log, audited_create, audited_update
from remiss.core.errors import NotAllowed, ServiceError
from remiss.core.models import AuditAction
from remiss.core.text import register_text
from remiss.organisations.models import Organisation, OrganisationKind, Registry
from remiss.reading import bodies
from remiss.referrals.services import ProposalInput, clean_report_ref
from remiss.writing import formats

logger = logging.getLogger("remiss.consultations")


def check_can_change(actor: User, referral: OutgoingReferral) -> None:
    if not permissions.can_change_case(actor, referral.case):
        raise NotAllowed(_("You may not change this referral."))


def outgoing_create(
    *,
    actor: User,
    registry: Registry,
    report_ref: str,
    report_title: str,
    deadline: dt.date,
    proposals: Sequence[ProposalInput] = (),
    staged_files: Sequence[files.StagedFile] = (),
    reminder_days: int = 7,
) -> OutgoingReferral:
    """The issuer's case in its own registry, the report as its first record, the proposals."""
    try:
        if not permissions.can_send_referrals(actor, registry.organisation):
            raise NotAllowed(_("You may not send referrals from this organisation."))
        report_title = (report_title or "").strip()
        if not report_title:
            raise ServiceError(_("The referral needs the report's title."), field="report_title")
        report_ref = clean_report_ref(report_ref)
        if deadline <= timezone.localdate():
            raise ServiceError(_("The deadline must be after today."), field="deadline")
        numbers = [p.number.strip() for p in proposals if p.number.strip()]
        if len(numbers) != len(set(numbers)):
            raise ServiceError(_("Two proposals have the same number."), field="proposals")
        with transaction.atomic():
            name = f"{report_title} ({report_ref})" if report_ref else report_title
            case = case_register(
                actor=actor,
                registry=registry,
                title=register_text(gettext_lazy("Referral of %(report)s"), report=name),
                deadline=deadline,
                case_officer=actor,
                check_permission=False,
            )
            record_add(
                actor=actor,
                case=case,
                direction=Direction.OUTGOING,
                document_date=timezone.localdate(),
                counterpart=registry.organisation.name,
                subject=name,
                staged_files=staged_files,
                check_permission=False,
            )
            referral = audited_create(
                OutgoingReferral,
                actor=actor,
                audit_case=case,
                case=case,
                report_ref=report_ref,
                report_title=report_title[:500],
                deadline=deadline,
                reminder_days=max(0, reminder_days),
            )
            for position, item in enumerate(proposals, start=1):
                if not item.title.strip():
                    raise ServiceError(_("Every proposal needs a title."), field="proposals")
                audited_create(
                    OutgoingProposal,
                    actor=actor,
                    audit_case=case,
                    referral=referral,
                    position=position,
                    number=(item.number.strip() or str(position))[:20],
                    title=item.title.strip()[:300],
                    text=item.text.strip(),
                )
    except BaseException:
        files.discard(staged_files)
        raise
    return referral


def recipients_add(
    *, actor: User, referral: OutgoingReferral, organisations: Sequence[Organisation],
    listed_as: dict[int, str] | None = None,
) -> list[Recipient]:  # fmt: skip
    """Add bodies to the referral; one already on it is left as it is."""
    check_can_change(actor, referral)
    listed_as = listed_as or {}
    added = []
    with transaction.atomic():
        present = set(referral.recipients.values_list("organisation_id", flat=True))
        for organisation in organisations:
            if (
                organisation.pk in present
                or organisation.pk == referral.case.registry.organisation_id
            ):
                continue
            present.add(organisation.pk)
            added.append(
                audited_create(
                    Recipient,
                    actor=actor,
                    audit_case=referral.case,
                    referral=referral,
                    organisation=organisation,
                    listed_as=listed_as.get(organisation.pk, "")[:300],
                )
            )
    return added


def outgoing_update(
    *, actor: User, referral: OutgoingReferral, deadline: dt.date, reminder_days: int
) -> OutgoingReferral:
    """Change the deadline and the reminder. Once sent, the deadline can only be extended; the
    extension reaches every recipient: into the register of bodies that use Remiss, and by
    e-mail (with the reply links extended) to the others."""
    check_can_change(actor, referral)
    referral = OutgoingReferral.objects.select_related("case__registry__organisation").get(
        pk=referral.pk
    )
    if deadline <= timezone.localdate():
        raise ServiceError(_("The deadline must be after today."), field="deadline")
    sent = referral.sent_at is not None
    if sent and deadline < referral.deadline:
        raise ServiceError(
            _("The referral has been sent; its deadline can only be extended."), field="deadline"
        )
    extended = sent and deadline > referral.deadline
    case = referral.case
    notices: list[tuple[Recipient, EmailMessage]] = []
    with transaction.atomic():
        referral = audited_update(
            actor=actor, obj=referral,
            changes={"deadline": deadline, "reminder_days": max(0, reminder_days)},
            editable=("deadline", "reminder_days"), case=case,
        )  # fmt: skip
        audited_update(actor=actor, obj=case, changes={"deadline": deadline},
                       editable=("deadline",), case=case)  # fmt: skip
        if extended:
            valid_until = deadline + dt.timedelta(days=settings.REMISS_REPLY_LINK_GRACE_DAYS)
            expires = timezone.make_aware(dt.datetime.combine(valid_until, dt.time(23, 59, 59)))
            ReplyLink.objects.filter(recipient__referral=referral).update(expires_at=expires)
            data = letter_data(referral)
            for recipient in referral.recipients.filter(sent_at__isnull=False).select_related(
                "organisation", "incoming_referral__case"
            ):
                incoming = recipient.incoming_referral
                if incoming is not None:  # the body's own register, by the system
                    audited_update(actor=None, obj=incoming, changes={"deadline": deadline},
                                   editable=("deadline",), case=incoming.case)  # fmt: skip
                    audited_update(actor=None, obj=incoming.case, changes={"deadline": deadline},
                                   editable=("deadline",), case=incoming.case)  # fmt: skip
                elif recipient.organisation.email:
                    subject, body = letter.extension_email(
                        data, recipient.organisation.name, valid_until
                    )
                    notices.append((recipient, EmailMessage(
                        subject, body, to=[recipient.organisation.email],
                        reply_to=[data.issuer_email],
                    )))  # fmt: skip
    for recipient, message in notices:  # after the commit; a failure is logged, not undone
        try:
            message.send()
        except Exception as exc:
            logger.warning("extension notice to recipient %s failed: %s", recipient.pk, exc)
    return referral


def recipient_remove(*, actor: User, recipient: Recipient) -> None:
    """Take a body off the list before the referral reaches it."""
    recipient = Recipient.objects.select_related("referral__case").get(pk=recipient.pk)
    check_can_change(actor, recipient.referral)
    if recipient.sent_at is not None:
        raise ServiceError(
            _("%(body)s has already received the referral.") % {"body": recipient.organisation}
        )
    with transaction.atomic():
        audit_log(actor=actor, action=AuditAction.DELETE, obj=recipient,
                  before={"organisation": recipient.organisation.name},
                  case=recipient.referral.case)  # fmt: skip
        recipient.delete()


@dataclass
class ListImport:
    parsed: ParsedList
    matches: list[Match]


def referral_list_read(text: str, actor: User | None = None) -> ListImport:
    """Parse a pasted or uploaded referral list and match each name to a known organisation:
    the approved ones, and the actor's own proposals."""
    parsed = parse(text)
    known = Organisation.objects.filter(
        Q(approved=True) | Q(proposed_by=actor) if actor is not None else Q(approved=True)
    )
    # Each organisation with its short name and the names the gazetteer of Swedish bodies gives
    # it (remiss.reading.bodies, the same data the reader uses): "PTS" on a list finds Post- och
    # telestyrelsen in the register.
    candidates = [
        Candidate(
            o.name,
            o.pk,
            tuple(dict.fromkeys(a for a in (o.short_name, *bodies.other_names(o.name)) if a)),
        )
        for o in known.only("pk", "name", "short_name")
    ]
    return ListImport(parsed, match(parsed.bodies, candidates))


# The gazetteer's sections (remiss/reading/data/bodies.txt) as kinds of body in the register.
SECTION_KINDS = {
    "kommuner": OrganisationKind.MUNICIPALITY,
    "regioner": OrganisationKind.REGION,
    "länsstyrelser": OrganisationKind.AGENCY,
    "statliga myndigheter och domstolar": OrganisationKind.AGENCY,
    "universitet och högskolor": OrganisationKind.AGENCY,
    "organisationer": OrganisationKind.ORGANISATION,
}


def new_body_prefill(listed: str) -> dict[str, str]:
    """A new body's fields as far as the gazetteer of Swedish bodies knows them: its full name
    and kind ("PTS" → Post- och telestyrelsen, a state agency); otherwise the name as listed.
    The gazetteer has no addresses: the e-mail is left for the person to give."""
    entry = bodies.gazetteer_entry(listed)
    if entry is None:
        return {"name": " ".join(listed.split())[:200], "kind": OrganisationKind.ORGANISATION,
                "known": ""}  # fmt: skip
    name, section = entry
    kind = SECTION_KINDS.get(section, OrganisationKind.ORGANISATION)
    return {"name": name, "kind": kind, "known": "1"}


def organisation_create(*, actor: User, name: str, email: str, kind: str) -> Organisation:
    """A body the list named that the register did not know, added in the review step. The
    register is shared: an administrator's entry stands; anyone else's is a proposal, usable
    on the proposer's own referrals, that nothing is sent to until an administrator approves it
    (organisation_approve) — an official cannot put an address of their choosing under a name
    every ministry trusts."""
    if actor.organisation is None or not permissions.can_send_referrals(actor, actor.organisation):
        raise NotAllowed(_("You may not add bodies to the register."))
    name = " ".join((name or "").split())
    if not name:
        raise ServiceError(_("The body needs a name."), field="name")
    if Organisation.objects.filter(name__iexact=name).exists():
        raise ServiceError(_("%(name)s is already in the register.") % {"name": name})
    approved = permissions.can_edit_register(actor)
    with transaction.atomic():
        organisation = Organisation.objects.create(
            name=name[:200], email=email.strip(), kind=kind, approved=approved,
            proposed_by=None if approved else actor,
        )  # fmt: skip
        audit_log(actor=actor, action=AuditAction.CREATE, obj=organisation,
                  after={"name": organisation.name, "email": organisation.email,
                         "approved": approved})  # fmt: skip
    return organisation


# Sending ------------------------------------------------------------------------------------


def letter_data(referral: OutgoingReferral) -> letter.LetterData:
    case = referral.case
    issuer = case.registry.organisation
    officer = case.case_officer
    return letter.LetterData(
        issuer=issuer.name,
        issuer_email=issuer.email or settings.DEFAULT_FROM_EMAIL,
        case_number=case.number,
        report_ref=referral.report_ref,
        report_title=referral.report_title,
        deadline=referral.deadline,
        date=timezone.localdate(referral.sent_at) if referral.sent_at else timezone.localdate(),
        # As the list named them ("Uppsala universitet (Juridiska fakultetsnämnden)").
        recipients=[
            r.listed_as or r.organisation.name
            for r in referral.recipients.select_related("organisation")
        ],
        proposals=[(p.number, p.title) for p in referral.proposals.all()],
        signatory=officer.get_full_name() if officer else "",
    )


def covering_letter(data: letter.LetterData, fmt: str) -> tuple[bytes, str]:
    """The covering letter as PDF or Word, and its file name."""
    blocks = letter.letter_blocks(data)
    title = f"Remiss av {letter.report_name(data)}"
    if fmt == "pdf":
        content = formats.html_to_pdf(formats.to_html(blocks, title=title), title=title)
    elif fmt == "docx":
        content = formats.to_docx(blocks, title=title, author=data.issuer)
    else:
        raise ServiceError(_("Unknown format."))
    return content, letter.letter_file_name(data, fmt)


@dataclass(frozen=True)
class BodyReply:
    reply: Reply
    readable: bool  # may the person read its content (its stance): not if secret to them


@dataclass(frozen=True)
class BodyReferral:
    """A referral sent to a body, as its page lists it."""

    recipient: Recipient
    replies: tuple[BodyReply, ...]  # not rejected, first received first


BODY_PAGE_REFERRALS = 100


def body_referrals(user: User, organisation: Organisation) -> list[BodyReferral]:
    """The referrals sent to a body, of the cases the person sees, latest deadline first, each
    with the replies received from the body."""
    recipients = (
        Recipient.objects.filter(
            Exists(permissions.cases_visible_to(user).filter(pk=OuterRef("referral__case_id"))),
            organisation=organisation,
        )
        .select_related("referral__case__registry")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=Reply.objects.filter(rejected_at__isnull=True)
                .select_related("record__case")
                .order_by("received_at"),
            )
        )
        .order_by("-referral__deadline", "-referral__pk")
    )
    return [
        BodyReferral(
            recipient,
            tuple(
                BodyReply(reply, permissions.can_view_record_content(user, reply.record))
                for reply in recipient.replies.all()
            ),
        )
        for recipient in recipients[:BODY_PAGE_REFERRALS]
    ]


def outgoing_for(case: Case) -> OutgoingReferral | None:
    return OutgoingReferral.objects.filter(case=case).first()
