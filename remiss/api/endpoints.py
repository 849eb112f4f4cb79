"""The REST API (docs/api.md, ADR 9): django-ninja operations over the same selectors, permission
module and services as the pages. The public register is read by anyone, through
remiss.cases.public only; the rest with a person's API key, which reaches exactly what that person
reaches on the pages. Writes go through the services, which check, audit and refuse alike."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, NinjaAPI, Router, Status, UploadedFile
from ninja.errors import AuthenticationError, ValidationError
from ninja.params import functions as param
from ninja.security import HttpBearer

from remiss.api import schemas as out
from remiss.api.models import ApiToken, Scope
from remiss.api.tokens import user_for_key
from remiss.cases import files as stored_files
from remiss.cases import public
from remiss.cases.models import Case, CaseStatus, Record
from remiss.cases.services import record_add
from remiss.consultations import replies, services
from remiss.consultations.models import OutgoingReferral
from remiss.core import permissions
from remiss.core.errors import NotAllowed, ServiceError
from remiss.reading.references import parse_case_number

if TYPE_CHECKING:  # ninja renders the lazy summaries in the request's language; typed as text

    def gettext_lazy(message: str) -> str: ...
else:
    from django.utils.translation import gettext_lazy

PAGE_SIZE = 50
MAX_PAGE = 100_000
MAX_QUERY = 200


class ScopeMissing(Exception):
    """The key is valid but not made for this (a read key asked to write)."""


class ApiKey(HttpBearer):
    """`Authorization: Bearer remiss_…`: a person's key (remiss.api.tokens)."""

    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = user_for_key(token)
        if found is None:
            return None
        user, api_token = found
        if not api_token.allows(self.scope):
            raise ScopeMissing
        request.user = user  # the services and the permission module act for this person
        return api_token


READ = ApiKey(Scope.READ)
WRITE = ApiKey(Scope.WRITE)

api = NinjaAPI(
    title="Remiss API",
    version="1",
    description=(
        "The public register, published replies, cases, records, referrals sent and their "
        "replies in the reading schema. Public operations need no key; the others take a "
        "person's API key as `Authorization: Bearer remiss_…` and reach what that person "
        "reaches on the pages. docs/api.md in the repository tells more."
    ),
    urls_namespace="api",
    docs_url=None,  # the page /api/ describes the API in the product's own, accessible page
    openapi_url="/openapi.json",
)

PUBLIC_ERRORS: dict[int, Any] = {404: out.ErrorOut, 422: out.ValidationErrorOut}
ERRORS: dict[int, Any] = {401: out.ErrorOut, 403: out.ErrorOut, **PUBLIC_ERRORS}
WRITE_ERRORS: dict[int, Any] = {400: out.ErrorOut, **ERRORS}


def _error(
    request: HttpRequest, status: int, detail: str, field: str | None = None
) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "field": field}, status=status)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 404, _("There is nothing here, or you may not see it."))


@api.exception_handler(NotAllowed)
def _not_allowed(request: HttpRequest, exc: NotAllowed) -> HttpResponse:
    # Raised for what the person can see but may not do (a case they cannot see is a 404
    # before any service runs): the service's own reason helps the other system's developer.
    return _error(request, 403, str(exc.message), exc.field)


@api.exception_handler(ServiceError)
def _refused(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    return _error(request, 400, str(exc.message), exc.field)


@api.exception_handler(ScopeMissing)
def _scope_missing(request: HttpRequest, exc: ScopeMissing) -> HttpResponse:
    return _error(request, 403, _("This API key may only read. Make a key that may write."))


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.errors}, status=422)


