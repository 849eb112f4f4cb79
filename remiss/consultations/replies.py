"""Replies coming back to the issuer — structured from bodies that use Remiss, through a
personal reply link, or uploaded by the official — and their confirmation, the progress of a
referral and its compilation."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Case as Cases
from django.db.models import CharField, Count, Exists, F, OuterRef, Q, QuerySet, Sum, Value, When
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from remiss.accounts.models import User
from remiss.cases import files
from remiss.cases.models import Case, Direction, RecordFile, StoredFile
from remiss.cases.services import record_add
from remiss.consultations.compilation import (
    Compilation,
    compile_readings,
    sender_in_file_name,
)
from remiss.consultations.models import (
    LinkPost,
    OutgoingReferral,
    Recipient,
    RejectionReason,
    Reply,
    ReplyLink,
    ReplySource,
    ReplyStance,
)
from remiss.consultations.referral_list import Candidate, ListedBody, match
from remiss.core import permissions
from remiss.core.audit import audited_create, audited_update
from remiss.core.errors import NotAllowed, ServiceError
from remiss.core.text import register_text
from remiss.documents import reader_notes
from remiss.documents.models import (
    ConfirmedField,
    FileReading,
    ReadingStatus,
    latest_confirmations,
    with_confirmations,
)
from remiss.documents.readings import READABLE_TYPES, reading_request
from remiss.organisations.models import Organisation
from remiss.referrals.models import Stance


class LinkInvalid(ServiceError):
    """Not a reply link (or not any more): the same answer for a wrong and a missing token."""


class LinkExpired(ServiceError):
    pass


def recipient_for_token(token: str) -> tuple[Recipient, ReplyLink]:
    digest = hashlib.sha256(token.encode()).hexdigest()
    link = (
        ReplyLink.objects.select_related(
            "recipient__organisation", "recipient__referral__case__registry__organisation"
        )
        .filter(token_sha256=digest)
        .first()
    )
    if link is None:
        raise LinkInvalid(_("This reply link is not valid."))
    if link.expires_at < timezone.now():
        raise LinkExpired(
            _(
                "This reply link expired on %(date)s. Send your reply by e-mail to %(email)s "
                "instead, quoting the case number."
            )
            % {
                "date": date_format(timezone.localdate(link.expires_at), "j F Y"),
                "email": link.recipient.referral.case.registry.organisation.email,
            }
        )
    return link.recipient, link


def _refuse_duplicates(case: Case, staged: Sequence[files.StagedFile], actor: User | None) -> None:
    """The same content again (by SHA-256) on this referral is refused, and nothing saved. The
    message names the earlier record only to someone who may read it: a body uploading through
    its link, or an official without clearance for a secret record, learns only that the file
    is already there — not another body's file name, sender or a secret subject."""
    digests = [s.sha256 for s in staged]
    if len(set(digests)) != len(digests):
        raise ServiceError(_("The same file was chosen twice."), field="files")
    known = RecordFile.objects.filter(record__case=case, stored__sha256__in=digests).select_related(
        "record__case", "stored"
    )
    for duplicate in known:
        own_name = next(s.original_name for s in staged if s.sha256 == duplicate.stored.sha256)
        if actor is not None and permissions.can_view_record_content(actor, duplicate.record):
            raise ServiceError(
                _("%(name)s has already been received (as %(record)s).")
                % {"name": duplicate.original_name, "record": duplicate.record.subject},
                field="files",
            )
        raise ServiceError(
            _("“%(name)s” has already been received on this referral.") % {"name": own_name},
            field="files",
        )


def reply_create(
    *,
    actor: User | None,
    referral: OutgoingReferral,
    source: str,
    counterpart: str,
    recipient: Recipient | None = None,
    staged: Sequence[files.StagedFile] = (),
    stored: Sequence[tuple[StoredFile, str]] = (),
    overall_stance: str = "",
) -> Reply:
    case = referral.case
    record = record_add(
        actor=actor,
        case=case,
        direction=Direction.INCOMING,
        document_date=timezone.localdate(),
        counterpart=counterpart[:300],
        subject=register_text(
            gettext_lazy("Reply to the referral from %(body)s"), body=counterpart
        ),
        staged_files=staged,
        stored_files=stored,
        check_permission=False,
    )
    return audited_create(
        Reply,
        actor=actor,
        audit_case=case,
        referral=referral,
        recipient=recipient,
        organisation=recipient.organisation if recipient else None,
        source=source,
        received_at=timezone.now(),
        record=record,
        overall_stance=overall_stance,
    )


