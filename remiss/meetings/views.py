"""Recording a body's decision on a case, with the members' statements; approving minutes."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from remiss.core import permissions
from remiss.core.actions import perform
from remiss.core.errors import NotAllowed, ServiceError
from remiss.meetings.models import AgendaItem, Meeting
from remiss.meetings.services import (
    StatementInput,
    agenda_item_add,
    decision_record,
    meeting_create,
    minutes_approve,
)
from remiss.organisations.models import BodyKind
from remiss.referrals.models import Memo
from remiss.referrals.workflow_forms import DecisionForm, MemberStatementForm

BODY_KINDS = {"beredning": BodyKind.PREPARATORY, "beslut": BodyKind.DECIDING}
STATEMENT_ROWS = 3


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, prefix: str, year: int, serial: int, stage: str) -> HttpResponse:
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
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    case_id = request.POST.get("case")
    case = permissions.cases_visible_to(request.user).filter(pk=case_id).first()
    if case is None:
        raise Http404
    perform(
        request,
        lambda: minutes_approve(actor=request.user, meeting=meeting),
        _("The minutes of %(meeting)s are approved.") % {"meeting": meeting},
    )
    return redirect(case.get_absolute_url())
