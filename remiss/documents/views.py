"""The reading of a file beside the document, confirmed or corrected field by field."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from remiss.accounts.http import AuthenticatedRequest
from remiss.cases.models import RecordFile
from remiss.core import permissions
from remiss.core.actions import perform
from remiss.core.errors import NotAllowed, ServiceError
from remiss.core.forms import show_service_error
from remiss.documents import delivery, reader_notes
from remiss.documents.forms import ReplySendForm
from remiss.documents.models import DeliveryChannel, FileReading, ReadingStatus, ReplyDelivery
from remiss.documents.readings import CONFIRMABLE, reading_confirm, reading_request
from remiss.referrals.models import Stance

STANCE_LABELS = dict(Stance.choices)


def _file(request: AuthenticatedRequest, pk: int) -> RecordFile:
    attached = (
        RecordFile.objects.select_related("record__case__registry", "stored").filter(pk=pk).first()
    )
    if attached is None or not permissions.can_view_record_content(request.user, attached.record):
        raise Http404
    return attached


@login_required
@require_http_methods(["GET", "POST"])
def file_reading(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    attached = _file(request, pk)
    case = attached.record.case
    reading = FileReading.objects.filter(record_file=attached).first()
    if request.method == "POST":
        try:
            if request.POST.get("action") == "read":
                reading_request(actor=request.user, record_file=attached)
                messages.success(request, _("The file is being read."))
            elif reading is not None:
                fields = [*CONFIRMABLE, *(
                    f"proposal:{p['proposal']}"
                    for p in (reading.suggestion or {}).get("proposal_stances", [])
                )]  # fmt: skip
                values = {f: request.POST.get(f, "").strip() for f in fields if f in request.POST}
                count = reading_confirm(actor=request.user, reading=reading, values=values)
                messages.success(request, _("%(n)s fields were confirmed.") % {"n": count})
        except NotAllowed as exc:
            raise Http404 from exc
        except ServiceError as exc:
            messages.error(request, str(exc.message))
        return redirect("cases:file_reading", pk=attached.pk)
    suggestion = (reading.suggestion or {}) if reading else {}
    confirmed = reading.confirmed() if reading else {}
    rows = [
        {
            "field": field,
            "label": FIELD_LABELS.get(field, field),
            "suggested": suggestion.get(field),
            "confirmed": confirmed.get(field),
        }
        for field in CONFIRMABLE
    ]
    stances = [
        {
            **item,
            "key": f"proposal:{item['proposal']}",
            "label": STANCE_LABELS.get(item["stance"], item["stance"]),
            "confirmed": confirmed.get(f"proposal:{item['proposal']}"),
        }
        for item in suggestion.get("proposal_stances", [])
    ]
    return render(
        request,
        "documents/reading.html",
        {
            "case": case,
            "file": attached,
            "reading": reading,
            "done": reading is not None and reading.status != ReadingStatus.PENDING,
            "rows": rows,
            "stances": stances,
            "stance_choices": STANCE_LABELS,
            "suggestion": suggestion,
            "notes": [reader_notes.describe(w) for w in suggestion.get("warnings", [])],
            "can_confirm": permissions.can_change_case(request.user, case),
        },
    )


FIELD_LABELS = {
    "respondent": gettext_lazy("Respondent"),
    "respondent_dnr": gettext_lazy("Respondent's case number"),
    "remiss_title": gettext_lazy("Title of the referral"),
    "report_ref": gettext_lazy("Report reference"),
    "ministry": gettext_lazy("Ministry"),
    "ministry_dnr": gettext_lazy("Ministry's case number"),
    "deadline": gettext_lazy("Deadline"),
    "decision_body": gettext_lazy("Deciding body"),
    "decision_date": gettext_lazy("Date of decision"),
    "overall_stance": gettext_lazy("Overall stance"),
    "signatory": gettext_lazy("Signatory"),
}


@login_required
@require_http_methods(["GET", "POST"])
def reply_send(request: AuthenticatedRequest, prefix: str, year: int, serial: int) -> HttpResponse:
    """The send-check and sending of the decided reply (remiss.documents.delivery)."""
    case = permissions.get_visible_case(request.user, prefix=prefix, year=year, serial=serial)
    if not permissions.can_change_case(request.user, case) or not hasattr(case, "referral"):
        raise Http404
    default = delivery.channel_for(case)
    form = ReplySendForm(request.POST or None, default_channel=default)
    channel = default
    if form.is_bound and form.is_valid():
        channel = form.cleaned_data["channel"]
    try:
        checked = delivery.send_check(case, channel=channel)
    except ServiceError as exc:  # no memo yet: nothing to check
        messages.error(request, str(exc.message))
        return redirect(case.get_absolute_url())
    if request.method == "POST" and form.is_valid():
        other = channel == DeliveryChannel.OTHER
        try:
            sent = delivery.reply_dispatch(
                actor=request.user,
                case=case,
                channel=channel,
                override_reason=form.cleaned_data["override_reason"],
                sent_date=form.cleaned_data["sent_date"] if other else None,
            )
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            if sent.channel == DeliveryChannel.EMAIL:
                messages.success(request, _("The reply is registered and queued for sending."))
            else:
                messages.success(request, _("The reply is registered as sent."))
            return redirect(case.get_absolute_url())
    return render(
        request,
        "documents/reply_send.html",
        {"case": case, "form": form, "checked": checked, "lines": checked.lines()},
    )


@login_required
@require_POST
def reply_resend(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    sent = ReplyDelivery.objects.select_related("record__case__registry").filter(pk=pk).first()
    if sent is None or not permissions.can_view_case(request.user, sent.record.case):
        raise Http404
    perform(
        request,
        lambda: delivery.delivery_resend(actor=request.user, delivery=sent),
        _("The reply is queued to be sent again."),
    )
    return redirect(sent.record.case.get_absolute_url())
