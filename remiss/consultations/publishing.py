"""Publishing replies on the public pages (issue 17): the organisation's own decided reply, a
reply it received as issuer, and its compilation of the replies — each as a copy made at
publication, with personal identity numbers, coordination numbers and private persons' e-mail
addresses masked (remiss.writing.masking), after a preview of what will be masked. Publishing
and withdrawing are audited; what the public pages show is read through remiss.cases.public.

Business rules only: the pages, the command line and the tests call these functions.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from remiss.accounts.models import User
from remiss.cases import files
from remiss.cases.models import (
    Case,
    Publication,
    PublicationKind,
    PublishedFile,
    Record,
    RecordFile,
    StoredFile,
)
from remiss.consultations import compilation as compiling
from remiss.consultations.feedback import feedback_on_commit
from remiss.consultations.models import OutgoingReferral, Reply
from remiss.consultations.replies import compilation_for
from remiss.core import permissions
from remiss.core.audit import audit_log
from remiss.core.errors import NotAllowed, ServiceError
from remiss.core.models import AuditAction
from remiss.documents.build import latest_decision, reply_data
from remiss.documents.readings import READABLE_TYPES
from remiss.documents.services import render_reply
from remiss.organisations.models import BodyKind, Organisation, Person, Unit
from remiss.reading.extract import extract_isolated
from remiss.referrals.models import Statement
from remiss.writing import formats
from remiss.writing.masking import Finding, context_of, find_sensitive, mask, mask_blocks
from remiss.writing.pdfa import text_version
from remiss.writing.swedish import file_name_part

PDF = "application/pdf"
MAX_CHOSEN = 50  # words or phrases a person adds to mask


@dataclass(frozen=True)
class Found:
    """One thing that will be masked, as the preview shows it."""

    kind: str
    value: str
    before: str
    after: str
    where: str  # the file and page, or empty for a document Remiss writes itself


@dataclass(frozen=True)
class DraftFile:
    """A file publishing would make: new content, or a stored file published as it came."""

    name: str
    content_type: str
    content: bytes = b""
    stored: StoredFile | None = None

    @property
    def size(self) -> int:
        return self.stored.size if self.stored is not None else len(self.content)


@dataclass
class Draft:
    """What publishing would make: the files, and what was masked in them."""

    kind: str
    title: str
    files: list[DraftFile] = field(default_factory=list)
    found: list[Found] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)  # files whose text could not be read

    @property
    def originals(self) -> list[str]:
        """The files published as they came."""
        return [item.name for item in self.files if item.stored is not None]


def keep_domains() -> set[str]:
    """The e-mail domains of the bodies, offices and people in the register: addresses there
    belong to public bodies and their staff in office, not to private persons."""
    domains: set[str] = set()
    for model in (Organisation, Unit, Person):
        for address in model.objects.exclude(email="").values_list("email", flat=True):
            domains.add(address.rsplit("@", 1)[-1].lower())
    return domains


def chosen_words(text: str) -> list[str]:
    """The person's own list (one per line) of words and phrases to mask besides."""
    words = [line.strip() for line in text.splitlines() if len(line.strip()) >= 2]
    if len(words) > MAX_CHOSEN:
        raise ServiceError(
            _("At most %(n)d words or phrases can be chosen to mask.") % {"n": MAX_CHOSEN},
            field="chosen",
        )
    return words


def _found(text: str, findings: Sequence[Finding], where: str) -> list[Found]:
    return [Found(f.kind, f.value, *context_of(text, f), where=where) for f in findings]


def _check_allowed(actor: User, case: Case) -> None:
    if not permissions.can_publish(actor, case):
        raise NotAllowed(_("Only a registrar or administrator of the organisation publishes."))


