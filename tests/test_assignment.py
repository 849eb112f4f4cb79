"""Who assigns a case, who may take one, and that neither is a way to read secret records
(issue 13, item 1). Each refusal is checked to have changed nothing."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from remiss.accounts.models import Role
from remiss.cases import files
from remiss.cases.models import Case
from remiss.cases.services import case_register, case_take, case_update, record_add
from remiss.core import permissions
from remiss.core.errors import NotAllowed
from remiss.core.models import AuditEntry
from tests.documents import make_pdf
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(city):
    return UnitFactory(organisation=city, name="Stadsledningskontoret")


@pytest.fixture
def officer(city, unit):
    return UserFactory(username="hanna", role=Role.CASE_OFFICER, organisation=city, unit=unit)


@pytest.fixture
def secret_case(registrar, registry, unit, files_dir):
    """An unassigned case of the officer's unit with a secret record and its file."""
    case = case_register(
        actor=registrar, registry=registry, title="Remiss om skyddade uppgifter",
        responsible_unit=unit,
    )  # fmt: skip
    staged = files.stage_upload(io.BytesIO(make_pdf(["Hemligt underlag"])), "underlag.pdf")
    record = record_add(
        actor=registrar, case=case, direction="incoming", document_date=case.registered_at.date(),
        counterpart="Säkerhetspolisen", subject="Hotbild mot kommunens anläggningar",
        staged_files=[staged], secrecy_provision="OSL 18 kap. 8 §",
        public_subject="Uppgifter om säkerhetsskydd",
    )  # fmt: skip
    files._publish(staged)
    case.secret_record = record
    return case


def _post_assign(client, case, **data):
    url = reverse(
        "cases:assign",
        kwargs={"prefix": case.registry.prefix, "year": case.year, "serial": case.serial},
    )
    return client.post(url, data)


def test_a_case_officer_cannot_assign_themselves_through_the_form(client, officer, secret_case):
    entries = AuditEntry.objects.count()
    client.force_login(officer)
    response = _post_assign(client, secret_case, case_officer=officer.pk)
    assert response.status_code == 404
    secret_case.refresh_from_db()
    assert secret_case.case_officer_id is None
    assert AuditEntry.objects.count() == entries
    assert not permissions.can_view_record_content(officer, secret_case.secret_record)


def test_a_case_officer_cannot_assign_through_the_service(officer, secret_case):
    with pytest.raises(NotAllowed):
        case_update(actor=officer, case=secret_case, case_officer=officer)
    secret_case.refresh_from_db()
    assert secret_case.case_officer_id is None
    # The title is still theirs to change: the case is unassigned in their unit.
    case_update(actor=officer, case=secret_case, title="Remiss om skyddade uppgifter (ny titel)")
    secret_case.refresh_from_db()
    assert secret_case.title.endswith("(ny titel)")


def test_taking_a_case_needs_the_organisations_leave(officer, secret_case):
    with pytest.raises(NotAllowed):
        case_take(actor=officer, case=secret_case)
    secret_case.refresh_from_db()
    assert secret_case.case_officer_id is None


def test_a_taken_case_is_audited_and_its_secrets_stay_closed(client, city, officer, secret_case):
    city.case_officers_may_take_cases = True
    city.save()
    client.force_login(officer)
    url = reverse(
        "cases:take",
        kwargs={
            "prefix": secret_case.registry.prefix,
            "year": secret_case.year,
            "serial": secret_case.serial,
        },
    )
    response = client.post(url)
    assert response.status_code == 302
    secret_record = secret_case.secret_record
    secret_case = Case.objects.select_related("registry__organisation").get(pk=secret_case.pk)
    assert secret_case.case_officer_id == officer.pk
    assert secret_case.officer_took_case is True
    entry = AuditEntry.objects.filter(object_type="cases.case", action="update").latest("id")
    assert entry.actor_id == officer.pk
    assert entry.after["case_officer_id"] == officer.pk
    assert entry.after["officer_took_case"] is True
    record = secret_case.records.get(pk=secret_record.pk)
    assert not permissions.can_view_record_content(officer, record)
    file = record.files.get()
    assert client.get(reverse("cases:file", kwargs={"pk": file.pk})).status_code == 404
    page = client.get(secret_case.get_absolute_url()).content.decode()
    assert "Hotbild mot kommunens anläggningar" not in page
    # A second officer cannot take it from them.
    other = UserFactory(role=Role.CASE_OFFICER, organisation=city, unit=officer.unit)
    with pytest.raises(NotAllowed):
        case_take(actor=other, case=secret_case)


def test_an_officer_assigned_by_the_registrar_reads_the_secrets(registrar, officer, secret_case):
    case_update(actor=registrar, case=secret_case, case_officer=officer)
    secret_case.refresh_from_db()
    assert secret_case.officer_took_case is False
    record = secret_case.records.get(pk=secret_case.secret_record.pk)
    assert permissions.can_view_record_content(officer, record)


def test_the_units_manager_assigns_its_cases_and_no_other(city, unit, officer, secret_case):
    manager = UserFactory(role=Role.CASE_OFFICER, organisation=city, unit=unit, manages_unit=True)
    case_update(actor=manager, case=secret_case, case_officer=officer)
    secret_case.refresh_from_db()
    assert secret_case.case_officer_id == officer.pk
    other_unit = UnitFactory(organisation=city, name="Miljöförvaltningen")
    other_manager = UserFactory(
        role=Role.CASE_OFFICER, organisation=city, unit=other_unit, manages_unit=True
    )
    with pytest.raises(NotAllowed):
        case_update(actor=other_manager, case=secret_case, case_officer=other_manager)
    secret_case.refresh_from_db()
    assert secret_case.case_officer_id == officer.pk
