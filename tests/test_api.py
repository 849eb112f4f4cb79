"""The REST API (issue 17 §4, docs/api.md): the public register read by anyone; with a person's
key exactly what that person reaches on the pages — a secret record's content only when cleared,
another organisation's case never; writes through the services, audited, refused for a key that
may only read; keys made, shown once, kept as a hash, revoked and expired."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from remiss.accounts.models import Role
from remiss.api import tokens
from remiss.api.models import ApiToken, Scope
from remiss.cases import files
from remiss.cases.models import Record
from remiss.cases.services import case_register, case_update, record_add
from remiss.core.errors import NotAllowed
from remiss.core.models import AuditEntry
from tests.demo_data import load_demo
from tests.documents import make_pdf
from tests.factories import OrganisationFactory, RegistryFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRET_WORDS = ("KANARIEÄMNE", "Kanariefågel Hemligsson", "KANARIEFIL")


@pytest.fixture
def world(city, registry, files_dir, django_capture_on_commit_callbacks):
    registrar = UserFactory(username="reg", role=Role.REGISTRAR, organisation=city)
    officer = UserFactory(username="off", role=Role.CASE_OFFICER, organisation=city)
    colleague = UserFactory(username="kollega", role=Role.CASE_OFFICER, organisation=city)
    with django_capture_on_commit_callbacks(execute=True):
        case = case_register(actor=registrar, registry=registry, title="Remiss om tillit i staten")
        case_update(actor=registrar, case=case, case_officer=officer)
        record_add(
            actor=registrar, case=case, direction="incoming", document_date=dt.date(2026, 9, 4),
            counterpart="Finansdepartementet", subject="Remiss av SOU 2019:43",
            staged_files=[files.stage_upload(io.BytesIO(make_pdf(["Remissen"])), "remiss.pdf")],
        )  # fmt: skip
        record_add(
            actor=registrar, case=case, direction="incoming", document_date=dt.date(2026, 9, 5),
            counterpart=SECRET_WORDS[1], subject=f"Hotbild {SECRET_WORDS[0]}",
            secrecy_provision="OSL 18 kap. 8 §", public_subject="Uppgifter om säkerhetsskydd",
            staged_files=[files.stage_upload(
                io.BytesIO(make_pdf([f"Hemligt {SECRET_WORDS[2]}"])), f"{SECRET_WORDS[2]}.pdf")],
        )  # fmt: skip
    other = OrganisationFactory(name="Sala kommun")
    other_registrar = UserFactory(username="sala", role=Role.REGISTRAR, organisation=other)
    other_case = case_register(
        actor=other_registrar,
        registry=RegistryFactory(organisation=other, prefix="SN"),
        title="Salas egen remiss",
    )
    return {
        "case": case, "city": city, "registrar": registrar, "officer": officer,
        "colleague": colleague, "other_registrar": other_registrar, "other_case": other_case,
    }  # fmt: skip


def key_for(user, scope: str = Scope.READ) -> dict[str, str]:
    _token, key = tokens.token_create(actor=user, name="Ärendesystemet", scope=scope)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def named(content: bytes, name: str) -> io.BytesIO:
    upload = io.BytesIO(content)
    upload.name = name
    return upload


def case_path(case) -> str:
    return f"{case.registry.prefix}/{case.year}/{case.serial}"


# --- the public register ------------------------------------------------------------------


def test_anyone_reads_the_public_register_and_no_secret_reaches_it(client, world):
    city, case = world["city"], world["case"]
    organisations = client.get("/api/v1/public/organisations").json()
    assert {"id": city.pk, "name": city.name, "email": city.email} in organisations

    listing = client.get(f"/api/v1/public/organisations/{city.pk}/cases").json()
    assert [c["number"] for c in listing["items"]] == [case.number]
    assert listing["count"] == 1

    detail = client.get(f"/api/v1/public/organisations/{city.pk}/cases/{case_path(case)}")
    assert detail.status_code == 200
    public_record, secret_record = detail.json()["records"]
    assert public_record["subject"] == "Remiss av SOU 2019:43"
    assert public_record["counterpart"] == "Finansdepartementet"
    assert secret_record == {
        "number": f"{case.number}-2", "serial": 2, "direction": "incoming",
        "registered": secret_record["registered"], "document_date": "2026-09-05",
        "counterpart": "", "subject": "Uppgifter om säkerhetsskydd",
        "secrecy_provision": "OSL 18 kap. 8 §",
    }  # fmt: skip

    answers = [detail.content.decode(), json.dumps(listing, ensure_ascii=False)]
    for word in SECRET_WORDS:  # searched for: neither found nor counted
        found = client.get(f"/api/v1/public/organisations/{city.pk}/cases", {"q": word}).json()
        assert found["count"] == 0, word
        answers.append(json.dumps(found, ensure_ascii=False))
    for answer in answers:
        for word in SECRET_WORDS:
            assert word not in answer
    # The public subject is found, as on the register's page.
    found = client.get(f"/api/v1/public/organisations/{city.pk}/cases", {"q": "säkerhetsskydd"})
    assert found.json()["count"] == 1


def test_public_answers_for_what_is_not_there(client, world):
    city = world["city"]
    assert client.get("/api/v1/public/organisations/999999/cases").status_code == 404
    missing = client.get(f"/api/v1/public/organisations/{city.pk}/cases/KS/2020/99999")
    assert missing.status_code == 404
    assert missing.json()["detail"]
    # Out of range or of the wrong kind: refused as invalid, never a server error.
    assert client.get(f"/api/v1/public/organisations/{city.pk}/cases?page=0").status_code == 422
    assert client.get(f"/api/v1/public/organisations/{city.pk}/cases/KS/x/1").status_code == 422
    # A NUL character (which PostgreSQL refuses in text) is taken out of a search.
    found = client.get(f"/api/v1/public/organisations/{city.pk}/cases", {"q": "tillit\x00"})
    assert found.status_code == 200
    assert found.json()["count"] == 1


# --- keys ----------------------------------------------------------------------------------


def test_without_a_valid_key_nothing_but_the_public_part_answers(client, world):
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer remiss_fel"}, {"HTTP_AUTHORIZATION": "x"}):
        response = client.get("/api/v1/cases", **headers)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Bearer"
    # A session (someone logged in on the pages) is not a key: no cookie-driven API calls, on
    # any operation that needs a key, even for an administrator (no cross-site request forgery).
    from remiss.api.endpoints import api

    client.force_login(UserFactory(role=Role.ADMINISTRATOR, organisation=world["city"]))
    values = {"{prefix}": "KS", "{year}": "2026", "{serial}": "1", "{org}": "1", "{pk}": "1"}
    needing_a_key = 0
    for path, item in api.get_openapi_schema()["paths"].items():
        url = path
        for placeholder, value in values.items():
            url = url.replace(placeholder, value)
        for method, operation in item.items():
            if operation.get("security"):
                needing_a_key += 1
                response = client.generic(method.upper(), url)
                assert response.status_code == 401, (method, url, response.status_code)
    assert needing_a_key >= 8


def test_a_key_is_kept_as_a_hash_shown_once_and_stops_when_revoked_or_expired(client, world):
    officer = world["officer"]
    token, key = tokens.token_create(actor=officer, name="Ärendesystemet")
    assert key.startswith("remiss_")
    assert len(key) > 40
    assert key not in json.dumps(list(ApiToken.objects.values()), default=str)
    assert token.key_hash == tokens.key_hash(key)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    me = client.get("/api/v1/me", **headers).json()
    assert me == {
        "username": "off", "name": officer.get_full_name(), "organisation": world["city"].name,
        "role": "case_officer", "scope": "read",
    }  # fmt: skip
    token.refresh_from_db()
    assert token.last_used_at is not None

    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get("/api/v1/me", **headers).status_code == 401

    token, key = tokens.token_create(actor=officer, name="Andra systemet")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get("/api/v1/me", **headers).status_code == 200
    tokens.token_revoke(actor=officer, token=token)
    assert client.get("/api/v1/me", **headers).status_code == 401
    made, revoked = AuditEntry.objects.filter(object_type="api.apitoken", object_id=token.pk)
    assert made.after["name"] == "Andra systemet"
    assert "key_hash" not in made.after
    assert revoked.after["revoked_at"] is not None

    # A person who has left (made inactive) has no working key.
    token, key = tokens.token_create(actor=officer, name="Tredje")
    officer.is_active = False
    officer.save()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_who_may_revoke_a_key(world):
    officer, colleague = world["officer"], world["colleague"]
    token, _key = tokens.token_create(actor=officer, name="Ärendesystemet")
    with pytest.raises(NotAllowed):
        tokens.token_revoke(actor=colleague, token=token)
    with pytest.raises(NotAllowed):  # an administrator of another organisation
        tokens.token_revoke(
            actor=UserFactory(
                role=Role.ADMINISTRATOR, organisation=world["other_case"].registry.organisation
            ),
            token=token,
        )
    admin = UserFactory(role=Role.ADMINISTRATOR, organisation=world["city"])
    assert tokens.token_revoke(actor=admin, token=token).revoked_at is not None


# --- reading with a key --------------------------------------------------------------------


def test_a_key_reaches_what_its_person_reaches_and_no_more(client, world):
    case, other_case = world["case"], world["other_case"]
    officer = key_for(world["officer"])
    listing = client.get("/api/v1/cases", **officer).json()
    assert [c["number"] for c in listing["items"]] == [case.number]
    assert client.get(f"/api/v1/cases/{case_path(other_case)}", **officer).status_code == 404
    by_number = client.get("/api/v1/cases", {"q": case.number}, **officer).json()
    assert by_number["count"] == 1
    # Sala's registrar sees Sala's case and not the city's.
    sala = key_for(world["other_registrar"])
    assert [c["title"] for c in client.get("/api/v1/cases", **sala).json()["items"]] == [
        "Salas egen remiss"
    ]
    assert client.get(f"/api/v1/cases/{case_path(case)}", **sala).status_code == 404


def test_a_secret_records_content_only_for_those_cleared(client, world):
    case = world["case"]
    url = f"/api/v1/cases/{case_path(case)}"
    cleared = client.get(url, **key_for(world["officer"])).json()["records"][1]
    assert cleared["content_visible"] is True
    assert cleared["subject"] == f"Hotbild {SECRET_WORDS[0]}"
    assert cleared["files"][0]["name"] == f"{SECRET_WORDS[2]}.pdf"

    answer = client.get(url, **key_for(world["colleague"]))
    assert answer.status_code == 200
    secret = answer.json()["records"][1]
    assert secret["content_visible"] is False
    assert secret["subject"] == "Uppgifter om säkerhetsskydd"
    assert secret["counterpart"] == ""
    assert secret["files"] == []
    for word in SECRET_WORDS:
        assert word not in answer.content.decode()


# --- writing with a key --------------------------------------------------------------------


def test_a_document_is_registered_through_the_service_with_its_file(
    client, world, django_capture_on_commit_callbacks
):
    case = world["case"]
    headers = key_for(world["registrar"], Scope.WRITE)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/cases/{case_path(case)}/records",
            {
                "direction": "outgoing", "document_date": "2026-10-01",
                "counterpart": "Finansdepartementet", "subject": "Remissvar",
                "files": [named(make_pdf(["Remissvar"]), "remissvar.pdf")],
            },
            **headers,
        )  # fmt: skip
    assert response.status_code == 201, response.content
    made = response.json()
    assert made["number"] == f"{case.number}-3"
    assert made["files"][0]["content_type"] == "application/pdf"
    record = Record.objects.get(case=case, serial=3)
    assert record.registered_by == world["registrar"]
    assert AuditEntry.objects.filter(
        object_type="cases.record", object_id=record.pk, actor=world["registrar"]
    ).exists()


def test_writes_are_refused_clearly_and_nothing_is_saved(client, world):
    case = world["case"]
    url = f"/api/v1/cases/{case_path(case)}/records"
    data = {"direction": "incoming", "document_date": "2026-10-01",
            "counterpart": "Boverket", "subject": "Synpunkter"}  # fmt: skip
    before = Record.objects.count()

    read_only = client.post(url, data, **key_for(world["registrar"]))
    assert read_only.status_code == 403
    assert "läsa" in read_only.json()["detail"]

    empty = client.post(url, {**data, "subject": ""}, **key_for(world["registrar"], Scope.WRITE))
    assert empty.status_code == 422

    # Only a registrar marks secrecy: the service's refusal, in Swedish and in English.
    officer = key_for(world["officer"], Scope.WRITE)
    refused = client.post(url, {**data, "secrecy_provision": "OSL 18 kap. 8 §"}, **officer)
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Bara en registrator får sekretessmarkera en handling."
    english = client.post(
        url, {**data, "secrecy_provision": "OSL 18 kap. 8 §"}, HTTP_ACCEPT_LANGUAGE="en", **officer
    )
    assert english.json()["detail"] == "Only a registrar may mark a record as secret."

    # A file that is not what it says is refused by the same checks as an upload on the page.
    fake = named(b"MZ\x90\x00 not a pdf", "svar.pdf")
    bad_file = client.post(
        url, {**data, "files": [fake]}, **key_for(world["registrar"], Scope.WRITE)
    )
    assert bad_file.status_code == 400
    assert bad_file.json()["field"] == "files"

    # Another organisation's case: as if it did not exist.
    other = world["other_case"]
    sala = client.post(
        f"/api/v1/cases/{case_path(other)}/records",
        data,
        **key_for(world["registrar"], Scope.WRITE),
    )
    assert sala.status_code == 404
    assert Record.objects.count() == before


def test_a_form_body_that_cannot_be_read_is_refused_in_json_and_saves_nothing(client, world):
    """A multipart body whose part headers pass Django's limit (found by the schema test's
    generated requests): a 400 in the API's JSON, in Swedish and English, not a server page."""
    case = world["case"]
    boundary = "gransen"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="subject"\r\n'
        f"X-Fyllnad: {'a' * 20_000}\r\n\r\nSynpunkter\r\n--{boundary}--\r\n"
    ).encode()
    before = Record.objects.count()
    for language, words in (("sv", "Formulärdata"), ("en", "form data")):
        response = client.post(
            f"/api/v1/cases/{case_path(case)}/records",
            body,
            content_type=f"multipart/form-data; boundary={boundary}",
            HTTP_ACCEPT_LANGUAGE=language,
            **key_for(world["registrar"], Scope.WRITE),
        )
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert words in response.json()["detail"]
    assert Record.objects.count() == before


