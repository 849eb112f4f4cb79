"""The audit trail: every change written with who, when, before and after, in the same
transaction; the database refuses to change or delete it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction

from remiss.cases.services import case_update
from remiss.core.errors import ServiceError
from remiss.core.models import AuditEntry
from remiss.referrals.services import (
    ProposalInput,
    proposal_add,
    proposal_delete,
    proposal_update,
    referral_register,
    referral_update,
)
from tests.factories import UnitFactory, referral_kwargs

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(registrar, registry, ministry):
    return referral_register(
        actor=registrar,
        registry=registry,
        issuer=ministry,
        proposals=[ProposalInput("1", "Stöd till statliga myndigheter")],
        **referral_kwargs(),
    )


def entries(case):
    return list(AuditEntry.objects.filter(case=case).order_by("id"))


def test_registration_writes_one_entry_per_created_object(referral, registrar):
    trail = entries(referral.case)
    assert [(e.action, e.object_type) for e in trail] == [
        ("create", "cases.case"),
        ("create", "cases.record"),
        ("create", "referrals.incomingreferral"),
        ("create", "referrals.proposal"),
    ]
    assert all(e.actor == registrar and e.before is None for e in trail)
    assert trail[0].after["title"].startswith("Med tillit följer bättre resultat")
    assert trail[2].after["report_ref"] == "SOU 2019:43"


def test_changes_keep_before_and_after(referral, registrar):
    unit = UnitFactory(organisation=referral.case.registry.organisation, name="Rotel I")
    case_update(actor=registrar, case=referral.case, responsible_unit=unit)
    # A day earlier: never the same date, whatever day the suite runs on.
    new_deadline = referral.deadline - dt.timedelta(days=1)
    referral_update(actor=registrar, referral=referral, deadline=new_deadline)
    unit_change, deadline_on_referral, deadline_on_case = entries(referral.case)[-3:]
    assert unit_change.before["responsible_unit_id"] is None
    assert unit_change.after["responsible_unit_id"] == unit.pk
    assert unit_change.changed_fields() == ["responsible_unit_id"]
    assert deadline_on_case.object_type == "cases.case"
    assert deadline_on_case.changed_fields() == ["deadline"]
    assert deadline_on_case.after["deadline"] == new_deadline.isoformat()
    assert deadline_on_referral.object_type == "referrals.incomingreferral"
    assert deadline_on_referral.changed_fields() == ["deadline"]
    referral.case.refresh_from_db()
    assert referral.case.deadline == new_deadline


def test_the_title_and_the_issuer_are_changed_with_the_referral(referral, registrar, city):
    """The case's own title, once given, stays when the report's title changes; a new issuer
    (the case's party) is the sender of the referral's record too, both audited."""
    from tests.factories import MinistryFactory

    other = MinistryFactory(name="Socialdepartementet", case_prefix="S")
    referral_update(actor=registrar, referral=referral, title="Tillitsreformen – remissvar",
                    issuer=other)  # fmt: skip
    referral.refresh_from_db()
    referral.case.refresh_from_db()
    assert referral.case.title == "Tillitsreformen – remissvar"
    assert referral.issuer == other
    assert referral.record.counterpart == "Socialdepartementet"
    changed = {(e.object_type, tuple(e.changed_fields())) for e in entries(referral.case)}
    assert ("cases.case", ("title",)) in changed
    assert ("referrals.incomingreferral", ("issuer_id",)) in changed
    assert ("cases.record", ("counterpart",)) in changed
    referral_update(actor=registrar, referral=referral, report_title="En annan titel")
    referral.case.refresh_from_db()
    assert referral.case.title == "Tillitsreformen – remissvar"
    with pytest.raises(ServiceError, match="annan än er egen"), transaction.atomic():
        referral_update(actor=registrar, referral=referral, issuer=city)


def test_an_issuer_and_number_already_registered_is_refused(
    referral, registrar, registry, ministry
):
    second = referral_register(
        actor=registrar, registry=registry, issuer=ministry,
        **{**referral_kwargs(), "issuer_dnr": "Fi2020/00001"},
    )  # fmt: skip
    with pytest.raises(ServiceError, match=referral.case.number), transaction.atomic():
        referral_update(actor=registrar, referral=second, issuer_dnr=referral.issuer_dnr)
    second.refresh_from_db()
    assert second.issuer_dnr == "Fi2020/00001"


def test_proposal_add_change_and_delete_are_logged(referral, registrar):
    proposal_add(actor=registrar, referral=referral, proposal=ProposalInput("2", "RUM"))
    second = referral.proposals.get(number="2")
    proposal_update(actor=registrar, proposal=second, number="2", title="En arena, RUM", text="")
    proposal_delete(actor=registrar, proposal=second)
    trail = [e for e in entries(referral.case) if e.object_type == "referrals.proposal"]
    assert [e.action for e in trail] == ["create", "create", "update", "delete"]
    assert trail[-1].before["title"] == "En arena, RUM"
    assert trail[-1].after is None
    assert not referral.proposals.filter(pk=second.pk).exists()


def test_a_change_that_fails_leaves_no_entry(referral, registrar):
    before = AuditEntry.objects.count()
    with pytest.raises(ServiceError, match="inte en beteckning"), transaction.atomic():
        referral_update(actor=registrar, referral=referral, report_ref="inte en beteckning")
    assert AuditEntry.objects.count() == before


def test_an_unchanged_save_writes_nothing(referral, registrar):
    before = AuditEntry.objects.count()
    case_update(actor=registrar, case=referral.case, title=referral.case.title)
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE core_auditentry SET actor_label = 'någon annan'",
        "DELETE FROM core_auditentry",
    ],
)
def test_the_database_refuses_to_change_the_trail(referral, statement):
    count = AuditEntry.objects.count()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEntry.objects.count() == count
    assert not AuditEntry.objects.filter(actor_label="någon annan").exists()


def test_the_orm_cannot_delete_entries_either(referral):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.all().delete()


def test_admin_shows_the_trail_read_only(referral, admin_client):
    entry = AuditEntry.objects.filter(case=referral.case).first()
    assert admin_client.get("/admin/core/auditentry/").status_code == 200
    assert admin_client.get("/admin/core/auditentry/add/").status_code == 403
    response = admin_client.post(f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
