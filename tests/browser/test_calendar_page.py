"""The calendar subscription page in a real browser: a case officer makes an address, copies it
from the field it is shown in once, and a calendar program fetches it; the page passes axe."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in


def test_a_case_officer_makes_a_calendar_address_and_it_is_fetched(
    page, live_server, demo, axe, browser
):
    log_in(page, live_server, "handlaggare")
    page.get_by_role("link", name="Kalender").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kalenderprenumeration")
    assert_accessible(axe, page)
    page.get_by_role("button", name="Skapa en kalenderadress").click()
    field = page.get_by_label("Kopiera adressen nu: den visas bara den här gången.")
    expect(field).to_have_value(re.compile(r"/kalender/[A-Za-z0-9_-]{40,}\.ics$"))
    assert_accessible(axe, page)
    address = field.input_value()

    calendar_program = browser.new_context()  # no session, as Outlook fetches it
    fetched = calendar_program.request.get(address)
    assert fetched.status == 200
    assert fetched.text().startswith("BEGIN:VCALENDAR")
    # Her demo referrals' deadlines (lines fold at 75 octets, so the start of one is asked for).
    assert re.search(r"SUMMARY:Remisstid: KS \d{4}/\d+ Promemorian", fetched.text())
    calendar_program.close()
