"""The permission matrix's object states: the same route answers differently when a record is
public or secret, when a case is assigned to someone or not, and when the memo is a draft or
final. Each cell's expected outcome is in the table below, kept apart from the code it tests.

"allowed" means the route answered (no 404/405/5xx) and, for a POST, its effect happened;
"refused" means a user who may reach the route got a message and nothing changed; a user who
may not reach it gets 404, alike for "not allowed" and "not there"."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone

from remiss.accounts.models import Role, User
from remiss.cases import files
from remiss.cases.models import Case, CaseStatus, RecordFile
from remiss.cases.services import record_add, record_set_secrecy
from remiss.organisations.models import Body, Organisation, Person, Registry, Unit
from remiss.referrals.models import Memo
from remiss.referrals.services import referral_register
from remiss.referrals.workflow import MemoText, memo_save
from tests.demo_data import load_demo
from tests.documents import make_pdf
from tests.factories import UnitFactory, UserFactory, referral_kwargs

pytestmark = pytest.mark.django_db

PEOPLE = [
    "registrator",
    "handlaggare",
    "handlaggare2",
    "kontor",
    "politiker",
    "departement",
    "admin",
]
CHANGERS = {"registrator", "admin"}  # may change any case of their organisation
SEE_THE_CASE = {"registrator", "admin", "handlaggare", "handlaggare2", "politiker"}

# (route, method, state) → who is allowed; everyone else: 404, or "refused" where they can
# reach the route but the state forbids the step (REFUSED below).
STATES: dict[tuple[str, str, str], set[str]] = {
    # Public or secret: a secret record's file only for the registrar, the administrator and
    # the case's own case officer.
    ("cases:file", "GET", "public"): SEE_THE_CASE,
    ("cases:file", "GET", "secret"): CHANGERS | {"handlaggare"},
    ("cases:file_reading", "GET", "public"): SEE_THE_CASE,
    ("cases:file_reading", "GET", "secret"): CHANGERS | {"handlaggare"},
    # Assigned or not: another unit's case officer may take up an unassigned case, not one
    # assigned to a colleague.
    ("cases:record_add", "GET", "assigned"): CHANGERS | {"handlaggare"},
    ("cases:record_add", "GET", "unassigned"): CHANGERS | {"handlaggare", "handlaggare2"},
    ("cases:refer", "GET", "assigned"): CHANGERS | {"handlaggare"},
    ("cases:refer", "GET", "unassigned"): CHANGERS | {"handlaggare", "handlaggare2"},
    # Assigning is for registrars (and the unit's manager), never a case officer: taking
    # oneself a case is a separate, audited step where the organisation allows it.
    ("cases:assign", "GET", "assigned"): CHANGERS,
    ("cases:assign", "GET", "unassigned"): CHANGERS,
    ("cases:memo", "GET", "assigned"): CHANGERS | {"handlaggare"},
    ("cases:memo", "GET", "unassigned"): CHANGERS | {"handlaggare", "handlaggare2"},
    # Draft or final: the memo is marked ready while the case is being prepared; after the
    # decision it is final and nobody marks it again.
    ("cases:memo_ready", "POST", "draft"): CHANGERS | {"handlaggare"},
    ("cases:memo_ready", "POST", "final"): set(),
}
# Who reaches the route but is refused by the state (a message, nothing changed).
REFUSED: dict[tuple[str, str, str], set[str]] = {
    ("cases:memo_ready", "POST", "final"): CHANGERS | {"handlaggare", "politiker"},  # presenter
}


@pytest.fixture
def world(files_dir):
    load_demo()
    city = Organisation.objects.get(name="Stockholms stad")
    registrar = User.objects.get(username="registrator")
    officer = User.objects.get(username="handlaggare")
    rotel_ii = UnitFactory(organisation=city, name="Rotel II")
    UserFactory(username="handlaggare2", role=Role.CASE_OFFICER, organisation=city, unit=rotel_ii)
    rotel_i = Unit.objects.get(organisation=city, name="Rotel I")
    registry = Registry.objects.get(organisation=city, prefix="KS")
    issuer = Organisation.objects.get(name="Finansdepartementet")

    def new_case(officer_or_none: User | None, title: str) -> Case:
        return referral_register(
            actor=registrar,
            registry=registry,
            issuer=issuer,
            responsible_unit=rotel_i,
            case_officer=officer_or_none,
            **referral_kwargs(issuer_dnr="", report_title=title),
        ).case

    assigned = new_case(officer, "Ett tilldelat ärende")
    unassigned = new_case(None, "Ett ärende utan handläggare")

    def file_on(case: Case, secret: bool) -> RecordFile:
        staged = files.stage_upload(io.BytesIO(make_pdf(["Yttrande"])), "yttrande.pdf")
        record = record_add(
            actor=registrar,
            case=case,
            direction="incoming",
            document_date=timezone.localdate(),
            counterpart="Socialförvaltningen",
            subject="Yttrande",
            staged_files=[staged],
        )
        files._publish(staged)
        if secret:
            record_set_secrecy(actor=registrar, record=record, provision="OSL 26 kap. 1 §")
        return record.files.get()

    public_file = file_on(assigned, secret=False)
    secret_file = file_on(assigned, secret=True)
    memo_save(
        actor=officer,
        case=assigned,
        text=MemoText(
            matter="Regeringen föreslår tillitsbaserad styrning.",
            preparation="Ärendet har beretts inom stadsledningskontoret.",
            views="Staden tillstyrker förslaget.",
            decision_text="Remissen besvaras med hänvisning till promemorian.",
            place="Stockholm",
            date=timezone.localdate(),
            signatory=Person.objects.get(name="Anna König Jerlmyr"),
            attachments="Remissen",
        ),
        unit=rotel_i,
        preparatory_body=Body.objects.get(organisation=city, name="Borgarrådsberedningen"),
        deciding_body=Body.objects.get(organisation=city, name="Kommunstyrelsen"),
    )
    final = Case.objects.get(registry=registry, year=2020, serial=132)
    assert final.status == CaseStatus.CLOSED  # the demo takes the seed case all the way
    return {
        "public": {"file": public_file, "case": assigned},
        "secret": {"file": secret_file, "case": assigned},
        "assigned": {"case": assigned},
        "unassigned": {"case": unassigned},
        "draft": {"case": assigned},
        "final": {"case": final},
    }


def _url(route: str, objects: dict) -> str:
    if route in ("cases:file", "cases:file_reading"):
        return reverse(route, kwargs={"pk": objects["file"].pk})
    case = objects["case"]
    return reverse(
        route, kwargs={"prefix": case.registry.prefix, "year": case.year, "serial": case.serial}
    )


def _memo_ready_at(case: Case):
    memo = Memo.objects.filter(case=case).first()
    return memo.ready_at if memo else None


def test_every_state_cell(client, world):
    problems: list[str] = []
    for (route, method, state), allowed in STATES.items():
        refused = REFUSED.get((route, method, state), set())
        for who in PEOPLE:
            objects = world[state]
            case = objects["case"]
            Memo.objects.filter(case=case, ready_at__isnull=False).exclude(
                case__status=CaseStatus.CLOSED
            ).update(ready_at=None, ready_by=None)
            before = _memo_ready_at(case)
            client.force_login(User.objects.get(username=who))
            response = client.generic(method, _url(route, objects))
            status = response.status_code
            changed = method == "POST" and _memo_ready_at(case) != before
            if who in allowed:
                ok = status not in (403, 404, 405) and status < 500
                ok = ok and (method == "GET" or changed)
                expected = "allowed"
            elif who in refused:
                ok, expected = status in (200, 302) and not changed, "refused"
            else:
                ok, expected = status == 404 and not changed, "404"
            if not ok:
                problems.append(
                    f"{method} {route} [{state}] as {who}: {status}, expected {expected}"
                )
    assert problems == [], "\n".join(problems)


def test_every_state_route_is_in_the_main_matrix():
    from tests.test_permission_matrix import MATRIX

    assert {route for route, _m, _s in STATES} <= set(MATRIX)
