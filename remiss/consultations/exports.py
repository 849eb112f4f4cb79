"""The compilation as a file made in the background (issue 13.5: a referral with a thousand
replies takes seconds to typeset as PDF). Made as the person who asked sees the replies
(replies.compilation_for), and fetched only by them — no way round the secrecy of a reply."""

from __future__ import annotations

import io

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from remiss.accounts.models import User
from remiss.cases import files
from remiss.cases.models import StoredFile
from remiss.consultations import compilation
from remiss.consultations.letter import file_name_number
from remiss.consultations.models import CompilationExport, ExportStatus, OutgoingReferral
from remiss.consultations.replies import compilation_for
from remiss.core import permissions
from remiss.core.errors import NotAllowed

# Word and PDF: typeset, seconds for a big referral. CSV and XLSX stay in the request.
BACKGROUND_FORMATS = ("docx", "pdf")


def file_name(referral: OutgoingReferral, fmt: str) -> str:
    return f"{file_name_number(referral.case.number)} Remissammanställning.{fmt}"


def in_background(referral: OutgoingReferral, fmt: str) -> bool:
    """Is this export made in the background: a typeset format of a referral with more counted
    replies than REMISS_EXPORT_REPLIES_IN_REQUEST?"""
    limit = settings.REMISS_EXPORT_REPLIES_IN_REQUEST
    return fmt in BACKGROUND_FORMATS and referral.replies.filter(counted=True).count() > limit


def export_request(*, actor: User, referral: OutgoingReferral, fmt: str) -> CompilationExport:
    if not permissions.can_view_case(actor, referral.case):
        raise NotAllowed(_("You may not see this referral."))
    export = CompilationExport.objects.create(
        referral=referral, fmt=fmt, requested_by=actor, file_name=file_name(referral, fmt)
    )
    transaction.on_commit(lambda: build_export.enqueue(export.pk))
    return export


def export_for(user: User, pk: int) -> CompilationExport:
    """The user's own export; another's answers alike with not found."""
    export = (
        CompilationExport.objects.select_related("referral__case__registry", "stored")
        .filter(pk=pk, requested_by=user)
        .first()
    )
    if export is None or not permissions.can_view_case(user, export.referral.case):
        raise Http404
    return export


@task()
def build_export(export_id: int) -> str:
    """The background task: write the compilation as the requester sees it; safe to run again
    (a finished export is kept)."""
    export = CompilationExport.objects.select_related("referral", "requested_by").get(pk=export_id)
    if export.status != ExportStatus.PENDING:
        return export.status
    try:
        compiled = compilation_for(export.referral, export.requested_by)
        content = compilation.WRITERS[export.fmt](compiled)
        staged = files.stage_upload(io.BytesIO(content), export.file_name)
    except Exception:
        CompilationExport.objects.filter(pk=export.pk).update(
            status=ExportStatus.FAILED, finished_at=timezone.now()
        )
        raise
    with transaction.atomic():
        stored, _created = StoredFile.objects.get_or_create(
            sha256=staged.sha256,
            defaults={"size": staged.size, "content_type": staged.content_type},
        )
        CompilationExport.objects.filter(pk=export.pk).update(
            status=ExportStatus.DONE, finished_at=timezone.now(), stored=stored
        )
        files.publish_on_commit([staged])
    return ExportStatus.DONE
