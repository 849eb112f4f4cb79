"""The permission matrix, generated from the URL resolver: every route × every method × every
role and the anonymous visitor × own and other organisation's objects. The expected outcome of
each cell comes from the table below; a route without a row fails the test; a refused request
that is not a GET must leave every application table as it was."""

from __future__ import annotations

import io

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from remiss.accounts.models import User
from remiss.accounts.services import calendar_feed_renew
from remiss.cases.models import Case, RecordFile
from remiss.documents.models import FileReading
from remiss.meetings.models import Meeting
from remiss.referrals.models import InternalReferral
from tests.demo_data import load_demo
from tests.factories import OrganisationFactory, RegistryFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["registrator", "handlaggare", "kontor", "politiker", "departement", "admin"]
EVERYONE = set(ROLES)
CITY = EVERYONE - {"departement"}  # Finansdepartementet's official sees none of the city's cases
CHANGE = {"registrator", "admin", "handlaggare"}
REGISTER = {"registrator", "admin"}

ANSWER = {"kontor", "registrator", "admin"}
SEND = {"departement", "registrator", "admin"}  # officials and registrars send referrals out
ISSUER = {"departement"}  # the ministry's own outgoing referral
# route → {method → who may use it on the city's seed case KS 2020/132}; other methods: 405.
MATRIX: dict[str, dict[str, set[str]]] = {
    "start": {"GET": EVERYONE},
    "login": {"GET": EVERYONE, "POST": EVERYONE},
    "logout": {"POST": EVERYONE},
    "set_language": {m: EVERYONE for m in ("GET", "POST", "PUT", "PATCH", "DELETE", "TRACE")},
    "cases:list": {"GET": EVERYONE},
    "search": {"GET": EVERYONE},  # what each finds is search_scope's (tests/test_search.py)
    "cases:register_referral": {"GET": REGISTER, "POST": REGISTER},
    "cases:detail": {"GET": CITY},
    "cases:file": {"GET": CITY},
    "cases:file_reading": {"GET": CITY, "POST": CHANGE},  # an empty POST confirms
    "cases:reply": {"GET": CITY},
    "cases:refer": {"GET": CHANGE, "POST": CHANGE},
    "cases:memo": {"GET": CHANGE | {"politiker"}, "POST": CHANGE | {"politiker"}},
    "cases:memo_ready": {"POST": CHANGE | {"politiker"}},  # the presenter marks it ready
    "cases:memo_compare": {"GET": CITY},
    "cases:decide": {"GET": CHANGE, "POST": CHANGE},
    "cases:reply_send": {"GET": CHANGE, "POST": CHANGE},  # the seed case: the form refuses
    "cases:reply_resend": {"POST": CHANGE},
    "cases:referral_edit": {"GET": CHANGE, "POST": CHANGE},  # the seed case is closed: refused
    "cases:close": {"POST": CHANGE},
    "cases:close_without_reply": {"POST": REGISTER},  # the seed case is closed: a message
    "cases:answer": {"GET": ANSWER, "POST": ANSWER},
    "cases:decline": {"POST": ANSWER | CHANGE},  # the case officer records it for the unit
    "cases:approve": {"POST": CHANGE},
    "cases:meetings": {"GET": EVERYONE, "POST": CHANGE},  # an empty POST: the form refuses
    "cases:agenda": {"GET": CITY, "POST": CHANGE},
    "cases:agenda_pdf": {"GET": CITY},
    "cases:agenda_item_delete": {"POST": CHANGE},  # the seed's items have decisions: refused
    "cases:agenda_item_move": {"POST": CHANGE},  # the seed's minutes are approved: refused
    "cases:meeting_delete": {"POST": CHANGE},  # the seed's meeting has items: refused
    "cases:record_add": {"GET": CHANGE, "POST": CHANGE},
    "cases:record_secrecy": {"GET": REGISTER, "POST": REGISTER},
    "cases:assign": {"GET": REGISTER, "POST": REGISTER},
    # The demo city does not let case officers take cases: refused alike for everyone (404).
    "cases:take": {"POST": set()},
    # The seed case is closed: registrars and administrators make and fetch its archive package.
    "cases:archive_export": {"POST": REGISTER},
    "cases:archive_download": {"GET": REGISTER},
    # Publishing the decided reply (an empty POST previews it) and withdrawing a publication
    # (an empty POST: the reason is asked for); a reply received, by the ministry's official.
    "cases:publish": {"GET": REGISTER, "POST": REGISTER},
    "cases:publication_withdraw": {"POST": REGISTER},
    "cases:publish_reply": {"GET": ISSUER, "POST": ISSUER},
    "consultations:list": {"GET": EVERYONE},
    # A body's page in the register of bodies: everyone; the referrals it lists are those of
    # the cases each sees (tests/test_body_page.py).
    "body_detail": {"GET": EVERYONE},
    "consultations:create": {"GET": SEND, "POST": SEND},
    "consultations:detail": {"GET": ISSUER},
    "consultations:recipients": {"GET": ISSUER, "POST": ISSUER},
    "consultations:send": {"POST": ISSUER},  # with no recipient: refused with a message
    "consultations:change": {"GET": ISSUER, "POST": ISSUER},
    "consultations:recipient_remove": {"POST": ISSUER},
    "consultations:letter": {"GET": ISSUER},
    "consultations:upload": {"GET": ISSUER, "POST": ISSUER},
    "consultations:reply": {"GET": ISSUER, "POST": ISSUER},
    # An empty POST: the form asks why; taking back a rejection that is not there: a message.
    "consultations:reply_reject": {"GET": ISSUER, "POST": ISSUER},
    "consultations:reply_reinstate": {"POST": ISSUER},
    "consultations:compilation": {"GET": ISSUER},
    "consultations:compilation_download": {"GET": ISSUER},
    # A compilation made in the background: its status page and file, for the requester only
    # (the file of one not yet made: 404 alike).
    "consultations:export": {"GET": ISSUER},
    "consultations:export_file": {"GET": set()},
    # Incoming mail: each organisation's own, for its registrars, administrators and referral
    # officials (an empty POST: the form asks for files; the ministry's message: its own).
    "mail_list": {"GET": REGISTER | ISSUER, "POST": REGISTER | ISSUER},
    "mail_detail": {"GET": ISSUER, "POST": ISSUER},
    "mail_file": {"GET": ISSUER},
    "reply_link": {"GET": EVERYONE, "POST": EVERYONE},  # the token is the key, no log-in
    # How a body's reply was read (an empty POST: the form asks what was misread).
    "feedback": {"GET": EVERYONE, "POST": EVERYONE},
    # For operators and load balancers: liveness and readiness, naming no data.
    "health": {"GET": EVERYONE},
    "ready": {"GET": EVERYONE},
    "accessibility": {"GET": EVERYONE},  # the accessibility statement, public by law
    # The public register: anyone, without log-in (offentlighetsprincipen).
    "public_index": {"GET": EVERYONE},
    "public_list": {"GET": EVERYONE},
    "public_case": {"GET": EVERYONE},
    "public_published": {"GET": EVERYONE},
    "public_published_file": {"GET": EVERYONE},
    "public_feed": {"GET": EVERYONE},
    "public_calendar": {"GET": EVERYONE},
    "calendar": {"GET": EVERYONE, "POST": EVERYONE},  # one's own calendar address
    "calendar_feed": {"GET": EVERYONE},  # the address's secret is the key, no log-in
    "metrics": {"GET": set()},  # the operators' bearer token only: 404 to every session
    # The API: what it offers (public); one's own keys (an empty POST: the form asks for a name);
    # a case officer's key, revoked by that person or an administrator of the organisation.
    "api_index": {"GET": EVERYONE},
    "api_tokens": {"GET": EVERYONE, "POST": EVERYONE},
    "api_token_revoke": {"POST": {"handlaggare", "admin"}},
}
OPEN_TO_ANONYMOUS = {
    "login", "set_language", "logout", "reply_link", "feedback", "health", "ready", "accessibility",
    "calendar_feed", "public_index", "public_list", "public_case", "public_published",
    "public_published_file", "public_feed", "public_calendar", "api_index",
}  # fmt: skip
TOKEN_ONLY = {"metrics"}  # refused alike to every role and to the anonymous visitor
# Django admin: staff only, its own. The API's operations ("api:") take no session, only a key:
# their matrix is tests/test_api.py (a session alone gets 401 on every operation needing a key).
NOT_IN_MATRIX = ("admin:", "django.contrib.staticfiles", "api:")
ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "TRACE"]


