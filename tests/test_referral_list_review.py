"""The referral list's review (issue 15 §1): each match with its confidence; an unknown body is
added to the register from its row, its name and kind filled from the gazetteer of Swedish bodies
where it knows them; the review comes back as it was left, with the new body checked."""

from __future__ import annotations

import pytest
from django.urls import reverse
from lxml import html

from remiss.accounts.models import User
from remiss.consultations.services import new_body_prefill
from remiss.organisations.models import Organisation, OrganisationKind
from tests.demo_data import load_demo
from tests.factories import ministry_referral

pytestmark = pytest.mark.django_db

LIST = "Remissinstanser\n1. Boverket\n2. PTS\n3. Föreningen Ängsblomman\n4. Naturvårdsverket"


@pytest.fixture
def referral(files_dir):
    load_demo()
    return ministry_referral(bodies=())


def test_the_gazetteer_fills_what_it_knows_of_a_new_body():
    assert new_body_prefill("PTS") == {
        "name": "Post- och telestyrelsen", "kind": OrganisationKind.AGENCY, "known": "1",
    }  # fmt: skip
    assert new_body_prefill("Region  Gävleborg")["kind"] == OrganisationKind.REGION
    assert new_body_prefill("Föreningen Ängsblomman") == {
        "name": "Föreningen Ängsblomman", "kind": OrganisationKind.ORGANISATION, "known": "",
    }  # fmt: skip


def test_a_body_added_from_its_row_comes_back_checked_with_the_review_as_it_was(client, referral):
    assert not Organisation.objects.filter(name="Post- och telestyrelsen").exists()
    client.force_login(User.objects.get(username="departement"))
    case = referral.case
    url = reverse("consultations:recipients", kwargs={
        "prefix": case.registry.prefix, "year": case.year, "serial": case.serial})  # fmt: skip
    review = client.post(url, {"text": LIST}).content.decode()
    assert 'value="Post- och telestyrelsen"' in review  # the gazetteer's full name, prefilled
    assert "% lika" in review  # each match with its confidence
    boverket = Organisation.objects.get(name="Boverket")
    naturvardsverket = Organisation.objects.get(name="Naturvårdsverket")
    rows = LIST.splitlines()[1:]
    pts_row = rows.index("2. PTS")

    # The official unchecks Naturvårdsverket, then adds PTS from its row.
    created = client.post(url, {
        "organisation": [boverket.pk], "create_row": str(pts_row),
        f"new_name_{pts_row}": "Post- och telestyrelsen",
        f"new_email_{pts_row}": "pts@pts.se", f"new_kind_{pts_row}": "agency",
    })  # fmt: skip
    assert created.status_code == 302
    assert "granska=1" in created["Location"]
    pts = Organisation.objects.get(name="Post- och telestyrelsen")
    assert (pts.email, pts.kind) == ("pts@pts.se", "agency")

    again = html.fromstring(client.get(created["Location"]).content)
    checked = {
        int(box.get("value"))
        for box in again.xpath('//input[@name="organisation"][@type="checkbox"]')
        if box.get("checked") is not None
    }
    assert checked == {boverket.pk, pts.pk}
    assert naturvardsverket.pk not in checked  # the one unchecked stays unchecked

    added = client.post(url, {"add": "1", "organisation": [boverket.pk, pts.pk]})
    assert added.status_code == 302
    names = set(referral.recipients.values_list("organisation__name", flat=True))
    assert names == {"Boverket", "Post- och telestyrelsen"}
    assert client.get(url + "?granska=1").status_code == 200  # the saved review is gone
    assert "Granska listan" not in client.get(url + "?granska=1").content.decode()
