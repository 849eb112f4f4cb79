"""The register list, the case page and file downloads."""

from __future__ import annotations

import re
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from remiss.accounts.http import AuthenticatedRequest
from remiss.accounts.models import User
from remiss.cases import archive, files
from remiss.cases.filters import CaseFilterForm
from remiss.cases.forms import AssignmentForm, RecordForm, SecrecyForm
from remiss.cases.models import ArchivePackage, Case, Record, RecordFile
from remiss.cases.services import case_take, case_update, record_add, record_set_secrecy
from remiss.cases.timeline import timeline as case_timeline
from remiss.core import actions, permissions
from remiss.core.errors import ServiceError
from remiss.core.forms import show_service_error
from remiss.core.models import AuditEntry
from remiss.core.paging import page_of
from remiss.documents import delivery
from remiss.documents.services import FORMATS, render_reply
from remiss.meetings.models import Decision
from remiss.reading.references import dnr_key, parse_case_number
from remiss.referrals import lifecycle, workflow
from remiss.referrals.models import IncomingReferral, InternalReferral, Memo
from remiss.search import service as search

SORTS = {
    "number": ("year", "serial", "registry_id"),
    "-number": ("-year", "-serial", "-registry_id"),
    "title": ("title", "id"),
    "-title": ("-title", "-id"),
    "deadline": ("deadline", "id"),
    "-deadline": ("-deadline", "-id"),
    "registered": ("registered_at", "id"),
    "-registered": ("-registered_at", "-id"),
}
PAGE_SIZE = 50
# A case can hold thousands of records (a referral's replies): the case page shows them a page
# at a time, and reads the files of that page only.
RECORDS_PER_PAGE = 100


REFERENCE_LIKE = re.compile(r"\d.*[/:]|[/:].*\d")


def _search(user: User, cases: QuerySet[Case], query: str) -> Q:
    """The register's search box: a piece of the title (which carries the report reference,
    "… (SOU 2019:43)"), a case number or the issuer's number ("KS 2020/132", "Fi2019/03090"),
    and everything the search index finds in the case for this user (remiss.search: memos,
    statements, decisions, records, file text). The few ids are collected first, so that each
    part keeps its own index instead of one OR across joins; every title that matches is
    listed, the index's finds are bounded (remiss.search.service.CANDIDATES)."""
    ids = set(search.case_ids(user, query))
    if REFERENCE_LIKE.search(query):
        ids |= set(
            cases.filter(referral__issuer_dnr_key=dnr_key(query)).values_list("pk", flat=True)
        )
        number = parse_case_number(query)
        if number is not None:
            ids |= set(
                cases.filter(
                    registry__prefix__iexact=number.prefix, year=number.year, serial=number.serial
                ).values_list("pk", flat=True)
            )
    return Q(title__icontains=query) | Q(pk__in=ids)


