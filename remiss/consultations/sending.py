"""Sending a referral (remiss) to its bodies: into the register of those that use Remiss at
once, by e-mail through the task worker for the others, and reminders before the deadline."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import secrets
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from remiss.accounts.models import User
from remiss.cases import files
from remiss.cases.models import Direction, RecordFile
from remiss.cases.services import record_add
from remiss.consultations import letter, notice
from remiss.consultations.compilation import CONTENT_TYPES
from remiss.consultations.models import Channel, OutgoingReferral, Recipient, ReplyLink
from remiss.consultations.services import check_can_change, covering_letter, letter_data
from remiss.core.audit import audited_update
from remiss.core.errors import ServiceError
from remiss.core.text import register_text
from remiss.organisations.models import Organisation
from remiss.referrals.services import ProposalInput, receiving_registry, referral_register

logger = logging.getLogger("remiss.consultations")


def new_reply_link(recipient: Recipient, deadline: dt.date) -> tuple[str, dt.date]:
    """A personal reply link: 256 random bits, scoped to this referral and body, valid until
    the deadline plus the grace period. Only the token's hash is stored."""
    token = secrets.token_urlsafe(32)
    valid_until = deadline + dt.timedelta(days=settings.REMISS_REPLY_LINK_GRACE_DAYS)
    expires = timezone.make_aware(dt.datetime.combine(valid_until, dt.time(23, 59, 59)))
    ReplyLink.objects.create(
        recipient=recipient,
        token_sha256=hashlib.sha256(token.encode()).hexdigest(),
        expires_at=expires,
    )
    return (
        f"{settings.REMISS_BASE_URL}{reverse('reply_link', kwargs={'token': token})}",
        valid_until,
    )


@dataclass
class SendResult:
    delivered: list[str]  # into the register of bodies that use Remiss
    queued: list[str]  # to be e-mailed by the task worker (send_queued_emails)
    failed: list[tuple[str, str]]  # (body, reason): may be sent again