def read_reply_files(
    reply: Reply, actor: User | None, only_stored: StoredFile | None = None
) -> None:
    """Every file of the reply is read in the background (the reader proposes, a person
    confirms); `only_stored`: only that file (a mail, which the reader reads with its
    attachments)."""
    source = f"recipient:{reply.recipient_id}" if reply.recipient_id else ""
    record_files = reply.record.files.select_related("stored", "record__case")
    if only_stored is not None:
        record_files = record_files.filter(stored=only_stored)
    for record_file in record_files:
        if record_file.stored.content_type in READABLE_TYPES:
            reading_request(
                actor=actor, record_file=record_file, check_permission=False, source=source
            )


def link_upload_check(recipient: Recipient, count: int, size: int) -> None:
    """Refuse an upload through a reply link that would bring more files or bytes than a link
    may bring in all, or come sooner than its hourly number of uploads allows (the settings
    REMISS_LINK_MAX_FILES, REMISS_LINK_MAX_MB, REMISS_LINK_UPLOADS_PER_HOUR). Called before
    the files are opened, and again inside the transaction that saves them."""
    through_link = RecordFile.objects.filter(
        record__consultation_reply__recipient=recipient,
        record__consultation_reply__source=ReplySource.LINK,
    ).aggregate(files=Count("id"), size=Sum("stored__size"))
    files_before, size_before = through_link["files"] or 0, through_link["size"] or 0
    if files_before + count > settings.REMISS_LINK_MAX_FILES:
        raise ServiceError(
            _(
                "A reply link takes at most %(max)s files in all; %(left)s more can be sent. "
                "Send the rest by e-mail to the registry."
            )
            % {"max": settings.REMISS_LINK_MAX_FILES,
               "left": max(0, settings.REMISS_LINK_MAX_FILES - files_before)},
            field="files",
        )  # fmt: skip
    if size_before + size > settings.REMISS_LINK_MAX_BYTES:
        raise ServiceError(
            _("A reply link takes at most %(max)s in all. Send the rest by e-mail to the registry.")
            % {"max": filesizeformat(settings.REMISS_LINK_MAX_BYTES)},
            field="files",
        )
    hour_ago = timezone.now() - dt.timedelta(hours=1)
    recent = Reply.objects.filter(
        recipient=recipient, source=ReplySource.LINK, received_at__gte=hour_ago
    ).count()
    if recent >= settings.REMISS_LINK_UPLOADS_PER_HOUR:
        raise ServiceError(
            _("This link has been used for %(count)s uploads in the last hour. Try again later.")
            % {"count": recent},
            field="files",
        )


def link_address_check(address: str) -> None:
    """Count a post to a reply-link page from this address and refuse it when the address has
    posted REMISS_LINK_POSTS_PER_ADDRESS times within the hour, through any links. The address
    is kept only as a keyed hash, and only for the hour."""
    now = timezone.now()
    key = salted_hmac("remiss.link-post", address, algorithm="sha256").hexdigest()
    with transaction.atomic():
        LinkPost.objects.filter(at__lt=now - dt.timedelta(hours=1)).delete()
        recent = LinkPost.objects.filter(address=key).count()
        if recent >= settings.REMISS_LINK_POSTS_PER_ADDRESS:
            raise ServiceError(
                _(
                    "Too many uploads have come from your network in the last hour. "
                    "Try again later, or send the reply by e-mail to the registry."
                ),
                field="files",
            )
        LinkPost.objects.create(address=key, at=now)


def reply_by_link(*, token: str, staged: Sequence[files.StagedFile]) -> Reply:
    """A body uploads its reply through its personal link."""
    try:
        recipient, _link = recipient_for_token(token)
        if not staged:
            raise ServiceError(_("Choose the reply's files (PDF and Word)."), field="files")
        referral = recipient.referral
        with transaction.atomic():
            # One upload per link at a time: parallel posts cannot each pass the caps.
            recipient = Recipient.objects.select_for_update().get(pk=recipient.pk)
            link_upload_check(recipient, len(staged), sum(s.size for s in staged))
            _refuse_duplicates(referral.case, staged, None)
            reply = reply_create(
                actor=None, referral=referral, source=ReplySource.LINK,
                counterpart=recipient.organisation.name, recipient=recipient, staged=staged,
            )  # fmt: skip
            read_reply_files(reply, None)
    except BaseException:
        files.discard(staged)
        raise
    return reply


