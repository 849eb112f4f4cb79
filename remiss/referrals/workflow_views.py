"""Pages of the respondent's workflow: thin adapters over remiss.referrals.workflow."""

from __future__ import annotations

import difflib
import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from remiss.accounts.http import AuthenticatedRequest
from remiss.cases import files
from remiss.cases.models import Case
from remiss.core import permissions
from remiss.core.actions import perform
from remiss.core.errors import ServiceError
from remiss.core.forms import show_service_error
from remiss.referrals import workflow
from remiss.referrals.models import InternalReferral, Memo, MemoVersion, Statement
from remiss.referrals.workflow_forms import (
    DeclineForm,
    MemoForm,
    ReferForm,
    StatementForm,
)


def _case(request: AuthenticatedRequest, prefix: str, year: int, serial: int) -> Case:
    return permissions.get_visible_case(request.user, prefix=prefix, year=year, serial=serial)


@login_required
@require_http_methods(["GET", "POST"])
def refer(request: AuthenticatedRequest, prefix: str, year: int, serial: int) -> HttpResponse:
    case = _case(request, prefix, year, serial)
    if not permissions.can_change_case(request.user, case):
        raise Http404
    form = ReferForm(
        request.POST or None, organisation_id=case.registry.organisation_id, case_id=case.pk
    )
    if request.method == "POST" and form.is_valid():
        try:
            referred, warnings = workflow.internal_referrals_send(
                actor=request.user,
                case=case,
                units=form.cleaned_data["units"],
                message=form.cleaned_data["message"],
            )
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            units = ", ".join(r.unit.name for r in referred)
            messages.success(request, _("The case was referred to %(unit)s.") % {"unit": units})
            for warning in warnings:
                messages.warning(request, warning)
            return redirect(case.get_absolute_url())
    return render(request, "workflow/refer.html", {"case": case, "form": form})


def _answerable(request: AuthenticatedRequest, pk: int) -> InternalReferral:
    referral = get_object_or_404(InternalReferral.objects.select_related("case", "unit"), pk=pk)
    if not permissions.can_answer(request.user, referral):
        raise Http404
    return referral


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    referral = _answerable(request, pk)
    form = StatementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with files.staged_uploads(data["files"]) as staged:
                workflow.statement_submit(
                    actor=request.user,
                    referral=referral,
                    date=data["date"],
                    text=data["text"],
                    summary=data["summary"],
                    staged_files=staged,
                )
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(request, _("The statement was sent."))
            return redirect("start")
    case = referral.case
    incoming = getattr(case, "referral", None)
    documents = (
        list(incoming.record.files.all())
        if incoming and permissions.can_view_record_content(request.user, incoming.record)
        else []
    )
    return render(
        request,
        "workflow/answer.html",
        {
            "referral": referral,
            "case": case,
            "form": form,
            "decline_form": DeclineForm(),
            # What the unit answers on: the referral's documents and the report's proposals.
            "documents": documents,
            "proposals": list(incoming.proposals.all()) if incoming else [],
        },
    )


