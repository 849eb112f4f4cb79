"""The decided reply leaves the house: the send-check, then delivery with proof (issue 14 §2–§3).

`send_check` renders the reply and checks it (remiss.writing.sending holds the rules);
`reply_dispatch` registers the outgoing record with the reply's PDF and Word file and sends it
— by e-mail as a background task with retries, through Remiss for a referral that came from
another Remiss installation, or registered as sent in another way. The e-mail as sent (.eml)
is kept on the same record. Failed checks block; warnings need a recorded reason.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import zipfile
from dataclasses import dataclass
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from remiss.accounts.models import User
from remiss.cases import files
from remiss.cases.models import Case
from remiss.cases.services import record_files_add
from remiss.core import permissions
from remiss.core.audit import audited_create, audited_update
from remiss.core.errors import NotAllowed, ServiceError
from remiss.documents.build import latest_decision, reply_data
from remiss.documents.models import DeliveryChannel, DeliveryStatus, ReplyDelivery
from remiss.documents.services import RenderedReply, render_reply
from remiss.organisations.models import BodyKind
from remiss.referrals import lifecycle, workflow
from remiss.referrals.lifecycle import Step
from remiss.writing import sending
from remiss.writing.sending import Check, SendFacts

logger = logging.getLogger(__name__)

# What each check is called, and what it says when it holds and when it does not.
CHECK_TEXTS: dict[str, tuple[Promise, Promise, Promise]] = {
    "issuer_dnr": (
        gettext_lazy("The ministry's case number in the heading"),
        gettext_lazy("“Er beteckning %(number)s” stands in the reply's heading."),
        gettext_lazy(
            "The referral has no case number of the issuer, or the heading lacks it. "
            "Register the issuer's number on the referral."
        ),
    ),
    "subject": (
        gettext_lazy("The ministry's case number in the e-mail's subject"),
        gettext_lazy("Subject: “%(subject)s”."),
        gettext_lazy("The subject “%(subject)s” lacks the issuer's case number."),
    ),
    "report": (
        gettext_lazy("The report named"),
        gettext_lazy("The reply names %(report)s."),
        gettext_lazy("The reply does not name the report %(report)s."),
    ),
    "formats": (
        gettext_lazy("Both formats, PDF and Word"),
        gettext_lazy("The reply is made as PDF and as Word."),
        gettext_lazy("Missing or unreadable: %(missing)s."),
    ),
    "file_names": (
        gettext_lazy("File names"),
        gettext_lazy("The files are named “%(name)s”."),
        gettext_lazy(
            "The files should be named “%(name)s”: the issuer's case number without slashes, "
            "then the body."
        ),
    ),
    "addresses": (
        gettext_lazy("The addresses the referral names"),
        gettext_lazy("To %(addresses)s."),
        gettext_lazy(
            "The referral names no valid address for the reply%(addresses)s. Add the addresses "
            "from the referral letter, or register the reply as sent in another way."
        ),
    ),
    "deadline": (
        gettext_lazy("Before the deadline"),
        gettext_lazy("The deadline is %(deadline)s."),
        gettext_lazy("The deadline, %(deadline)s, has passed. State why the reply is late."),
    ),
    "decided": (
        gettext_lazy("Who decided"),
        gettext_lazy("Decided by %(body)s %(date)s, as the reply shows."),
        gettext_lazy(
            "No decision of the deciding body is recorded, or the reply does not show it."
        ),
    ),
    "minutes": (
        gettext_lazy("The minutes approved"),
        gettext_lazy("The minutes of %(body)s are approved (justerade)."),
        gettext_lazy("The minutes of %(body)s are not approved (justerade) yet."),
    ),
    "presenter": (
        gettext_lazy("Who presented"),
        gettext_lazy("The reply names the presenter, %(presenter)s."),
        gettext_lazy("The reply names no presenter."),
    ),
}

# The address list the referral names when it names none: the issuer's functional mailbox.
_ADDRESS_WARNING = gettext_lazy(
    "The referral names no address; the reply goes to the issuer's mailbox in the register "
    "(%(addresses)s)."
)


@dataclass(frozen=True)
class CheckLine:
    """One check as a page shows it."""

    code: str
    result: str  # "ok" | "warning" | "failure"
    label: str
    message: str


@dataclass(frozen=True)
class SendCheck:
    channel: str
    checks: list[Check]
    rendered: list[RenderedReply]
    addresses: list[str]
    subject: str

    @property
    def failures(self) -> list[Check]:
        return sending.failures(self.checks)

    @property
    def warnings(self) -> list[Check]:
        return sending.warnings(self.checks)

    def lines(self) -> list[CheckLine]:
        return [describe(check) for check in self.checks]


def describe(check: Check) -> CheckLine:
    label, ok, problem = CHECK_TEXTS[check.code]
    values = {"number": "", "subject": "", "report": "", "missing": "", "name": "",
              "addresses": "", "deadline": "", "body": "", "date": "", "presenter": "",
              **check.values}  # fmt: skip
    if check.code == "addresses" and check.result == sending.WARNING:
        message = str(_ADDRESS_WARNING) % values
    elif check.code == "addresses" and values["addresses"]:
        values["addresses"] = f" ({values['addresses']})"
        message = str(problem) % values
    else:
        message = str(ok if check.result == sending.OK else problem) % values
    return CheckLine(check.code, check.result, str(label), message)


def _well_formed(rendered: RenderedReply) -> bool:
    if rendered.filename.endswith(".pdf"):
        return rendered.content.startswith(b"%PDF-")
    try:
        with zipfile.ZipFile(io.BytesIO(rendered.content)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _minutes_approved(case: Case) -> bool:
    """Are the minutes of the meeting where the deciding body decided approved (justerade)?"""
    decision = latest_decision(case, BodyKind.DECIDING)
    return bool(decision and decision.item.meeting.minutes_approved_at)


def channel_for(case: Case) -> str:
    """A referral from another Remiss installation is answered through Remiss; else by e-mail."""
    return DeliveryChannel.REMISS if hasattr(case.referral, "sent_from") else DeliveryChannel.EMAIL


def send_check(
    case: Case, *, channel: str | None = None, today: dt.date | None = None
) -> SendCheck:
    """Render the reply and check it. The caller has checked that the user may see the reply."""
    channel = channel or channel_for(case)
    referral = case.referral
    data = reply_data(case)
    rendered = [render_reply(case, fmt) for fmt in ("pdf", "docx")]
    text = render_reply(case, "txt").content.decode("utf-8")
    named = referral.reply_address_list
    fallback = [referral.issuer.email] if referral.issuer.email else []
    addresses = named or fallback
    subject = sending.email_subject(data.organisation, referral.issuer_dnr, referral.report_ref)
    facts = SendFacts(
        organisation=data.organisation,
        issuer_dnr=referral.issuer_dnr,
        report_ref=referral.report_ref,
        report_title=referral.report_title,
        reply_text=text,
        file_names=[r.filename for r in rendered],
        formats_present=[r.filename.rsplit(".", 1)[1] for r in rendered if _well_formed(r)],
        addresses=addresses,
        addresses_from_referral=bool(named),
        deadline=referral.deadline,
        today=today or timezone.localdate(),
        decided_by=data.decision.body if data.decision else "",
        decided_on=data.decision.date if data.decision else None,
        minutes_approved=_minutes_approved(case),
        presenter=data.presenter,
        by_email=channel == DeliveryChannel.EMAIL,
        subject=subject,
    )
    return SendCheck(channel, sending.send_checks(facts), rendered, addresses, subject)


def reply_dispatch(
    *,
    actor: User,
    case: Case,
    channel: str | None = None,
    override_reason: str = "",
    sent_date: dt.date | None = None,
) -> ReplyDelivery:
    """Check the reply and send it: registered as an outgoing record with both files, the case
    replied, and — by e-mail — queued for the background. Failed checks refuse with their
    reasons; warnings need `override_reason`, which is kept with the checks."""
    if not permissions.can_change_case(actor, case):
        raise NotAllowed(_("You may not change this case."))
    lifecycle.status_after(Step.SEND_REPLY, case.status)
    checked = send_check(case, channel=channel, today=sent_date)
    if checked.failures:
        reasons = "; ".join(describe(c).message for c in checked.failures)
        raise ServiceError(_("The reply cannot be sent: %(reasons)s") % {"reasons": reasons})
    override_reason = override_reason.strip()
    if checked.warnings and not override_reason:
        raise ServiceError(
            _("Give the reason for sending despite the warnings."), field="override_reason"
        )
    documents = [(r.content, r.filename) for r in checked.rendered]
    with transaction.atomic():
        record = workflow.reply_send(
            actor=actor,
            case=case,
            sent_date=sent_date or timezone.localdate(),
            documents=documents,
        )
        by_email = checked.channel == DeliveryChannel.EMAIL
        delivery = audited_create(
            ReplyDelivery,
            actor=actor,
            audit_case=case,
            record=record,
            channel=checked.channel,
            status=DeliveryStatus.QUEUED if by_email else DeliveryStatus.SENT,
            sent_at=None if by_email else timezone.now(),
            addresses="\n".join(checked.addresses) if by_email else "",
            subject=checked.subject if by_email else "",
            checks=[{"code": c.code, "result": c.result, **c.values} for c in checked.checks],
            override_reason=override_reason if checked.warnings else "",
            requested_by=actor,
        )
        if by_email:
            transaction.on_commit(lambda: _enqueue(delivery.pk))
    return delivery


def _enqueue(delivery_id: int, *, after: dt.datetime | None = None) -> None:
    if after is not None and deliver_reply.get_backend().supports_defer:
        deliver_reply.using(run_after=after).enqueue(delivery_id)
    else:
        deliver_reply.enqueue(delivery_id)


def delivery_resend(*, actor: User, delivery: ReplyDelivery) -> ReplyDelivery:
    """Send the reply by e-mail again: after a failure, or when the issuer asks for it again."""
    case = delivery.record.case
    if not permissions.can_change_case(actor, case):
        raise NotAllowed(_("You may not change this case."))
    if delivery.channel != DeliveryChannel.EMAIL:
        raise ServiceError(_("Only a reply sent by e-mail can be sent again."))
    if delivery.status == DeliveryStatus.QUEUED:
        raise ServiceError(_("The reply is already waiting to be sent."))
    with transaction.atomic():
        delivery = audited_update(
            actor=actor,
            obj=delivery,
            changes={"status": DeliveryStatus.QUEUED, "attempts": 0, "last_error": "",
                     "next_attempt_at": None},
            editable=("status", "attempts", "last_error", "next_attempt_at"),
            case=case,
        )  # fmt: skip
        transaction.on_commit(lambda: _enqueue(delivery.pk))
    return delivery


def _message(delivery: ReplyDelivery) -> EmailMessage:
    case = delivery.record.case
    referral = case.referral
    data = reply_data(case)
    attached = list(delivery.record.files.select_related("stored").order_by("id"))
    replies = [f for f in attached if not f.original_name.endswith(".eml")]
    body = sending.email_body(
        organisation=data.organisation,
        issuer=referral.issuer.name,
        report_title=referral.report_title,
        report_ref=referral.report_ref,
        issuer_dnr=referral.issuer_dnr,
        case_number=case.number,
        decided_by=data.decision.body if data.decision else "",
        decided_on=data.decision.date if data.decision else None,
        file_names=[f.original_name for f in replies],
    )
    organisation = case.registry.organisation
    message = EmailMessage(
        delivery.subject,
        body,
        to=delivery.address_list,
        reply_to=[organisation.email] if organisation.email else None,
        headers={"Message-ID": make_msgid(domain="remiss.local")},
    )
    for item in replies:
        message.attach(
            item.original_name,
            files.read_stored(item.stored.sha256),
            item.stored.content_type,
        )
    return message


def _retry_delay(attempts: int) -> dt.timedelta:
    """10, 20, 40 … minutes: a mail server down for the night is tried again in the morning."""
    return dt.timedelta(minutes=settings.REMISS_DELIVERY_RETRY_MINUTES * 2 ** (attempts - 1))


@task()
def deliver_reply(delivery_id: int) -> str:
    """The background task: send the e-mail, keep it (.eml) on the outgoing record, or record
    why it failed and try again later. Safe to run twice: a sent reply is not sent again."""
    delivery = ReplyDelivery.objects.select_related("record__case").get(pk=delivery_id)
    if delivery.status != DeliveryStatus.QUEUED:
        return delivery.status
    case = delivery.record.case
    message = _message(delivery)
    attempts = delivery.attempts + 1
    try:
        get_connection(fail_silently=False).send_messages([message])
    except Exception as exc:  # refused, unreachable, timed out: recorded, tried again
        reason = f"{type(exc).__name__}: {exc}"[:500]
        logger.warning("reply delivery %s failed (attempt %s): %s", delivery_id, attempts, reason)
        again = attempts < settings.REMISS_DELIVERY_ATTEMPTS and (
            deliver_reply.get_backend().supports_defer
        )
        after = timezone.now() + _retry_delay(attempts) if again else None
        with transaction.atomic():
            audited_update(
                actor=None,
                obj=delivery,
                changes={"attempts": attempts, "last_error": reason, "next_attempt_at": after,
                         "status": DeliveryStatus.QUEUED if again else DeliveryStatus.FAILED},
                editable=("attempts", "last_error", "next_attempt_at", "status"),
                case=case,
            )  # fmt: skip
            if again:
                transaction.on_commit(lambda: _enqueue(delivery_id, after=after))
        return DeliveryStatus.QUEUED if again else DeliveryStatus.FAILED
    sent = message.message().as_bytes()
    # Named as the reply's files: "Fi2019-03090 Stockholms stad.eml".
    first = delivery.record.files.order_by("id").first()
    name = f"{first.original_name.rsplit('.', 1)[0] if first else delivery.subject}.eml"
    staged = files.stage_upload(io.BytesIO(sent), name)
    with transaction.atomic():
        record_files_add(actor=None, record=delivery.record, staged_files=[staged])
        audited_update(
            actor=None,
            obj=delivery,
            changes={"attempts": attempts, "status": DeliveryStatus.SENT, "last_error": "",
                     "sent_at": timezone.now(), "next_attempt_at": None},
            editable=("attempts", "status", "last_error", "sent_at", "next_attempt_at"),
            case=case,
        )  # fmt: skip
    return DeliveryStatus.SENT


def deliveries_for(case: Case) -> list[ReplyDelivery]:
    return list(
        ReplyDelivery.objects.filter(record__case=case)
        .select_related("record")
        .order_by("requested_at")
    )
