"""The reply downloads on the case page, through the one permission check."""

from __future__ import annotations

import pytest
from django.urls import reverse

from remiss.accounts.models import Role, User
from remiss.cases.models import Case
from remiss.cases.services import record_set_secrecy
from remiss.referrals import workflow
from tests.demo_data import load_demo
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_case(files_dir):
    load_demo()
    return Case.objects.get(registry__prefix="KS", year=2020, serial=132)


def url(case, fmt):
    return reverse(
        "cases:reply",
        kwargs={"prefix": "KS", "year": case.year, "serial": case.serial, "fmt": fmt},
    )


@pytest.mark.parametrize(
    ("fmt", "starts", "content_type"),
    [
        ("pdf", b"%PDF", "application/pdf"),
        ("docx", b"PK", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_reply_downloads_as_attachments_named_for_the_ministry(
    client, seed_case, fmt, starts, content_type
):
    client.force_login(User.objects.get(username="politiker"))
    page = client.get(seed_case.get_absolute_url()).content.decode()
    assert url(seed_case, fmt) in page
    response = client.get(url(seed_case, fmt))
    assert response.status_code == 200
    assert response.content.startswith(starts)
    assert response["Content-Type"] == content_type
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="Fi2019-03090 Stockholms stad.{fmt}"' in disposition


def test_no_reply_for_another_organisation_or_an_unknown_format(client, seed_case):
    from tests.factories import OrganisationFactory

    stranger = UserFactory(
        role=Role.REGISTRAR, organisation=OrganisationFactory(name="Sala kommun")
    )
    client.force_login(stranger)
    assert client.get(url(seed_case, "pdf")).status_code == 404
    client.force_login(User.objects.get(username="registrator"))
    assert client.get(url(seed_case, "exe")).status_code == 404


def test_a_secret_statement_withholds_the_reply_from_those_without_clearance(client, seed_case):
    registrar = User.objects.get(username="registrator")
    statement_record = seed_case.records.get(direction="internal")
    record_set_secrecy(actor=registrar, record=statement_record, provision="OSL 21 kap. 7 §")
    politician = User.objects.get(username="politiker")
    assert not workflow.reply_visible_to(politician, seed_case)
    client.force_login(politician)
    assert client.get(url(seed_case, "pdf")).status_code == 404
    assert url(seed_case, "pdf") not in client.get(seed_case.get_absolute_url()).content.decode()
    client.force_login(registrar)
    assert client.get(url(seed_case, "pdf")).status_code == 200


def test_the_case_page_shows_the_steps(client, seed_case):
    client.force_login(User.objects.get(username="handlaggare"))
    body = client.get(seed_case.get_absolute_url()).content.decode()
    for text in [
        "Ärendet är avslutat.",
        "Stadsledningskontoret",
        "Besvarad",
        "Version 1",
        "Borgarrådsberedningen tillstyrker föredragande borgarrådets förslag.",
        "Särskilt uttalande",
        "daterat 4 mars 2019",  # the warning
    ]:
        assert text in body, text


def test_the_timeline_is_told_in_words(client, seed_case):
    """Every step of the seed case in the timeline as a sentence: never a model's or a field's
    technical name (issue 14 §4)."""
    import re

    client.force_login(User.objects.get(username="registrator"))
    page = client.get(seed_case.get_absolute_url()).content.decode()
    timeline = page[
        page.index('<ol class="timeline">') : page.index("</ol>", page.index("timeline"))
    ]
    lines = [
        re.sub(r"\s+", " ", li).strip() for li in re.findall(r"<li>(.*?)</li>", timeline, re.S)
    ]
    text = " ".join(lines)
    for phrase in [
        "registrerade ärendet",
        "remitterade ärendet till Stadsledningskontoret, svar senast 2020-03-13",
        "skickade tjänsteutlåtandet från Stadsledningskontoret",
        "sparade version 1 av promemorian",
        "markerade promemorian som klar",
        "registrerade beslutet i Kommunstyrelsen",
        "förde ärendet till ”Besvarat”",
    ]:
        assert phrase in text, phrase
    assert not re.search(r"\b(referrals|cases|meetings|documents)\.|_id\b|_at\b", text), text


def test_the_case_officer_reads_a_statement_and_takes_it_into_the_memo(client, seed_case):
    """The office's statement on the case page, and "Ta in i promemorian" fills the memo's
    preparation with it (issue 14 §4); the office's answer page shows the referral's proposals."""
    from remiss.referrals.models import InternalReferral

    internal = InternalReferral.objects.get(case=seed_case)
    client.force_login(User.objects.get(username="kontor"))
    answer = client.get(reverse("cases:answer", args=[internal.pk])).content.decode()
    assert "Det här gäller remissen" in answer
    assert "Stöd till statliga myndigheter" in answer
    client.force_login(User.objects.get(username="handlaggare"))
    page = client.get(seed_case.get_absolute_url()).content.decode()
    assert "Tjänsteutlåtandet från Stadsledningskontoret" in page
    assert "tillitsbaserad styrning" in page[page.index("statement-text") :]
    # The seed case is closed: its memo is final, so no link to take the statement in.
    assert "?ta-in=" not in page
    statement = internal.statement
    memo_url = reverse("cases:memo", args=["KS", 2020, 132])
    # The memo page of an open case takes the statement in when asked (reached from the link).
    from remiss.cases.models import CaseStatus

    Case.objects.filter(pk=seed_case.pk).update(status=CaseStatus.REFERRED)
    page = client.get(seed_case.get_absolute_url()).content.decode()
    assert f"?ta-in={statement.pk}" in page
    memo = client.get(f"{memo_url}?ta-in={statement.pk}").content.decode()
    assert "Stadsledningskontorets tjänsteutlåtande daterat den 4 mars 2019 har i huvudsak" in memo
    other = client.get(f"{memo_url}?ta-in=999999").content.decode()
    assert "har i huvudsak följande lydelse" not in other.split("Beredning", 1)[-1][:2000]
