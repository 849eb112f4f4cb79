"""Replies by e-mail (issue 15 §3): each message from the organisation's mailbox (IMAP or a
Maildir, `remiss mail fetch`) or uploaded as .eml/.msg is kept, and registered as a reply when
the referral it answers is known — by our case number in its subject, text or attachments' names,
else by the report it names — with the body found by the sender's address; the reader reads it
in the background. What cannot be matched waits in a queue for a person, who registers it on a
referral or sets it aside. Nothing is lost: the message itself is kept in every case.

Business rules only: the command line, the pages and the tests call these functions.
"""

from __future__ import annotations

import contextlib
import imaplib
import io
import logging
import mailbox
import re
import ssl
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from remiss.accounts.models import User
from remiss.cases import files
from remiss.cases.files import OLE_MAGIC
from remiss.cases.models import StoredFile
from remiss.consultations import notice
from remiss.consultations.models import (
    Channel,
    IncomingMail,
    MailStatus,
    OutgoingReferral,
    Recipient,
    Reply,
    ReplySource,
)
from remiss.consultations.notice import read_notice
from remiss.consultations.replies import read_reply_files, reply_create
from remiss.core import permissions
from remiss.core.audit import audit_log, audited_update
from remiss.core.errors import NotAllowed, ServiceError
from remiss.core.models import AuditAction
from remiss.organisations.models import Organisation, Registry
from remiss.reading.message import MailMessage, NotAMessage, case_numbers_in, parse_isolated
from remiss.reading.references import report_refs
from remiss.referrals.services import ProposalInput, receiving_registry, referral_register

log = logging.getLogger(__name__)

LOOPBACK = ("127.0.0.1", "localhost", "::1")
PREVIEW_CHARS = 4000  # of a message's text, kept to show it
EML = "message/rfc822"
MSG = "application/vnd.ms-outlook"


@dataclass
class FetchResult:
    received: int = 0
    matched: int = 0
    waiting: int = 0
    bounced: int = 0
    duplicates: int = 0
    failed: int = 0


def _text(value: str) -> str:
    """A message's words as the database keeps them: anyone's mail may hold NUL characters,
    which PostgreSQL's text refuses."""
    return value.replace("\x00", "")


def read_message(data: bytes) -> tuple[MailMessage | None, str]:
    """The message (parsed in the reader's sandbox: a hostile one costs only a child process)
    and its content type; None when it cannot be read."""
    content_type = MSG if data.startswith(OLE_MAGIC) else EML
    timeout = getattr(settings, "REMISS_READ_TIMEOUT", 60)
    try:
        return parse_isolated(data, timeout=timeout), content_type
    except NotAMessage:
        return None, content_type


def match_referral(
    organisation: Organisation, message: MailMessage
) -> tuple[OutgoingReferral | None, str]:
    """The organisation's sent referral the message answers, or None and why not."""
    names = " ".join(name for name, _data in message.attachments)
    text = f"{message.subject}\n{names}\n{message.text[:20000]}"
    sent = OutgoingReferral.objects.filter(
        case__registry__organisation=organisation, sent_at__isnull=False
    ).select_related("case__registry")
    numbers = case_numbers_in(text)
    if numbers:
        wanted = Q()
        for prefix, year, serial in numbers:
            wanted |= Q(case__registry__prefix__iexact=prefix, case__year=year, case__serial=serial)
        by_number = list(sent.filter(wanted))
        if len(by_number) == 1:
            return by_number[0], ""
        if len(by_number) > 1:
            return None, _("It names several of our referrals.")
    refs = {ref for _at, ref in report_refs(f"{message.subject}\n{message.text[:5000]}")}
    if refs:
        by_report = list(sent.filter(report_ref__in=refs))
        if len(by_report) == 1:
            return by_report[0], ""
    return None, _("It names none of our referrals by case number or report.")


def match_recipient(referral: OutgoingReferral, address: str) -> Recipient | None:
    """The body that sent it: its mailbox's address, else the only body at that domain."""
    if "@" not in address:
        return None
    recipients = list(referral.recipients.select_related("organisation"))
    exact = [r for r in recipients if r.organisation.email.lower() == address]
    if len(exact) == 1:
        return exact[0]
    domain = address.rsplit("@", 1)[1]
    same_domain = [
        r for r in recipients if r.organisation.email.lower().rsplit("@", 1)[-1] == domain
    ]
    return same_domain[0] if len(same_domain) == 1 else None


