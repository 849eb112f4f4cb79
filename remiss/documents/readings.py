"""Reading stored files in the background and confirming the result field by field."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from django_tasks.base import TASK_MIN_PRIORITY

from remiss.accounts.models import User
from remiss.cases import files
from remiss.cases.models import RecordFile
from remiss.core import permissions
from remiss.core.audit import audit_log, audited_create
from remiss.core.errors import NotAllowed, ServiceError
from remiss.core.models import AuditAction
from remiss.documents.models import ConfirmedField, FileReading, ReadingStatus
from remiss.organisations.models import Organisation
from remiss.reading.extract import READABLE_KINDS
from remiss.reading.read import read_file
from remiss.reading.references import KnownReport
from remiss.reading.stance import ProposalRef
from remiss.referrals.reports import known_reports

# The content types the reader reads (remiss.reading.extract.READABLE_KINDS, docs/reading.md).
READABLE_TYPES = {content_type for content_type, _endings in READABLE_KINDS.values()}
# Fields a person confirms; proposal stances are confirmed as "proposal:<id>".
CONFIRMABLE = (
    "respondent", "respondent_dnr", "remiss_title", "report_ref", "ministry", "ministry_dnr",
    "deadline", "decision_body", "decision_date", "overall_stance", "signatory",
)  # fmt: skip


def reading_request(
    *,
    actor: User | None,
    record_file: RecordFile,
    check_permission: bool = True,
    source: str = "",
) -> FileReading:
    """Ask for a file to be read; the task runs when the transaction commits. `source` names
    who brought the file, for fair queuing (fair_priority): a reply link's recipient; by
    default the person who asked, else the case."""
    # Secrecy is decided on the record as it is now, not on a copy the caller holds.
    record_file = RecordFile.objects.select_related("record__case", "stored").get(pk=record_file.pk)
    record = record_file.record
    if check_permission and not permissions.can_view_record_content(actor, record):
        raise NotAllowed(_("You may not read this file."))
    if record_file.stored.content_type not in READABLE_TYPES:
        raise ServiceError(
            _("Only PDF, Word, OpenDocument, RTF, e-mail, web page and text files can be read.")
        )
    with transaction.atomic():
        source = source or (f"user:{actor.pk}" if actor else f"case:{record.case_id}")
        reading, created = FileReading.objects.get_or_create(
            record_file=record_file, defaults={"requested_by": actor, "source": source}
        )
        if created:
            audit_log(
                actor=actor,
                action=AuditAction.CREATE,
                obj=reading,
                after={"record_file": record_file.pk},
                case=record.case,
            )
        if reading.status == ReadingStatus.FAILED:  # asked again: read it again
            FileReading.objects.filter(pk=reading.pk).update(status=ReadingStatus.PENDING)
            reading.status = ReadingStatus.PENDING
        if reading.status != ReadingStatus.DONE:
            task = read_stored_file
            if task.get_backend().supports_priority:
                task = task.using(priority=fair_priority(reading))
            transaction.on_commit(lambda: task.enqueue(reading.pk))
    return reading


def fair_priority(reading: FileReading) -> int:
    """Readings are queued fairly by who brought the files (issue 13.7): the k-th reading still
    waiting from one source gets priority -k, so the worker takes the first file of every
    source before the second of any — a reply link that sends two hundred files does not hold
    up the one file another body sends, nor an official's own upload."""
    waiting = FileReading.objects.filter(status=ReadingStatus.PENDING, source=reading.source)
    return -min(waiting.exclude(pk=reading.pk).count(), -TASK_MIN_PRIORITY)


def _referral(record_file: RecordFile) -> Any:
    """The case's incoming referral, or the outgoing referral the file is a reply to."""
    case = record_file.record.case
    return getattr(case, "referral", None) or getattr(case, "outgoing_referral", None)


def _proposals(referral: Any) -> list[ProposalRef]:
    """The proposals a reply may take a stance on."""
    if referral is None:
        return []
    return [ProposalRef(p.number, p.title, p.text) for p in referral.proposals.all()]


