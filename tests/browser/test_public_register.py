"""The public register in a real browser, without log-in: from the footer to an
organisation's register, a search and a case's entries; every page passes axe."""

from __future__ import annotations

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
