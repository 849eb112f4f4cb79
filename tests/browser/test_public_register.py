"""The public register in a real browser, without log-in: from the footer to an
organisation's register, a search and a case's entries; every page passes axe."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible


def test_a_visitor_finds_a_case_in_the_public_register(page, live_server, demo, axe):
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_role("link", name="Offentligt diarium").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Offentligt diarium")
    assert_accessible(axe, page)
    page.get_by_role("link", name="Stockholms stad").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Diarium för Stockholms stad")
    assert_accessible(axe, page)
    page.get_by_role("searchbox", name="Sök").fill("KS 2020/132")
    page.get_by_role("button", name="Sök").click()
    expect(page.get_by_role("status")).to_contain_text("1 ärende")
    page.get_by_role("link", name="KS 2020/132").click()
    expect(page.locator(".case-number")).to_have_text("KS 2020/132")
    expect(page.get_by_role("table", name="Ärendets handlingar")).to_be_visible()
    expect(page.get_by_role("heading", name="Att begära ut en handling")).to_be_visible()
    assert_accessible(axe, page)


def test_a_visitor_subscribes_to_the_organisations_calendar(page, live_server, demo):
    page.goto(f"{live_server.url}/diarium/")
    page.get_by_role("link", name="Stockholms stad").click()
    subscribe = page.get_by_role("link", name="Prenumerera i ditt kalenderprogram")
    host = live_server.url.split("//", 1)[1]
    expect(subscribe).to_have_attribute("href", re.compile(rf"^webcal://{re.escape(host)}/"))
    address = page.locator("code", has_text="kalender.ics").inner_text()
    response = page.request.get(address)  # what Outlook fetches from the address shown
    assert response.ok
    assert response.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in response.text()
    assert "Sammanträde" in response.text()