def route_names() -> list[str]:
    names: list[str] = []

    def walk(patterns, namespace: str = "") -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.append(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns)
    return [n for n in names if not n.startswith(NOT_IN_MATRIX)]


def test_every_route_has_a_row():
    assert sorted(set(route_names()) - set(MATRIX)) == []


@pytest.fixture
def objects(files_dir, django_capture_on_commit_callbacks):
    load_demo()
    case = Case.objects.get(registry__prefix="KS", year=2020, serial=132)
    statement_file = RecordFile.objects.filter(record__case=case).first()
    if statement_file is None:  # give the seed case a file to reach
        from remiss.cases import files
        from remiss.cases.services import record_add
        from tests.documents import make_pdf

        staged = files.stage_upload(io.BytesIO(make_pdf(["Remissvar"])), "svar.pdf")
        record = record_add(
            actor=User.objects.get(username="registrator"),
            case=case,
            direction="incoming",
            document_date=case.referral.received_date,
            counterpart="Sala kommun",
            subject="Remissvar",
            staged_files=[staged],
        )
        files._publish(staged)
        statement_file = record.files.get()
    FileReading.objects.get_or_create(
        record_file=statement_file,
        defaults={"requested_by": User.objects.get(username="registrator")},
    )
    other_org = OrganisationFactory(name="Sala kommun")
    other_registry = RegistryFactory(organisation=other_org, prefix="KF")
    other_user = UserFactory(role="registrar", organisation=other_org)
    from remiss.referrals.services import referral_register
    from tests.factories import referral_kwargs

    foreign = referral_register(
        actor=other_user,
        registry=other_registry,
        issuer=case.referral.issuer,
        **referral_kwargs(),
    ).case
    from remiss.cases import files as stored
    from remiss.cases.services import record_add as add
    from tests.documents import make_pdf as pdf

    staged = stored.stage_upload(io.BytesIO(pdf(["Främmande"])), "annan.pdf")
    foreign_file = add(
        actor=other_user,
        case=foreign,
        direction="incoming",
        document_date=foreign.referral.received_date,
        counterpart="X",
        subject="Annan",
        staged_files=[staged],
    ).files.get()
    outgoing, token, reply = _outgoing_referral()
    from django.utils import timezone

    from remiss.core.models import WorkerHeartbeat

    WorkerHeartbeat.objects.create(worker_id="w1", seen_at=timezone.now())  # /ready: ready
    from remiss.consultations.models import CompilationExport

    export = CompilationExport.objects.create(  # the official's own, not yet made
        referral=outgoing,
        fmt="pdf",
        requested_by=User.objects.get(username="departement"),
        file_name="x.pdf",
    )
    from remiss.cases.models import Direction
    from remiss.documents.models import DeliveryStatus, ReplyDelivery

    delivery = ReplyDelivery.objects.create(  # the seed's reply, by e-mail, failed: may be resent
        record=case.records.filter(direction=Direction.OUTGOING).first(),
        channel="email", status=DeliveryStatus.FAILED,
        addresses="fi.remissvar@regeringskansliet.se",
        subject="Fi2019/03090 Stockholms stad", last_error="ConnectionRefusedError",
        requested_by=User.objects.get(username="registrator"),
    )  # fmt: skip
    from remiss.cases.archive import archive_export
    from remiss.consultations import publishing

    registrar = User.objects.get(username="registrator")
    with django_capture_on_commit_callbacks(execute=True):  # the package's file into place
        archive = archive_export(actor=registrar, case=case)
        publication = publishing.publish(
            actor=registrar, case=case, draft=publishing.own_reply_draft(actor=registrar, case=case)
        )
    from remiss.consultations.mail import receive_mail

    with django_capture_on_commit_callbacks(execute=True):
        mail, _new = receive_mail(
            organisation=outgoing.case.registry.organisation,
            data=b"From: medborgare@example.org\r\nSubject: Fraga\r\n\r\nHej\r\n",
        )
    import hashlib

    from remiss.consultations.models import ReplyFeedback

    ReplyFeedback.objects.create(
        reply=reply, token_sha256=hashlib.sha256(b"aterkoppling-nyckel").hexdigest(),
        sent_to="registraturen@boverket.se", open_until=timezone.localdate(),
    )  # fmt: skip
    from remiss.api.tokens import token_create

    api_token, _key = token_create(actor=User.objects.get(username="handlaggare"), name="Skript")
    return {
        "api_token": api_token,
        "mail": mail,
        "publication": publication,
        "archive": archive,
        "delivery": delivery,
        "export": export,
        "outgoing": outgoing,
        "token": token,
        # A colleague's calendar address: the secret is the key, no log-in.
        "calendar_token": calendar_feed_renew(
            actor=UserFactory(role="case_officer", organisation=case.registry.organisation)
        ),
        "reply": reply,
        "case": case,
        "foreign": foreign,
        "foreign_file": foreign_file,
        "file": statement_file,
        "internal": InternalReferral.objects.get(case=case),
        "meeting": Meeting.objects.filter(items__case=case).first(),
    }