@login_required
@require_GET
def case_list(request: AuthenticatedRequest) -> HttpResponse:
    cases = permissions.cases_visible_to(request.user)
    form = CaseFilterForm(request.GET or None, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data.get("q"):
            cases = cases.filter(_search(request.user, cases, data["q"].strip()))
        if data.get("registry"):
            cases = cases.filter(registry=data["registry"])
        if data.get("year"):
            cases = cases.filter(year=data["year"])
        if data.get("status"):
            cases = cases.filter(status=data["status"])
        if data.get("issuer"):
            cases = cases.filter(referral__issuer=data["issuer"])
        if data.get("deadline_from"):
            cases = cases.filter(deadline__gte=data["deadline_from"])
        if data.get("deadline_to"):
            cases = cases.filter(deadline__lte=data["deadline_to"])
    sort = request.GET.get("sort", "-number")
    if sort not in SORTS:
        sort = "-number"
    cases = cases.select_related("registry", "referral__issuer", "responsible_unit").order_by(
        *SORTS[sort]
    )
    page = page_of(request, cases, "page", PAGE_SIZE, total_order=True)  # SORTS end unique
    return render(
        request,
        "cases/list.html",
        {"form": form, "page": page, "sort": sort, "sorts": SORTS},
    )


def _internal_referrals(user: User, case: Case) -> list[InternalReferral]:
    """The units asked, each with its statement and whether this user may read it (a statement
    can be a secret record)."""
    rows = list(case.internal_referrals.select_related("unit", "statement__record").order_by("id"))
    for row in rows:
        statement = getattr(row, "statement", None)
        # A flag for the case page's template, set on the row it shows.
        row.statement_readable = statement is not None and (  # type: ignore[attr-defined]
            statement.record is None or permissions.can_view_record_content(user, statement.record)
        )
    return rows


@login_required
@require_GET
def case_detail(request: AuthenticatedRequest, prefix: str, year: int, serial: int) -> HttpResponse:
    case = permissions.get_visible_case(request.user, prefix=prefix, year=year, serial=serial)
    referral = IncomingReferral.objects.filter(case=case).select_related("issuer").first()
    proposals = list(referral.proposals.all()) if referral else []
    timeline = case_timeline(
        list(AuditEntry.objects.filter(case=case).order_by("-at", "-id")[:200])
    )
    memo = Memo.objects.filter(case=case).first()
    records_page = page_of(
        request,
        permissions.visible_records(request.user, case).order_by("serial"),
        "handlingar",
        RECORDS_PER_PAGE,
    )
    records_page.object_list = permissions.with_content_flag(
        request.user,
        case,
        cast("QuerySet[Record]", records_page.object_list).prefetch_related("files__stored"),
    )
    can_export_archive = permissions.can_export_archive(request.user, case)
    can_publish = permissions.can_publish(request.user, case)
    decisions = (
        Decision.objects.filter(item__case=case)
        .select_related("item__meeting__body")
        .prefetch_related("member_statements__statementmember_set__person__party")
        .order_by("id")
    )
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "warnings": workflow.case_warnings(case),
            "next_step": workflow.next_step(case),
            "internal_referrals": _internal_referrals(request.user, case),
            "memo": memo,
            "memo_versions": memo.versions.select_related("created_by").order_by("-number")
            if memo
            else [],
            "decisions": decisions,
            "reply_available": memo is not None and workflow.reply_visible_to(request.user, case),
            "deliveries": delivery.deliveries_for(case),
            "can_write_memo": permissions.can_write_memo(request.user, case),
            # The steps the lifecycle allows this user now (remiss.referrals.lifecycle).
            "steps": lifecycle.steps_for(request.user, case),
            "unapproved_meetings": {
                d.item.meeting for d in decisions if not d.item.meeting.is_approved
            },
            "today": timezone.localdate(),
            "referral": referral,
            "proposals": proposals,
            "records": records_page,
            "timeline": timeline,
            "can_change": permissions.can_change_case(request.user, case),
            "can_assign": permissions.can_assign(request.user, case),
            "can_take": permissions.can_take_case(request.user, case),
            "can_mark_secrecy": permissions.can_mark_secrecy(request.user, case),
            "can_export_archive": can_export_archive,
            "archive_packages": case.archive_packages.select_related("created_by", "stored")
            if can_export_archive
            else [],
            "can_publish": can_publish,
            "publications": case.publications.select_related("published_by", "withdrawn_by")
            if can_publish
            else [],
        },
    )


@login_required
@require_GET
def file_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    attached = (
        RecordFile.objects.select_related("record__case__registry", "stored").filter(pk=pk).first()
    )
    if attached is None or not permissions.can_view_record_content(request.user, attached.record):
        raise Http404
    return stored_download(attached.stored.sha256, attached.original_name,
                           attached.stored.content_type)  # fmt: skip


def stored_download(sha256: str, filename: str, content_type: str) -> FileResponse:
    """A stored file as a download (always an attachment: a file may be HTML or e-mail from
    anyone), once the caller has checked who may have it; 404 when the file store lacks it."""
    try:
        handle = files.open_stored(sha256)
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)


def _changeable_case(request: AuthenticatedRequest, prefix: str, year: int, serial: int) -> Case:
    """The case if the user may change it; 404 alike otherwise."""
    case = permissions.get_visible_case(request.user, prefix=prefix, year=year, serial=serial)
    if not permissions.can_change_case(request.user, case):
        raise Http404
    return case