def own_reply_draft(*, actor: User, case: Case, chosen: Sequence[str] = ()) -> Draft:
    """The organisation's decided reply, masked, as PDF/A and Word. Refused before the deciding
    body has decided, and when the reply quotes a statement marked secret."""
    _check_allowed(actor, case)
    if getattr(case, "referral", None) is None:
        raise ServiceError(_("The case is not a referral to us: there is no reply of ours."))
    if latest_decision(case, BodyKind.DECIDING) is None:
        raise ServiceError(_("The reply is published once the deciding body has decided it."))
    quotes_secret = (
        Statement.objects.filter(internal_referral__case=case, record__isnull=False)
        .exclude(record__secrecy_provision="")
        .exists()
    )
    if quotes_secret:
        raise ServiceError(
            _("The reply quotes a statement marked secret and cannot be published as it is.")
        )
    data = reply_data(case)
    keep = keep_domains()
    text = render_reply(case, "txt", data=data).content.decode("utf-8")
    findings = find_sensitive(text, keep_domains=keep, chosen=chosen)

    def masked(value: str) -> str:
        return mask(value, keep_domains=keep, chosen=chosen)

    title = f"{case.registry.organisation.name}: remissvar – {data.report_title}"
    draft = Draft(PublicationKind.REPLY, title, found=_found(text, findings, ""))
    for fmt in ("pdf", "docx"):
        rendered = render_reply(case, fmt, data=data, mask=masked)
        draft.files.append(DraftFile(rendered.filename, rendered.content_type, rendered.content))
    return draft


def _file_pages(record_file: RecordFile) -> list[str] | None:
    """A received file's text page by page (in the reader's sandbox), or None when it has
    none that can be read."""
    stored = record_file.stored
    if stored.content_type not in READABLE_TYPES:
        return None
    with files.local_copy(stored.sha256) as path:
        extracted = extract_isolated(path, timeout=getattr(settings, "REMISS_READ_TIMEOUT", 60))
    pages = extracted.pages
    return pages if any(page.strip() for page in pages) else None


def received_reply_draft(*, actor: User, reply: Reply, chosen: Sequence[str] = ()) -> Draft:
    """A reply the organisation received, as published: each file as it came when nothing in
    its text is to be masked, otherwise a PDF/A text version with the masking; a file whose text
    cannot be read is listed in `unchecked` for a person to look at."""
    case = reply.referral.case
    _check_allowed(actor, case)
    record = Record.objects.get(pk=reply.record_id)  # as it is now: a marking may be new
    if record.is_secret:
        raise ServiceError(_("The reply is marked secret and cannot be published."))
    if reply.rejected_at is not None:
        raise ServiceError(_("A rejected reply is not published."))
    sender = str(reply.organisation or record.counterpart)
    title = f"Remissvar från {sender} – {reply.referral.report_title}"
    draft = Draft(PublicationKind.RECEIVED, title)
    keep = keep_domains()
    record_files = list(record.files.select_related("stored").order_by("id"))
    if not record_files:
        raise ServiceError(_("The reply has no file to publish."))
    for record_file in record_files:
        name = record_file.original_name
        pages = _file_pages(record_file)
        as_it_came = DraftFile(name, record_file.stored.content_type, stored=record_file.stored)
        if pages is None:
            draft.unchecked.append(name)
            draft.files.append(as_it_came)
            continue
        findings_in_file = 0
        for number, page in enumerate(pages, start=1):
            findings = find_sensitive(page, keep_domains=keep, chosen=chosen)
            findings_in_file += len(findings)
            draft.found.extend(_found(page, findings, f"{name}, s. {number}"))
        if findings_in_file == 0:
            draft.files.append(as_it_came)
        else:
            note = (
                f"Textversion av {name}, publicerad med personuppgifter maskerade. Originalet "
                "är en allmän handling som kan begäras ut hos myndigheten."
            )
            masked_pages = [mask(p, keep_domains=keep, chosen=chosen) for p in pages]
            content = text_version(title, note, masked_pages, page_headings=True)
            stem = name.rsplit(".", 1)[0]
            draft.files.append(DraftFile(f"{file_name_part(stem)} (maskerad).pdf", PDF, content))
    return draft


