"""Publishing in a real browser: the registrar previews what will be masked in the decided
reply and publishes it; a visitor without log-in finds it among the published replies and in
the feed's link; the registrar withdraws it. Every page passes axe."""

from __future__ import annotations

from playwright.sync_api import expect

from remiss.cases.models import Case
from remiss.referrals.models import MemoVersion
from tests.browser.conftest import assert_accessible, log_in

DEMO_DECIDED = "Promemorian Enklare tillstånd för uteserveringar"


def test_a_registrar_publishes_the_reply_and_a_visitor_reads_it(page, live_server, demo, axe):
    case = Case.objects.get(referral__report_title=DEMO_DECIDED)
    version = MemoVersion.objects.filter(memo__case=case).latest("number")
    MemoVersion.objects.filter(pk=version.pk).update(
        views=version.views + "\n\nSökanden (811218-9876) har lämnat synpunkter."
    )
    log_in(page, live_server, "registrator")
    page.goto(f"{live_server.url}/arenden/{case.registry.prefix}/{case.year}/{case.serial}/")
    publication = page.get_by_role("region", name="Publicering")
    publication.get_by_role("link", name="Publicera vårt remissvar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publicera vårt remissvar")
    assert_accessible(axe, page)
    page.get_by_label("Maskera även").fill("Sökanden")
    page.get_by_role("button", name="Förhandsgranska").click()
    preview = page.get_by_role("table", name="Det här maskeras")
    expect(preview).to_contain_text("Personnummer")
    expect(preview).to_contain_text("811218-9876")
    expect(preview).to_contain_text("Valt av dig")
    assert_accessible(axe, page)
    page.get_by_role("button", name="Publicera", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Publicerat på de offentliga sidorna")
    expect(publication).to_contain_text("2 personuppgifter maskerade")

    visitor = page.context.browser.new_context(locale="sv-SE").new_page()
    visitor.goto(f"{live_server.url}/diarium/")
    visitor.get_by_role("link", name="Stockholms stad").click()
    visitor.get_by_role("link", name="Remissvar publicerade av Stockholms stad").first.click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "Remissvar publicerade av Stockholms stad"
    )
    expect(visitor.get_by_role("link", name="Publicerade remissvar")).to_be_visible()
    expect(visitor.locator(".publications")).to_contain_text("2 personuppgifter maskerade")
    assert_accessible(axe, visitor)
    with visitor.expect_download() as download:
        visitor.locator(".publications a[href*='/filer/']").first.click()
    assert download.value.suggested_filename.endswith((".pdf", ".docx"))

    page.get_by_text("Återkalla Stockholms stad").click()
    page.get_by_label("Varför den återkallas").fill("Fel bilaga")
    page.get_by_role("button", name="Återkalla från de offentliga sidorna").click()
    expect(publication).to_contain_text("Återkallad")
    visitor.reload()
    expect(visitor.get_by_text("Inget har publicerats ännu.")).to_be_visible()