@login_required
@require_http_methods(["GET", "POST"])
def record_add_view(
    request: AuthenticatedRequest, prefix: str, year: int, serial: int
) -> HttpResponse:
    case = _changeable_case(request, prefix, year, serial)
    may_mark = permissions.can_mark_secrecy(request.user, case)
    form = RecordForm(request.POST or None, request.FILES or None, may_mark_secrecy=may_mark)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with files.staged_uploads(data["files"]) as staged:
                record = record_add(
                    actor=request.user,
                    case=case,
                    direction=data["direction"],
                    document_date=data["document_date"],
                    counterpart=data["counterpart"],
                    subject=data["subject"],
                    staged_files=staged,
                    secrecy_provision=data.get("secrecy_provision", ""),
                    public_subject=data.get("public_subject", ""),
                )
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Document %(number)s was registered.")
                % {"number": f"{case.number}-{record.serial}"},
            )
            return redirect(case.get_absolute_url())
    if request.method == "POST" and request.FILES:
        messages.warning(request, _("Nothing was saved. Choose the files again before you retry."))
    return render(request, "cases/record_form.html", {"case": case, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def record_secrecy_view(
    request: AuthenticatedRequest, prefix: str, year: int, serial: int, record_serial: int
) -> HttpResponse:
    case = _changeable_case(request, prefix, year, serial)
    if not permissions.can_mark_secrecy(request.user, case):
        raise Http404
    record = get_object_or_404(Record, case=case, serial=record_serial)
    initial = {
        "secrecy_provision": record.secrecy_provision,
        "public_subject": record.public_subject,
    }
    form = SecrecyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record_set_secrecy(
                actor=request.user,
                record=record,
                provision=form.cleaned_data["secrecy_provision"],
                public_subject=form.cleaned_data["public_subject"],
            )
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(request, _("The secrecy marking was saved."))
            return redirect(case.get_absolute_url())
    return render(
        request, "cases/secrecy_form.html", {"case": case, "record": record, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_assign_view(
    request: AuthenticatedRequest, prefix: str, year: int, serial: int
) -> HttpResponse:
    case = permissions.get_visible_case(request.user, prefix=prefix, year=year, serial=serial)
    if not permissions.can_assign(request.user, case):
        raise Http404
    initial = {
        "responsible_unit": case.responsible_unit,
        "case_officer": case.case_officer,
        "presenter": case.presenter,
    }
    form = AssignmentForm(
        request.POST or None, initial=initial, organisation_id=case.registry.organisation_id
    )
    if request.method == "POST" and form.is_valid():
        try:
            case_update(actor=request.user, case=case, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The case's assignment was saved."))
            return redirect(case.get_absolute_url())
    return render(request, "cases/assign_form.html", {"case": case, "form": form})


@login_required
@require_POST
def case_take_view(
    request: AuthenticatedRequest, prefix: str, year: int, serial: int
) -> HttpResponse:
    case = permissions.get_visible_case(request.user, prefix=prefix, year=year, serial=serial)
    actions.perform(
        request,
        lambda: case_take(actor=request.user, case=case),
        _("You are now the case officer of the case."),
    )
    return redirect(case.get_absolute_url())


@login_required
@require_POST
def archive_export_view(
    request: AuthenticatedRequest, prefix: str, year: int, serial: int
) -> HttpResponse:
    case = permissions.get_visible_case(request.user, prefix=prefix, year=year, serial=serial)
    actions.perform(
        request,
        lambda: archive.archive_export(actor=request.user, case=case),
        _("The archive package was made and checked. Download it below."),
    )
    return redirect(f"{case.get_absolute_url()}#arkiv")


@login_required
@require_GET
def archive_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    package = (
        ArchivePackage.objects.select_related("case__registry", "stored").filter(pk=pk).first()
    )
    if package is None or not permissions.can_export_archive(request.user, package.case):
        raise Http404
    return stored_download(package.stored.sha256, package.file_name, "application/x-tar")


@login_required
@require_GET
def reply_download(
    request: AuthenticatedRequest, prefix: str, year: int, serial: int, fmt: str
) -> HttpResponse:
    case = permissions.get_visible_case(request.user, prefix=prefix, year=year, serial=serial)
    if fmt not in FORMATS or not workflow.reply_visible_to(request.user, case):
        raise Http404
    try:
        rendered = render_reply(case, fmt)
    except ServiceError as exc:
        raise Http404 from exc
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=rendered.filename
    )
    return response
