"""`remiss demo`: the seed case as data, a user per role, safe twice, refused in production."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from remiss.accounts.models import User
from remiss.cases.models import Case
from remiss.core.models import AuditEntry
from remiss.organisations.models import BodyMember, Person

pytestmark = pytest.mark.django_db


def test_demo_loads_the_seed_case_and_is_safe_twice(capsys):
    call_command("demo")
    counts = (Case.objects.count(), AuditEntry.objects.count(), User.objects.count())
    call_command("demo")
    assert (Case.objects.count(), AuditEntry.objects.count(), User.objects.count()) == counts
    assert counts[0] >= 13
    case = Case.objects.get(registry__prefix="KS", year=2020, serial=132)
    referral = case.referral
    assert referral.report_ref == "SOU 2019:43"
    assert referral.issuer.name == "Finansdepartementet"
    assert referral.deadline.isoformat() == "2020-04-24"
    assert case.responsible_unit.name == "Rotel I"
    assert case.presenter.name == "Anna König Jerlmyr"
    titles = [p.title for p in referral.proposals.all()]
    assert "Arbetsgivarverket" in titles[0]
    assert "RUM" in titles[1]
    out = capsys.readouterr().out
    for username in ["registrator", "handlaggare", "kontor", "politiker", "departement", "admin"]:
        assert username in out
        assert User.objects.get(username=username).check_password("demo")


def test_demo_bodies_and_members():
    call_command("demo")
    board = BodyMember.objects.filter(body__name="Kommunstyrelsen")
    assert board.get(person__name="Torun Boucher").role == "ordinary"
    assert board.get(person__name="Rashid Mohammed").person.party.abbreviation == "V"
    assert board.get(person__name="Sissela Nordling Blanco").role == "substitute"
    assert Person.objects.get(name="Sissela Nordling Blanco").party.abbreviation == "Fi"
    assert BodyMember.objects.filter(body__name="Borgarrådsberedningen").count() >= 5
    assert len({m.person.party_id for m in board}) >= 5


def test_demo_is_refused_in_production(settings):
    settings.REMISS_ENV = "production"
    with pytest.raises(CommandError, match="production"):
        call_command("demo")
    assert not User.objects.exists()