def _outgoing_referral():
    """Finansdepartementet's own referral, with a recipient's link and an uploaded reply."""
    import datetime as dt

    from django.utils import timezone

    from remiss.consultations.replies import replies_upload
    from remiss.consultations.sending import new_reply_link
    from remiss.consultations.services import outgoing_create, recipients_add
    from remiss.organisations.models import Organisation, Registry

    official = User.objects.get(username="departement")
    outgoing = outgoing_create(
        actor=official,
        registry=Registry.objects.get(prefix="Fi"),
        report_ref="SOU 2026:3",
        report_title="Ett betänkande",
        deadline=timezone.localdate() + dt.timedelta(days=60),
    )
    recipient, removable = recipients_add(
        actor=official,
        referral=outgoing,
        organisations=list(Organisation.objects.filter(name__in=["Boverket", "Naturvårdsverket"])),
    )
    outgoing.removable = removable  # taken off the list by the one allowed POST
    url, _valid_until = new_reply_link(recipient, outgoing.deadline)
    from remiss.cases import files as stored_files

    staged = stored_files.stage_upload(io.BytesIO(b"Boverket har inga synpunkter."), "svar.txt")
    [reply] = replies_upload(actor=official, referral=outgoing, staged=[staged])
    stored_files._publish(staged)
    return outgoing, url.rstrip("/").rsplit("/", 1)[-1], reply