def compilation_draft(*, actor: User, case: Case, chosen: Sequence[str] = ()) -> Draft:
    """The issuer's compilation as published: without the replies marked secret, masked."""
    _check_allowed(actor, case)
    referral: OutgoingReferral | None = getattr(case, "outgoing_referral", None)
    if referral is None:
        raise ServiceError(_("The case is not a referral of ours: there is no compilation."))
    compiled = compilation_for(referral, actor, public_only=True)
    compiled.title = f"Remissammanställning – {referral.report_title}"
    blocks = compiling.compilation_blocks(compiled)
    keep = keep_domains()
    text = formats.to_text(blocks)
    findings = find_sensitive(text, keep_domains=keep, chosen=chosen)
    masked_blocks = mask_blocks(blocks, keep_domains=keep, chosen=chosen)
    pdf = formats.html_to_pdf(formats.to_html(masked_blocks, title=compiled.title),
                              title=compiled.title)  # fmt: skip
    name = f"{file_name_part(case.number + ' remissammanställning')}.pdf"
    draft = Draft(PublicationKind.COMPILATION, compiled.title, found=_found(text, findings, ""))
    draft.files = [DraftFile(name, PDF, pdf)]
    return draft


def _current(case: Case, kind: str, reply: Reply | None) -> list[Publication]:
    return list(
        Publication.objects.filter(case=case, kind=kind, reply=reply, withdrawn_at__isnull=True)
    )


def publish(
    *,
    actor: User,
    case: Case,
    draft: Draft,
    reply: Reply | None = None,
    unchecked_seen: bool = False,
) -> Publication:
    """Keep the draft's files and publish them; an earlier publication of the same document is
    withdrawn as replaced. A file whose text could not be checked is published only when the
    person says they have looked at it themselves."""
    _check_allowed(actor, case)
    if draft.unchecked and not unchecked_seen:
        raise ServiceError(
            _("Look at the files whose text could not be read, and confirm that they may be "
              "published as they are."),
            field="unchecked_seen",
        )  # fmt: skip
    made = [item for item in draft.files if item.stored is None]
    staged = [files.stage_upload(io.BytesIO(item.content), item.name) for item in made]
    staged_for = {id(item): new for item, new in zip(made, staged, strict=True)}
    now = timezone.now()
    try:
        with transaction.atomic():
            for earlier in _current(case, draft.kind, reply):
                _withdraw(actor, earlier, _("Replaced by a new publication."), now)
            publication = Publication.objects.create(
                case=case, kind=draft.kind, reply=reply, title=draft.title[:500],
                masked=len(draft.found), published_at=now, published_by=actor,
            )  # fmt: skip
            for position, item in enumerate(draft.files):
                stored = item.stored
                if stored is None:
                    new = staged_for[id(item)]
                    stored, _created = StoredFile.objects.get_or_create(
                        sha256=new.sha256,
                        defaults={"size": new.size, "content_type": new.content_type,
                                  "pages": new.pages},
                    )  # fmt: skip
                PublishedFile.objects.create(
                    publication=publication, stored=stored, file_name=item.name, position=position
                )
            audit_log(
                actor=actor,
                action=AuditAction.CREATE,
                obj=publication,
                after={
                    "published": publication.title,
                    "kind": draft.kind,
                    "files": [item.name for item in draft.files],
                    "masked": len(draft.found),
                    "published_as_they_came": draft.originals,
                },
                case=case,
            )
            files.publish_on_commit(staged)
            # A published compilation shows each body how its reply was read (issue 15 §6).
            feedback_on_commit(publication)
    except BaseException:
        files.discard(staged)
        raise
    return publication


def _withdraw(actor: User, publication: Publication, reason: str, at: dt.datetime) -> None:
    publication.withdrawn_at, publication.withdrawn_by = at, actor
    publication.withdrawal_reason = reason[:500]
    publication.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    audit_log(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=publication,
        before={"withdrawn_at": None},
        after={"withdrawn_at": at.isoformat(), "reason": publication.withdrawal_reason},
        case=publication.case,
    )


def withdraw(*, actor: User, publication: Publication, reason: str) -> Publication:
    """Take a publication off the public pages and feeds; the row stays for the audit trail."""
    _check_allowed(actor, publication.case)
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("Say why the publication is withdrawn."), field="reason")
    with transaction.atomic():
        # Under the row's lock: two people withdrawing at once withdraw it once.
        publication = Publication.objects.select_for_update().get(pk=publication.pk)
        if publication.is_withdrawn:
            raise ServiceError(_("The publication has already been withdrawn."))
        _withdraw(actor, publication, reason, timezone.now())
    return publication
