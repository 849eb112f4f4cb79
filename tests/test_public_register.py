"""The public register (offentligt diarium), without log-in: the OSL 5 kap. entries of every
case; a secret record shown as existing, with its provision, its content and party withheld.
The canary: unique words planted in a secret record's subject, party and file, and in the names
of the people who register and handle the case, reach no public page — not as text, not in
a count of search results."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse

from remiss.accounts.models import Role
from remiss.cases import files
from remiss.cases.services import case_register, case_update, record_add
from tests.documents import make_pdf
from tests.factories import OrganisationFactory, RegistryFactory, UserFactory

pytestmark = pytest.mark.django_db

CANARIES = {
    "subject": "KANARIEÄMNE",
    "party": "Kanariefågel Hemligsson",
    "file": "KANARIEFIL",
    "officer": "Kanarieofficer",
    "registrar": "Kanarieregistrator",
}


@pytest.fixture
def world(city, registry, files_dir, django_capture_on_commit_callbacks):
    registrar = UserFactory(
        username="reg", role=Role.REGISTRAR, organisation=city, last_name=CANARIES["registrar"]
    )
    officer = UserFactory(
        username="off", role=Role.CASE_OFFICER, organisation=city, last_name=CANARIES["officer"]
    )
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
            counterpart=CANARIES["party"], subject=f"Hotbild {CANARIES['subject']}",
            secrecy_provision="OSL 18 kap. 8 §", public_subject="Uppgifter om säkerhetsskydd",
            staged_files=[files.stage_upload(
                io.BytesIO(make_pdf([f"Hemligt {CANARIES['file']}"])), "hot.pdf")],
        )  # fmt: skip
    other = OrganisationFactory(name="Sala kommun")
    other_registry = RegistryFactory(organisation=other, prefix="KS")
    other_registrar = UserFactory(username="sala", role=Role.REGISTRAR, organisation=other)
    other_case = case_register(actor=other_registrar, registry=other_registry, title="Sala")
    return {"case": case, "city": city, "other": other, "other_case": other_case}


def _pages(client, world) -> dict[str, str]:
    case, city = world["case"], world["city"]
    list_url = reverse("public_list", kwargs={"org": city.pk})
    case_url = reverse("public_case", kwargs={
        "org": city.pk, "prefix": case.registry.prefix, "year": case.year,
        "serial": case.serial})  # fmt: skip
    pages = {
        "index": reverse("public_index"),
        "list": list_url,
        "case": case_url,
        "search public subject": f"{list_url}?q=säkerhetsskydd",
        "search by number": f"{list_url}?q={case.number}",
        "calendar": reverse("public_calendar", kwargs={"org": city.pk}),
    }
    for name, word in CANARIES.items():
        pages[f"search {name}"] = f"{list_url}?q={word}"
    out = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        out[name] = response.content.decode()
    return out


def test_anyone_reads_the_register_without_logging_in(client, world):
    pages = _pages(client, world)
    case = world["case"]
    assert world["city"].name in pages["index"]
    assert case.number in pages["list"]
    assert "Remiss om tillit i staten" in pages["list"]
    case_page = pages["case"]
    assert "Remiss av SOU 2019:43" in case_page  # a public record: all of it
    assert "Finansdepartementet" in case_page
    # The secret record: that it exists, its public subject, its provision; nothing more.
    assert "Uppgifter om säkerhetsskydd" in case_page
    assert "OSL 18 kap. 8 §" in case_page
    assert "Utelämnas" in case_page
    assert "1 ärende" in pages["search public subject"]
    assert "1 ärende" in pages["search by number"]


def test_no_trace_of_the_secret_or_the_internal_reaches_a_public_page(client, world):
    pages = _pages(client, world)
    for page_name, html in pages.items():
        if page_name.startswith("search "):  # the search box shows what was asked, no more
            asked = CANARIES.get(page_name.removeprefix("search "), "")
            html = html.replace(f'value="{asked}"', "").replace(f"?q={asked}", "")
        for canary in CANARIES.values():
            assert canary.casefold() not in html.casefold(), (page_name, canary)
    for name in CANARIES:
        if name in ("subject", "party"):  # what a secret record holds: not found, not counted
            assert "0 ärenden" in pages[f"search {name}"], name
    assert "remiss.pdf" not in pages["case"]  # files are asked for from the registry


def test_the_public_pages_link_no_internal_page(client, world):
    html = _pages(client, world)["case"]
    for internal in ("/arenden/", "/filer/", "/sok/", "/kalender/"):
        assert f'href="{internal}' not in html, internal


def test_each_organisation_has_its_own_register(client, world):
    city, other, other_case = world["city"], world["other"], world["other_case"]
    city_register = client.get(reverse("public_list", kwargs={"org": city.pk}))
    assert "Sala" not in city_register.content.decode()
    wrong = reverse("public_case", kwargs={
        "org": city.pk, "prefix": "KS", "year": other_case.year,
        "serial": other_case.serial + 100})  # fmt: skip
    assert client.get(wrong).status_code == 404
    assert client.get(reverse("public_list", kwargs={"org": 999_999})).status_code == 404
    own = client.get(reverse("public_list", kwargs={"org": other.pk})).content.decode()
    assert other_case.number in own


def test_the_register_pages_are_in_english_too(client, world):
    client.cookies["django_language"] = "en"
    html = client.get(reverse("public_list", kwargs={"org": world["city"].pk})).content.decode()
    assert f"Register of {world['city'].name}" in html
    client.cookies["django_language"] = "sv"  # the next test's language: the default again
    client.get(reverse("public_index"))
