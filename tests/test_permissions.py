"""The permission module: organisation, unit, role, assignment and secrecy — and every page
answers a case it may not show exactly as one that does not exist."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from remiss.accounts.models import Role
from remiss.cases import files
from remiss.cases.models import Direction
from remiss.cases.services import case_update, record_add
from remiss.core import permissions
from remiss.core.errors import NotAllowed
from remiss.referrals.services import referral_register
from tests.documents import make_pdf
from tests.factories import (
    OrganisationFactory,
    RegistryFactory,
    UnitFactory,
    UserFactory,
    referral_kwargs,
)

pytestmark = pytest.mark.django_db
CANARY = "KANARIE-7f3a hemlig uppgift om enskild"


@pytest.fixture
def world(registrar, registry, ministry, files_dir, django_capture_on_commit_callbacks):
    city = registry.organisation
    office = UnitFactory(organisation=city, name="Socialförvaltningen")
    other_office = UnitFactory(organisation=city, name="Miljöförvaltningen")
    referral = referral_register(
        actor=registrar,
        registry=registry,
        issuer=ministry,
        responsible_unit=office,
        **referral_kwargs(),
    )
    case = referral.case
    with django_capture_on_commit_callbacks(execute=True):
        staged = files.stage_upload(io.BytesIO(make_pdf([CANARY])), "skyddad.pdf")
        secret = record_add(
            actor=registrar,
            case=case,
            direction=Direction.INCOMING,
            document_date=referral.received_date,
            counterpart="Privatperson",
            subject=CANARY,
            staged_files=[staged],
            secrecy_provision="OSL 26 kap. 1 §",
        )
    other_city = OrganisationFactory(name="Sala kommun")
    other_registry = RegistryFactory(organisation=other_city, prefix="KF", name="Fullmäktige")
    other_registrar = UserFactory(role=Role.REGISTRAR, organisation=other_city)
    foreign = referral_register(
        actor=other_registrar, registry=other_registry, issuer=ministry, **referral_kwargs()
    ).case
    users = {
        "registrar": registrar,
        "officer": UserFactory(role=Role.CASE_OFFICER, organisation=city, unit=other_office),
        "assigned_officer": UserFactory(role=Role.CASE_OFFICER, organisation=city),
        "office": UserFactory(role=Role.OFFICE_RESPONDENT, organisation=city, unit=office),
        "other_office": UserFactory(
            role=Role.OFFICE_RESPONDENT, organisation=city, unit=other_office
        ),
        "politician": UserFactory(role=Role.POLITICIAN, organisation=city),
        "admin": UserFactory(role=Role.ADMINISTRATOR, organisation=city),
        "other_org": other_registrar,
    }
    case_update(actor=registrar, case=case, case_officer=users["assigned_officer"])
    case.refresh_from_db()
    return {"case": case, "secret": secret, "foreign": foreign, "users": users}


# who → (sees the case, may change it, reads the secret record)
EXPECTED = {
    "registrar": (True, True, True),
    "admin": (True, True, True),
    "assigned_officer": (True, True, True),
    "officer": (True, False, False),
    "office": (True, False, False),
    "other_office": (False, False, False),
    "politician": (True, False, False),
    "other_org": (False, False, False),
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_permission_module_decides_by_role_unit_organisation_and_secrecy(world, who):
    user, case, secret = world["users"][who], world["case"], world["secret"]
    sees, changes, reads_secret = EXPECTED[who]
    assert permissions.can_view_case(user, case) is sees
    assert permissions.can_change_case(user, case) is changes
    assert permissions.can_view_record_content(user, secret) is reads_secret
    assert (case in permissions.cases_visible_to(user)) is sees


def test_the_anonymous_visitor_sees_no_case(world):
    from django.contrib.auth.models import AnonymousUser

    assert not permissions.cases_visible_to(AnonymousUser()).exists()
    assert not permissions.can_view_case(AnonymousUser(), world["case"])


def test_only_registrars_and_administrators_register(world):
    city = world["case"].registry.organisation
    allowed = {who for who, user in world["users"].items() if permissions.can_register(user, city)}
    assert allowed == {"registrar", "admin"}


def test_services_refuse_what_the_module_refuses(world):
    with pytest.raises(NotAllowed):
        case_update(actor=world["users"]["politician"], case=world["case"], title="Ändrad")
    with pytest.raises(NotAllowed):
        case_update(actor=world["users"]["other_org"], case=world["case"], title="Ändrad")


def _url(case):
    return case.get_absolute_url()


def _without_csrf(content: bytes) -> bytes:
    import re

    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


@pytest.mark.parametrize("who", ["other_org", "other_office"])
def test_a_case_out_of_reach_looks_exactly_like_one_that_does_not_exist(client, world, who):
    client.force_login(world["users"][who])
    case = world["case"]
    hidden = client.get(_url(case))
    missing = client.get(
        reverse("cases:detail", kwargs={"prefix": "KS", "year": case.year, "serial": 9999})
    )
    assert hidden.status_code == missing.status_code == 404
    # Byte for byte, but for the CSRF token of the page's forms (masked anew on every response).
    assert _without_csrf(hidden.content) == _without_csrf(missing.content)
    assert b"Sidan finns inte" in hidden.content
    listing = client.get(reverse("cases:list"))
    assert case.title not in listing.content.decode() or who == "other_org"
    assert case.number not in listing.content.decode() or who == "other_org"


def test_other_organisations_cases_never_show_in_lists_or_the_start_page(client, world):
    client.force_login(world["users"]["registrar"])
    foreign = world["foreign"]
    for url in (reverse("start"), reverse("cases:list"), reverse("cases:list") + "?q=tillit"):
        body = client.get(url).content.decode()
        assert foreign.get_absolute_url() not in body


@pytest.mark.parametrize("who", ["officer", "office", "politician"])
def test_secret_content_is_withheld_on_the_page_and_the_download(client, world, who):
    client.force_login(world["users"][who])
    page = client.get(_url(world["case"]))
    assert page.status_code == 200
    body = page.content.decode()
    assert CANARY not in body
    assert "OSL 26 kap. 1 §" in body  # that the record exists, and why it is withheld
    attached = world["secret"].files.get()
    assert client.get(reverse("cases:file", args=[attached.pk])).status_code == 404


@pytest.mark.parametrize("who", ["registrar", "assigned_officer"])
def test_cleared_users_read_and_download_secret_content(client, world, who):
    client.force_login(world["users"][who])
    assert CANARY in client.get(_url(world["case"])).content.decode()
    attached = world["secret"].files.get()
    response = client.get(reverse("cases:file", args=[attached.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_pages_need_a_log_in(client, world):
    for url in (
        reverse("start"),
        reverse("cases:list"),
        _url(world["case"]),
        reverse("cases:register_referral"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_only_the_methods_a_page_needs(client, world):
    client.force_login(world["users"]["registrar"])
    assert client.post(_url(world["case"])).status_code == 405
    assert client.generic("TRACE", reverse("cases:list")).status_code == 405
    assert client.delete(reverse("cases:register_referral")).status_code == 405