def _stage_bytes(data: bytes, name: str, content_type: str) -> files.StagedFile:
    """The message itself, staged as it came: it is kept whatever its content."""
    with tempfile.TemporaryDirectory(prefix="remiss-mail-") as folder:
        path = Path(folder) / "message"
        path.write_bytes(data)
        return files.stage_local(path, name, content_type)


def _stage_attachments(
    message: MailMessage, leave_out: str = ""
) -> tuple[list[files.StagedFile], list[str]]:
    """Each attachment the register accepts, as a file of the reply's record; the names of
    those it refuses (they stay inside the kept message)."""
    staged: list[files.StagedFile] = []
    refused: list[str] = []
    for name, data in message.attachments:
        if leave_out and name.lower() == leave_out:
            continue
        try:
            staged.append(files.stage_upload(io.BytesIO(data), name))
        except ServiceError:
            refused.append(name)
    return staged, refused


def _counterpart(message: MailMessage | None, recipient: Recipient | None) -> str:
    if recipient is not None:
        return recipient.organisation.name
    if message is None:
        return _("Unknown sender")
    if message.sender_name and message.sender_address:
        return f"{message.sender_name} <{message.sender_address}>"
    return message.sender_name or message.sender_address or _("Unknown sender")


def _register_reply(
    *,
    actor: User | None,
    mail: IncomingMail,
    referral: OutgoingReferral,
    message: MailMessage | None,
    attachments: list[files.StagedFile],
    recipient: Recipient | None,
) -> Reply:
    """Inside a transaction: the reply, its record holding the message and its attachments;
    only the message is read (the reader reads its attachments in it)."""
    reply = reply_create(
        actor=actor,
        referral=referral,
        source=ReplySource.EMAIL,
        counterpart=_counterpart(message, recipient),
        recipient=recipient,
        staged=attachments,
        stored=[(mail.stored, mail.file_name)],
    )
    read_reply_files(reply, actor, only_stored=mail.stored)
    mail.reply = reply
    mail.status = MailStatus.MATCHED
    mail.problem = ""
    mail.save(update_fields=["reply", "status", "problem"])
    return reply


def receive_mail(
    *, organisation: Organisation, data: bytes, name: str = "", actor: User | None = None
) -> tuple[IncomingMail, bool]:
    """Keep one message and register it as a reply where it can be matched. Returns the mail
    and whether it is new (a message already received is not kept twice)."""
    if actor is not None and not permissions.can_handle_mail(actor, organisation):
        raise NotAllowed(_("You may not handle this mailbox."))
    if not data:
        raise ServiceError(_("The message is empty."))
    if len(data) > settings.MAX_UPLOAD_BYTES:
        raise ServiceError(
            _("The message is larger than the limit of %(limit)s.")
            % {"limit": filesizeformat(settings.MAX_UPLOAD_BYTES)}
        )
    message, content_type = read_message(data)
    extension = ".msg" if content_type == MSG else ".eml"
    subject = message.subject if message else ""
    # Named by its subject, whose case number's slash is no folder.
    from_subject = (subject or "e-post")[:80].replace("/", "-").replace("\\", "-")
    file_name = files.safe_original_name(name or f"{from_subject}{extension}").removesuffix(
        extension
    )
    file_name = f"{file_name or 'e-post'}{extension}"
    message_id = message.message_id if message else ""
    if message_id:
        earlier = IncomingMail.objects.filter(
            organisation=organisation, message_id=message_id
        ).first()
        if earlier is not None:
            return earlier, False
    # Matched, and the attachments staged (probed, copied), before the transaction: it holds
    # only the rows.
    referral, problem = (None, _("The message could not be read."))
    bounced: list[Recipient] = []
    delivered: tuple[notice.ReferralNotice, Organisation, Registry] | None = None
    if message is not None and message.failed_recipients:
        bounced, problem = _bounced_recipients(organisation, message)
    elif message is not None:
        referral, problem = match_referral(organisation, message)
        if referral is None:
            delivered, problem = _delivered_referral(organisation, message, problem)
    staged = _stage_bytes(data, file_name, content_type)
    attachments: list[files.StagedFile] = []
    referral_files: list[files.StagedFile] = []
    try:
        if delivered is not None and message is not None:
            referral_files, _refused = _stage_attachments(message, leave_out=notice.NOTICE_NAME)
        if referral is not None and message is not None:
            attachments, refused = _stage_attachments(message)
            if refused:
                log.info("mail: attachments kept inside the message only: %s", refused)
        with transaction.atomic():
            stored, _created = StoredFile.objects.get_or_create(
                sha256=staged.sha256,
                defaults={"size": staged.size, "content_type": staged.content_type},
            )
            earlier = IncomingMail.objects.filter(organisation=organisation, stored=stored).first()
            if earlier is not None:
                files.discard([staged, *attachments])
                return earlier, False
            # Registered first, so that on commit the files are in place before the reading
            # queued below (which reads the stored message) can run.
            files.publish_on_commit([staged, *attachments])
            mail = IncomingMail.objects.create(
                organisation=organisation,
                stored=stored,
                file_name=_text(file_name),
                message_id=_text(message_id),
                sender=_text(_counterpart(message, None))[:300],
                sender_address=_text(message.sender_address if message else "")[:300],
                subject=_text(subject),
                sent_at=message.sent_at if message else None,
                received_at=timezone.now(),
                problem=_text(problem)[:300],
                text_preview=_text(message.text[:PREVIEW_CHARS] if message else ""),
                attachment_names=[_text(name) for name, _data in message.attachments]
                if message
                else [],
            )
            audit_log(
                actor=actor,
                action=AuditAction.CREATE,
                obj=mail,
                after={"from": mail.sender, "subject": mail.subject, "file": file_name},
                case=referral.case if referral else None,
            )
            if bounced and message is not None:
                _mark_bounced(bounced, message, mail)
            if referral is not None and message is not None:
                _register_reply(
                    actor=actor, mail=mail, referral=referral, message=message,
                    attachments=attachments,
                    recipient=match_recipient(referral, message.sender_address),
                )  # fmt: skip
            if delivered is not None:
                _register_delivered(mail, *delivered, referral_files)
    except BaseException:
        files.discard([staged, *attachments, *referral_files])
        raise
    return mail, True