def _reports(referral: Any) -> list[KnownReport]:
    """The report the referral concerns and the catalogue of reports (`remiss reports
    import`): a document that names its report only by title is recognised."""
    own = (
        [KnownReport(referral.report_ref, referral.report_title)]
        if (referral is not None and referral.report_ref)
        else []
    )
    return own + [r for r in known_reports() if not own or r.ref != own[0].ref]


def _registered_bodies() -> list[str]:
    """The register of bodies, added to the reader's gazetteer: its names and short names."""
    rows = Organisation.objects.filter(approved=True).values_list("name", "short_name")
    return [name for row in rows for name in row if name]


def reading_perform(reading_id: int) -> FileReading:
    """Read the file (in a sandboxed child). Idempotent: a finished reading is left as it is."""
    reading = FileReading.objects.select_related(
        "record_file__stored", "record_file__record__case"
    ).get(pk=reading_id)
    if reading.status != ReadingStatus.PENDING:
        return reading
    record_file = reading.record_file
    referral = _referral(record_file)
    with files.local_copy(record_file.stored.sha256) as path:
        result: dict[str, Any] = read_file(
            path,
            proposals=_proposals(referral),
            reports=_reports(referral),
            timeout=getattr(settings, "REMISS_READ_TIMEOUT", 60),
            known_bodies=_registered_bodies(),
            with_fingerprint=True,
        )
    found_fingerprint = result.pop("fingerprint", None)
    result["file"] = record_file.original_name
    failed = not any(
        result.get(k) for k in ("respondent", "report_ref", "overall_stance")
    ) and bool(result["warnings"])
    status = ReadingStatus.FAILED if failed else ReadingStatus.DONE
    with transaction.atomic():
        # Conditional: when a task was taken up again after its worker died, and both runs
        # finish, the reading is written (and logged) once.
        written = FileReading.objects.filter(pk=reading.pk, status=ReadingStatus.PENDING).update(
            suggestion=result,
            status=status,
            finished_at=timezone.now(),
            fingerprint=found_fingerprint,
        )
        if written:
            audit_log(
                actor=None,
                action=AuditAction.UPDATE,
                obj=reading,
                before={"status": reading.status},
                after={"status": status},  # not the reading: a secret file's words stay out
                case=record_file.record.case,
            )
    reading.refresh_from_db()
    return reading


@task()
def read_stored_file(reading_id: int) -> str:
    """The background task: read one stored file; safe to run again (a finished reading is
    kept)."""
    return reading_perform(reading_id).status


def reading_confirm(*, actor: User, reading: FileReading, values: dict[str, Any]) -> int:
    """Confirm or correct fields. Each value is kept beside the reader's suggestion, with who
    and when. Returns how many fields were confirmed."""
    reading = FileReading.objects.select_related("record_file__record__case").get(pk=reading.pk)
    case = reading.record_file.record.case
    if not permissions.can_change_case(actor, case) or not permissions.can_view_record_content(
        actor, reading.record_file.record
    ):
        raise NotAllowed(_("You may not confirm this reading."))
    if reading.status == ReadingStatus.PENDING:
        raise ServiceError(_("The file has not been read yet."))
    suggestion = reading.suggestion or {}
    suggested_stances = {
        f"proposal:{p['proposal']}": p["stance"] for p in suggestion.get("proposal_stances", [])
    }
    count = 0
    with transaction.atomic():
        for field, value in values.items():
            if field not in CONFIRMABLE and field not in suggested_stances:
                raise ServiceError(_("Unknown field: %(field)s") % {"field": field})
            value = value if value not in ("", None) else None
            suggested = suggested_stances.get(field, suggestion.get(field))
            audited_create(
                ConfirmedField,
                actor=actor,
                audit_case=case,
                reading=reading,
                field=field,
                value=value,
                matches_suggestion=value == suggested,
                confirmed_by=actor,
            )
            count += 1
    return count
