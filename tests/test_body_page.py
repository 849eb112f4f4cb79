"""A body's page in the register of bodies (issue 15 §1): what the register knows of it and the
referrals sent to it with its replies — of the cases the person sees only — reached from the
review of a referral list, the list of chosen bodies and the referral's page."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from lxml import html

from remiss.accounts.models import User
from remiss.cases import files
from remiss.consultations.models import OutgoingReferral
from remiss.consultations.replies import replies_upload
from remiss.organisations.models import Organisation
from remiss.referrals.models import Stance
from tests.demo_data import load_demo
from tests.factories import ministry_referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def replied(files_dir, django_capture_on_commit_callbacks) -> OutgoingReferral:
    load_demo()
    referral = ministry_referral(sent=True)
    number = referral.case.number.replace(" ", "").replace("/", "-")
    staged = files.stage_upload(
        io.BytesIO(b"Boverket tillstyrker forslagen."), f"{number} Boverket.txt"
    )
    with django_capture_on_commit_callbacks(execute=True):
        [reply] = replies_upload(
            actor=User.objects.get(username="departement"), referral=referral, staged=[staged]
        )
    type(reply).objects.filter(pk=reply.pk).update(overall_stance=Stance.SUPPORTS)
    return referral


def _page(client, username: str, name: str) -> html.HtmlElement:
    client.force_login(User.objects.get(username=username))
    organisation = Organisation.objects.get(name=name)
    response = client.get(reverse("body_detail", kwargs={"pk": organisation.pk}))
    assert response.status_code == 200
    return html.fromstring(response.content)


def test_the_issuer_sees_the_referral_sent_and_the_reply_with_its_stance(client, replied):
    page = _page(client, "departement", "Boverket")
    assert page.findtext(".//h1") == "Boverket"
    facts = " ".join(page.xpath("//dl[@class='facts']//text()")).split()
    assert "registraturen@boverket.se" in facts
    # The demo's own referrals to Boverket are listed too; this one among them.
    rows = page.xpath("//section[@aria-labelledby='sent-to-body']//tbody/tr")
    [row] = [r for r in rows if r.findtext(".//th/a") == replied.case.number]
    reply_cell = row.text_content()
    assert "Mottaget" in reply_cell
    assert "Tillstyrker" in reply_cell
    [reply_link] = row.xpath(".//td/a")
    assert client.get(reply_link.get("href")).status_code == 200
    # Naturvårdsverket was asked too, and has not replied yet.
    other = _page(client, "departement", "Naturvårdsverket")
    rows = other.xpath("//section[@aria-labelledby='sent-to-body']//tbody/tr")
    [row] = [r for r in rows if r.findtext(".//th/a") == replied.case.number]
    assert "Inte ännu" in row.text_content()
    assert not other.xpath("//main//a[contains(@href, '/admin/')]")  # administrators edit it


def test_another_organisation_sees_the_body_but_not_the_ministry_s_referrals(client, replied):
    page = _page(client, "handlaggare", "Boverket")
    assert page.findtext(".//h1") == "Boverket"
    assert not page.xpath("//section[@aria-labelledby='sent-to-body']//table")
    assert replied.case.number not in page.text_content()


def test_an_administrator_is_linked_to_change_the_body_in_the_register(client, replied):
    page = _page(client, "admin", "Boverket")
    boverket = Organisation.objects.get(name="Boverket")
    change = reverse("admin:organisations_organisation_change", args=[boverket.pk])
    [link] = page.xpath(f"//main//a[@href='{change}']")
    assert link.text_content() == "Ändra instansen i registret"


def test_the_review_and_the_referral_link_each_body_s_page(client, replied):
    client.force_login(User.objects.get(username="departement"))
    case = replied.case
    numbers = {"prefix": case.registry.prefix, "year": case.year, "serial": case.serial}
    boverket = Organisation.objects.get(name="Boverket")
    body_url = reverse("body_detail", kwargs={"pk": boverket.pk})
    review = html.fromstring(
        client.post(
            reverse("consultations:recipients", kwargs=numbers),
            {"text": "Remissinstanser\n1. Boverket\n2. Naturvårdsverket"},
        ).content
    )
    [link] = review.xpath(f"//a[@href='{body_url}']")
    assert link.get("target") == "_blank"  # the review stays as it is
    assert "Boverket" in link.text_content()
    detail = html.fromstring(client.get(reverse("consultations:detail", kwargs=numbers)).content)
    assert detail.xpath(f"//th/a[@href='{body_url}']")


def test_the_page_links_the_body_s_public_register_where_it_is_kept_here(client, replied):
    city = Organisation.objects.get(name="Stockholms stad")
    public_list = reverse("public_list", kwargs={"org": city.pk})
    assert _page(client, "departement", "Stockholms stad").xpath(f"//a[@href='{public_list}']")
    boverket = _page(client, "departement", "Boverket")
    assert not boverket.xpath("//main//a[contains(@href, '/diarium/')]")


def test_a_reply_marked_secret_shows_that_it_came_not_its_stance(client, replied):
    """The canary: the stance is the reply's content, which only those cleared for the secret
    record may read (permissions.can_view_record_content) — the official of the ministry is not,
    unless the case is assigned to them."""
    reply = replied.replies.get()
    type(reply.record).objects.filter(pk=reply.record_id).update(
        secrecy_provision="OSL 21 kap. 7 §", public_subject="Remissvar"
    )
    type(replied.case).objects.filter(pk=replied.case_id).update(case_officer=None)
    page = _page(client, "departement", "Boverket")
    rows = page.xpath("//section[@aria-labelledby='sent-to-body']//tbody/tr")
    [row] = [r for r in rows if r.findtext(".//th/a") == replied.case.number]
    assert "Mottaget" in row.text_content()
    assert "sekretessmarkerat" in row.text_content()
    assert "Tillstyrker" not in row.text_content()


def test_a_body_that_does_not_exist_is_not_found(client, replied):
    client.force_login(User.objects.get(username="departement"))
    assert client.get(reverse("body_detail", kwargs={"pk": 999_999})).status_code == 404
