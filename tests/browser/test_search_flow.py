"""Searching, in a real browser: a case officer finds the seed case by words of a member's
statement, narrows by kind, reads the marked snippet and opens the case; the page passes axe
with 0 violations at its own width and a phone's."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in


def test_a_case_officer_finds_the_seed_case_by_what_was_said(page, live_server, demo, axe):
    log_in(page, live_server, "handlaggare")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Sök").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sök")
    assert_accessible(axe, page)

    box = page.get_by_label("Sök efter", exact=True)
    box.fill("oppositionsbudgeten tillitsbaserad")
    box.press("Enter")  # from the keyboard, as from the button
    expect(page.get_by_role("status")).to_contain_text("träff")
    hits = page.locator(".search-results > li")
    expect(hits.first.locator("mark").first).to_be_visible()
    assert_accessible(axe, page)

    facets = page.get_by_role("navigation", name="Avgränsa sökningen")
    facets.get_by_role("link", name="Ledamots uttalande").click()
    expect(page.get_by_role("status")).to_have_text("1 träff")
    hit = page.locator(".search-results > li").first
    expect(hit).to_contain_text("KS 2020/132")
    expect(hit.locator("mark").first).to_have_text("oppositionsbudget")
    hit.get_by_role("link", name="KS 2020/132").click()
    expect(page.locator(".case-number")).to_have_text("KS 2020/132")


def test_nothing_found_and_bad_input_are_told_plainly(page, live_server, demo, axe):
    log_in(page, live_server, "handlaggare")
    page.goto(f"{live_server.url}/sok/?q=%22obalanserat+citat+NEAR(")
    expect(page.get_by_role("status")).to_have_text("0 träffar")
    expect(page.locator(".search-results")).to_contain_text(
        "Inget som du får se matchar sökningen."
    )
    page.goto(f"{live_server.url}/sok/?q=-tillit")
    expect(page.get_by_role("status")).to_contain_text("Skriv minst ett ord som ska finnas med")
    assert_accessible(axe, page)
