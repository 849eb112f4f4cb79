"""The incoming mail pages: the queue of messages that could not be matched to a referral, each
message with what it says, and uploading .eml/.msg files. Thin adapters over
remiss.consultations.mail; only those who may handle the organisation's mail reach them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from remiss.accounts.http import AuthenticatedRequest
from remiss.cases.views import stored_download
from remiss.consultations import mail as intake
from remiss.consultations.forms import AssignForm, DiscardForm, MailUploadForm
from remiss.consultations.models import IncomingMail, MailStatus
from remiss.core import permissions
from remiss.core.errors import NotAllowed, ServiceError
from remiss.core.forms import show_service_error
from remiss.core.paging import page_of
from remiss.organisations.models import Organisation

# ?visa= on the list: the messages in each state (the keys are also the template's counts).
STATUS_FILTERS = {
    "vantar": MailStatus.WAITING,
    "registrerade": MailStatus.MATCHED,
    "inte_remissvar": MailStatus.DISCARDED,
    "studsar": MailStatus.BOUNCE,
    "remisser": MailStatus.REFERRAL,
}


def _organisation(request: AuthenticatedRequest) -> Organisation:
    organisation = request.user.organisation
    if organisation is None or not permissions.can_handle_mail(request.user, organisation):
        raise Http404
    return organisation


def _mail(request: AuthenticatedRequest, pk: int) -> IncomingMail:
    organisation_id = _organisation(request).pk
    mail = get_object_or_404(
        IncomingMail.objects.select_related(
            "stored",
            "reply__referral__case__registry",
            "reply__record__case",
            "incoming_referral__case__registry",
        ),
        pk=pk,
        organisation_id=organisation_id,
    )
    if not permissions.can_read_mail(request.user, mail):
        raise Http404  # registered as a reply marked secret: read it there, if cleared
    return mail


@login_required
@require_http_methods(["GET", "POST"])
def mail_list(request: AuthenticatedRequest) -> HttpResponse:
    organisation = _organisation(request)
    organisation_id = organisation.pk
    form = MailUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        matched = waiting = 0
        try:
            for upload in form.cleaned_data["files"]:
                mail, _new = intake.receive_mail(
                    organisation=organisation,
                    data=upload.read(),
                    name=upload.name or "",
                    actor=request.user,
                )
                if mail.status == MailStatus.MATCHED:
                    matched += 1
                else:
                    waiting += 1
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "%(matched)d registered as a reply, %(waiting)d waiting.",
                    "%(matched)d registered as replies, %(waiting)d waiting.",
                    matched,
                )
                % {"matched": matched, "waiting": waiting},
            )
            return redirect("mail_list")
    shown = request.GET.get("visa", "vantar")
    status = STATUS_FILTERS.get(shown, MailStatus.WAITING)
    rows = IncomingMail.objects.filter(
        organisation_id=organisation_id, status=status
    ).select_related(
        "reply__referral__case__registry",
        "reply__record__case",
        "incoming_referral__case__registry",
    )
    page = page_of(request, rows.order_by("-received_at", "-id"), "sida", 50)
    for mail in page.object_list:
        # A message registered as a secret reply: listed, its subject and text withheld.
        mail.readable = permissions.can_read_mail(request.user, mail)
    counts = {
        key: IncomingMail.objects.filter(organisation_id=organisation_id, status=value).count()
        for key, value in STATUS_FILTERS.items()
    }
    return render(
        request,
        "consultations/mail_list.html",
        {
            "form": form,
            "page": page,
            "shown": shown if shown in STATUS_FILTERS else "vantar",
            "counts": counts,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def mail_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    mail = _mail(request, pk)
    assign = AssignForm(
        request.POST if request.POST.get("action") == "assign" else None,
        organisation_id=mail.organisation_id,
    )
    discard = DiscardForm(request.POST if request.POST.get("action") == "discard" else None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "assign" and assign.is_valid():
                reply = intake.assign_mail(
                    actor=request.user, mail=mail, referral=assign.cleaned_data["referral"]
                )
                messages.success(request, _("The message is registered as a reply."))
                case = reply.referral.case
                return redirect(
                    reverse("consultations:reply", kwargs={"prefix": case.registry.prefix,
                            "year": case.year, "serial": case.serial, "pk": reply.pk})
                )  # fmt: skip
            if request.POST.get("action") == "discard" and discard.is_valid():
                intake.discard_mail(
                    actor=request.user, mail=mail, note=discard.cleaned_data["note"]
                )
                messages.success(request, _("The message was set aside as not a reply."))
                return redirect("mail_list")
        except NotAllowed as exc:
            raise Http404 from exc
        except ServiceError as exc:
            show_service_error(assign if request.POST.get("action") == "assign" else discard, exc)
    return render(
        request,
        "consultations/mail_detail.html",
        {
            "mail": mail,
            "preview_chars": intake.PREVIEW_CHARS,
            "assign": assign,
            "discard": discard,
        },
    )


@login_required
@require_GET
def mail_file(request: AuthenticatedRequest, pk: int) -> FileResponse:
    mail = _mail(request, pk)
    return stored_download(mail.stored.sha256, mail.file_name, mail.stored.content_type)