# --- the pages around the API ---------------------------------------------------------------


def test_the_api_page_lists_every_operation_from_the_openapi_document(client, world):
    document = client.get("/api/v1/openapi.json").json()
    page = client.get(reverse("api_index")).content.decode()
    for path, item in document["paths"].items():
        for method in item:
            assert f"<td>{method.upper()}</td>" in page
        assert path in page
    assert "/api/v1/public/organisations" in document["paths"]
    assert document["components"]["securitySchemes"]["ApiKey"]["scheme"] == "bearer"


def test_a_person_makes_and_revokes_a_key_on_the_page(client, world):
    officer = world["officer"]
    client.force_login(officer)
    made = client.post(
        reverse("api_tokens"), {"name": "Diariesystemet", "scope": "write", "days": 30}
    )
    assert made.status_code == 200
    token = ApiToken.objects.get(user=officer)
    key = made.context["key"]
    assert tokens.key_hash(key) == token.key_hash
    assert key in made.content.decode()
    assert key not in client.get(reverse("api_tokens")).content.decode()  # shown once
    assert token.scope == "write"
    assert (token.expires_at - timezone.now()).days in (29, 30)

    colleague_client = client.__class__()
    colleague_client.force_login(world["colleague"])
    revoke = reverse("api_token_revoke", kwargs={"pk": token.pk})
    assert colleague_client.post(revoke).status_code == 404
    assert client.post(revoke).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401

    invalid = client.post(reverse("api_tokens"), {"name": "", "scope": "read", "days": 9999})
    assert invalid.status_code == 200
    assert ApiToken.objects.filter(user=officer).count() == 1


