"""The one form that registers a referral: good input, and bad input that saves nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from remiss.cases.models import Case, Record, StoredFile
from remiss.core.models import AuditEntry
from remiss.referrals.models import IncomingReferral, Proposal
from tests.documents import encrypt_pdf, make_docx, make_pdf
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db(transaction=True)
URL = reverse("cases:register_referral")


@pytest.fixture
def logged_in(client, registrar, registry, ministry, files_dir):
    client.force_login(registrar)
    return client


def form_data(ministry, registry, **overrides):
    today = timezone.localdate()
    data = {
        "registry": registry.pk,
        "issuer": ministry.pk,
        "issuer_dnr": "Fi2019/03441/SFÖ",
        "report_ref": "sou 2019:43",
        "report_title": "Med tillit följer bättre resultat – tillitsbaserad styrning och "
        "ledning i staten",
        "received_date": (today - dt.timedelta(days=3)).isoformat(),
        "deadline": (today + dt.timedelta(days=80)).isoformat(),
        "proposals-TOTAL_FORMS": "2",
        "proposals-INITIAL_FORMS": "0",
        "proposals-MIN_NUM_FORMS": "0",
        "proposals-MAX_NUM_FORMS": "200",
        "proposals-0-number": "1",
        "proposals-0-title": "Stöd till statliga myndigheter",
        "proposals-0-text": "Arbetsgivarverket får i uppdrag att ge stödet.",
        "proposals-1-number": "",
        "proposals-1-title": "",
        "proposals-1-text": "",
        "proposals_text": "2. En regeringsnära utvecklingsmiljö (RUM)\n3. Ändrad förordning",
    }
    data.update(overrides)
    return data


def nothing_saved():
    return (
        not Case.objects.exists()
        and not Record.objects.exists()
        and not IncomingReferral.objects.exists()
        and not Proposal.objects.exists()
        and not StoredFile.objects.exists()
        and not AuditEntry.objects.exists()
    )


def pdf_upload(name="Remiss SOU 2019_43.pdf", data=None):
    return SimpleUploadedFile(name, data or make_pdf(["Remiss", "Betänkande"]), "application/pdf")


def test_one_form_registers_case_record_files_referral_and_proposals(
    logged_in, ministry, registry, files_dir
):
    unit = UnitFactory(organisation=registry.organisation, name="Rotel I")
    data = form_data(ministry, registry, responsible_unit=unit.pk)
    data["files"] = [pdf_upload(), SimpleUploadedFile("missiv.docx", make_docx(["Missiv"]))]
    response = logged_in.post(URL, data)
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    referral = case.referral
    assert referral.report_ref == "SOU 2019:43"
    assert referral.issuer_dnr == "Fi2019/03441/SFÖ"
    assert case.title.endswith("(SOU 2019:43)")
    assert case.responsible_unit == unit
    assert [(p.number, p.title) for p in referral.proposals.all()] == [
        ("1", "Stöd till statliga myndigheter"),
        ("2", "En regeringsnära utvecklingsmiljö (RUM)"),
        ("3", "Ändrad förordning"),
    ]
    record = referral.record
    assert record.direction == "incoming"
    assert record.counterpart == ministry.name
    assert record.subject.startswith("Remiss: Med tillit")
    assert sorted(f.original_name for f in record.files.all()) == [
        "Remiss SOU 2019_43.pdf",
        "missiv.docx",
    ]
    page = logged_in.get(case.get_absolute_url()).content.decode()
    assert "Remiss SOU 2019_43.pdf" in page
    assert "Ändrad förordning" in page
    assert "registrerades som ärende " + case.number in page or case.number in page


@pytest.mark.parametrize(
    ("overrides", "field", "message_sv"),
    [
        ({"report_ref": "SOU tjugo"}, "report_ref", "är ingen beteckning"),
        (
            {"deadline": "2020-01-01", "received_date": "2020-02-01"},
            "deadline",
            "Remisstiden går ut före",
        ),
        ({"deadline": "2020-02-31"}, "deadline", "Fyll i ett giltigt datum"),
        ({"report_title": ""}, "report_title", "Detta fält måste fyllas i"),
        (
            {"proposals_text": "Stöd utan nummer\n2. RUM"},
            "proposals_text",
            "Rad 1 kunde inte läsas",
        ),
        ({"proposals_text": "1. Ett\n1. Ett igen"}, "proposals_text", "Rad 2 kunde inte läsas"),
        (
            {"proposals-0-title": "", "proposals-0-number": "4.3"},
            None,
            "Varje förslag behöver en rubrik",
        ),
    ],
)
def test_bad_input_gets_a_swedish_message_and_saves_nothing(
    logged_in, ministry, registry, overrides, field, message_sv
):
    data = form_data(ministry, registry, **overrides)
    data["files"] = [pdf_upload()]
    response = logged_in.post(URL, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert message_sv in body
    assert "Ingenting sparades" in body
    if field:
        assert field in response.context["form"].errors
    assert nothing_saved()
    assert not list((files_dir_of(logged_in) / ".pending").glob("*"))


def files_dir_of(_client):
    from django.conf import settings

    return settings.FILES_DIR


@pytest.mark.parametrize(
    ("upload", "message_sv"),
    [
        (lambda tmp: SimpleUploadedFile("tom.pdf", b""), "Den skickade filen är tom."),
        (
            lambda tmp: SimpleUploadedFile("svar.pdf", make_docx(["Svar"])),
            "är inte vad namnet säger",
        ),
        (
            lambda tmp: SimpleUploadedFile("låst.pdf", encrypt_pdf(make_pdf(["x"]), tmp)),
            "krypterad eller lösenordsskyddad",
        ),
    ],
)
def test_bad_files_are_named_in_the_form_and_nothing_is_saved(
    logged_in, ministry, registry, tmp_path, upload, message_sv
):
    data = form_data(ministry, registry)
    data["files"] = [pdf_upload(), upload(tmp_path)]
    response = logged_in.post(URL, data)
    assert response.status_code == 200
    assert message_sv in response.content.decode()
    assert "files" in response.context["form"].errors
    assert "Välj filerna igen" in response.content.decode()
    assert nothing_saved()
    assert not list((files_dir_of(logged_in) / ".pending").glob("*"))


def test_files_over_the_limit_are_refused(logged_in, ministry, registry, settings):
    settings.MAX_UPLOAD_BYTES = 2048
    data = form_data(ministry, registry)
    data["files"] = [pdf_upload(data=make_pdf(["rad " * 200] * 5))]
    body = logged_in.post(URL, data).content.decode()
    assert "är större än gränsen på 2,0" in body
    assert nothing_saved()


def test_a_referral_registered_twice_is_refused_with_the_first_case_number(
    logged_in, ministry, registry
):
    assert logged_in.post(URL, form_data(ministry, registry)).status_code == 302
    first = Case.objects.get()
    response = logged_in.post(URL, form_data(ministry, registry, issuer_dnr="fi2019/03441/sfö"))
    assert response.status_code == 200
    assert f"redan registrerad i ärende {first.number}" in response.content.decode()
    assert Case.objects.count() == 1


def test_messages_in_english_when_chosen(logged_in, ministry, registry):
    logged_in.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = logged_in.post(URL, form_data(ministry, registry, report_ref="SOU tjugo"))
    body = response.content.decode()
    assert "is not a report reference" in body
    assert "Nothing was saved" in body
    assert '<html lang="en">' in body


def test_add_a_proposal_row_without_javascript(logged_in, ministry, registry):
    data = form_data(ministry, registry, add_proposal="1")
    response = logged_in.post(URL, data)
    assert response.status_code == 200
    assert response.context["formset"].total_form_count() == 3
    assert 'name="proposals-2-title"' in response.content.decode()
    assert "Ingenting sparades" not in response.content.decode()
    assert nothing_saved()


def test_users_who_may_not_register_get_404(client, registry, ministry):
    from remiss.accounts.models import Role
    from tests.factories import UserFactory

    officer = UserFactory(role=Role.CASE_OFFICER, organisation=registry.organisation)
    client.force_login(officer)
    assert client.get(URL).status_code == 404
    assert client.post(URL, form_data(ministry, registry)).status_code == 404
    assert nothing_saved()


def test_another_organisations_registry_cannot_be_chosen(logged_in, ministry, registry):
    from tests.factories import OrganisationFactory, RegistryFactory

    foreign = RegistryFactory(organisation=OrganisationFactory(name="Sala kommun"), prefix="KS")
    response = logged_in.post(URL, form_data(ministry, foreign))
    assert "registry" in response.context["form"].errors
    assert nothing_saved()


@pytest.mark.parametrize(
    ("number", "message_sv"),
    [
        ("KS 2019", "är inget diarienummer"),
        ("SBN 2019/87", "hör inte till diariet KS"),
        ("KS 2099/1", "från ett år som inte har börjat"),
    ],
)
def test_a_malformed_or_foreign_earlier_number_is_refused(
    logged_in, ministry, registry, number, message_sv
):
    response = logged_in.post(URL, form_data(ministry, registry, earlier_number=number))
    assert message_sv in response.content.decode()
    assert "earlier_number" in response.context["form"].errors
    assert nothing_saved()


def test_a_carried_over_case_keeps_its_number_and_a_duplicate_is_refused(
    logged_in, ministry, registry
):
    response = logged_in.post(URL, form_data(ministry, registry, earlier_number="ks 2019/87"))
    assert response.status_code == 302
    assert Case.objects.get().number == "KS 2019/87"
    again = logged_in.post(
        URL, form_data(ministry, registry, earlier_number="KS 2019/87", issuer_dnr="Fi2019/1")
    )
    assert "Diarienummer KS 2019/87 används redan" in again.content.decode()
    assert "earlier_number" in again.context["form"].errors
    assert Case.objects.count() == 1