def _recipient_named(name: str | None, recipients: Sequence[Recipient]) -> Recipient | None:
    """The recipient a name surely means, matched as a referral list is; or None."""
    if not name:
        return None
    candidates = [Candidate(r.organisation.name, r.pk) for r in recipients]
    [found] = match([ListedBody(0, name, name)], candidates)
    return next((r for r in recipients if found.sure and r.pk == found.key), None)


def _guess_sender(file_name: str, recipients: Sequence[Recipient]) -> Recipient | None:
    """A file named as the letter asks ("Fi2026-00014 Boverket.pdf") names its sender."""
    named = sender_in_file_name(file_name) or file_name.rsplit(".", 1)[0]
    return _recipient_named(named, recipients)


def replies_upload(
    *, actor: User, referral: OutgoingReferral, staged: Sequence[files.StagedFile]
) -> list[Reply]:
    """The official uploads replies saved from the mailbox, many at once: each file is a reply,
    matched to a recipient by its name where it can be, and read in the background."""
    try:
        if not permissions.can_change_case(actor, referral.case):
            raise NotAllowed(_("You may not change this referral."))
        if not staged:
            raise ServiceError(_("Choose the reply files."), field="files")
        recipients = list(referral.recipients.select_related("organisation"))
        replies = []
        with transaction.atomic():
            _refuse_duplicates(referral.case, staged, actor)
            for item in staged:
                recipient = _guess_sender(item.original_name, recipients)
                reply = reply_create(
                    actor=actor, referral=referral, source=ReplySource.UPLOAD,
                    counterpart=recipient.organisation.name if recipient else item.original_name,
                    recipient=recipient, staged=[item],
                )  # fmt: skip
                read_reply_files(reply, actor)
                replies.append(reply)
    except BaseException:
        files.discard(staged)
        raise
    return replies


def structured_reply_receive(*, case: Case, documents: Sequence[tuple[bytes, str]]) -> Reply | None:
    """A body that uses Remiss sent its decided reply: it arrives at the issuer with the stance
    on each proposal from the memo, and the reply document as PDF and Word."""
    referral_in = getattr(case, "referral", None)
    recipient = getattr(referral_in, "sent_from", None) if referral_in else None
    if recipient is None:
        return None
    outgoing = recipient.referral
    memo = getattr(case, "memo", None)
    version = memo.current if memo else None
    proposals = {p.number: p for p in outgoing.proposals.all()}
    stances = []
    if version is not None:
        for stance in version.stances.select_related("proposal"):
            if stance.proposal.number in proposals:
                stances.append((proposals[stance.proposal.number], stance.stance, stance.comment))
    kinds = {s for _p, s, _c in stances}
    overall = kinds.pop() if len(kinds) == 1 else (Stance.MIXED if kinds else Stance.UNCLEAR)
    staged = [files.stage_upload(io.BytesIO(content), name) for content, name in documents]
    try:
        with transaction.atomic():
            reply = reply_create(
                actor=None, referral=outgoing, source=ReplySource.REMISS,
                counterpart=recipient.organisation.name, recipient=recipient, staged=staged,
                overall_stance=overall,
            )  # fmt: skip
            for proposal, stance, comment in stances:
                ReplyStance.objects.create(
                    reply=reply, proposal=proposal, stance=stance, evidence=comment
                )
            Reply.objects.filter(pk=reply.pk).update(confirmed_at=timezone.now())
    except BaseException:
        files.discard(staged)
        raise
    return reply


# Confirmation -------------------------------------------------------------------------------


def suggestion_for(reply: Reply) -> dict[str, Any]:
    """What the reader proposed for the reply's files, with what a person confirmed on the
    reading page over it, merged (the first file that says)."""
    return _merged_readings(_done_readings(_files_with_readings(reply)))


def _files_with_readings(reply: Reply) -> list[RecordFile]:
    return list(reply.record.files.select_related("reading").order_by("pk"))


def _done_readings(record_files: Iterable[RecordFile]) -> Iterator[dict[str, Any]]:
    """What the reader found in each file, with what a person confirmed over it, in file
    order; files not (yet) read are left out."""
    return (
        f.reading.as_confirmed()
        for f in record_files
        if getattr(f, "reading", None) is not None and f.reading.status == ReadingStatus.DONE
    )