def _delivered_referral(
    organisation: Organisation, message: MailMessage, problem: str
) -> tuple[tuple[notice.ReferralNotice, Organisation, Registry] | None, str]:
    """A referral e-mailed by another Remiss installation, to be registered here: its notice,
    the issuer as this register of bodies knows it, and the registry it goes into. The notice
    is believed only when the issuer's functional mailbox is in the register (approved) and the
    message came from that mailbox's domain; otherwise the message waits for a person, who
    registers the referral by hand, and is told why."""
    found = [
        read_notice(content)
        for name, content in message.attachments
        if name.lower() == notice.NOTICE_NAME
    ]
    referral_notice = next((n for n in found if n is not None), None)
    registry = receiving_registry(organisation) if referral_notice else None
    if referral_notice is None or registry is None:
        return None, problem
    issuer = Organisation.objects.filter(
        approved=True, email__iexact=referral_notice.issuer_email
    ).first()
    if issuer is None:
        return None, _(
            "A referral from Remiss by %(issuer)s, whose mailbox %(address)s is not in the "
            "register of bodies: register it by hand."
        ) % {"issuer": referral_notice.issuer, "address": referral_notice.issuer_email}
    domain = referral_notice.issuer_email.rsplit("@", 1)[1].lower()
    if message.sender_address.rsplit("@", 1)[-1] != domain:
        return None, _(
            "A referral from Remiss in the name of %(issuer)s, but sent from %(address)s: "
            "check it and register it by hand."
        ) % {"issuer": issuer.name, "address": message.sender_address or "?"}
    return (referral_notice, issuer, registry), ""


def _register_delivered(
    mail: IncomingMail,
    referral_notice: notice.ReferralNotice,
    issuer: Organisation,
    registry: Registry,
    referral_files: list[files.StagedFile],
) -> None:
    """Inside the transaction: the referral registered by the system, with the message and
    its attachments, unassigned, on the registrars' start page. If it cannot be (registered
    before, a deadline passed), the message waits for a person with the reason."""
    try:
        incoming = referral_register(
            actor=None,
            registry=registry,
            issuer=issuer,
            issuer_dnr=referral_notice.case_number,
            report_ref=referral_notice.report_ref,
            report_title=referral_notice.report_title,
            received_date=timezone.localdate(),
            deadline=referral_notice.deadline,
            proposals=[ProposalInput(p.number, p.title, p.text) for p in referral_notice.proposals],
            reply_addresses=[referral_notice.issuer_email],
            staged_files=referral_files,
            stored_files=[(mail.stored, mail.file_name)],
            check_permission=False,
        )
    except ServiceError as exc:
        mail.problem = _text(str(exc.message))[:300]
        mail.save(update_fields=["problem"])
        return
    mail.incoming_referral = incoming
    mail.status = MailStatus.REFERRAL
    mail.problem = ""
    mail.save(update_fields=["incoming_referral", "status", "problem"])