def referral_send(*, actor: User, referral: OutgoingReferral) -> SendResult:
    """Send to every recipient not yet reached. The covering letter is registered as an
    outgoing record; bodies that use Remiss get the referral in their register, with their own
    next case number, at once; the others are queued for an e-mail with the letter and a
    personal reply link, which the task worker sends one by one (send_queued_emails), so that a
    list of a hundred bodies does not hold the request. The task is queued in the same
    transaction: no body is left queued without it."""
    referral = OutgoingReferral.objects.select_related("case__registry__organisation").get(
        pk=referral.pk
    )
    check_can_change(actor, referral)
    if not referral.recipients.exists():
        raise ServiceError(_("Choose the bodies to send the referral to first."))
    # Checked again under the lock below; here it spares typesetting a letter for nobody.
    _check_something_to_send(referral)
    if referral.deadline <= timezone.localdate():
        raise ServiceError(
            _("The deadline has passed; change it before sending."), field="deadline"
        )
    case = referral.case
    issuer = case.registry.organisation
    first_sending = referral.sent_at is None
    data = letter_data(referral)
    letters = [covering_letter(data, "pdf"), covering_letter(data, "docx")]
    report_files = [
        (f.stored, f.original_name)
        for f in RecordFile.objects.filter(record__case=case, record__serial=1).select_related(
            "stored"
        )
    ]
    proposals = [ProposalInput(p.number, p.title, p.text) for p in referral.proposals.all()]
    result = SendResult([], [], [])
    staged = [files.stage_upload(io.BytesIO(content), name) for content, name in letters]
    try:
        with transaction.atomic():
            # One sending at a time: a second press of the button finds nothing left to send.
            OutgoingReferral.objects.select_for_update().filter(pk=referral.pk).exists()
            _check_something_to_send(referral)
            pending = list(_unsent(referral).select_related("organisation"))
            if first_sending:
                audited_update(
                    actor=actor, obj=referral,
                    changes={"sent_at": timezone.now(), "sent_by": actor},
                    editable=("sent_at", "sent_by"), case=case,
                )  # fmt: skip
            # Each dispatch is registered as an outgoing record with the letter it carried.
            sent_letter = record_add(
                actor=actor,
                case=case,
                direction=Direction.OUTGOING,
                document_date=timezone.localdate(),
                counterpart=", ".join(r.organisation.name for r in pending)[:300],
                subject=register_text(
                    gettext_lazy("Covering letter: %(title)s"), title=referral.report_title
                ),
                staged_files=staged,
            )
            attachments = [
                *((f.stored, f.original_name) for f in sent_letter.files.select_related("stored")),
                *report_files,
            ]
            for recipient in pending:
                if not recipient.organisation.approved:
                    # A proposed body: nothing goes to its address until it is approved.
                    result.failed.append((recipient.organisation.name, str(_(
                        "it awaits an administrator's approval in the register of bodies"
                    ))))  # fmt: skip
                    continue
                registry = receiving_registry(recipient.organisation)
                if registry is not None:
                    incoming = referral_register(
                        actor=None,
                        registry=registry,
                        issuer=issuer,
                        issuer_dnr=case.number.replace(" ", ""),
                        report_ref=referral.report_ref,
                        report_title=referral.report_title,
                        received_date=timezone.localdate(),
                        deadline=referral.deadline,
                        proposals=proposals,
                        stored_files=attachments,
                        check_permission=False,
                    )
                    audited_update(
                        actor=actor, obj=recipient,
                        changes={"channel": Channel.REMISS, "sent_at": timezone.now(),
                                 "incoming_referral": incoming, "send_error": ""},
                        editable=("channel", "sent_at", "incoming_referral", "send_error"),
                        case=case,
                    )  # fmt: skip
                    result.delivered.append(recipient.organisation.name)
                    continue
                if not recipient.organisation.email:
                    reason = _("The register has no e-mail address for this body.")
                    audited_update(actor=actor, obj=recipient, changes={"send_error": reason},
                                   editable=("send_error",), case=case)  # fmt: skip
                    result.failed.append((recipient.organisation.name, reason))
                    continue
                audited_update(
                    actor=actor, obj=recipient,
                    changes={"queued_at": timezone.now(), "send_error": ""},
                    editable=("queued_at", "send_error"), case=case,
                )  # fmt: skip
                result.queued.append(recipient.organisation.name)
            if result.queued:
                # After the commit, when the letter's files are in place (their move was
                # registered first). Should the process die in between, the bodies stay queued
                # and count as unsent again after STALE_QUEUE (_unsent): sending again sends them.
                _enqueue_on_commit(referral.pk, actor.pk, sent_letter.pk)
    except BaseException:
        files.discard(staged)
        raise
    return result


# A body queued this long ago whose e-mail has not gone out counts as unsent again: its task
# was lost (the process died after the commit) or failed as a whole.
STALE_QUEUE = dt.timedelta(minutes=15)


def _unsent(referral: OutgoingReferral) -> QuerySet[Recipient]:
    """The recipients neither reached nor waiting for their e-mail."""
    return referral.recipients.filter(sent_at__isnull=True).filter(
        Q(queued_at__isnull=True) | Q(queued_at__lt=timezone.now() - STALE_QUEUE)
    )


def _enqueue_on_commit(referral_id: int, actor_id: int, letter_record_id: int) -> None:
    transaction.on_commit(
        lambda: send_queued_emails_task.enqueue(referral_id, actor_id, letter_record_id)
    )


def _check_something_to_send(referral: OutgoingReferral) -> None:
    if _unsent(referral).exists():
        return
    if referral.recipients.filter(sent_at__isnull=True).exists():
        raise ServiceError(
            _("The referral is being sent: the list shows each body as its e-mail goes out.")
        )
    raise ServiceError(_("The referral has already been sent to every recipient."))


def _notice(referral: OutgoingReferral, issuer: Organisation) -> notice.ReferralNotice:
    """The referral's notice, the same for every recipient but for its reply link."""
    return notice.ReferralNotice(
        issuer=issuer.name,
        issuer_email=issuer.email,
        case_number=referral.case.number,
        report_ref=referral.report_ref,
        report_title=referral.report_title,
        deadline=referral.deadline,
        proposals=tuple(
            notice.NoticeProposal(p.number, p.title, p.text) for p in referral.proposals.all()
        ),
    )


