"""A big referral in a real browser (issue 13.5): an official pages through the records of the
case, the bodies and replies of the referral and the compilation's table, and chooses the
proposal whose lists and quotes are shown; every page stays accessible."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from remiss.consultations.models import OutgoingReferral
from remiss.demo.big import fill_big_referral
from tests.browser.conftest import assert_accessible, log_in


def test_paging_a_big_referral(page, live_server, demo, axe, settings):
    referral = OutgoingReferral.objects.select_related("case__registry").get()
    fill_big_referral(referral, replies=250, other_records=60)
    case = referral.case
    log_in(page, live_server, "departement")

    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    records = page.get_by_role("navigation", name="Sidor med handlingar")
    expect(records).to_contain_text("Sida 1 av 4")
    assert_accessible(axe, page)
    records.get_by_role("link", name="Sista").click()
    expect(page.get_by_role("navigation", name="Sidor med handlingar")).to_contain_text(
        "Sida 4 av 4"
    )
    expect(page.get_by_text("Tjänsteanteckning 60 om remissvaren")).to_be_visible()

    detail = f"{live_server.url}/remisser/{case.registry.prefix}/{case.year}/{case.serial}/"
    page.goto(detail)
    expect(page.get_by_role("status").first).to_contain_text("svarat 250")
    replies = page.get_by_role("navigation", name="Sidor med remissvar")
    expect(replies).to_contain_text("Sida 1 av 3")
    replies.get_by_role("link", name="Nästa").click()
    expect(page.get_by_role("navigation", name="Sidor med remissvar")).to_contain_text(
        "Sida 2 av 3"
    )
    # The other list keeps its own page.
    expect(page.get_by_role("navigation", name="Sidor med remissinstanser")).to_contain_text(
        "Sida 1 av 3"
    )
    assert_accessible(axe, page)

    page.goto(f"{detail}sammanstallning/")
    expect(page.get_by_role("table", name="Antal remissinstanser per förslag")).to_be_visible()
    choice = page.get_by_role("navigation", name="Förslag")
    last = choice.get_by_role("link").last
    number = last.inner_text().split()[-1]
    last.click()
    expect(page.get_by_role("heading", name=re.compile(rf"^Förslag {number}:"))).to_be_visible()
    expect(choice.get_by_role("link", name=f"Förslag {number}")).to_have_attribute(
        "aria-current", "page"
    )
    assert_accessible(axe, page)

    # Word of a big referral is made in the background; its page offers the file when ready.
    settings.REMISS_EXPORT_REPLIES_IN_REQUEST = 100
    page.get_by_role("link", name="Word", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Sammanställningen är klar")
    assert_accessible(axe, page)
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("^Hämta")).click()
    assert info.value.suggested_filename.endswith("Remissammanställning.docx")
