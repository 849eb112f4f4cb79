"""Feedback to respondents (issue 15 §6): when the issuer publishes its compilation, each body
whose reply was counted gets an e-mail with a personal link to a page showing how its reply was
read — its stance on each proposal and the quotes taken from it — and the compilation; within a
period it can report a misreading, which reaches the official by e-mail and on the reply's page.

Business rules only: the publishing service, the task, the pages and the tests call these.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks import task

from remiss.cases.models import Publication, PublicationKind
from remiss.consultations import compilation as compiling
from remiss.consultations import letter, replies
from remiss.consultations.models import OutgoingReferral, Reply, ReplyFeedback
from remiss.consultations.services import letter_data
from remiss.core.audit import audit_log
from remiss.core.errors import ServiceError
from remiss.core.models import AuditAction
from remiss.referrals.models import Stance

logger = logging.getLogger(__name__)
MAX_FLAG = 5000


def _recipients_of(referral: OutgoingReferral) -> list[Reply]:
    """The replies counted in the published compilation, of bodies with a mailbox, not yet
    shown how they were read."""
    return list(
        referral.replies.filter(
            counted=True,
            rejected_at__isnull=True,
            record__secrecy_provision="",
            recipient__isnull=False,
            feedback__isnull=True,  # published again: those shown already have their link
        )
        .exclude(recipient__organisation__email="")
        .select_related("recipient__organisation")
    )


def feedback_send(publication_id: int) -> int:
    """E-mail each counted body its link, once per reply. Returns how many were sent."""
    publication = Publication.objects.select_related("case").get(pk=publication_id)
    referral = getattr(publication.case, "outgoing_referral", None)
    if publication.kind != PublicationKind.COMPILATION or referral is None:
        return 0
    data = letter_data(referral)
    issuer = referral.case.registry.organisation
    open_until = timezone.localdate() + dt.timedelta(days=settings.REMISS_FEEDBACK_DAYS)
    sent = 0
    for reply in _recipients_of(referral):
        recipient = reply.recipient
        if recipient is None:
            continue
        token = secrets.token_urlsafe(32)
        address = recipient.organisation.email
        with transaction.atomic():
            feedback = ReplyFeedback.objects.create(
                reply=reply,
                token_sha256=hashlib.sha256(token.encode()).hexdigest(),
                sent_to=address,
                open_until=open_until,
            )
        link = f"{settings.REMISS_BASE_URL}{reverse('feedback', kwargs={'token': token})}"
        subject, body = letter.feedback_email(data, recipient.organisation.name, link, open_until)
        try:
            EmailMessage(subject, body, to=[address],
                         reply_to=[issuer.email] if issuer.email else None).send()  # fmt: skip
        except Exception as exc:  # SMTP refused, network down: recorded on the feedback
            logger.warning("feedback e-mail for reply %s failed: %s", reply.pk, exc)
            ReplyFeedback.objects.filter(pk=feedback.pk).update(send_error=type(exc).__name__)
            continue
        ReplyFeedback.objects.filter(pk=feedback.pk).update(sent_at=timezone.now())
        sent += 1
    return sent


@task()
def feedback_send_task(publication_id: int) -> int:
    return feedback_send(publication_id)


def feedback_on_commit(publication: Publication) -> None:
    """After a compilation is published: the e-mails go from the task worker."""
    if publication.kind == PublicationKind.COMPILATION:
        publication_id = publication.pk
        transaction.on_commit(lambda: feedback_send_task.enqueue(publication_id))


def feedback_for_token(token: str) -> ReplyFeedback:
    digest = hashlib.sha256(token.encode()).hexdigest()
    feedback = (
        ReplyFeedback.objects.select_related(
            "reply__recipient__organisation", "reply__referral__case__registry__organisation"
        )
        .filter(token_sha256=digest)
        .first()
    )
    if feedback is None:
        raise replies.LinkInvalid(_("This link is not valid."))
    return feedback


@dataclass(frozen=True)
class ReadStance:
    number: str
    title: str
    stance: str  # in words
    quote: str
    page: int | None


def how_it_was_read(reply: Reply) -> tuple[str, list[ReadStance]]:
    """The reply's overall stance and its stance on each proposal, in words, as the compilation
    counts them: what a person confirmed, else what the reader found."""
    reading = replies.reading_of(reply)
    rows = []
    for proposal in reply.referral.proposals.order_by("position"):
        stance, quotes = compiling.stance_on(reading, str(proposal.number))
        rows.append(
            ReadStance(
                proposal.number,
                proposal.title,
                str(Stance(stance).label),
                "\n".join(q.get("evidence") or "" for q in quotes).strip(),
                next((q.get("page") for q in quotes if q.get("page")), None),
            )
        )
    return str(Stance(reading["overall_stance"]).label), rows


def compilation_publication(reply: Reply) -> Publication | None:
    return (
        Publication.objects.filter(
            case=reply.referral.case, kind=PublicationKind.COMPILATION, withdrawn_at__isnull=True
        )
        .order_by("-published_at")
        .first()
    )


def report_misreading(*, token: str, text: str) -> ReplyFeedback:
    """The body says its reply was read wrongly: kept, audited, and sent to the official."""
    feedback = feedback_for_token(token)
    if feedback.open_until < timezone.localdate():
        raise replies.LinkExpired(
            _("The time to report a misreading ended on %(date)s.")
            % {"date": date_format(feedback.open_until, "j F Y")}
        )
    text = text.strip()
    if not text:
        raise ServiceError(_("Say what was read wrongly."), field="flag")
    if len(text) > MAX_FLAG:
        raise ServiceError(_("At most %(n)d characters.") % {"n": MAX_FLAG}, field="flag")
    reply = feedback.reply
    referral = reply.referral
    with transaction.atomic():
        feedback = ReplyFeedback.objects.select_for_update().get(pk=feedback.pk)
        feedback.flag = text
        feedback.flagged_at = timezone.now()
        feedback.save(update_fields=["flag", "flagged_at"])
        audit_log(
            actor=None,
            action=AuditAction.UPDATE,
            obj=feedback,
            after={"misreading": text[:500], "by": feedback.sent_to},
            case=referral.case,
        )
    official = referral.sent_by or referral.case.case_officer
    address = official.email if official else referral.case.registry.organisation.email
    if address:
        case = referral.case
        reply_url = settings.REMISS_BASE_URL + reverse(
            "consultations:reply",
            kwargs={"prefix": case.registry.prefix, "year": case.year, "serial": case.serial,
                    "pk": reply.pk},
        )  # fmt: skip
        subject, body = letter.misreading_email(
            letter_data(referral),
            reply.recipient.organisation.name if reply.recipient else str(reply),
            text,
            reply_url,
        )
        try:
            EmailMessage(subject, body, to=[address]).send()
        except Exception as exc:  # the flag is kept and shown on the reply's page anyway
            logger.warning("misreading notice for reply %s failed: %s", reply.pk, exc)
    return feedback
