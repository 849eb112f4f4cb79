"""The reading of a file beside the document, confirmed or corrected field by field."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from remiss.cases.models import RecordFile
from remiss.core import permissions
from remiss.core.errors import NotAllowed, ServiceError
from remiss.documents import reader_notes
from remiss.documents.models import FileReading, ReadingStatus
from remiss.documents.readings import CONFIRMABLE, reading_confirm, reading_request
from remiss.referrals.models import Stance

STANCE_LABELS = dict(Stance.choices)


def _file(request: HttpRequest, pk: int) -> RecordFile:
    attached = (
        RecordFile.objects.select_related("record__case__registry", "stored").filter(pk=pk).first()
    )
    if attached is None or not permissions.can_view_record_content(request.user, attached.record):
        raise Http404
    return attached


@login_required
@require_http_methods(["GET", "POST"])
def file_reading(request: HttpRequest, pk: int) -> HttpResponse:
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