def _bounced_recipients(
    organisation: Organisation, message: MailMessage
) -> tuple[list[Recipient], str]:
    """The bodies a delivery failure report is about: those reached by e-mail from the
    organisation's referrals at the addresses that failed — of the referral the returned
    message names, when it names one — and what to say about it."""
    failed = set(message.failed_recipients)
    at_failed = Q()
    for address in failed:
        at_failed |= Q(organisation__email__iexact=address)
    candidates = list(
        Recipient.objects.filter(
            at_failed,
            referral__case__registry__organisation=organisation,
            channel=Channel.EMAIL,
            sent_at__isnull=False,
        ).select_related("organisation", "referral__case__registry")
    )
    numbers = case_numbers_in(f"{message.subject}\n{message.text}")
    named = [
        r for r in candidates
        if (r.referral.case.registry.prefix.upper(), r.referral.case.year,
            r.referral.case.serial) in numbers
    ]  # fmt: skip
    bounced = named or candidates
    addresses = ", ".join(sorted(failed))
    if not bounced:
        return [], _("A delivery failure for %(addresses)s, not one of our referrals.") % {
            "addresses": addresses
        }
    return bounced, _("Could not be delivered to %(addresses)s: %(reason)s") % {
        "addresses": addresses,
        "reason": message.failure_reason or _("no reason given"),
    }


def _mark_bounced(bounced: list[Recipient], message: MailMessage, mail: IncomingMail) -> None:
    """Inside the transaction: each body's referral counts as not sent, with the reason shown
    on the referral's page, so that sending again reaches it (once its address is right)."""
    reason = (
        _("Bounced: %(reason)s") % {"reason": message.failure_reason or _("no reason given")}
    )[:500]
    for recipient in bounced:
        audited_update(
            actor=None, obj=recipient, changes={"send_error": reason, "sent_at": None},
            editable=("send_error", "sent_at"), case=recipient.referral.case,
        )  # fmt: skip
    mail.status = MailStatus.BOUNCE
    mail.save(update_fields=["status"])


def _mail_to_handle(actor: User, mail: IncomingMail) -> IncomingMail:
    if not permissions.can_handle_mail(actor, mail.organisation):
        raise NotAllowed(_("You may not handle this mailbox."))
    if mail.status != MailStatus.WAITING:
        raise ServiceError(_("The message has already been handled."))
    return mail


def assign_mail(
    *,
    actor: User,
    mail: IncomingMail,
    referral: OutgoingReferral,
    recipient: Recipient | None = None,
) -> Reply:
    """A person registers a waiting message as a reply to one of the organisation's referrals."""
    _mail_to_handle(actor, mail)
    if referral.case.registry.organisation_id != mail.organisation_id or not (
        permissions.can_change_case(actor, referral.case)
    ):
        raise NotAllowed(_("You may not change this referral."))
    if recipient is not None and recipient.referral_id != referral.pk:
        raise ServiceError(_("Choose a body of this referral."), field="recipient")
    data = files.read_stored(mail.stored.sha256)
    message, _type = read_message(data)
    attachments: list[files.StagedFile] = []
    try:
        if message is not None:
            attachments, _refused = _stage_attachments(message)
        if recipient is None and message is not None:
            recipient = match_recipient(referral, message.sender_address)
        with transaction.atomic():
            mail = IncomingMail.objects.select_for_update().get(pk=mail.pk)
            _mail_to_handle(actor, mail)
            reply = _register_reply(
                actor=actor, mail=mail, referral=referral, message=message,
                attachments=attachments, recipient=recipient,
            )  # fmt: skip
            mail.handled_by, mail.handled_at = actor, timezone.now()
            mail.save(update_fields=["handled_by", "handled_at"])
            audit_log(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=mail,
                before={"status": MailStatus.WAITING},
                after={"status": MailStatus.MATCHED, "referral": referral.case.number},
                case=referral.case,
            )
            files.publish_on_commit(attachments)
    except BaseException:
        files.discard(attachments)
        raise
    return reply