def _merged_readings(readings: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The readings of a reply's files (in file order) as one: each field from the first that
    says, the stances of all."""
    merged: dict[str, Any] = {"proposal_stances": []}
    for reading in readings:
        for key, value in reading.items():
            if key == "proposal_stances":
                merged["proposal_stances"] += value or []
            elif value and not merged.get(key):
                merged[key] = value
    return merged


def suggested_recipient(reply: Reply, suggestion: dict[str, Any]) -> Recipient | None:
    """The recipient the reply comes from: as matched on arrival, or by the sender the reader
    found in it."""
    if reply.recipient_id:
        return reply.recipient
    recipients = list(reply.referral.recipients.select_related("organisation"))
    return _recipient_named(suggestion.get("respondent"), recipients)


@dataclass
class ConfirmedReply:
    recipient: Recipient | None
    organisation: Organisation | None
    overall_stance: str
    stances: dict[int, str]  # proposal id → stance
    counted: bool = True


def reply_confirm(*, actor: User, reply: Reply, confirmed: ConfirmedReply) -> Reply:
    """The official confirms who sent the reply (a recipient, or another body: unsolicited),
    its overall stance and its stance on each proposal; the reader's suggestion stays beside."""
    reply = Reply.objects.select_related("referral__case").get(pk=reply.pk)
    case = reply.referral.case
    if not permissions.can_change_case(actor, case):
        raise NotAllowed(_("You may not change this referral."))
    if confirmed.recipient and confirmed.recipient.referral_id != reply.referral_id:
        raise ServiceError(_("That body is not a recipient of this referral."), field="recipient")
    organisation = (
        confirmed.recipient.organisation if confirmed.recipient else confirmed.organisation
    )
    if organisation is None:
        raise ServiceError(_("Say which body sent the reply."), field="recipient")
    if reply.rejected_at is not None:
        raise ServiceError(_("The reply is rejected; take the rejection back first."))
    valid = set(Stance.values)
    if confirmed.overall_stance not in valid or not set(confirmed.stances.values()) <= valid:
        raise ServiceError(_("Unknown stance."))
    suggestion = suggestion_for(reply)
    suggested = {str(p.get("proposal")): p for p in suggestion.get("proposal_stances", [])}
    proposals = {p.pk: p for p in reply.referral.proposals.all()}
    with transaction.atomic():
        audited_update(
            actor=actor, obj=reply,
            changes={"recipient": confirmed.recipient, "organisation": organisation,
                     "overall_stance": confirmed.overall_stance, "counted": confirmed.counted,
                     "confirmed_at": timezone.now(), "confirmed_by": actor},
            editable=("recipient", "organisation", "overall_stance", "counted",
                      "confirmed_at", "confirmed_by"),
            case=case,
        )  # fmt: skip
        for proposal_id, stance in confirmed.stances.items():
            proposal = proposals.get(proposal_id)
            if proposal is None:
                raise ServiceError(_("Unknown proposal."))
            hint = suggested.get(proposal.number, {})
            agrees = hint.get("stance") == stance  # the reader's quote shows this stance
            values = {
                "stance": stance,
                "evidence": (hint.get("evidence") or "") if agrees else "",
                "page": hint.get("page") if agrees else None,
                "suggested": hint.get("stance") or "",
            }
            # Each confirmed stance is a write of its own in the audit trail (issue 19).
            existing = ReplyStance.objects.filter(reply=reply, proposal=proposal).first()
            if existing is None:
                audited_create(
                    ReplyStance, actor=actor, audit_case=case, reply=reply, proposal=proposal,
                    **values,
                )  # fmt: skip
            else:
                audited_update(
                    actor=actor, obj=existing, changes=values, editable=tuple(values), case=case
                )
    return reply


_REJECTION_FIELDS = ("rejected_at", "rejected_by", "rejection_reason", "rejection_note", "counted")


def _reply_to_change(actor: User, reply: Reply) -> Reply:
    """A fresh copy of the reply, for one who may change the referral and read the reply."""
    reply = Reply.objects.select_related("referral__case", "record").get(pk=reply.pk)
    if not permissions.can_change_case(
        actor, reply.referral.case
    ) or not permissions.can_view_record_content(actor, reply.record):
        raise NotAllowed(_("You may not change this referral."))
    return reply


def reply_reject(*, actor: User, reply: Reply, reason: str, note: str = "") -> Reply:
    """The official rejects a reply (spam, another body's, a copy): it stays in the register,
    marked with who rejected it, when and why, and leaves the compilation and the progress
    count. Audited; undone by reply_reinstate."""
    reply = _reply_to_change(actor, reply)
    if reason not in RejectionReason.values:
        raise ServiceError(_("Choose why the reply is rejected."), field="reason")
    note = " ".join(note.split())
    if reason == RejectionReason.OTHER and not note:
        raise ServiceError(_("Say why the reply is rejected."), field="note")
    if reply.rejected_at is not None:
        raise ServiceError(_("The reply is already rejected."))
    changes = {"rejected_at": timezone.now(), "rejected_by": actor, "rejection_reason": reason,
               "rejection_note": note[:500], "counted": False}  # fmt: skip
    return audited_update(actor=actor, obj=reply, changes=changes, editable=_REJECTION_FIELDS,
                          case=reply.referral.case)  # fmt: skip


def reply_reinstate(*, actor: User, reply: Reply) -> Reply:
    """A rejection taken back: the reply counts again. Audited."""
    reply = _reply_to_change(actor, reply)
    if reply.rejected_at is None:
        raise ServiceError(_("The reply is not rejected."))
    changes = {"rejected_at": None, "rejected_by": None, "rejection_reason": "",
               "rejection_note": "", "counted": True}  # fmt: skip
    return audited_update(actor=actor, obj=reply, changes=changes, editable=_REJECTION_FIELDS,
                          case=reply.referral.case)  # fmt: skip


# Progress and compilation -------------------------------------------------------------------


@dataclass
class Progress:
    recipient: Recipient
    state: str  # replied | declined | late | waiting | not_sent


PROGRESS_STATES = ("replied", "declined", "late", "waiting", "not_sent")


def recipients_with_state(
    referral: OutgoingReferral, today: dt.date | None = None
) -> QuerySet[Any]:  # of Recipient, with the annotation the type checker cannot follow
    """The referral's recipients, each annotated with `state` (one of PROGRESS_STATES) by the
    database: EXISTS over the counted replies, no reply loaded. Pages and counts filter by it."""
    today = today or timezone.localdate()
    counted = Reply.objects.filter(recipient=OuterRef("pk"), counted=True)
    return referral.recipients.select_related("organisation").annotate(
        state=Cases(
            When(sent_at=None, then=Value("not_sent")),
            When(Exists(counted.filter(overall_stance=Stance.ABSTAINS)), then=Value("declined")),
            When(Exists(counted), then=Value("replied")),
            default=Value("late" if referral.deadline < today else "waiting"),
            output_field=CharField(),
        )
    )


def progress_counts(referral: OutgoingReferral, today: dt.date | None = None) -> dict[str, int]:
    """How many recipients are in each state, counted by the database."""
    rows = recipients_with_state(referral, today).order_by().values("state").annotate(n=Count("pk"))
    return {state: 0 for state in PROGRESS_STATES} | {row["state"]: row["n"] for row in rows}


def progress(referral: OutgoingReferral, today: dt.date | None = None) -> list[Progress]:
    return [
        Progress(recipient, recipient.state) for recipient in recipients_with_state(referral, today)
    ]


def _reading_of(
    reply: Mapping[str, Any],
    file_name: str,
    readings: list[dict[str, Any]],
    stances: list[tuple[Any, ...]],
) -> dict[str, Any]:
    """A reply in the reading schema: confirmed values first, the reader's where unconfirmed.
    `reply` is a row of compilation_for's query; `stances` the confirmed ones (proposal number,
    stance, quote, page)."""
    suggestion = _merged_readings(readings)
    proposal_stances = [
        {"proposal": number, "stance": stance, "evidence": evidence, "page": page}
        for number, stance, evidence, page in stances
    ] or suggestion.get("proposal_stances", [])
    return {
        **{k: v for k, v in suggestion.items() if k != "proposal_stances"},
        "file": file_name,
        "respondent": reply["organisation_name"]
        or suggestion.get("respondent")
        or reply["counterpart"],
        "overall_stance": reply["overall_stance"] or suggestion.get("overall_stance") or "unclear",
        "proposal_stances": proposal_stances,
        "confirmed": reply["confirmed_at"] is not None,
        "unsolicited": reply["confirmed_at"] is not None and reply["recipient_id"] is None,
    }


def reading_of(reply: Reply) -> dict[str, Any]:
    """One reply in the reading schema as the compilation counts it (confirmed values first,
    the reader's where unconfirmed): what the body is told on its feedback page."""
    row = {
        "organisation_name": reply.organisation.name if reply.organisation else None,
        "counterpart": reply.record.counterpart,
        "overall_stance": reply.overall_stance,
        "confirmed_at": reply.confirmed_at,
        "recipient_id": reply.recipient_id,
    }
    stances = [
        (s.proposal.number, s.stance, s.evidence, s.page)
        for s in reply.stances.select_related("proposal")
    ]
    # one query for the first file's name and the readings
    record_files = _files_with_readings(reply)
    first_file = record_files[0].original_name if record_files else ""
    return _reading_of(row, first_file, list(_done_readings(record_files)), stances)


def compilation_for(
    referral: OutgoingReferral, user: User, *, kind: str = "", public_only: bool = False
) -> Compilation:
    """The compilation as this user may see it: a reply marked secret is counted only for those
    cleared to read it (permissions.readable_records), like its files. `kind`: only the bodies
    of that kind (organisations.OrganisationKind), the replies and those not heard from alike.
    `public_only`: as published, without the replies marked secret, whoever asks.

    A referral can have a thousand replies: they, their files, readings, confirmations and
    stances are read as plain rows in one query each, filtered by the replies' query as a
    subquery — no IN-list of ids, no query and no model object per reply (issue 13.5)."""
    counted = referral.replies.filter(counted=True)
    if kind:  # the body's own kind, or that of the recipient the reply came in for
        counted = counted.filter(
            Q(organisation__kind=kind) | Q(organisation=None, recipient__organisation__kind=kind)
        )
    shown_query = counted.filter(record__in=permissions.readable_records(user, referral.case))
    if public_only:
        shown_query = shown_query.filter(record__secrecy_provision="")
    shown = list(
        shown_query.order_by("received_at", "pk").values(
            "pk", "record_id", "recipient_id", "overall_stance", "confirmed_at",
            organisation_name=F("organisation__name"), counterpart=F("record__counterpart"),
        )
    )  # fmt: skip
    shown_records = shown_query.values("record_id")
    first_file: dict[int, str] = {}
    for record_id, name in (
        RecordFile.objects.filter(record__in=shown_records)
        .order_by("-pk")
        .values_list("record_id", "original_name")
    ):
        first_file[record_id] = name  # the lowest pk is written last
    confirmations: defaultdict[int, list[ConfirmedField]] = defaultdict(list)
    for item in ConfirmedField.objects.filter(reading__record_file__record__in=shown_records):
        confirmations[item.reading_id].append(item)
    readings: defaultdict[int, list[dict[str, Any]]] = defaultdict(list)
    for reading_id, record_id, suggestion, fingerprint in (
        FileReading.objects.filter(record_file__record__in=shown_records, status=ReadingStatus.DONE)
        .order_by("record_file_id")
        .values_list("pk", "record_file__record_id", "suggestion", "fingerprint")
    ):
        confirmed = latest_confirmations(confirmations.get(reading_id, ()))
        readings[record_id].append(
            {**with_confirmations(suggestion, confirmed), "fingerprint": fingerprint}
        )
    stances: defaultdict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for reply_id, *stance in ReplyStance.objects.filter(
        reply__in=shown_query.values("pk")
    ).values_list("reply_id", "proposal__number", "stance", "evidence", "page"):
        stances[reply_id].append(tuple(stance))
    recipients = recipients_with_state(referral)
    if kind:
        recipients = recipients.filter(organisation__kind=kind)
    names = recipients.values_list("organisation__name", flat=True)
    compiled = compile_readings(
        [{"id": p.number, "title": p.title} for p in referral.proposals.all()],
        [
            _reading_of(
                r, first_file.get(r["record_id"], ""), readings[r["record_id"]], stances[r["pk"]]
            )
            for r in shown
        ],
        not_replied=list(names.filter(state__in=("late", "waiting"))),
        declined=list(names.filter(state="declined")),
        title=f"Remissammanställning – {referral}",
        describe_warning=reader_notes.describe,
    )
    unconfirmed = sum(1 for r in shown if r["confirmed_at"] is None)
    if unconfirmed:
        compiled.warnings.insert(
            0,
            ngettext(
                "%(count)s reply is not confirmed; the reader's suggestion is used for it.",
                "%(count)s replies are not confirmed; the reader's suggestions are used for them.",
                unconfirmed,
            )
            % {"count": unconfirmed},
        )
    hidden = counted.count() - len(shown)
    if hidden:
        compiled.warnings.insert(
            0,
            ngettext(
                "%(count)s reply marked secret is not in your view.",
                "%(count)s replies marked secret are not in your view.",
                hidden,
            )
            % {"count": hidden},
        )
    return compiled
