"""Recording a body's decision on a case, with the members' statements; approving minutes; the
calendar of meetings and each meeting's agenda (föredragningslista), also as PDF."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from remiss.accounts.http import AuthenticatedRequest
from remiss.core import permissions
from remiss.core.actions import perform
from remiss.core.errors import NotAllowed, ServiceError
from remiss.core.forms import model_choice
from remiss.meetings.forms import AgendaItemForm, MeetingForm
from remiss.meetings.models import AgendaItem, Meeting
from remiss.meetings.services import (
    StatementInput,
    agenda_for,
    agenda_item_add,
    agenda_item_move,
    agenda_item_remove,
    decision_record,
    meeting_create,
    meeting_for,
    meeting_remove,
    meetings_for,
    minutes_approve,
)
from remiss.organisations.models import BodyKind
from remiss.reading.references import parse_case_number
from remiss.referrals.models import Memo
from remiss.referrals.workflow_forms import DecisionForm, MemberStatementForm
from remiss.writing import formats
from remiss.writing.agenda import AgendaLine, agenda_blocks

BODY_KINDS = {"beredning": BodyKind.PREPARATORY, "beslut": BodyKind.DECIDING}
STATEMENT_ROWS = 3


@login_required
@require_http_methods(["GET", "POST"])
def decide(
    request: AuthenticatedRequest, prefix: str, year: int, serial: int, stage: str
) -> HttpResponse:
    case = permissions.get_visible_case(request.user, prefix=prefix, year=year, serial=serial)
    memo = (
        Memo.objects.filter(case=case).select_related("preparatory_body", "deciding_body").first()
    )
    if (
        stage not in BODY_KINDS
        or memo is None
        or not permissions.can_change_case(request.user, case)
    ):
        raise Http404
    body = (
        memo.preparatory_body if BODY_KINDS[stage] == BodyKind.PREPARATORY else memo.deciding_body
    )
    form = DecisionForm(request.POST or None)
    StatementRows = forms.formset_factory(MemberStatementForm, extra=STATEMENT_ROWS, max_num=10)
    rows = StatementRows(
        request.POST or None, prefix="statements", form_kwargs={"body_id": body.pk}
    )
    if request.method == "POST" and form.is_valid() and rows.is_valid():
        statements = [
            StatementInput(
                kind=row["kind"],
                members=list(row["members"]),
                text=row["text"],
                refers_to=row["refers_to"],
            )
            for row in rows.cleaned_data
            if row.get("kind")
        ]
        try:
            with transaction.atomic():
                meeting = Meeting.objects.filter(
                    body=body, date=form.cleaned_data["date"], minutes_approved_at=None
                ).first() or meeting_create(
                    actor=request.user, body=body, date=form.cleaned_data["date"]
                )
                item = AgendaItem.objects.filter(meeting=meeting, case=case).first() or (
                    agenda_item_add(actor=request.user, meeting=meeting, case=case)
                )
                decision_record(
                    actor=request.user,
                    item=item,
                    outcome=form.cleaned_data["outcome"],
                    statements=statements,
                )
        except NotAllowed as exc:
            raise Http404 from exc
        except ServiceError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The decision of %(body)s was recorded.") % {"body": body})
            return redirect(case.get_absolute_url())
    return render(
        request,
        "workflow/decision.html",
        {"case": case, "body": body, "form": form, "rows": rows},
    )


@login_required
@require_POST
def approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    case_id = request.POST.get("case", "")
    if not case_id.isdigit():
        raise Http404
    case = permissions.cases_visible_to(request.user).filter(pk=case_id).first()
    if case is None:
        raise Http404
    perform(
        request,
        lambda: minutes_approve(actor=request.user, meeting=meeting),
        _("The minutes of %(meeting)s are approved.") % {"meeting": meeting},
    )
    return redirect(case.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def calendar(request: AuthenticatedRequest) -> HttpResponse:
    """The organisation's meetings, coming first then past; a new one for those who keep them."""
    user = request.user
    form = MeetingForm(request.POST or None, user=user)
    # The queryset itself, not its truth value: "or" would fetch every body to test it.
    bodies = model_choice(form, "body").queryset
    may_keep = bodies is not None and any(
        permissions.can_run_meetings(user, body) for body in bodies[:50]
    )
    if request.method == "POST" and not may_keep:
        raise Http404
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_create(
                actor=user, body=form.cleaned_data["body"], date=form.cleaned_data["date"]
            )
        except NotAllowed as exc:
            raise Http404 from exc
        messages.success(request, _("The meeting of %(meeting)s was added.") % {"meeting": meeting})
        return redirect("cases:agenda", pk=meeting.pk)
    today = timezone.localdate()
    meetings = meetings_for(user)
    return render(
        request,
        "meetings/calendar.html",
        {
            "coming": sorted((m for m in meetings if m.date >= today), key=lambda m: m.date),
            "past": [m for m in meetings if m.date < today][:100],
            "form": form if may_keep else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request.user, pk)
    if meeting is None:
        raise Http404
    may_keep = permissions.can_run_meetings(request.user, meeting.body)
    form = AgendaItemForm(request.POST or None) if may_keep else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            number = parse_case_number(form.cleaned_data["case_number"])
            case = (
                permissions.cases_visible_to(request.user)
                .filter(registry__prefix=number.prefix, year=number.year, serial=number.serial)
                .first()
                if number
                else None
            )
            if case is None:
                form.add_error("case_number", _("There is no such case that you may see."))
            else:
                try:
                    agenda_item_add(actor=request.user, meeting=meeting, case=case)
                except NotAllowed as exc:
                    raise Http404 from exc
                except ServiceError as exc:
                    form.add_error("case_number", str(exc.message))
                else:
                    messages.success(
                        request, _("%(case)s is on the agenda.") % {"case": case.number}
                    )
                    return redirect("cases:agenda", pk=meeting.pk)
    return render(
        request,
        "meetings/agenda.html",
        {
            "meeting": meeting,
            "items": agenda_for(request.user, meeting),
            "form": form,
            "moves": [("upp", _("Move up")), ("ned", _("Move down"))],
        },
    )


@login_required
@require_GET
def agenda_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The agenda as PDF/A, listing only what the requester may see of each case."""
    meeting = meeting_for(request.user, pk)
    if meeting is None:
        raise Http404
    lines = [
        AgendaLine(item.number, item.case.number, item.case.title if visible else "")
        for item, visible in agenda_for(request.user, meeting)
    ]
    title = f"Föredragningslista {meeting.body.name} {meeting.date.isoformat()}"
    blocks = agenda_blocks(meeting.body.organisation.name, meeting.body.name, meeting.date, lines)
    content = formats.html_to_pdf(formats.to_html(blocks, title=title), title=title)
    response = HttpResponse(content, content_type="application/pdf")
    name = f"Föredragningslista {meeting.body.name} {meeting.date.isoformat()}.pdf"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response


@login_required
@require_POST
def agenda_item_delete(request: AuthenticatedRequest, pk: int, item: int) -> HttpResponse:
    meeting = meeting_for(request.user, pk)
    found = AgendaItem.objects.filter(pk=item, meeting=meeting).select_related("case").first()
    if meeting is None or found is None:
        raise Http404
    perform(
        request,
        lambda: agenda_item_remove(actor=request.user, item=found),
        _("%(case)s is taken off the agenda.") % {"case": found.case.number},
    )
    return redirect("cases:agenda", pk=meeting.pk)


@login_required
@require_POST
def agenda_item_move_view(request: AuthenticatedRequest, pk: int, item: int) -> HttpResponse:
    """Move an item one place up or down the agenda (`riktning` = upp | ned)."""
    meeting = meeting_for(request.user, pk)
    found = AgendaItem.objects.filter(pk=item, meeting=meeting).select_related("case").first()
    direction = request.POST.get("riktning")
    if meeting is None or found is None or direction not in ("upp", "ned"):
        raise Http404
    perform(
        request,
        lambda: agenda_item_move(actor=request.user, item=found, up=direction == "upp"),
        _("%(case)s is moved up the agenda.") % {"case": found.case.number}
        if direction == "upp"
        else _("%(case)s is moved down the agenda.") % {"case": found.case.number},
    )
    return redirect("cases:agenda", pk=meeting.pk)


@login_required
@require_POST
def meeting_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request.user, pk)
    if meeting is None:
        raise Http404
    name = str(meeting)
    if perform(
        request,
        lambda: meeting_remove(actor=request.user, meeting=meeting),
        _("The meeting of %(meeting)s is removed.") % {"meeting": name},
    ):
        return redirect("cases:meetings")
    return redirect("cases:agenda", pk=meeting.pk)