def discard_mail(*, actor: User, mail: IncomingMail, note: str) -> IncomingMail:
    """Set a waiting message aside as not a reply (spam, a question, sent to us by mistake);
    it is kept, with who did it and why."""
    note = note.strip()
    if not note:
        raise ServiceError(_("Say why the message is not a reply."), field="note")
    with transaction.atomic():
        mail = IncomingMail.objects.select_for_update().get(pk=mail.pk)
        _mail_to_handle(actor, mail)
        mail.status = MailStatus.DISCARDED
        mail.handled_by, mail.handled_at, mail.note = actor, timezone.now(), note[:500]
        mail.save(update_fields=["status", "handled_by", "handled_at", "note"])
        audit_log(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=mail,
            before={"status": MailStatus.WAITING},
            after={"status": MailStatus.DISCARDED, "note": mail.note},
        )
    return mail


def _count(result: FetchResult, mail: IncomingMail, new: bool) -> None:
    if not new:
        result.duplicates += 1
        return
    result.received += 1
    if mail.status == MailStatus.MATCHED:
        result.matched += 1
    elif mail.status == MailStatus.BOUNCE:
        result.bounced += 1
    else:
        result.waiting += 1


@dataclass(frozen=True)
class ImapAccount:
    host: str
    port: int
    user: str
    password: str
    folder: str = "INBOX"
    security: str = "ssl"  # ssl, starttls or none (none only on the loopback, for tests)


def _imap_connect(account: ImapAccount) -> imaplib.IMAP4:
    if account.security not in ("ssl", "starttls") and account.host not in LOOPBACK:
        # The password and every reply would cross the network in clear text.
        raise ServiceError(_("An IMAP server other than the loopback needs TLS."))
    if account.security == "ssl":
        return imaplib.IMAP4_SSL(
            account.host, account.port, ssl_context=ssl.create_default_context(), timeout=60
        )
    connection = imaplib.IMAP4(account.host, account.port, timeout=60)
    if account.security == "starttls":
        connection.starttls(ssl_context=ssl.create_default_context())
    return connection


def fetch_imap(
    *, organisation: Organisation, account: ImapAccount, limit: int = 500
) -> FetchResult:
    """Take the unread messages of the mailbox's folder, keep each one and mark it read once
    it is kept; one that fails stays unread for the next run."""
    result = FetchResult()
    connection = _imap_connect(account)
    try:
        connection.login(account.user, account.password)
        connection.select(account.folder)
        _status, found = connection.uid("SEARCH", "UNSEEN")
        uids = [uid.decode() for uid in (found[0] or b"").split()[:limit]]
        for uid in uids:
            _status, sizes = connection.uid("FETCH", uid, "(RFC822.SIZE)")
            size = re.search(rb"RFC822\.SIZE (\d+)", b" ".join(
                p if isinstance(p, bytes) else p[0] for p in sizes if p))  # fmt: skip
            if size and int(size.group(1)) > settings.MAX_UPLOAD_BYTES:
                log.warning("mail intake: message %s is larger than the limit; left unread", uid)
                result.failed += 1
                continue
            _status, parts = connection.uid("FETCH", uid, "(BODY.PEEK[])")
            data = next(
                (p[1] for p in parts if isinstance(p, tuple) and isinstance(p[1], bytes)), b""
            )
            try:
                mail, new = receive_mail(organisation=organisation, data=data)
            except Exception:
                log.exception("mail intake: message %s could not be kept", uid)
                result.failed += 1
                continue
            connection.uid("STORE", uid, "+FLAGS", "(\\Seen)")
            _count(result, mail, new)
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            connection.logout()
    return result


def _maildir_new(folder: Path) -> Iterator[tuple[str, mailbox.MaildirMessage]]:
    box = mailbox.Maildir(folder, create=False)
    for key in list(box.iterkeys()):
        message = box.get_message(key)
        if "S" not in message.get_flags():
            yield key, message


def fetch_maildir(*, organisation: Organisation, folder: Path, limit: int = 500) -> FetchResult:
    """The same from a local Maildir (a mail server's delivery folder): each unread message
    kept, then marked read."""
    result = FetchResult()
    box = mailbox.Maildir(folder, create=False)
    for count, (key, message) in enumerate(_maildir_new(folder)):
        if count >= limit:
            break
        try:
            mail, new = receive_mail(organisation=organisation, data=message.as_bytes())
        except Exception:
            log.exception("mail intake: message %s could not be kept", key)
            result.failed += 1
            continue
        message.set_subdir("cur")
        message.add_flag("S")
        box[key] = message
        _count(result, mail, new)
    return result
