"""Pages of the issuer's side: thin adapters over remiss.consultations.services and .replies."""

from __future__ import annotations

from typing import Any

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from remiss.accounts.http import AuthenticatedRequest
from remiss.cases import files, public
from remiss.consultations import compilation as compiling
from remiss.consultations import exports, feedback, replies, sending, services
from remiss.consultations.forms import (
    MisreadingForm,
    NewBodyForm,
    OutgoingChangeForm,
    OutgoingReferralForm,
    ReferralListForm,
    RepliesUploadForm,
    ReplyConfirmForm,
    ReplyLinkForm,
    ReplyRejectForm,
)
from remiss.consultations.models import OutgoingReferral, Recipient, Reply
from remiss.core import permissions
from remiss.core.actions import perform
from remiss.core.errors import NotAllowed, ServiceError
from remiss.core.forms import show_service_error
from remiss.core.paging import page_of
from remiss.organisations.models import Organisation, OrganisationKind
from remiss.referrals.models import Stance
from remiss.writing import chart

ROWS_PER_PAGE = 100


def _referral(
    request: AuthenticatedRequest, prefix: str, year: int, serial: int
) -> OutgoingReferral:
    case = permissions.get_visible_case(request.user, prefix=prefix, year=year, serial=serial)
    referral = services.outgoing_for(case)
    if referral is None:
        raise Http404
    return referral


def _changeable(
    request: AuthenticatedRequest, prefix: str, year: int, serial: int
) -> OutgoingReferral:
    referral = _referral(request, prefix, year, serial)
    if not permissions.can_change_case(request.user, referral.case):
        raise Http404
    return referral


def _numbers(referral: OutgoingReferral) -> dict[str, Any]:
    case = referral.case
    return {"prefix": case.registry.prefix, "year": case.year, "serial": case.serial}


