"""From the case page, in a real browser: register a document, mark it secret, assign the case;
a case officer without clearance then sees that the document exists, not what it says."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from remiss.cases.models import Case
from tests.browser.conftest import assert_accessible, log_in
from tests.documents import make_pdf


def test_register_mark_secret_and_assign(page, live_server, demo, axe, tmp_path, browser):
    case = Case.objects.get(referral__report_title="Promemorian Kommunal beredskap vid elbrist")
    case_url = f"{live_server.url}{case.get_absolute_url()}"
    log_in(page, live_server, "registrator")
    page.goto(case_url)
    page.get_by_role("link", name="Registrera en handling").click()
    assert_accessible(axe, page)
    pdf = tmp_path / "Skrivelse från enskild.pdf"
    pdf.write_bytes(make_pdf(["Uppgifter om enskilds hälsa: KANARIE-BROWSER"]))
    page.get_by_label("Riktning", exact=True).select_option(label="Inkommande")
    page.get_by_label("Avsändare eller mottagare", exact=True).fill("Privatperson")
    page.get_by_label("Beskrivning", exact=True).fill("KANARIE-BROWSER synpunkter om hemtjänst")
    page.get_by_label("Filer", exact=True).set_input_files(str(pdf))
    page.get_by_role("button", name="Registrera handlingen").click()
    expect(page.get_by_role("status")).to_contain_text(f"Handling {case.number}-2 registrerades")

    page.get_by_role("link", name="Sekretessmarkering av handling 2").click()
    assert_accessible(axe, page)
    page.get_by_label("Sekretessbestämmelse", exact=True).fill("26 kap 1 §")
    page.get_by_label("Offentlig beskrivning", exact=True).fill("Skrivelse från enskild")
    page.get_by_role("button", name="Spara markeringen").click()
    expect(page.get_by_text("Sekretess enligt OSL 26 kap. 1 §")).to_be_visible()

    page.get_by_role("link", name="Tilldela ärendet").click()
    assert_accessible(axe, page)
    page.get_by_label("Ansvarig enhet", exact=True).select_option(label="Rotel II")
    page.get_by_label("Handläggare", exact=True).select_option(label="Hanna Handläggare")
    page.get_by_role("button", name="Spara tilldelningen").click()
    expect(page.get_by_role("status")).to_contain_text("Ärendets tilldelning sparades")
    expect(page.get_by_text("Rotel II")).to_be_visible()
    assert_accessible(axe, page)

    other = browser.new_context(locale="sv-SE").new_page()
    log_in(other, live_server, "politiker")
    other.goto(case_url)
    expect(other.get_by_text("Skrivelse från enskild").first).to_be_visible()
    expect(other.get_by_text("Sekretess enligt OSL 26 kap. 1 §")).to_be_visible()
    assert "KANARIE-BROWSER" not in other.content()
    expect(other.get_by_role("link", name=pdf.name, exact=True)).to_have_count(0)


def test_a_reply_file_is_read_and_confirmed_beside_the_document(
    page, live_server, demo, axe, tmp_path
):
    case = Case.objects.get(referral__report_title="Promemorian Stärkt stöd till anhöriga")
    log_in(page, live_server, "registrator")
    page.goto(live_server.url + case.get_absolute_url())
    page.get_by_role("link", name="Registrera en handling").click()
    reply = tmp_path / "Remissvar Uppsala kommun.pdf"
    reply.write_bytes(
        make_pdf(
            [
                "Uppsala kommun har beretts tillfälle att yttra sig.\n\n"
                "Kommunen tillstyrker förslaget om anhörigstöd som skyldighet.\n\n"
                "Kommunen har inga synpunkter på nationellt kunskapsstöd."
            ]
        )
    )
    page.get_by_label("Riktning", exact=True).select_option(label="Inkommande")
    page.get_by_label("Avsändare eller mottagare", exact=True).fill("Uppsala kommun")
    page.get_by_label("Beskrivning", exact=True).fill("Remissvar från Uppsala kommun")
    page.get_by_label("Filer", exact=True).set_input_files(str(reply))
    page.get_by_role("button", name="Registrera handlingen").click()
    page.get_by_role("link", name=f"Inläsning {reply.name}").click()
    page.get_by_role("button", name="Läs in filen").click()
    expect(page.get_by_role("status")).to_contain_text("Filen läses in")
    page.reload()  # the task has run (immediate in tests; the worker's moment in production)
    expect(page.locator("mark").first).to_contain_text("tillstyrker förslaget om anhörigstöd")
    assert_accessible(axe, page)
    page.get_by_label("Remissinstans", exact=True).fill("Uppsala kommun")
    page.get_by_role("button", name="Bekräfta värdena").click()
    expect(page.get_by_role("status")).to_contain_text("fält bekräftades")
    expect(page.get_by_text("bekräftat av Rebecka Registrator").first).to_be_visible()


def test_close_a_case_without_a_reply(page, live_server, demo, axe):
    """The step the lifecycle offers a registrar before the case goes to its bodies: behind a
    disclosure with its explanation, then a message, and the case's other steps are gone."""
    case = Case.objects.get(referral__report_title="Promemorian Kommunal beredskap vid elbrist")
    log_in(page, live_server, "registrator")
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    page.get_by_text("Avsluta utan svar", exact=True).click()
    expect(page.get_by_text("remittenten får inget svar")).to_be_visible()
    assert_accessible(axe, page)
    page.get_by_role("button", name="Avsluta ärendet utan svar").click()
    expect(page.get_by_role("status").first).to_contain_text("Ärendet är avslutat utan svar")
    expect(page.get_by_role("link", name="Remittera för yttrande")).to_have_count(0)
    assert_accessible(axe, page)

    # The closed case goes to the archive: the package is made, checked, listed and fetched.
    page.get_by_role("button", name="Gör ett arkivpaket").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Arkivpaketet är gjort och kontrollerat"
    )
    packages = page.get_by_role("table", name="Ärendets arkivpaket")
    link = packages.get_by_role("link", name=re.compile(r"\.tar$"))
    expect(link).to_have_count(1)
    assert_accessible(axe, page)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.startswith(
        case.number.replace(" ", "_").replace("/", "_")
    )


