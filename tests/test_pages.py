"""The start page, the register with its filters, and the case page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from remiss.accounts.models import Role
from remiss.referrals.services import ProposalInput, referral_register
from remiss.referrals.workflow import case_close_without_reply
from tests.factories import MinistryFactory, UserFactory, referral_kwargs

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(registrar, registry, ministry):
    today = timezone.localdate()
    justice = MinistryFactory(name="Justitiedepartementet", case_prefix="Ju")
    officer = UserFactory(
        role=Role.CASE_OFFICER,
        organisation=registry.organisation,
        first_name="Hanna",
        username="hanna",
    )
    made = {}
    for key, issuer, days, title, assigned in [
        ("overdue", ministry, -4, "Promemorian Kommunal beredskap vid elbrist", officer),
        ("soon", justice, 6, "Förbättrat skydd för totalförsvarsverksamhet", None),
        ("later", ministry, 40, "En kommunallag för framtiden", officer),
        ("closed", justice, -300, "Regional indelning – tre nya län", officer),
    ]:
        made[key] = referral_register(
            actor=registrar,
            registry=registry,
            issuer=issuer,
            case_officer=assigned,
            proposals=[ProposalInput("1", "Huvudförslaget")],
            **referral_kwargs(
                issuer_dnr=f"{issuer.case_prefix}2026/{len(made) + 1}",
                report_title=title,
                report_ref="",
                received_date=today + dt.timedelta(days=days - 60),
                deadline=today + dt.timedelta(days=days),
            ),
        ).case
    case_close_without_reply(actor=registrar, case=made["closed"])
    made["officer"] = officer
    return made


def order_of(body: str, titles: list[str]) -> list[str]:
    return sorted(titles, key=body.index)


def test_start_page_lists_open_referrals_by_deadline_with_days_left(client, cases, registrar):
    client.force_login(registrar)
    body = client.get(reverse("start")).content.decode()
    titles = ["Promemorian Kommunal beredskap", "Förbättrat skydd", "En kommunallag"]
    assert order_of(body, titles) == titles
    assert "Regional indelning" not in body  # closed
    assert "4 dagar försenad" in body
    assert "6 dagar kvar" in body
    assert "40 dagar kvar" in body
    assert re.search(
        r'<tr class="overdue">\s*<th scope="row">\s*<a href="[^"]+">'
        + re.escape(cases["overdue"].number),
        body,
    )
    assert "3 öppna remisser" in body
    assert "1 har passerat remisstiden" in body
    # The one no case officer has yet is marked, for the registrar to assign (issue 15.2).
    unassigned = re.findall(r"<tr[^>]*>\s*<th scope=\"row\">\s*<a [^>]+>([^<]+)</a>(?:(?!</tr>).)*"
                            r"Ej fördelat", body, re.DOTALL)  # fmt: skip
    assert set(unassigned) == {cases["soon"].number}


def test_start_page_of_a_case_officer_shows_their_own_cases(client, cases):
    client.force_login(cases["officer"])
    response = client.get(reverse("start"))
    mine = [c.title for c in response.context["my_cases"]]
    assert len(mine) == 2
    assert all(t.startswith(("Promemorian", "En kommunallag")) for t in mine)


def list_titles(client, query=""):
    response = client.get(reverse("cases:list") + query)
    assert response.status_code == 200
    return [case.title for case in response.context["page"]]


def test_register_filters(client, cases, registrar, ministry):
    client.force_login(registrar)
    assert len(list_titles(client)) == 4
    assert list_titles(client, "?status=closed") == ["Regional indelning – tre nya län"]
    assert set(list_titles(client, f"?issuer={ministry.pk}")) == {
        "Promemorian Kommunal beredskap vid elbrist",
        "En kommunallag för framtiden",
    }
    today = timezone.localdate()
    window = f"?deadline_from={today.isoformat()}&deadline_to={(today + dt.timedelta(days=10))}"
    assert list_titles(client, window) == ["Förbättrat skydd för totalförsvarsverksamhet"]
    assert list_titles(client, "?q=kommunallag") == ["En kommunallag för framtiden"]
    assert list_titles(client, f"?q={cases['soon'].number}") == [cases["soon"].title]
    assert list_titles(client, "?q=ju2026/2") == [cases["soon"].title]  # issuer's number
    assert list_titles(client, f"?year={today.year + 5}") == []
    assert list_titles(client, "?year=tjugo") != []  # a bad filter is shown, not a crash


def test_register_sorting_and_paging(client, registrar, registry, ministry, cases, monkeypatch):
    client.force_login(registrar)
    by_deadline = list_titles(client, "?sort=deadline")
    assert by_deadline[0].startswith("Regional")
    assert by_deadline[-1].startswith("En kommunallag")
    assert list_titles(client, "?sort=-deadline")[0].startswith("En kommunallag")
    assert list_titles(client, "?sort=title")[0].startswith("En kommunallag")
    assert list_titles(client, "?sort=nonsense") == list_titles(client, "?sort=-number")
    monkeypatch.setattr("remiss.cases.views.PAGE_SIZE", 3)
    first, second = list_titles(client, "?sort=title"), list_titles(client, "?sort=title&page=2")
    assert len(first) == 3
    assert len(second) == 1
    assert not set(first) & set(second)
    body = client.get(reverse("cases:list") + "?sort=title&status=").content.decode()
    assert "page=2" in body
    assert "sort=title" in body


def test_case_page_shows_the_case_its_records_proposals_and_timeline(client, cases, registrar):
    client.force_login(registrar)
    case = cases["soon"]
    body = client.get(case.get_absolute_url()).content.decode()
    for text in [
        case.number,
        "Justitiedepartementet",
        "Ju2026/2",
        "Huvudförslaget",
        "Remiss: Förbättrat skydd",
        "Händelser",
        "registrerade ärendet",
        "6 dagar kvar",
    ]:
        assert text in body, text


def test_search_by_report_reference_and_the_trigram_index(client, registrar, registry, ministry):
    from django.db import connection

    referral_register(
        actor=registrar,
        registry=registry,
        issuer=ministry,
        **referral_kwargs(report_ref="SOU 2019:43"),
    )
    client.force_login(registrar)
    titles = list_titles(client, "?q=SOU 2019:43")
    assert len(titles) == 1
    assert titles[0].endswith("(SOU 2019:43)")
    assert list_titles(client, "?q=SOU 2019:44") == []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'cases_case_title_trgm'")
            assert cursor.fetchone() is not None


@pytest.mark.parametrize("path", ["/arenden/KS/2099/1/", "/ingen-sida-alls/"])
def test_a_friendly_not_found_page_also_in_development(client, registrar, settings, path):
    """With DEBUG on (make run), an unknown address or a case one may not see gives the same
    Swedish page as in production, not Django's technical one (issue 14 §5)."""
    settings.DEBUG = True
    client.force_login(registrar)
    response = client.get(path)
    assert response.status_code == 404
    page = response.content.decode()
    assert "Sidan finns inte" in page
    assert "URLconf" not in page
    settings.REMISS_TECHNICAL_404 = True  # a developer may ask for Django's page
    assert "Sidan finns inte" not in client.get(path).content.decode()


def test_dates_in_words_follow_the_language():
    import datetime as dt

    from django.utils import translation

    from remiss.core.templatetags.remiss import sv_date

    day = dt.date(2020, 4, 24)
    with translation.override("sv"):
        assert sv_date(day) == "24 april 2020"
    with translation.override("en"):
        assert sv_date(day) == "24 April 2020"