def url_for(name: str, objects: dict, own: bool = True) -> str:
    if name.startswith("consultations:") and name not in (
        "consultations:list",
        "consultations:create",
    ):
        outgoing = objects["outgoing"].case
        numbers = {
            "prefix": outgoing.registry.prefix,
            "year": outgoing.year,
            "serial": outgoing.serial,
        }
        extra = {
            "consultations:letter": {"fmt": "pdf"},
            "consultations:compilation_download": {"fmt": "xlsx"},
            "consultations:reply": {"pk": objects["reply"].pk},
            "consultations:reply_reject": {"pk": objects["reply"].pk},
            "consultations:reply_reinstate": {"pk": objects["reply"].pk},
            "consultations:recipient_remove": {"pk": objects["outgoing"].removable.pk},
            "consultations:export": {"pk": objects["export"].pk},
            "consultations:export_file": {"pk": objects["export"].pk},
        }.get(name, {})
        return reverse(name, kwargs={**numbers, **extra})
    if name == "body_detail":
        from remiss.organisations.models import Organisation

        return reverse(name, kwargs={"pk": Organisation.objects.get(name="Boverket").pk})
    if name in ("mail_detail", "mail_file"):
        return reverse(name, kwargs={"pk": objects["mail"].pk})
    if name == "feedback":
        return reverse(name, kwargs={"token": "aterkoppling-nyckel"})
    if name == "api_token_revoke":
        return reverse(name, kwargs={"pk": objects["api_token"].pk})
    if name == "reply_link":
        return reverse(name, kwargs={"token": objects["token"]})
    if name == "calendar_feed":
        return reverse(name, kwargs={"token": objects["calendar_token"]})
    if name == "cases:publish_reply":
        outgoing = objects["outgoing"].case
        numbers = {"prefix": outgoing.registry.prefix, "year": outgoing.year,
                   "serial": outgoing.serial}  # fmt: skip
        return reverse(name, kwargs={**numbers, "pk": objects["reply"].pk})
    if name.startswith("public_") and name != "public_index":
        seed = objects["case"]
        kwargs = {"org": seed.registry.organisation_id}
        if name == "public_case":
            kwargs |= {"prefix": seed.registry.prefix, "year": seed.year, "serial": seed.serial}
        elif name == "public_published_file":
            publication = objects["publication"]
            kwargs |= {"pk": publication.pk, "file_pk": publication.files.first().pk}
        elif name == "public_feed":
            kwargs |= {"name": "publicerat"}
        return reverse(name, kwargs=kwargs)
    case = objects["case"] if own else objects["foreign"]
    numbers = {"prefix": case.registry.prefix, "year": case.year, "serial": case.serial}
    kwargs = {
        "cases:detail": numbers,
        "cases:refer": numbers, "cases:memo": numbers, "cases:memo_ready": numbers,
        "cases:reply_send": numbers, "cases:referral_edit": numbers,
        "cases:close": numbers, "cases:record_add": numbers,
        "cases:close_without_reply": numbers,
        "cases:assign": numbers, "cases:take": numbers,
        "cases:reply": {**numbers, "fmt": "pdf"},
        "cases:memo_compare": {**numbers, "number": 1},
        "cases:decide": {**numbers, "stage": "beslut"},
        "cases:record_secrecy": {**numbers, "record_serial": 1},
        "cases:file": {"pk": objects["file" if own else "foreign_file"].pk},
        "cases:file_reading": {"pk": objects["file" if own else "foreign_file"].pk},
        "cases:answer": {"pk": objects["internal"].pk},
        "cases:decline": {"pk": objects["internal"].pk},
        "cases:approve": {"pk": objects["meeting"].pk},
        "cases:agenda": {"pk": objects["meeting"].pk},
        "cases:agenda_pdf": {"pk": objects["meeting"].pk},
        "cases:agenda_item_delete": {
            "pk": objects["meeting"].pk,
            "item": objects["meeting"].items.first().pk,
        },
        "cases:agenda_item_move": {
            "pk": objects["meeting"].pk,
            "item": objects["meeting"].items.first().pk,
        },
        "cases:meeting_delete": {"pk": objects["meeting"].pk},
        "cases:reply_resend": {"pk": objects["delivery"].pk},
        "cases:archive_export": numbers,
        "cases:archive_download": {"pk": objects["archive"].pk},
        "cases:publish": numbers,
        "cases:publication_withdraw": {**numbers, "pk": objects["publication"].pk},
    }.get(name, {})  # fmt: skip
    return reverse(name, kwargs=kwargs)