@api.exception_handler(MultiPartParserError)
def _unreadable_form(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    # A multipart body whose parts cannot be read (headers past Django's limit, a broken
    # boundary): the client's error, answered in the API's own JSON, not a server page.
    return _error(request, 400, _("The request's form data could not be read."))


def _unauthorised(request: HttpRequest, exc: Exception) -> HttpResponse:
    response = _error(request, 401, _("Give a valid API key: Authorization: Bearer remiss_…"))
    response["WWW-Authenticate"] = "Bearer"
    return response


api.add_exception_handler(AuthenticationError, _unauthorised)  # type: ignore[arg-type]


def _text(value: str) -> str:
    """A search text as the database can take it: NUL characters out (PostgreSQL refuses them)."""
    return value.replace("\x00", "").strip()[:MAX_QUERY]


# Bounded as the database's integers are: a larger number is refused as invalid (422), never
# passed on to fail in the database.
MAX_ID = 2_147_483_647
OrgId = Annotated[int, param.Path(ge=1, le=MAX_ID)]
Prefix = Annotated[str, param.Path(max_length=20)]
Year = Annotated[int, param.Path(ge=1, le=9999)]
Serial = Annotated[int, param.Path(ge=1, le=MAX_ID)]
PageNo = Annotated[int, param.Query(ge=1, le=MAX_PAGE)]

# --- the public register ------------------------------------------------------------------

public_router = Router(tags=["public"])


def _public_files(publication: public.PublicPublication) -> list[dict[str, Any]]:
    return [
        {
            "id": f.pk, "name": f.name, "size": f.size, "content_type": f.content_type,
            "url": reverse("public_published_file", kwargs={
                "org": publication.organisation_id, "pk": publication.pk, "file_pk": f.pk,
            }),
        }
        for f in publication.files
    ]  # fmt: skip


def _publication(publication: public.PublicPublication) -> dict[str, Any]:
    return {
        "id": publication.pk,
        "organisation_id": publication.organisation_id,
        "kind": publication.kind,
        "title": publication.title,
        "published": publication.published,
        "case_number": publication.case_number,
        "masked": publication.masked,
        "files": _public_files(publication),
    }


def _public_case(case: public.PublicCase) -> dict[str, Any]:
    return {
        "organisation_id": case.organisation_id, "organisation": case.organisation,
        "number": case.number, "prefix": case.prefix, "year": case.year, "serial": case.serial,
        "title": case.title, "registered": case.registered, "closed": case.closed,
    }  # fmt: skip


@public_router.get(
    "/organisations",
    response=list[out.PublicOrganisationOut],
    summary=gettext_lazy("The organisations whose register is kept here"),
)
def public_organisations(request: HttpRequest) -> list[dict[str, Any]]:
    return [{"id": o.pk, "name": o.name, "email": o.email} for o in public.organisations()]


@public_router.get(
    "/organisations/{org}/cases",
    response={200: out.PublicCasePageOut, **PUBLIC_ERRORS},
    summary=gettext_lazy("An organisation's register: cases, newest first, 50 a page"),
)
def public_cases(
    request: HttpRequest,
    org: OrgId,
    q: Annotated[
        str,
        param.Query(
            max_length=MAX_QUERY, description="Words of a title or entry, or a case number."
        ),
    ] = "",
    year: Annotated[int | None, param.Query(ge=1, le=9999)] = None,
    page: PageNo = 1,
) -> dict[str, Any]:
    public.organisation(org)
    found = public.search(org, query=_text(q), year=year, page=page)
    return {
        "items": [_public_case(c) for c in found.cases],
        "count": found.total, "page": found.page, "pages": found.pages,
    }  # fmt: skip


@public_router.get(
    "/organisations/{org}/cases/{prefix}/{year}/{serial}",
    response={200: out.PublicCaseDetailOut, **PUBLIC_ERRORS},
    summary=gettext_lazy("A case in the public register, with its records and publications"),
)
def public_case(
    request: HttpRequest,
    org: OrgId,
    prefix: Prefix,
    year: Year,
    serial: Serial,
) -> dict[str, Any]:
    case = public.case(org, _text(prefix), year, serial)
    return {
        **_public_case(case),
        "records": [vars(r) for r in case.records],
        "publications": [_publication(p) for p in case.publications],
    }


@public_router.get(
    "/organisations/{org}/publications",
    response={200: list[out.PublicationOut], **PUBLIC_ERRORS},
    summary=gettext_lazy("Replies and compilations the organisation published, newest first"),
)
def public_publications(request: HttpRequest, org: OrgId) -> list[dict[str, Any]]:
    public.organisation(org)
    return [_publication(p) for p in public.publications(org)]


# --- with a person's key ----------------------------------------------------------------------

router = Router(tags=["cases"], auth=READ)


@router.get(
    "/me", response={200: out.MeOut, **ERRORS}, summary=gettext_lazy("Who the key acts for")
)
def me(request: HttpRequest) -> dict[str, Any]:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    user = token.user
    return {
        "username": user.get_username(),
        "name": user.get_full_name(),
        "organisation": user.organisation.name if user.organisation else "",
        "role": user.role,
        "scope": token.scope,
    }


def _case(case: Case, outgoing: bool) -> dict[str, Any]:
    return {
        "number": case.number, "prefix": case.registry.prefix, "year": case.year,
        "serial": case.serial, "title": case.title, "status": case.status,
        "registered": case.registered_at, "organisation": case.registry.organisation.name,
        "outgoing_referral": outgoing,
    }  # fmt: skip


def _page(rows: QuerySet[Any], page: int) -> tuple[list[Any], int, int, int]:
    count = rows.count()
    pages = max(1, -(-count // PAGE_SIZE))
    page = min(page, pages)
    return list(rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]), count, page, pages


@router.get(
    "/cases",
    response={200: out.CasePageOut, **ERRORS},
    summary=gettext_lazy("The cases you may see, newest first, 50 a page"),
)
def case_list(
    request: HttpRequest,
    q: Annotated[
        str, param.Query(max_length=MAX_QUERY, description="A case number, or words of the title.")
    ] = "",
    status: CaseStatus | None = None,
    page: PageNo = 1,
) -> dict[str, Any]:
    cases = permissions.cases_visible_to(request.user).select_related("registry__organisation")
    query = _text(q)
    number = parse_case_number(query) if query else None
    if number is not None:
        cases = cases.filter(registry__prefix=number.prefix, year=number.year, serial=number.serial)
    elif query:
        cases = cases.filter(title__icontains=query)
    if status is not None:
        cases = cases.filter(status=status)
    cases = cases.annotate(is_outgoing=Exists(OutgoingReferral.objects.filter(case=OuterRef("pk"))))
    rows, count, page, pages = _page(cases.order_by("-registered_at", "-pk"), page)
    return {
        "items": [_case(c, c.is_outgoing) for c in rows],
        "count": count,
        "page": page,
        "pages": pages,
    }


def _visible_case(request: HttpRequest, prefix: str, year: int, serial: int) -> Case:
    return permissions.get_visible_case(
        request.user, prefix=_text(prefix), year=year, serial=serial
    )


def _record(case: Case, record: Record) -> dict[str, Any]:
    visible = record.content_visible
    return {
        "number": f"{case.number}-{record.serial}",
        "serial": record.serial,
        "direction": record.direction,
        "registered": record.registered_at,
        "document_date": record.document_date,
        "secret": record.is_secret,
        "secrecy_provision": record.secrecy_provision,
        "content_visible": visible,
        "counterpart": record.counterpart if visible else "",
        "subject": record.subject if visible else record.public_subject,
        "files": [
            {"name": f.original_name, "size": f.stored.size,
             "content_type": f.stored.content_type, "sha256": f.stored.sha256}
            for f in record.files.all()
        ] if visible else [],
    }  # fmt: skip


@router.get(
    "/cases/{prefix}/{year}/{serial}",
    response={200: out.CaseDetailOut, **ERRORS},
    summary=gettext_lazy(
        "A case with its records; a secret record's content only if you are cleared"
    ),
)
def case_detail(
    request: HttpRequest,
    prefix: Prefix,
    year: Year,
    serial: Serial,
) -> dict[str, Any]:
    case = _visible_case(request, prefix, year, serial)
    records = permissions.with_content_flag(
        request.user, case,
        permissions.visible_records(request.user, case)
        .prefetch_related("files__stored").order_by("serial"),
    )  # fmt: skip
    outgoing = OutgoingReferral.objects.filter(case=case).exists()
    return {**_case(case, outgoing), "records": [_record(case, r) for r in records]}


@router.post(
    "/cases/{prefix}/{year}/{serial}/records",
    auth=WRITE,
    response={201: out.RecordOut, **WRITE_ERRORS},
    summary=gettext_lazy("Register a document in a case, with its files"),
)
def record_create(
    request: HttpRequest,
    data: Form[out.RecordIn],
    prefix: Prefix,
    year: Year,
    serial: Serial,
    files: File[list[UploadedFile] | None] = None,
) -> Status[dict[str, Any]]:
    case = _visible_case(request, prefix, year, serial)
    with stored_files.staged_uploads(files or []) as staged:
        record = record_add(
            actor=request.user,  # type: ignore[arg-type]
            case=case,
            direction=data.direction,
            document_date=data.document_date,
            counterpart=_text(data.counterpart),
            subject=_text(data.subject),
            staged_files=staged,
            secrecy_provision=_text(data.secrecy_provision),
            public_subject=_text(data.public_subject),
        )
    [flagged] = permissions.with_content_flag(request.user, case, [record])
    return Status(201, _record(case, flagged))


# --- referrals sent (the issuer's side) ------------------------------------------------------

referral_router = Router(tags=["referrals"], auth=READ)


def _referral(request: HttpRequest, prefix: str, year: int, serial: int) -> OutgoingReferral:
    referral = services.outgoing_for(_visible_case(request, prefix, year, serial))
    if referral is None:
        raise Http404
    return referral


def _referral_out(referral: OutgoingReferral) -> dict[str, Any]:
    return {
        "case": _case(referral.case, True),
        "report_ref": referral.report_ref,
        "report_title": referral.report_title,
        "deadline": referral.deadline,
        "sent": referral.sent_at,
        "proposals": [{"number": p.number, "title": p.title} for p in referral.proposals.all()],
        "bodies": getattr(referral, "bodies", None) or referral.recipients.count(),
        "replies": getattr(referral, "reply_count", None) or referral.replies.count(),
    }


@referral_router.get(
    "/referrals",
    response={200: list[out.ReferralOut], **ERRORS},
    summary=gettext_lazy("Referrals your organisation sent, newest first, 50 a page"),
)
def referral_list(request: HttpRequest, page: PageNo = 1) -> list[dict[str, Any]]:
    referrals = (
        OutgoingReferral.objects.filter(case__in=permissions.cases_visible_to(request.user))
        .select_related("case__registry__organisation")
        .prefetch_related("proposals")
        .annotate(
            bodies=Count("recipients", distinct=True), reply_count=Count("replies", distinct=True)
        )
        .order_by("-case__registered_at", "-pk")
    )
    rows, *_ignored = _page(referrals, page)
    return [_referral_out(r) for r in rows]


@referral_router.get(
    "/referrals/{prefix}/{year}/{serial}",
    response={200: out.ReferralOut, **ERRORS},
    summary=gettext_lazy("A referral sent, with its proposals"),
)
def referral_detail(
    request: HttpRequest,
    prefix: Prefix,
    year: Year,
    serial: Serial,
) -> dict[str, Any]:
    return _referral_out(_referral(request, prefix, year, serial))


@referral_router.get(
    "/referrals/{prefix}/{year}/{serial}/replies",
    response={200: list[out.ReplyOut], **ERRORS},
    summary=gettext_lazy("The replies received; a secret one only if you are cleared"),
)
def reply_list(
    request: HttpRequest,
    prefix: Prefix,
    year: Year,
    serial: Serial,
    page: PageNo = 1,
) -> list[dict[str, Any]]:
    referral = _referral(request, prefix, year, serial)
    rows = (
        referral.replies.filter(
            record__in=permissions.readable_records(request.user, referral.case)
        )
        .select_related("organisation", "recipient__organisation", "record")
        .order_by("received_at", "pk")
    )
    page_rows, *_ignored = _page(rows, page)
    return [
        {
            "id": r.pk,
            "record_number": f"{referral.case.number}-{r.record.serial}",
            "respondent": r.organisation.name if r.organisation else
            (r.recipient.organisation.name if r.recipient else r.record.counterpart),
            "source": r.source,
            "received": r.received_at,
            "overall_stance": r.overall_stance or None,
            "confirmed": r.confirmed_at is not None,
            "counted": r.counted,
            "rejected": r.rejected_at is not None,
        }
        for r in page_rows
    ]  # fmt: skip


@referral_router.get(
    "/referrals/{prefix}/{year}/{serial}/compilation",
    response={200: out.CompilationOut, **ERRORS},
    summary=gettext_lazy(
        "The compilation: each proposal's stances and quotes, each reply's reading"
    ),
)
def compilation(
    request: HttpRequest,
    prefix: Prefix,
    year: Year,
    serial: Serial,
) -> dict[str, Any]:
    referral = _referral(request, prefix, year, serial)
    compiled = replies.compilation_for(referral, request.user)  # type: ignore[arg-type]
    return {
        "proposals": compiled.proposals, "replies": compiled.replies,
        "campaigns": compiled.campaigns, "warnings": compiled.warnings,
        "not_replied": compiled.not_replied, "declined": compiled.declined,
    }  # fmt: skip


@referral_router.post(
    "/referrals/{prefix}/{year}/{serial}/replies",
    auth=WRITE,
    response={201: list[out.ReplyOut], **WRITE_ERRORS},
    summary=gettext_lazy(
        "Register reply files received (each file a reply, read in the background)"
    ),
)
def reply_upload(
    request: HttpRequest,
    files: File[list[UploadedFile]],
    prefix: Prefix,
    year: Year,
    serial: Serial,
) -> Status[list[dict[str, Any]]]:
    referral = _referral(request, prefix, year, serial)
    with stored_files.staged_uploads(files) as staged:
        made = replies.replies_upload(actor=request.user, referral=referral, staged=staged)  # type: ignore[arg-type]
    return Status(201, [
        {
            "id": r.pk, "record_number": f"{referral.case.number}-{r.record.serial}",
            "respondent": r.record.counterpart, "source": r.source, "received": r.received_at,
            "overall_stance": None, "confirmed": False, "counted": r.counted, "rejected": False,
        }
        for r in made
    ])  # fmt: skip


api.add_router("/public", public_router)
api.add_router("", router)
api.add_router("", referral_router)