def test_change_the_referral_from_the_case_page(page, live_server, demo, axe):
    """The issuer's number and the addresses for the reply, added after registration."""
    case = Case.objects.get(referral__report_title="Promemorian Kommunal beredskap vid elbrist")
    log_in(page, live_server, "registrator")
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    page.get_by_role("link", name="Ändra remissen").click()
    assert_accessible(axe, page)
    page.get_by_label("Ärendemening", exact=True).fill("Kommunal beredskap vid elbrist – yttrande")
    page.get_by_label("Remittent", exact=True).select_option(label="Infrastrukturdepartementet")
    page.get_by_label("Remittentens diarienummer", exact=True).fill("KN2026/00412")
    page.get_by_label("Adresser för svaret", exact=True).fill("inte-en-adress")
    page.get_by_role("button", name="Spara").click()
    expect(
        page.get_by_text("”inte-en-adress” är inte en e-postadress.", exact=True)
    ).to_be_visible()
    assert_accessible(axe, page)
    page.get_by_label("Adresser för svaret", exact=True).fill("kn.remissvar@regeringskansliet.se")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("status")).to_contain_text("Remissen är ändrad.")
    case.referral.refresh_from_db()
    assert case.referral.issuer_dnr == "KN2026/00412"
    assert case.referral.reply_address_list == ["kn.remissvar@regeringskansliet.se"]
    assert case.referral.issuer.name == "Infrastrukturdepartementet"
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Kommunal beredskap vid elbrist – yttrande"
    )


def test_plan_a_meeting_and_its_agenda(page, live_server, demo, axe):
    """The calendar of meetings and a meeting's agenda, in a real browser at both widths."""
    import datetime as dt

    from django.utils import timezone

    case = Case.objects.get(referral__report_title="Promemorian Kommunal beredskap vid elbrist")
    log_in(page, live_server, "registrator")
    page.get_by_role("link", name="Sammanträden").click()
    assert_accessible(axe, page)
    page.get_by_label("Organ", exact=True).select_option(label="Kommunstyrelsen")
    coming = timezone.localdate() + dt.timedelta(days=21)
    page.get_by_label("Datum", exact=True).fill(coming.isoformat())
    page.get_by_role("button", name="Lägg till sammanträdet").click()
    expect(page.get_by_role("status")).to_contain_text("lades till")
    page.get_by_label("Diarienummer", exact=True).fill(case.number)
    page.get_by_role("button", name="För upp ärendet").click()
    expect(page.get_by_role("status")).to_contain_text(f"{case.number} är uppfört")
    expect(page.get_by_role("link", name=case.number)).to_be_visible()
    assert_accessible(axe, page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Föredragningslistan som PDF").click()
    assert download.value.suggested_filename.startswith("Föredragningslista Kommunstyrelsen")
    # A second case, moved before the first; then both off, and the empty meeting removed.
    other = Case.objects.get(referral__report_title="Promemorian Stärkt stöd till anhöriga")
    page.get_by_label("Diarienummer", exact=True).fill(other.number)
    page.get_by_role("button", name="För upp ärendet").click()
    page.get_by_role("button", name=f"Flytta upp {other.number}").click()
    expect(page.get_by_role("status")).to_contain_text(f"{other.number} är flyttat uppåt")
    rows = page.locator("tbody tr")
    expect(rows.nth(0)).to_contain_text(other.number)
    expect(rows.nth(1)).to_contain_text(case.number)
    assert_accessible(axe, page)
    for number in (other.number, case.number):
        page.get_by_text(f"Avför {number} från föredragningslistan").click()
        page.get_by_role("button", name=f"Ja, avför {number}").click()
        expect(page.get_by_role("status")).to_contain_text(f"{number} är avfört")
    page.get_by_text("Ta bort sammanträdet", exact=True).click()
    page.get_by_role("button", name="Ja, ta bort sammanträdet").click()
    expect(page.get_by_role("status")).to_contain_text("är borttaget")
    expect(page.get_by_role("heading", name="Sammanträden", exact=True)).to_be_visible()
    assert_accessible(axe, page)
