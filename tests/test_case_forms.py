"""Registering further documents, marking secrecy and assigning a case from the case page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from remiss.accounts.models import Role
from remiss.cases.models import Record
from remiss.core.models import AuditEntry
from remiss.reading.references import normalise_secrecy_provision
from remiss.referrals.services import referral_register
from tests.documents import make_pdf
from tests.factories import OrganisationFactory, UnitFactory, UserFactory, referral_kwargs

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def case(registrar, registry, ministry, files_dir):
    return referral_register(
        actor=registrar, registry=registry, issuer=ministry, **referral_kwargs()
    ).case


def url(name, case, **extra):
    return reverse(
        f"cases:{name}",
        kwargs={"prefix": case.registry.prefix, "year": case.year, "serial": case.serial, **extra},
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("OSL 21 kap. 7 §", "OSL 21 kap. 7 §"),
        ("21 kap 7§", "OSL 21 kap. 7 §"),
        ("26:1 OSL", "OSL 26 kap. 1 §"),
        ("31 kap. 16 § offentlighets- och sekretesslagen", "OSL 31 kap. 16 §"),
        ("sekretess", None),
        ("", None),
    ],
)
def test_secrecy_provisions_are_normalised(text, expected):
    assert normalise_secrecy_provision(text) == expected


def test_registrar_registers_a_secret_document_with_a_file(client, registrar, case):
    client.force_login(registrar)
    response = client.post(
        url("record_add", case),
        {
            "direction": "incoming",
            "document_date": "2026-11-20",
            "counterpart": "Privatperson",
            "subject": "Synpunkter från enskild om hemtjänst",
            "secrecy_provision": "26 kap 1 §",
            "public_subject": "Skrivelse från enskild",
            "files": [SimpleUploadedFile("skrivelse.pdf", make_pdf(["Synpunkter"]))],
        },
    )
    assert response.status_code == 302
    record = case.records.get(serial=2)
    assert record.secrecy_provision == "OSL 26 kap. 1 §"
    assert record.secrecy_marked_by == registrar
    assert record.secrecy_marked_at is not None
    assert record.public_subject == "Skrivelse från enskild"
    assert record.files.get().original_name == "skrivelse.pdf"
    assert AuditEntry.objects.filter(object_type="cases.record", object_id=record.pk).exists()


def test_a_bad_provision_is_refused_and_nothing_saved(client, registrar, case):
    client.force_login(registrar)
    response = client.post(
        url("record_add", case),
        {
            "direction": "incoming",
            "document_date": "2026-11-20",
            "counterpart": "X",
            "subject": "Y",
            "secrecy_provision": "hemligt",
        },
    )
    assert "är ingen bestämmelse i offentlighets- och sekretesslagen" in response.content.decode()
    assert case.records.count() == 1


def test_a_case_officer_registers_documents_but_cannot_mark_secrecy(client, registry, case):
    officer = UserFactory(role=Role.CASE_OFFICER, organisation=registry.organisation)
    case.case_officer = officer
    case.save()
    client.force_login(officer)
    page = client.get(url("record_add", case))
    assert page.status_code == 200
    assert "secrecy_provision" not in page.content.decode()
    response = client.post(
        url("record_add", case),
        {
            "direction": "outgoing",
            "document_date": "2026-11-21",
            "counterpart": "Finansdep.",
            "subject": "Remissvar",
            "secrecy_provision": "OSL 21 kap. 7 §",
        },
    )
    assert response.status_code == 302
    assert case.records.get(serial=2).secrecy_provision == ""  # the field was not offered
    record = case.records.get(serial=1)
    assert client.get(url("record_secrecy", case, record_serial=1)).status_code == 404
    assert (
        client.post(
            url("record_secrecy", case, record_serial=1), {"secrecy_provision": "OSL 21 kap. 7 §"}
        ).status_code
        == 404
    )
    record.refresh_from_db()
    assert not record.is_secret


def test_marking_and_lifting_secrecy_is_logged(client, registrar, case):
    client.force_login(registrar)
    target = url("record_secrecy", case, record_serial=1)
    client.post(target, {"secrecy_provision": "OSL 21 kap. 7 §", "public_subject": ""})
    record = Record.objects.get(case=case, serial=1)
    assert record.secrecy_provision == "OSL 21 kap. 7 §"
    assert record.public_subject == "Sekretessbelagd handling"
    client.post(target, {"secrecy_provision": "", "public_subject": ""})
    record.refresh_from_db()
    assert not record.is_secret
    assert record.secrecy_marked_by is None
    changes = AuditEntry.objects.filter(object_type="cases.record", action="update").order_by("id")
    assert [e.after["secrecy_provision"] for e in changes] == ["OSL 21 kap. 7 §", ""]


def test_assignment_changes_are_saved_and_limited_to_the_organisation(client, registrar, case):
    client.force_login(registrar)
    unit = UnitFactory(organisation=case.registry.organisation, name="Rotel I")
    officer = UserFactory(role=Role.CASE_OFFICER, organisation=case.registry.organisation)
    foreign_unit = UnitFactory(organisation=OrganisationFactory(name="Sala kommun"), name="X")
    refused = client.post(url("assign", case), {"responsible_unit": foreign_unit.pk})
    assert "responsible_unit" in refused.context["form"].errors
    client.post(url("assign", case), {"responsible_unit": unit.pk, "case_officer": officer.pk})
    case.refresh_from_db()
    assert case.responsible_unit == unit
    assert case.case_officer == officer
    entry = AuditEntry.objects.filter(object_type="cases.case", action="update").last()
    assert set(entry.changed_fields()) == {"responsible_unit_id", "case_officer_id"}


@pytest.mark.parametrize("view", ["record_add", "assign"])
def test_those_who_may_not_change_the_case_get_404(client, registry, case, view):
    politician = UserFactory(role=Role.POLITICIAN, organisation=registry.organisation)
    client.force_login(politician)
    assert client.get(url(view, case)).status_code == 404
    assert client.post(url(view, case), {}).status_code == 404