def _attachment(content: bytes, name: str, fmt: str) -> HttpResponse:
    """A download: always an attachment, with a safe name and the right type."""
    response = HttpResponse(content, content_type=compiling.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response


def _to(view: str, referral: OutgoingReferral, **more: int) -> HttpResponseRedirect:
    """A redirect to one of the referral's pages."""
    return redirect(reverse(view, kwargs={**_numbers(referral), **more}))


def _back(referral: OutgoingReferral) -> HttpResponse:
    return _to("consultations:detail", referral)


@login_required
@require_GET
def body_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A body's page in the register of bodies: what the register knows of it, and the
    referrals sent to it (of the cases the person sees) with its replies."""
    if not permissions.can_view_body(request.user):
        raise Http404
    organisation = get_object_or_404(Organisation, pk=pk)
    return render(
        request,
        "consultations/body.html",
        {
            "body": organisation,
            "referrals": services.body_referrals(request.user, organisation),
            "shown_at_most": services.BODY_PAGE_REFERRALS,
            "public_register": public.has_register(organisation.pk),
            "may_edit": permissions.can_edit_register(request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_GET
def referral_list(request: AuthenticatedRequest) -> HttpResponse:
    cases = permissions.cases_visible_to(request.user).filter(outgoing_referral__isnull=False)
    referrals = (
        OutgoingReferral.objects.filter(case__in=cases)
        .select_related("case__registry")
        .order_by("-case__registered_at")
    )
    return render(
        request,
        "consultations/list.html",
        {"referrals": page_of(request, referrals, "page", ROWS_PER_PAGE)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral_create(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if user.organisation is None or not permissions.can_send_referrals(user, user.organisation):
        raise Http404
    form = OutgoingReferralForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with files.staged_uploads(data["files"]) as staged:
                referral = services.outgoing_create(
                    actor=user,
                    registry=data["registry"],
                    report_ref=data["report_ref"],
                    report_title=data["report_title"],
                    deadline=data["deadline"],
                    reminder_days=data["reminder_days"],
                    proposals=data["proposals_text"],
                    staged_files=staged,
                )
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(
                request,
                _("The referral was registered as %(number)s. Now choose the bodies.")
                % {"number": referral.case.number},
            )
            return _to("consultations:recipients", referral)
    return render(request, "consultations/create.html", {"form": form})


@login_required
@require_GET
def referral_detail(
    request: AuthenticatedRequest, prefix: str, year: int, serial: int
) -> HttpResponse:
    referral = _referral(request, prefix, year, serial)
    # A referral can have hundreds of bodies and a thousand replies: both lists are paged.
    rows = page_of(request, replies.recipients_with_state(referral), "instanser", ROWS_PER_PAGE)
    received = page_of(
        request,
        referral.replies.select_related("organisation", "recipient__organisation", "record"),
        "svar",
        ROWS_PER_PAGE,
    )
    return render(
        request,
        "consultations/detail.html",
        {
            "referral": referral,
            "case": referral.case,
            "proposals": list(referral.proposals.all()),
            "rows": rows,
            "counts": replies.progress_counts(referral),
            "replies": received,
            "can_change": permissions.can_change_case(request.user, referral.case),
        },
    )


def _list_key(referral: OutgoingReferral) -> str:
    return f"referral-list-{referral.pk}"


def _review(
    request: AuthenticatedRequest,
    referral: OutgoingReferral,
    text: str,
    checked: set[int] | None = None,
) -> HttpResponse:
    """The review of a list: kept in the session with what is checked, so that adding an
    unknown body to the register from a row brings the same review back, with that body."""
    request.session[_list_key(referral)] = {
        "text": text, "checked": sorted(checked) if checked is not None else None,
    }  # fmt: skip
    imported = services.referral_list_read(text, request.user)
    organisations = Organisation.objects.in_bulk(
        [key for m in imported.matches for key in [m.key, *(s[0] for s in m.suggestions)] if key]
    )
    rows = [
        {
            "match": match,
            "new": services.new_body_prefill(match.body.text)
            if not match.sure and not match.suggestions
            else None,
        }
        for match in imported.matches
    ]
    return render(
        request,
        "consultations/recipients_review.html",
        {
            "referral": referral,
            "case": referral.case,
            "imported": imported,
            "rows": rows,
            "organisations": organisations,
            "checked": checked,
            "kinds": OrganisationKind.choices,
        },
    )


def _create_from_review(request: AuthenticatedRequest, referral: OutgoingReferral) -> None:
    """One row's unknown body added to the register; what else was checked is kept."""
    row = request.POST.get("create_row", "")
    checked = {int(v) for v in request.POST.getlist("organisation") if v.isdigit()}
    body = NewBodyForm(
        {
            "name": request.POST.get(f"new_name_{row}", ""),
            "email": request.POST.get(f"new_email_{row}", ""),
            "kind": request.POST.get(f"new_kind_{row}", ""),
        }
    )
    if body.is_valid():
        try:
            organisation = services.organisation_create(actor=request.user, **body.cleaned_data)
        except ServiceError as exc:
            messages.error(request, str(exc.message))
        else:
            checked.add(organisation.pk)
            messages.success(
                request, _("%(name)s was added to the register.") % {"name": organisation.name}
            )
    else:
        messages.error(request, _("Give the new body a name and a valid e-mail address."))
    saved = request.session.get(_list_key(referral)) or {}
    request.session[_list_key(referral)] = {**saved, "checked": sorted(checked)}


def _list_text(form: ReferralListForm) -> str:
    upload = form.cleaned_data.get("file")
    if not upload:
        return str(form.cleaned_data.get("text", ""))
    staged = files.stage_upload(upload, upload.name)  # judged by content, size-limited
    try:
        if staged.content_type.endswith("wordprocessingml.document"):
            import docx

            with staged.pending_path.open("rb") as handle:
                return "\n".join(p.text for p in docx.Document(handle).paragraphs)
        raw = staged.pending_path.read_bytes()
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return raw.decode(encoding).replace(";", "\n").replace("\t", "\n")
            except UnicodeDecodeError:
                continue
        raise ServiceError(_("The file is not text, CSV or Word."), field="file")
    finally:
        files.discard([staged])


@login_required
@require_http_methods(["GET", "POST"])
def recipients_edit(
    request: AuthenticatedRequest, prefix: str, year: int, serial: int
) -> HttpResponse:
    """Paste or upload a referral list; review the matches; add the chosen bodies."""
    referral = _changeable(request, prefix, year, serial)
    form = ReferralListForm(request.POST or None, request.FILES or None)
    saved = request.session.get(_list_key(referral))
    if request.method == "POST" and "create_row" in request.POST and saved:
        _create_from_review(request, referral)
        return redirect(
            reverse("consultations:recipients", kwargs=_numbers(referral)) + "?granska=1#granskning"
        )
    if request.method == "GET" and "granska" in request.GET and saved:
        checked = saved.get("checked")
        return _review(request, referral, saved["text"], set(checked) if checked else None)
    if request.method == "POST" and "add" in request.POST:
        request.session.pop(_list_key(referral), None)
        chosen = Organisation.objects.filter(pk__in=request.POST.getlist("organisation"))
        listed_as = {o.pk: request.POST.get(f"listed_{o.pk}", "") for o in chosen}
        added = services.recipients_add(
            actor=request.user, referral=referral, organisations=list(chosen), listed_as=listed_as
        )
        messages.success(request, _("%(count)s bodies added.") % {"count": len(added)})
        return _back(referral)
    if request.method == "POST" and "create" in request.POST:
        body = NewBodyForm(request.POST)
        if body.is_valid():
            try:
                organisation = services.organisation_create(actor=request.user, **body.cleaned_data)
                services.recipients_add(
                    actor=request.user, referral=referral, organisations=[organisation]
                )
            except ServiceError as exc:
                messages.error(request, str(exc.message))
            else:
                messages.success(request, _("%(name)s was added.") % {"name": organisation.name})
        else:
            messages.error(request, _("Give the new body a name and a valid e-mail address."))
        return _to("consultations:recipients", referral)
    if request.method == "POST" and form.is_valid():
        try:
            return _review(request, referral, _list_text(form))
        except ServiceError as exc:
            form.add_error("file", str(exc.message))
    return render(
        request,
        "consultations/recipients.html",
        {
            "referral": referral,
            "case": referral.case,
            "form": form,
            "new_body": NewBodyForm(),
            "recipients": page_of(
                request, referral.recipients.select_related("organisation"), "valda", ROWS_PER_PAGE
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral_change(
    request: AuthenticatedRequest, prefix: str, year: int, serial: int
) -> HttpResponse:
    referral = _changeable(request, prefix, year, serial)
    form = OutgoingChangeForm(
        request.POST or None,
        initial={"deadline": referral.deadline, "reminder_days": referral.reminder_days},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.outgoing_update(actor=request.user, referral=referral, **form.cleaned_data)
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(request, _("The referral was changed."))
            return _back(referral)
    return render(
        request,
        "workflow/form.html",
        {
            "case": referral.case,
            "form": form,
            "heading": _("Change the deadline"),
            "submit": _("Save"),
        },
    )


@login_required
@require_POST
def recipient_remove(
    request: AuthenticatedRequest, prefix: str, year: int, serial: int, pk: int
) -> HttpResponse:
    referral = _changeable(request, prefix, year, serial)
    recipient = get_object_or_404(Recipient, pk=pk, referral=referral)
    perform(
        request,
        lambda: services.recipient_remove(actor=request.user, recipient=recipient),
        _("%(body)s was taken off the list.") % {"body": recipient},
    )
    return _back(referral)


@login_required
@require_POST
def referral_send(
    request: AuthenticatedRequest, prefix: str, year: int, serial: int
) -> HttpResponse:
    referral = _changeable(request, prefix, year, serial)
    try:
        result = sending.referral_send(actor=request.user, referral=referral)
    except ServiceError as exc:
        messages.error(request, str(exc.message))
        return _back(referral)
    if result.delivered:
        messages.success(
            request,
            _("Delivered in Remiss to %(bodies)s.") % {"bodies": ", ".join(result.delivered)},
        )
    if result.queued:
        messages.success(
            request,
            ngettext(
                "An e-mail is on its way to %(count)d body: %(bodies)s. The list below shows "
                "when it has gone out.",
                "E-mails are on their way to %(count)d bodies: %(bodies)s. The list below shows "
                "each as it goes out.",
                len(result.queued),
            )
            % {"count": len(result.queued), "bodies": ", ".join(result.queued)},
        )
    for body, reason in result.failed:
        messages.error(
            request, _("Not sent to %(body)s: %(reason)s") % {"body": body, "reason": reason}
        )
    return _back(referral)


@login_required
@require_GET
def covering_letter(
    request: AuthenticatedRequest, prefix: str, year: int, serial: int, fmt: str
) -> HttpResponse:
    referral = _referral(request, prefix, year, serial)
    if fmt not in ("pdf", "docx"):
        raise Http404
    content, name = services.covering_letter(services.letter_data(referral), fmt)
    return _attachment(content, name, fmt)


@login_required
@require_http_methods(["GET", "POST"])
def replies_upload(
    request: AuthenticatedRequest, prefix: str, year: int, serial: int
) -> HttpResponse:
    referral = _changeable(request, prefix, year, serial)
    form = RepliesUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            with files.staged_uploads(form.cleaned_data["files"]) as staged:
                received = replies.replies_upload(
                    actor=request.user, referral=referral, staged=staged
                )
        except ServiceError as exc:
            form.add_error("files", str(exc.message))
        else:
            messages.success(
                request,
                _("%(count)s replies received; they are being read.") % {"count": len(received)},
            )
            return _back(referral)
    return render(
        request,
        "workflow/form.html",
        {
            "case": referral.case,
            "form": form,
            "heading": _("Upload replies"),
            "submit": _("Upload"),
            "multipart": True,
        },
    )


def _reply_for_change(
    request: AuthenticatedRequest, prefix: str, year: int, serial: int, pk: int
) -> tuple[OutgoingReferral, Reply]:
    """A reply of a referral the user may change; a reply marked secret, like its files, only
    for those cleared to read it (404 otherwise)."""
    referral = _changeable(request, prefix, year, serial)
    reply = get_object_or_404(Reply.objects.select_related("record"), pk=pk, referral=referral)
    if not permissions.can_view_record_content(request.user, reply.record):
        raise Http404
    return referral, reply


@login_required
@require_http_methods(["GET", "POST"])
def reply_confirm(
    request: AuthenticatedRequest, prefix: str, year: int, serial: int, pk: int
) -> HttpResponse:
    referral, reply = _reply_for_change(request, prefix, year, serial, pk)
    recipients = list(referral.recipients.select_related("organisation"))
    proposals = list(referral.proposals.all())
    suggestion = replies.suggestion_for(reply)
    suggested = {str(p.get("proposal")): p for p in suggestion.get("proposal_stances", [])}
    confirmed = {s.proposal_id: s.stance for s in reply.stances.all()}
    guess = replies.suggested_recipient(reply, suggestion)
    initial = {
        "recipient": f"r{guess.pk}"
        if guess
        else (f"o{reply.organisation_id}" if reply.organisation_id else ""),
        "overall_stance": reply.overall_stance or suggestion.get("overall_stance") or "unclear",
        "counted": reply.counted,
        **{
            f"proposal_{p.pk}": confirmed.get(p.pk)
            or suggested.get(p.number, {}).get("stance", "unclear")
            for p in proposals
        },
    }
    form = ReplyConfirmForm(
        request.POST or None,
        initial=initial,
        referral=referral,
        recipients=recipients,
        proposals=proposals,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        choice = data["recipient"]
        recipient = next((r for r in recipients if f"r{r.pk}" == choice), None)
        organisation = (
            Organisation.objects.filter(pk=choice[1:]).first() if choice.startswith("o") else None
        )
        try:
            replies.reply_confirm(
                actor=request.user,
                reply=reply,
                confirmed=replies.ConfirmedReply(
                    recipient=recipient,
                    organisation=organisation,
                    overall_stance=data["overall_stance"],
                    stances={p.pk: data[f"proposal_{p.pk}"] for p in proposals},
                    counted=data["counted"],
                ),
            )
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(request, _("The reply is confirmed."))
            return _back(referral)
    evidence = [
        (p, suggested.get(p.number))
        for p in proposals
        if suggested.get(p.number, {}).get("evidence")
    ]
    return render(
        request,
        "consultations/reply.html",
        {
            "referral": referral,
            "case": referral.case,
            "reply": reply,
            "form": form,
            "suggestion": suggestion,
            "evidence": evidence,
            "files": reply.record.files.select_related("stored"),
            "can_publish": permissions.can_publish(request.user, referral.case)
            and not reply.record.is_secret
            and reply.rejected_at is None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reply_reject(
    request: AuthenticatedRequest, prefix: str, year: int, serial: int, pk: int
) -> HttpResponse:
    """Reject a reply (spam, another body's, a copy): it stays in the register, marked."""
    referral, reply = _reply_for_change(request, prefix, year, serial, pk)
    form = ReplyRejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            replies.reply_reject(
                actor=request.user,
                reply=reply,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(request, _("The reply is rejected; it no longer counts."))
            return _back(referral)
    return render(
        request,
        "consultations/reply_reject.html",
        {"referral": referral, "case": referral.case, "reply": reply, "form": form},
    )


@login_required
@require_POST
def reply_reinstate(
    request: AuthenticatedRequest, prefix: str, year: int, serial: int, pk: int
) -> HttpResponse:
    referral, reply = _reply_for_change(request, prefix, year, serial, pk)
    perform(
        request,
        lambda: replies.reply_reinstate(actor=request.user, reply=reply),
        _("The rejection is taken back; the reply counts again."),
    )
    return _back(referral)


@login_required
@require_GET
def compilation_view(
    request: AuthenticatedRequest, prefix: str, year: int, serial: int
) -> HttpResponse:
    """The counts per proposal first; then the bodies' table a page at a time and one proposal's
    lists and quotes at a time (?forslag=): a thousand replies stay readable, and the whole
    compilation is in the downloads."""
    referral = _referral(request, prefix, year, serial)
    kind = request.GET.get("instanstyp", "")
    if kind not in OrganisationKind.values:
        kind = ""  # an unknown kind shows every body
    compiled = replies.compilation_for(referral, request.user, kind=kind)
    header, *rows = compiling.table_rows(compiled)
    count_header, *count_rows = compiling.count_rows(compiled)
    chosen = request.GET.get("forslag")
    proposal = next(
        (p for p in compiled.proposals if p["id"] == chosen),
        compiled.proposals[0] if compiled.proposals else None,
    )
    return render(
        request,
        "consultations/compilation.html",
        {
            "referral": referral,
            "case": referral.case,
            "compiled": compiled,
            "count_header": count_header,
            "count_rows": count_rows,
            "header": header,
            "rows": page_of(request, rows, "svar", ROWS_PER_PAGE),
            "proposal": proposal,
            "phrases": compiling.STANCE_PHRASES,
            "chart": _stance_chart(compiled),
            "kinds": OrganisationKind.choices,
            "kind": kind,
            "may_publish": permissions.can_publish(request.user, referral.case),
        },
    )


def _stance_chart(compiled: compiling.Compilation) -> SafeString | None:
    """The counts per proposal as a stacked bar chart (SVG made on the server), in the pages'
    words for the stances; the counts table is its text alternative."""
    if not compiled.proposals:
        return None
    stances = [s.value for s in Stance]
    svg = chart.stacked_bars(
        [
            chart.Bar(
                compiling.proposal_heading(p),
                {s: len(p["stances"].get(s, ())) for s in stances},
            )
            for p in compiled.proposals
        ],
        stances=stances,
        words={s.value: str(s.label) for s in Stance},
        title=_("Number of bodies per proposal and stance"),
        described_by="counts",
    )
    # Every text in it is escaped by remiss.writing.chart; the rest is our own markup.
    return mark_safe(svg)  # noqa: S308


@login_required
@require_GET
def compilation_download(
    request: AuthenticatedRequest, prefix: str, year: int, serial: int, fmt: str
) -> HttpResponse:
    referral = _referral(request, prefix, year, serial)
    if fmt not in compiling.WRITERS or fmt == "json":
        raise Http404
    if exports.in_background(referral, fmt):
        try:
            export = exports.export_request(actor=request.user, referral=referral, fmt=fmt)
        except NotAllowed as exc:
            raise Http404 from exc
        return _to("consultations:export", referral, pk=export.pk)
    content = compiling.WRITERS[fmt](replies.compilation_for(referral, request.user))
    return _attachment(content, exports.file_name(referral, fmt), fmt)


@login_required
@require_GET
def export_status(
    request: AuthenticatedRequest, prefix: str, year: int, serial: int, pk: int
) -> HttpResponse:
    """A compilation being made in the background: its state, and the file when it is ready (no
    timed reload, which would interrupt a screen reader: a link to look again)."""
    referral = _referral(request, prefix, year, serial)
    export = exports.export_for(request.user, pk)
    if export.referral_id != referral.pk:
        raise Http404
    return render(
        request,
        "consultations/export.html",
        {"referral": referral, "case": referral.case, "export": export},
    )


@login_required
@require_GET
def export_file(
    request: AuthenticatedRequest, prefix: str, year: int, serial: int, pk: int
) -> FileResponse:
    referral = _referral(request, prefix, year, serial)
    export = exports.export_for(request.user, pk)
    if export.referral_id != referral.pk or export.stored is None:
        raise Http404
    return FileResponse(
        files.open_stored(export.stored.sha256),
        as_attachment=True,
        filename=export.file_name,
        content_type=compiling.CONTENT_TYPES[export.fmt],
    )


# The public reply link: no log-in; the token is the key ---------------------------------------


@require_http_methods(["GET", "POST"])
def reply_link(request: HttpRequest, token: str) -> HttpResponse:
    try:
        recipient, link = replies.recipient_for_token(token)
    except replies.LinkExpired as exc:
        return render(
            request, "consultations/link_closed.html", {"message": exc.message}, status=410
        )
    except replies.LinkInvalid as exc:
        return render(
            request, "consultations/link_closed.html", {"message": exc.message}, status=404
        )
    form = ReplyLinkForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploads = form.cleaned_data["files"]
        try:
            # The address's and the link's caps before any file is opened: a flood costs no
            # probing.
            replies.link_address_check(get_client_ip_address(request) or "")
            replies.link_upload_check(recipient, len(uploads), sum(u.size or 0 for u in uploads))
            with files.staged_uploads(uploads) as staged:
                replies.reply_by_link(token=token, staged=staged)
        except ServiceError as exc:
            form.add_error("files", str(exc.message))
        else:
            return render(
                request, "consultations/link_thanks.html", {"recipient": recipient, "link": link}
            )
    return render(
        request,
        "consultations/link.html",
        {"recipient": recipient, "referral": recipient.referral, "link": link, "form": form},
    )


@require_http_methods(["GET", "POST"])
def feedback_page(request: HttpRequest, token: str) -> HttpResponse:
    """How a body's reply was read, for the body, without log-in: the token is the key."""
    try:
        found = feedback.feedback_for_token(token)
    except replies.LinkInvalid as exc:
        return render(
            request, "consultations/link_closed.html", {"message": exc.message}, status=404
        )
    form = MisreadingForm(request.POST or None, initial={"flag": found.flag})
    reported = False
    if request.method == "POST" and form.is_valid():
        try:
            found = feedback.report_misreading(token=token, text=form.cleaned_data["flag"])
            reported = True
        except replies.LinkExpired as exc:
            form.add_error(None, str(exc.message))
        except ServiceError as exc:
            show_service_error(form, exc)
    reply = found.reply
    overall, stances = feedback.how_it_was_read(reply)
    compilation = feedback.compilation_publication(reply)
    return render(
        request,
        "consultations/feedback.html",
        {
            "feedback": found,
            "reply": reply,
            "referral": reply.referral,
            "overall": overall,
            "stances": stances,
            "compilation": compilation,
            "open": found.open_until >= timezone.localdate(),
            "form": form,
            "reported": reported,
        },
    )
