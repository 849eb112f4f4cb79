"""Publishing on the public pages, for registrars and administrators: a preview of what will be
masked, then publish; and withdrawing. Thin adapters over remiss.consultations.publishing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from remiss.accounts.http import AuthenticatedRequest
from remiss.cases.models import Case, Publication
from remiss.consultations import publishing
from remiss.consultations.models import Reply
from remiss.core import permissions
from remiss.core.actions import perform
from remiss.core.errors import NotAllowed, ServiceError
from remiss.core.forms import show_service_error

KIND_WORDS = {
    "personnummer": gettext_lazy("Personal identity number"),
    "samordningsnummer": gettext_lazy("Coordination number"),
    "email": gettext_lazy("E-mail address"),
    "chosen": gettext_lazy("Chosen by you"),
}


class PublishForm(forms.Form):
    chosen = forms.CharField(
        label=gettext_lazy("Also mask (one word or phrase per line)"),
        help_text=gettext_lazy(
            "Names, addresses or other details of private persons that the automatic masking "
            "does not know. Identity numbers and private e-mail addresses are found by themselves."
        ),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    unchecked_seen = forms.BooleanField(
        label=gettext_lazy(
            "I have looked at the files whose text could not be read, and they may be "
            "published as they are."
        ),
        required=False,
    )


def _publishable_case(request: AuthenticatedRequest, prefix: str, year: int, serial: int) -> Case:
    case = permissions.get_visible_case(request.user, prefix=prefix, year=year, serial=serial)
    if not permissions.can_publish(request.user, case):
        raise Http404
    return case


def _case_url(case: Case) -> str:
    return reverse(
        "cases:detail",
        kwargs={"prefix": case.registry.prefix, "year": case.year, "serial": case.serial},
    )


def _preview_and_publish(
    request: AuthenticatedRequest,
    case: Case,
    make_draft: Callable[[list[str]], publishing.Draft],
    reply: Reply | None,
) -> HttpResponse:
    """GET: the form. POST "preview": what would be published and masked. POST "publish": the
    same draft made again from the same choices, and published."""
    form = PublishForm(request.POST or None)
    draft: publishing.Draft | None = None
    if request.method == "POST" and form.is_valid():
        try:
            chosen = publishing.chosen_words(form.cleaned_data["chosen"])
            draft = make_draft(chosen)
            if request.POST.get("action") == "publish":
                publishing.publish(
                    actor=request.user,
                    case=case,
                    draft=draft,
                    reply=reply,
                    unchecked_seen=form.cleaned_data["unchecked_seen"],
                )
                messages.success(request, _("Published on the public pages."))
                return redirect(_case_url(case) + "#publicering")
        except NotAllowed as exc:
            raise Http404 from exc
        except ServiceError as exc:
            show_service_error(form, exc)
    context: dict[str, Any] = {
        "case": case,
        "form": form,
        "draft": draft,
        "found": [
            {"kind": KIND_WORDS[item.kind], "item": item} for item in (draft.found if draft else [])
        ],
        "reply": reply,
    }
    return render(request, "consultations/publish.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def publish_case_document(
    request: AuthenticatedRequest, prefix: str, year: int, serial: int
) -> HttpResponse:
    """Our own decided reply (a referral to us) or our compilation (a referral of ours)."""
    case = _publishable_case(request, prefix, year, serial)
    if hasattr(case, "outgoing_referral"):

        def make_draft(chosen: list[str]) -> publishing.Draft:
            return publishing.compilation_draft(actor=request.user, case=case, chosen=chosen)

    else:

        def make_draft(chosen: list[str]) -> publishing.Draft:
            return publishing.own_reply_draft(actor=request.user, case=case, chosen=chosen)

    return _preview_and_publish(request, case, make_draft, None)


@login_required
@require_http_methods(["GET", "POST"])
def publish_received_reply(
    request: AuthenticatedRequest, prefix: str, year: int, serial: int, pk: int
) -> HttpResponse:
    case = _publishable_case(request, prefix, year, serial)
    reply = get_object_or_404(
        Reply.objects.select_related("referral__case", "record", "organisation"),
        pk=pk,
        referral__case=case,
    )

    def make_draft(chosen: list[str]) -> publishing.Draft:
        return publishing.received_reply_draft(actor=request.user, reply=reply, chosen=chosen)

    return _preview_and_publish(request, case, make_draft, reply)


@login_required
@require_POST
def withdraw_publication(
    request: AuthenticatedRequest, prefix: str, year: int, serial: int, pk: int
) -> HttpResponse:
    case = _publishable_case(request, prefix, year, serial)
    publication = get_object_or_404(Publication, pk=pk, case=case)
    reason = request.POST.get("reason", "")[:500]
    perform(
        request,
        lambda: publishing.withdraw(actor=request.user, publication=publication, reason=reason),
        _("The publication was withdrawn from the public pages."),
    )
    return redirect(_case_url(case) + "#publicering")