def send_queued_emails(referral_id: int, actor_id: int | None, letter_record_id: int) -> int:
    """E-mail every recipient of the referral that waits in the queue: its own reply link and
    the covering letter (the files of the outgoing record `letter_record_id`). Each recipient
    is taken under a lock and records its own outcome, so two workers never send one twice and
    a failure is shown on its body, to be sent again. Returns how many were sent."""
    referral = OutgoingReferral.objects.select_related("case__registry__organisation").get(
        pk=referral_id
    )
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    case, issuer = referral.case, referral.case.registry.organisation
    data = letter_data(referral)
    letters = [
        (f.original_name, files.read_stored(f.stored.sha256))
        for f in RecordFile.objects.filter(record_id=letter_record_id).select_related("stored")
    ]
    referral_notice = _notice(referral, issuer) if issuer.email else None
    sent = 0
    waiting = referral.recipients.filter(queued_at__isnull=False, sent_at__isnull=True)
    for recipient_id in waiting.values_list("pk", flat=True):
        with transaction.atomic():
            recipient = (
                waiting.select_for_update().select_related("organisation").filter(pk=recipient_id)
            ).first()
            if recipient is None:  # sent by another worker meanwhile, or taken off
                continue
            link, valid_until = new_reply_link(recipient, referral.deadline)
            subject, body = letter.invitation_email(
                data, recipient.organisation.name, link, valid_until
            )
            message = EmailMessage(
                subject, body, to=[recipient.organisation.email],
                reply_to=[issuer.email] if issuer.email else None,
            )  # fmt: skip
            for name, content in letters:
                message.attach(name, content, CONTENT_TYPES[name.rsplit(".", 1)[1]])
            if referral_notice is not None:
                # For a body whose own Remiss reads its mailbox: it registers the referral.
                own = replace(referral_notice, reply_link=link)
                message.attach(notice.NOTICE_NAME, notice.notice_bytes(own), "application/json")
            try:
                message.send()
            except Exception as exc:  # SMTP refused, network down: recorded, may be sent again
                reason = _("The e-mail could not be sent: %(reason)s") % {
                    "reason": type(exc).__name__
                }
                logger.warning("referral e-mail to recipient %s failed: %s", recipient.pk, exc)
                audited_update(actor=actor, obj=recipient,
                               changes={"send_error": reason, "queued_at": None},
                               editable=("send_error", "queued_at"), case=case)  # fmt: skip
                continue
            audited_update(
                actor=actor, obj=recipient,
                changes={"channel": Channel.EMAIL, "sent_at": timezone.now(), "send_error": "",
                         "queued_at": None},
                editable=("channel", "sent_at", "send_error", "queued_at"), case=case,
            )  # fmt: skip
            sent += 1
    return sent


@task()
def send_queued_emails_task(referral_id: int, actor_id: int | None, letter_record_id: int) -> int:
    return send_queued_emails(referral_id, actor_id, letter_record_id)


def reminders_send(*, today: dt.date | None = None) -> int:
    """Remind, once, every recipient that has not replied when the deadline is `reminder_days`
    away or nearer (and not yet passed). Run daily (`remiss remind`). Returns how many."""
    today = today or timezone.localdate()
    sent = 0
    referrals = OutgoingReferral.objects.filter(sent_at__isnull=False, deadline__gte=today)
    for referral in referrals.select_related("case__registry__organisation"):
        if not referral.reminder_days or (referral.deadline - today).days > referral.reminder_days:
            continue
        waiting = (
            referral.recipients.filter(sent_at__isnull=False, reminded_at__isnull=True)
            .exclude(Q(replies__isnull=False))
            .select_related("organisation")
        )
        data = letter_data(referral)
        issuer = referral.case.registry.organisation
        for recipient in waiting.distinct():
            if not recipient.organisation.email:
                continue
            with transaction.atomic():
                link, valid_until = new_reply_link(recipient, referral.deadline)
            subject, body = letter.reminder_email(
                data, recipient.organisation.name, link, valid_until
            )
            try:
                EmailMessage(
                    subject, body, to=[recipient.organisation.email],
                    reply_to=[issuer.email] if issuer.email else None,
                ).send()  # fmt: skip
            except Exception as exc:
                logger.warning("reminder to recipient %s failed: %s", recipient.pk, exc)
                continue
            audited_update(actor=None, obj=recipient, changes={"reminded_at": timezone.now()},
                           editable=("reminded_at",), case=referral.case)  # fmt: skip
            sent += 1
    return sent
