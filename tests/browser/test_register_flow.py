"""A registrar's day, in a real browser: log in, register a referral with a PDF, find it on
the start page and in the register; every page passes axe with 0 violations."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from remiss.cases.models import Case
from tests.browser.conftest import assert_accessible, log_in
from tests.documents import make_pdf


def test_log_in_page_is_accessible_and_refuses_a_wrong_password(page, live_server, demo, axe):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/logga-in/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in i Remiss")
    assert_accessible(axe, page)
    page.get_by_label("Användarnamn", exact=True).fill("registrator")
    page.get_by_label("Lösenord", exact=True).fill("fel-lösenord")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("alert")).to_contain_text("Ange ett korrekt användarnamn och lösenord")
    assert_accessible(axe, page)


def test_registrar_registers_a_referral_with_a_pdf_and_finds_it(
    page, live_server, demo, axe, tmp_path
):
    log_in(page, live_server, "registrator")
    expect(page.get_by_role("heading", name="Öppna remisser efter remisstid")).to_be_visible()
    assert_accessible(axe, page)

    page.get_by_role("link", name="Registrera en ny remiss").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrera en inkommen remiss")
    assert_accessible(axe, page)

    pdf = tmp_path / "Remiss Ds 2026_14 Justitiedepartementet.pdf"
    pdf.write_bytes(make_pdf(["Remiss", "Promemorian Starkare skydd för förtroendevalda"]))
    today = timezone.localdate()
    page.get_by_label("Remittent", exact=True).select_option(label="Justitiedepartementet")
    page.get_by_label("Remittentens diarienummer", exact=True).fill("Ju2026/01234")
    page.get_by_label("Beteckning", exact=True).fill("ds 2026:14")
    page.get_by_label("Betänkandets titel", exact=True).fill("Starkare skydd för förtroendevalda")
    page.get_by_label("Inkom", exact=True).fill(today.isoformat())
    page.get_by_label("Remisstid", exact=True).fill((today + dt.timedelta(days=12)).isoformat())
    page.get_by_label("Ansvarig enhet", exact=True).select_option(label="Rotel I")
    page.get_by_label("Filer", exact=True).set_input_files(str(pdf))
    page.locator("#id_proposals-0-number").fill("1")
    page.locator("#id_proposals-0-title").fill("Nytt brott: angrepp mot förtroendevald")
    page.get_by_label("Klistra in en numrerad lista med förslag", exact=True).fill(
        "2. Skärpt straff för olaga hot\n3. Bättre stöd till utsatta förtroendevalda"
    )
    page.get_by_role("button", name="Registrera remissen").click()

    expect(page.get_by_role("status")).to_contain_text("Remissen registrerades som ärende KS ")
    case = Case.objects.get(referral__issuer_dnr="Ju2026/01234")
    expect(page.locator(".case-number")).to_have_text(case.number)
    expect(page.get_by_role("link", name=pdf.name, exact=True)).to_be_visible()
    expect(page.get_by_text("Skärpt straff för olaga hot")).to_be_visible()
    expect(page.get_by_text("12 dagar kvar")).to_be_visible()
    assert_accessible(axe, page)
    with page.expect_download() as download:
        page.get_by_role("link", name=pdf.name, exact=True).click()
    assert download.value.suggested_filename == pdf.name

    page.get_by_role("link", name="Start", exact=True).click()
    open_referrals = page.get_by_role("region", name="Öppna remisser efter remisstid")
    row = open_referrals.get_by_role("row").filter(has=page.get_by_role("link", name=case.number))
    expect(row).to_contain_text("12 dagar kvar")

    page.get_by_role("link", name="Diarium", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Diarium")
    assert_accessible(axe, page)
    page.get_by_label("Sök", exact=True).fill("förtroendevalda")
    page.get_by_role("button", name="Filtrera").click()
    expect(page.get_by_text("1 ärende")).to_be_visible()
    expect(page.get_by_role("link", name=case.number)).to_be_visible()
    assert_accessible(axe, page)


def test_bad_input_is_shown_in_an_accessible_summary_and_nothing_is_saved(
    page, live_server, demo, axe
):
    before = Case.objects.count()
    log_in(page, live_server, "registrator")
    page.goto(f"{live_server.url}/arenden/registrera-remiss/")
    page.get_by_label("Remittent", exact=True).select_option(label="Socialdepartementet")
    page.get_by_label("Beteckning", exact=True).fill("SOU tjugo")
    page.get_by_label("Betänkandets titel", exact=True).fill("Hållbar socialtjänst")
    page.get_by_label("Inkom", exact=True).fill("2026-03-10")
    page.get_by_label("Remisstid", exact=True).fill("2026-03-01")
    page.get_by_role("button", name="Registrera remissen").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Ingenting sparades")
    expect(summary).to_contain_text("är ingen beteckning")
    expect(summary).to_contain_text("Remisstiden går ut före")
    assert_accessible(axe, page)
    assert Case.objects.count() == before


def test_case_page_register_and_language_switch(page, live_server, demo, axe):
    log_in(page, live_server, "handlaggare")
    page.goto(f"{live_server.url}/arenden/?sort=deadline&status=closed")
    expect(page.get_by_text("9 ärenden")).to_be_visible()
    page.goto(f"{live_server.url}/arenden/KS/2020/132/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Med tillit följer bättre")
    expect(page.get_by_text("Finansdepartementet").first).to_be_visible()
    expect(page.get_by_text("24 april 2020")).to_be_visible()
    assert_accessible(axe, page)
    page.get_by_role("button", name="In English").click()
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(axe, page)
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/logga-in/"))
