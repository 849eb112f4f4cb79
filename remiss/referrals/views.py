"""Registering an incoming referral, and changing it later."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from remiss.accounts.http import AuthenticatedRequest
from remiss.accounts.models import User
from remiss.cases import files
from remiss.core import permissions
from remiss.core.errors import ServiceError
from remiss.core.forms import show_service_error
from remiss.referrals.forms import (
    ProposalFormSet,
    ProposalRowsPlusOne,
    ReferralEditForm,
    ReferralRegisterForm,
)
from remiss.referrals.services import (
    REFERRAL_EDITABLE_FIELDS,
    ProposalInput,
    referral_register,
    referral_update,
)


def _with_extra_proposal_row(request: AuthenticatedRequest, user: User) -> dict[str, Any]:
    """The form as typed, unbound, with one more empty proposal row (works without JavaScript)."""
    data = request.POST
    total = min(int(data.get("proposals-TOTAL_FORMS", "0") or 0), 199)
    rows = [
        {key: data.get(f"proposals-{index}-{key}", "") for key in ("number", "title", "text")}
        for index in range(total)
    ]
    return {
        "form": ReferralRegisterForm(user=user, initial=data.dict()),
        "formset": ProposalRowsPlusOne(prefix="proposals", initial=rows),
    }


@login_required
@require_http_methods(["GET", "POST"])
def referral_register_view(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if user.organisation is None or not permissions.can_register(user, user.organisation):
        raise Http404
    if request.method == "POST" and "add_proposal" in request.POST:
        return render(request, "referrals/register.html", _with_extra_proposal_row(request, user))
    if request.method == "POST":
        form = ReferralRegisterForm(user=user, data=request.POST, files=request.FILES)
        formset = ProposalFormSet(request.POST, prefix="proposals")
        if form.is_valid() and formset.is_valid():
            proposals = [
                ProposalInput(row["number"], row["title"], row["text"])
                for row in formset.cleaned_data
                if row.get("title")
            ] + form.cleaned_data["proposals_text"]
            try:
                with files.staged_uploads(form.cleaned_data["files"]) as staged:
                    data = form.cleaned_data
                    referral = referral_register(
                        actor=user,
                        registry=data["registry"],
                        issuer=data["issuer"],
                        issuer_dnr=data["issuer_dnr"],
                        report_ref=data["report_ref"],
                        report_title=data["report_title"],
                        received_date=data["received_date"],
                        deadline=data["deadline"],
                        reply_addresses=data["reply_addresses"],
                        proposals=proposals,
                        staged_files=staged,
                        responsible_unit=data["responsible_unit"],
                        case_officer=data["case_officer"],
                        presenter=data["presenter"],
                        earlier_number=data["earlier_number"],
                    )
            except ServiceError as exc:
                show_service_error(form, exc)
            else:
                messages.success(
                    request,
                    _("The referral was registered as case %(number)s.")
                    % {"number": referral.case.number},
                )
                return redirect(referral.case.get_absolute_url())
        if request.FILES:
            # A browser cannot keep chosen files across a re-shown form.
            messages.warning(
                request, _("Nothing was saved. Choose the files again before you retry.")
            )
    else:
        form = ReferralRegisterForm(user=user)
        formset = ProposalFormSet(prefix="proposals")
    return render(request, "referrals/register.html", {"form": form, "formset": formset})


@login_required
@require_http_methods(["GET", "POST"])
def referral_edit(
    request: AuthenticatedRequest, prefix: str, year: int, serial: int
) -> HttpResponse:
    case = permissions.get_visible_case(request.user, prefix=prefix, year=year, serial=serial)
    referral = getattr(case, "referral", None)
    if referral is None or not permissions.can_change_case(request.user, case):
        raise Http404
    initial = {name: getattr(referral, name) for name in REFERRAL_EDITABLE_FIELDS}
    initial.update(title=case.title, issuer=referral.issuer)
    form = ReferralEditForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in REFERRAL_EDITABLE_FIELDS}
        try:
            referral_update(
                actor=request.user,
                referral=referral,
                title=form.cleaned_data["title"],
                issuer=form.cleaned_data["issuer"],
                **changes,
            )
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(request, _("The referral is changed."))
            return redirect(case.get_absolute_url())
    return render(
        request,
        "workflow/form.html",
        {"case": case, "form": form, "heading": _("Change the referral"), "submit": _("Save")},
    )
