"""The case's lifecycle (remiss.referrals.lifecycle): every status × every step against a table
kept here, apart from the code; then the services, which move a case only through it, and the
case page, which offers only the steps it allows."""

from __future__ import annotations

import pytest

from remiss.accounts.models import User
from remiss.cases.models import Case, CaseStatus
from remiss.core.errors import NotAllowed, ServiceError
from remiss.core.models import AuditEntry
from remiss.referrals import lifecycle
from remiss.referrals.lifecycle import Step
from remiss.referrals.workflow import case_close, case_close_without_reply
from tests.demo_data import load_demo

R, F, D, P = "registered", "referred", "drafting", "prepared"
DEC, REP, C = "decided", "replied", "closed"
ALL = [R, F, D, P, DEC, REP, C]

# (step, status) → the status after the step; a status missing from a step's row: refused.
EXPECTED: dict[Step, dict[str, str]] = {
    Step.REFER: {R: F, F: F, D: D},
    Step.WRITE_MEMO: {R: D, F: D, D: D},
    Step.MARK_MEMO_READY: {R: R, F: F, D: D},
    Step.PREPARE: {R: P, F: P, D: P},
    Step.DECIDE: {P: DEC},
    Step.SEND_REPLY: {DEC: REP},
    Step.CLOSE: {REP: C},
    Step.CLOSE_WITHOUT_REPLY: {R: C, F: C, D: C},
}


def test_the_table_covers_every_step():
    assert set(EXPECTED) == set(Step)
    assert [s.value for s in lifecycle.ORDER] == ALL == list(CaseStatus.values)


@pytest.mark.parametrize("step", list(Step))
@pytest.mark.parametrize("status", ALL)
def test_every_status_and_step(step, status):
    expected = EXPECTED[step].get(status)
    if expected is None:
        with pytest.raises(ServiceError) as refused:
            lifecycle.status_after(step, status, body="Kommunstyrelsen")
        assert str(refused.value.message)  # a reason a person can read
        assert not lifecycle.allowed(step, status)
    else:
        assert lifecycle.status_after(step, status) == expected
        assert lifecycle.allowed(step, status)


def test_a_refusal_says_whether_the_case_is_not_there_yet_or_past_it():
    with pytest.raises(ServiceError, match="beredande organet har inte behandlat"):
        lifecycle.status_after(Step.DECIDE, R, body="Kommunstyrelsen")
    with pytest.raises(ServiceError, match="redan beslutat"):
        lifecycle.status_after(Step.DECIDE, REP, body="Kommunstyrelsen")


@pytest.fixture
def demo(db, files_dir):
    load_demo()
    return {u.username: u for u in User.objects.all()}


def test_closing_goes_through_the_table_and_is_audited(demo, client):
    registrar = demo["registrator"]
    open_case = Case.objects.filter(status=CaseStatus.REGISTERED).first()
    with pytest.raises(ServiceError, match="remissvar har skickats"):
        case_close(actor=registrar, case=open_case)
    assert Case.objects.get(pk=open_case.pk).status == CaseStatus.REGISTERED
    with pytest.raises(NotAllowed):
        case_close_without_reply(actor=demo["handlaggare"], case=open_case)
    before = AuditEntry.objects.count()
    case_close_without_reply(actor=registrar, case=open_case)
    closed = Case.objects.get(pk=open_case.pk)
    assert closed.status == CaseStatus.CLOSED
    assert closed.closed_at is not None
    assert AuditEntry.objects.count() == before + 1

    # The case page offers only what the table allows: nothing on a closed case.
    client.force_login(registrar)
    page = client.get(closed.get_absolute_url()).content.decode()
    for label in ("Remittera för yttrande", "Skriv promemorian", ">Avsluta ärendet<"):
        assert label not in page
    fresh = Case.objects.filter(status=CaseStatus.REGISTERED).first()
    page = client.get(fresh.get_absolute_url()).content.decode()
    assert "Remittera för yttrande" in page
    assert ">Avsluta ärendet<" not in page  # not replied yet
    assert lifecycle.steps_for(registrar, fresh) >= {"refer", "write_memo", "close_without_reply"}
    assert lifecycle.steps_for(demo["politiker"], fresh) <= {"write_memo", "mark_memo_ready"}


def test_a_registrar_closes_a_case_without_a_reply_from_its_page(demo, client):
    case = Case.objects.filter(status=CaseStatus.REGISTERED).first()
    url = case.get_absolute_url() + "avsluta-utan-svar/"
    client.force_login(demo["handlaggare"])
    assert "Avsluta ärendet utan svar" not in client.get(case.get_absolute_url()).content.decode()
    assert client.post(url).status_code == 404  # a case officer may not
    client.force_login(demo["registrator"])
    assert "Avsluta ärendet utan svar" in client.get(case.get_absolute_url()).content.decode()
    page = client.post(url, follow=True).content.decode()
    assert "Ärendet är avslutat utan svar" in page
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED
    again = client.post(url, follow=True).content.decode()
    assert "Bara ett ärende som inte har gått till sina organ" in again