@login_required
@require_POST
def decline(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The unit declines (from its answer page), or the case officer records that it does (from
    the case page, and is taken back there)."""
    referral = get_object_or_404(InternalReferral.objects.select_related("case", "unit"), pk=pk)
    if not permissions.can_decline(request.user, referral):
        raise Http404
    on_behalf = not permissions.can_answer(request.user, referral) or (
        request.POST.get("from") == "case"
    )
    form = DeclineForm(request.POST)
    if form.is_valid():
        done = (
            _("%(unit)s declines to make a statement.") % {"unit": referral.unit.name}
            if on_behalf
            else _("You declined to make a statement.")
        )
        perform(
            request,
            lambda: workflow.internal_referral_decline(
                actor=request.user, referral=referral, reason=form.cleaned_data["reason"]
            ),
            done,
        )
    return redirect(referral.case.get_absolute_url() if on_behalf else "start")


@login_required
@require_http_methods(["GET", "POST"])
def memo_edit(request: AuthenticatedRequest, prefix: str, year: int, serial: int) -> HttpResponse:
    case = _case(request, prefix, year, serial)
    if not permissions.can_write_memo(request.user, case):
        raise Http404
    memo = Memo.objects.filter(case=case).first()
    current = memo.current if memo else None
    proposals = list(case.referral.proposals.all()) if hasattr(case, "referral") else []
    initial = _memo_initial(case, memo, current)
    taken = _statement_to_take(request, case)
    if taken is not None:  # "Ta in i promemorian" from the case page
        initial["preparation"] = f"{initial.get('preparation', '').rstrip()}\n\n{taken}".strip()
    form = MemoForm(
        request.POST or None,
        initial=initial,
        organisation_id=case.registry.organisation_id,
        proposals=proposals,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = workflow.memo_save(
                actor=request.user,
                case=case,
                text=workflow.MemoText(
                    **{k: data[k] for k in workflow.MemoText.__dataclass_fields__}
                ),
                unit=data["unit"],
                preparatory_body=data["preparatory_body"],
                deciding_body=data["deciding_body"],
                stances=form.stances(),
            )
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(
                request, _("Version %(n)s of the memo was saved.") % {"n": version.number}
            )
            return redirect(case.get_absolute_url())
    return render(request, "workflow/memo.html", {"case": case, "form": form, "memo": memo})


def _statement_to_take(request: AuthenticatedRequest, case: Case) -> str | None:
    """The statement the case officer takes into the memo's preparation, in the memo's words
    ("Stadsledningskontorets tjänsteutlåtande har i huvudsak följande lydelse. …")."""
    pk = request.GET.get("ta-in", "")
    if request.method != "GET" or not pk.isdigit():
        return None
    statement = (
        Statement.objects.filter(pk=int(pk), internal_referral__case=case)
        .select_related("internal_referral__unit", "record")
        .first()
    )
    if statement is None or (
        statement.record and not permissions.can_view_record_content(request.user, statement.record)
    ):
        return None
    return workflow.statement_for_memo(statement)


def _memo_initial(case: Case, memo: Memo | None, current: MemoVersion | None) -> dict[str, Any]:
    if current is None or memo is None:
        return {
            "unit": case.responsible_unit,
            "matter": "",
            "preparation": workflow.preparation_draft(case),
            "signatory": case.presenter,
            "attachments": "Remissen",
            "decision_text": "Remissen besvaras med hänvisning till vad som sägs i promemorian.",
        }
    initial = {name: getattr(current, name) for name in workflow.MemoText.__dataclass_fields__}
    initial.update(
        unit=memo.unit, preparatory_body=memo.preparatory_body, deciding_body=memo.deciding_body
    )
    for stance in current.stances.all():
        initial[f"stance_{stance.proposal_id}"] = stance.stance
        initial[f"comment_{stance.proposal_id}"] = stance.comment
    return initial


@login_required
@require_POST
def memo_ready(request: AuthenticatedRequest, prefix: str, year: int, serial: int) -> HttpResponse:
    case = _case(request, prefix, year, serial)
    perform(
        request,
        lambda: workflow.memo_mark_ready(actor=request.user, case=case),
        _("The memo is marked ready."),
    )
    return redirect(case.get_absolute_url())


def _word_diff(before: str, after: str) -> SafeString:
    """The words removed and added between two texts, as accessible <del>/<ins> marks."""
    old, new = re.findall(r"\S+|\s+", before), re.findall(r"\S+|\s+", after)
    parts: list[str] = []
    removed, added = escape(_("removed:")), escape(_("added:"))
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(None, old, new).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(old[a0:a1])))
            continue
        if a1 > a0:
            parts.append(
                f'<del><span class="visually-hidden">{removed} </span>'
                f"{escape(''.join(old[a0:a1]))}</del>"
            )
        if b1 > b0:
            parts.append(
                f'<ins><span class="visually-hidden">{added} </span>'
                f"{escape(''.join(new[b0:b1]))}</ins>"
            )
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above


@login_required
@require_http_methods(["GET"])
def memo_compare(
    request: AuthenticatedRequest, prefix: str, year: int, serial: int, number: int
) -> HttpResponse:
    case = _case(request, prefix, year, serial)
    version = get_object_or_404(MemoVersion, memo__case=case, number=number)
    previous = MemoVersion.objects.filter(memo__case=case, number=number - 1).first()
    sections = []
    for name in ("matter", "preparation", "views", "decision_text", "compilation_matter"):
        label = getattr(MemoVersion._meta.get_field(name), "verbose_name", name)
        before = getattr(previous, name) if previous else ""
        sections.append((label, _word_diff(before, getattr(version, name))))
    return render(
        request,
        "workflow/compare.html",
        {
            "case": case,
            "version": version,
            "previous": previous,
            "sections": sections,
            "stances": _stance_changes(previous, version),
        },
    )


def _stance_changes(previous: MemoVersion | None, version: MemoVersion) -> list[dict[str, Any]]:
    """The stance on each proposal in both versions, the changed ones marked: a change of
    position matters more than a change of words."""

    def by_proposal(v: MemoVersion | None) -> dict[int, Any]:
        if v is None:
            return {}
        return {s.proposal_id: s for s in v.stances.select_related("proposal")}

    before, after = by_proposal(previous), by_proposal(version)
    proposals = {**{k: s.proposal for k, s in before.items()},
                 **{k: s.proposal for k, s in after.items()}}  # fmt: skip
    rows = []
    for pk, proposal in sorted(proposals.items(), key=lambda item: item[1].position):
        old, new = before.get(pk), after.get(pk)
        rows.append({
            "proposal": proposal,
            "before": old.get_stance_display() if old else "–",
            "after": new.get_stance_display() if new else "–",
            "comment": new.comment if new else "",
            "changed": (old.stance if old else None) != (new.stance if new else None),
        })  # fmt: skip
    return rows


@login_required
@require_POST
def close(request: AuthenticatedRequest, prefix: str, year: int, serial: int) -> HttpResponse:
    case = _case(request, prefix, year, serial)
    perform(
        request,
        lambda: workflow.case_close(actor=request.user, case=case),
        _("The case is closed."),
    )
    return redirect(case.get_absolute_url())


@login_required
@require_POST
def close_without_reply(
    request: AuthenticatedRequest, prefix: str, year: int, serial: int
) -> HttpResponse:
    case = _case(request, prefix, year, serial)
    perform(
        request,
        lambda: workflow.case_close_without_reply(actor=request.user, case=case),
        _("The case is closed without a reply."),
    )
    return redirect(case.get_absolute_url())