# --- referrals sent: the issuer's side -------------------------------------------------------


@pytest.fixture
def issuer(files_dir, django_capture_on_commit_callbacks):

    from tests.factories import ministry_referral

    load_demo()
    with django_capture_on_commit_callbacks(execute=True):
        referral = ministry_referral(proposals=(("5.1", "Tillsyn"),), sent=True)
    return referral


def test_an_official_uploads_replies_and_reads_the_compilation(
    client, issuer, django_capture_on_commit_callbacks
):
    from remiss.accounts.models import User

    official = User.objects.get(username="departement")
    path = case_path(issuer.case)
    headers = key_for(official, Scope.WRITE)
    listing = client.get("/api/v1/referrals", **headers).json()
    assert "Bättre tillsyn" in [r["report_title"] for r in listing]
    detail = client.get(f"/api/v1/referrals/{path}", **headers).json()
    assert detail["proposals"] == [{"number": "5.1", "title": "Tillsyn"}]
    assert detail["bodies"] == 2
    assert detail["replies"] == 0

    reply = make_pdf(["Boverket", "Boverket tillstyrker förslaget i avsnitt 5.1."])
    with django_capture_on_commit_callbacks(execute=True):
        made = client.post(
            f"/api/v1/referrals/{path}/replies",
            {"files": [named(reply, "Boverket.pdf")]},
            **headers,
        )
    assert made.status_code == 201, made.content
    assert made.json()[0]["respondent"] == "Boverket"  # matched by the file's name

    replies = client.get(f"/api/v1/referrals/{path}/replies", **headers).json()
    assert [(r["respondent"], r["source"]) for r in replies] == [("Boverket", "upload")]
    compiled = client.get(f"/api/v1/referrals/{path}/compilation", **headers).json()
    [proposal] = compiled["proposals"]
    assert proposal["stances"] == {"supports": ["Boverket"]}
    assert proposal["quotes"][0]["page"] == 2
    [reading] = compiled["replies"]
    assert reading["respondent"] == "Boverket"
    assert reading["proposal_stances"][0] == {
        "proposal": "5.1", "stance": "supports",
        "evidence": reading["proposal_stances"][0]["evidence"], "page": 2,
    }  # fmt: skip

    # Someone of another organisation reaches none of it.
    stranger = key_for(UserFactory(role=Role.ISSUER_OFFICIAL))
    assert client.get(f"/api/v1/referrals/{path}/compilation", **stranger).status_code == 404
    assert client.get("/api/v1/referrals", **stranger).json() == []
