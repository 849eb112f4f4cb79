"""`remiss demo`: the seed case as data, a user per role, safe twice, refused in production."""

from __future__ import annotations

import io
import re

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


def test_the_demo_has_a_decided_reply_waiting_with_a_statement_from_each_body(files_dir, tmp_path):
    """Issue 14's demo case: decided by the board, minutes approved, the reply not yet sent;
    the reply carries the preparatory body's statement and the board's reservation each under
    its body, the per-proposal table, and passes the send-check (nothing blocks)."""
    import subprocess

    import docx

    from remiss.cases.models import CaseStatus
    from remiss.documents.delivery import send_check
    from remiss.documents.services import render_reply

    call_command("demo")
    case = Case.objects.get(
        referral__report_title="Promemorian Enklare tillstånd för uteserveringar"
    )
    assert case.status == CaseStatus.DECIDED
    pdf = tmp_path / "svar.pdf"
    pdf.write_bytes(render_reply(case, "pdf").content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    flat = " ".join(text.split())
    preparatory = flat.index(
        "Borgarrådsberedningen Särskilt uttalande gjordes av Karin Wanngård (S) enligt följande"
    )
    board = flat.index(
        "Kommunstyrelsen Reservation anfördes av Jan Valeskog och Emilia Bjuggren (båda S)"
    )
    assert preparatory < flat.index("gångytorna hålls fria") < board
    assert board < flat.index("nationell avgiftsnivå, så att villkoren blir lika")
    assert re.search(r"Er beteckning N\d{4}/01187", flat)
    table = [p.text for p in docx.Document(io.BytesIO(render_reply(case, "docx").content))
             .tables[-1].columns[1].cells]  # fmt: skip
    assert table[1:] == ["tillstyrker", "avstyrker"]
    check = send_check(case)
    assert check.failures == []
    assert {c.code for c in check.checks if c.result == "ok"} >= {
        "issuer_dnr",
        "subject",
        "formats",
        "file_names",
        "addresses",
        "minutes",
        "decided",
    }


def test_the_suites_copy_of_the_demo_is_the_commands_data_row_for_row(tmp_path):
    """tests/demo_data.py: most tests start from a copy of the rows `remiss demo` wrote once
    per test process. The copy must be those rows exactly (keys, dates, JSON, audit chain), and
    the search index built from them by the database as the command's writes built it."""
    from remiss.core.chain import verify_chain, write_checkpoint
    from remiss.search.service import search
    from tests import demo_data

    demo_data.load_demo()
    assert demo_data._written is not None
    assert {t.model for t in demo_data._written} >= {Case, AuditEntry, User, Person}
    assert demo_data.current_rows() == demo_data._written
    write_checkpoint(tmp_path / "checkpoints.log")
    verdict = verify_chain(checkpoints=tmp_path / "checkpoints.log")
    assert verdict.ok, verdict
    assert verdict.checked == AuditEntry.objects.count()
    registrar = User.objects.get(username="registrator")
    found = search(registrar, "Tillitsverkstad")  # a statement's word: indexed by the database
    assert "KS 2020/132" in {hit.case_number for hit in found.hits}
    assert User.objects.get(username="handlaggare").check_password("demo")


def test_the_suites_copy_of_the_demo_needs_an_empty_database():
    from tests import demo_data
    from tests.factories import OrganisationFactory

    OrganisationFactory(name="Uppsala kommun")
    with pytest.raises(RuntimeError, match="empty database"):
        demo_data.load_demo()