# Routes reached through another organisation's case or file.
FOREIGN_ROUTES = {
    "cases:detail", "cases:file", "cases:file_reading", "cases:reply", "cases:refer",
    "cases:memo", "cases:memo_compare", "cases:decide", "cases:reply_send", "cases:referral_edit",
    "cases:record_add",
    "cases:record_secrecy", "cases:assign", "cases:publish",
}  # fmt: skip


# Tables that a refused request may touch without changing anything of the application:
# sessions (log-in for the test), django-axes' records of requests, the task queue's results.
UNWATCHED = ("django_session", "axes_", "django_tasks")


def database_fingerprint():
    """Every application table's row count and the audit trail's newest entry, in one query:
    a refused request must leave all of them as they were (a change to a row is audited)."""
    from django.apps import apps
    from django.db import connection

    tables = sorted(
        m._meta.db_table
        for m in apps.get_models()
        if m._meta.managed and not m._meta.db_table.startswith(UNWATCHED)
    )
    columns = ", ".join(f'(SELECT COUNT(*) FROM "{t}")' for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT {columns}, (SELECT MAX(id) FROM "core_auditentry")')
        return dict(zip([*tables, "newest audit entry"], cursor.fetchone(), strict=True))


@pytest.mark.async_views  # /ready is an async view
def test_the_matrix(client, objects, settings):
    from http.cookies import SimpleCookie

    settings.REMISS_METRICS_TOKEN = "operatorernas-nyckel"  # set up, and still no session in
    settings.REMISS_WORKER_STALE_SECONDS = 3600  # the fixture's heartbeat lasts the long walk
    problems: list[str] = []
    login_url = reverse("login")
    users = {u.username: u for u in User.objects.filter(username__in=ROLES)}
    sessions: dict[str, str] = {}  # each role logs in once; its session is reused

    def act_as(who: str | None) -> None:
        client.cookies = SimpleCookie()  # no cookie of the previous request (language too)
        if who is None:
            return
        if who not in sessions:
            client.force_login(users[who])
            sessions[who] = client.cookies[settings.SESSION_COOKIE_NAME].value
        else:
            client.cookies[settings.SESSION_COOKIE_NAME] = sessions[who]

    for name, allowed_by_method in MATRIX.items():
        for method in ALL_METHODS:
            for who in [None, *ROLES]:
                act_as(who)
                data = {
                    "cases:approve": {"case": objects["case"].pk},
                    "cases:agenda_item_move": {"riktning": "ned"},
                }.get(name, {})
                body = "&".join(f"{k}={v}" for k, v in data.items())
                before = database_fingerprint() if method != "GET" else None
                response = client.generic(
                    method,
                    url_for(name, objects),
                    body,
                    content_type="application/x-www-form-urlencoded",
                )
                if name in ("login", "logout") and who:
                    sessions.pop(who, None)  # the request may have ended the session
                status = response.status_code
                location = response.get("Location", "")
                if name in TOKEN_ONLY and method in allowed_by_method:
                    ok, expectation = status == 404, "404"
                elif method not in allowed_by_method:
                    ok, expectation = status == 405, "405"
                    if who is None and name not in OPEN_TO_ANONYMOUS:
                        ok = ok or (status == 302 and location.startswith(login_url))
                elif who is None and name not in OPEN_TO_ANONYMOUS:
                    ok = status == 302 and location.startswith(login_url)
                    expectation = "a log-in redirect"
                elif who is None or who in allowed_by_method[method]:
                    ok = status not in (403, 404, 405) and status < 500
                    expectation = "allowed"
                else:
                    ok, expectation = status == 404, "404"
                if not ok:
                    problems.append(
                        f"{method} {name} as {who or 'anonymous'}: {status}, expected {expectation}"
                    )
                elif before is not None and expectation != "allowed":
                    # Refused: nothing may have changed (issue 13.2).
                    after = database_fingerprint()
                    changed = [t for t in before if before[t] != after[t]]
                    if changed:
                        problems.append(
                            f"{method} {name} as {who or 'anonymous'} was refused ({status}) "
                            f"but changed {changed}"
                        )
        if name in FOREIGN_ROUTES:
            for who in CITY:
                act_as(who)
                foreign = client.get(url_for(name, objects, own=False))
                if foreign.status_code != 404:
                    problems.append(
                        f"GET {name} of another organisation as {who}: "
                        f"{foreign.status_code}, expected 404"
                    )
    assert problems == [], "\n".join(problems)


def test_the_fingerprint_sees_a_row_added_and_a_change_audited(objects):
    from remiss.cases.services import case_update

    before = database_fingerprint()
    assert len(before) > 30  # every application table is watched
    case = objects["case"]
    case_update(actor=User.objects.get(username="registrator"), case=case, title="Ny rubrik")
    after = database_fingerprint()
    assert after["newest audit entry"] != before["newest audit entry"]
    OrganisationFactory(name="Tierps kommun")
    assert database_fingerprint()["organisations_organisation"] == (
        before["organisations_organisation"] + 1
    )
