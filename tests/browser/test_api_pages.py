"""The API's pages in a real browser: anyone reads what the API offers; a case officer makes a
key with the keyboard's reach, copies it from the field it is shown in once, another program
uses it, and she revokes it; both pages pass axe."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in


def test_a_case_officer_makes_uses_and_revokes_an_api_key(page, live_server, demo, axe, browser):
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="API", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API:et")
    expect(
        page.get_by_role("cell", name="/api/v1/public/organisations", exact=True)
    ).to_be_visible()
    assert_accessible(axe, page)

    log_in(page, live_server, "handlaggare")
    page.goto(f"{live_server.url}/api/")
    page.get_by_role("link", name="Dina API-nycklar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dina API-nycklar")
    assert_accessible(axe, page)
    page.get_by_label("Namn").fill("Ärendesystemet")
    page.get_by_label("läsa", exact=True).check()
    page.get_by_role("button", name="Skapa nyckeln").click()
    field = page.get_by_label("Kopiera nyckeln nu: den visas bara den här gången.")
    expect(field).to_have_value(re.compile(r"^remiss_[A-Za-z0-9_-]{43}$"))
    assert_accessible(axe, page)
    key = field.input_value()

    other_system = browser.new_context()  # no session: only the key
    me = other_system.request.get(
        f"{live_server.url}/api/v1/me", headers={"Authorization": f"Bearer {key}"}
    )
    assert me.status == 200
    assert me.json()["username"] == "handlaggare"

    page.get_by_role("button", name="Återkalla nyckeln Ärendesystemet").click()
    expect(page.get_by_text("Nyckeln ”Ärendesystemet” återkallades")).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("Återkallad"))).to_be_visible()
    assert_accessible(axe, page)
    again = other_system.request.get(
        f"{live_server.url}/api/v1/me", headers={"Authorization": f"Bearer {key}"}
    )
    assert again.status == 401
    other_system.close()
