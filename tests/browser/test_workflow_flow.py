"""A new referral taken through every step in a real browser, each role doing its part, ending
with the reply downloaded as PDF and Word. Every page passes axe."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import docx
from django.utils import timezone
from playwright.sync_api import expect

from remiss.cases.models import Case
from tests.browser.conftest import assert_accessible, log_in


def as_user(browser, live_server, username):
    page = browser.new_context(locale="sv-SE", accept_downloads=True).new_page()
    log_in(page, live_server, username)
    return page


def field(page, label):
    return page.get_by_label(label, exact=True)


def test_a_referral_through_every_step(browser, live_server, demo, axe, tmp_path, smtp_server):
    today = timezone.localdate()
    registrar = as_user(browser, live_server, "registrator")
    registrar.goto(f"{live_server.url}/arenden/registrera-remiss/")
    field(registrar, "Remittent").select_option(label="Finansdepartementet")
    field(registrar, "Remittentens diarienummer").fill("Fi2026/04711")
    field(registrar, "Beteckning").fill("SOU 2026:31")
    field(registrar, "Betänkandets titel").fill("Tillit i kommunal styrning")
    field(registrar, "Inkom").fill(today.isoformat())
    field(registrar, "Remisstid").fill((today + dt.timedelta(days=70)).isoformat())
    field(registrar, "Adresser för svaret").fill("fi.remissvar@regeringskansliet.se")
    field(registrar, "Ansvarig enhet").select_option(label="Rotel I")
    field(registrar, "Handläggare").select_option(label="Hanna Handläggare")
    field(registrar, "Föredragande").select_option(label="Anna König Jerlmyr (M)")
    field(registrar, "Klistra in en numrerad lista med förslag").fill(
        "1. Ett nationellt stöd\n2. En utvecklingsmiljö"
    )
    registrar.get_by_role("button", name="Registrera remissen").click()
    expect(registrar.get_by_role("status")).to_contain_text("Remissen registrerades som ärende")
    case = Case.objects.get(referral__issuer_dnr="Fi2026/04711")
    case_path = case.get_absolute_url()

    officer = as_user(browser, live_server, "handlaggare")
    officer.goto(live_server.url + case_path)
    expect(officer.get_by_text("Remittera ärendet till berörda förvaltningar")).to_be_visible()
    officer.get_by_role("link", name="Remittera för yttrande").click()
    assert_accessible(axe, officer)
    # Two offices in one step, each with its own due date.
    officer.get_by_role("checkbox", name="Stadsledningskontoret").check()
    officer.get_by_role("checkbox", name="Socialförvaltningen").check()
    field(officer, "Svara senast, Stadsledningskontoret").fill(
        (today + dt.timedelta(days=20)).isoformat()
    )
    field(officer, "Svara senast (för alla valda enheter)").fill(
        (today + dt.timedelta(days=25)).isoformat()
    )
    officer.get_by_role("button", name="Skicka remitteringen").click()
    expect(officer.get_by_role("status").first).to_contain_text(
        "remitterades till Socialförvaltningen, Stadsledningskontoret"
    )
    # Socialförvaltningen declines; the case officer records it from the case page.
    officer.get_by_text("Socialförvaltningen avstår", exact=True).click()
    field(officer, "Varför Socialförvaltningen avstår (frivilligt)").fill(
        "Berör inte förvaltningens verksamhet."
    )
    officer.get_by_role("button", name="Registrera att enheten avstår").click()
    expect(officer.get_by_role("status")).to_contain_text("Socialförvaltningen avstår")
    assert_accessible(axe, officer)

    office = as_user(browser, live_server, "kontor")
    office.get_by_role(
        "link", name=f"{case.number} Tillit i kommunal styrning (SOU 2026:31)"
    ).click()
    assert_accessible(axe, office)
    field(office, "Sammanfattning till promemorian").fill(
        "Stadsledningskontoret tillstyrker ett nationellt stöd."
    )
    field(office, "Tjänsteutlåtande").fill(
        "Stadsledningskontoret tillstyrker förslaget om ett nationellt stöd.\n\n"
        "Kontoret ser positivt på utvecklingsmiljön."
    )
    office.get_by_role("button", name="Skicka tjänsteutlåtandet").click()
    expect(office.get_by_role("status")).to_contain_text("Tjänsteutlåtandet skickades")

    officer.goto(live_server.url + case_path)
    officer.get_by_role("link", name="Skriv promemorian").click()
    assert_accessible(axe, officer)
    expect(field(officer, "Beredning")).to_have_value(
        "Ärendet har remitterats till Socialförvaltningen och stadsledningskontoret.\n\n"
        "Socialförvaltningen har avstått från att yttra sig.\n\n"
        "Stadsledningskontoret tillstyrker ett nationellt stöd."
    )
    field(officer, "Promemoria från (enhet)").select_option(label="Rotel I")
    field(officer, "Beredande organ").select_option(label="Borgarrådsberedningen")
    field(officer, "Beslutande organ").select_option(label="Kommunstyrelsen")
    field(officer, "Ärendet").fill("Utredningen föreslår ett nationellt stöd.")
    field(officer, "Mina synpunkter").fill("Staden tillstyrker förslaget.")
    field(officer, "Ort").fill("Stockholm")
    officer.get_by_label("Ställningstagande till 1. Ett nationellt stöd").select_option(
        label="Tillstyrker"
    )
    officer.get_by_role("button", name="Spara en ny version").click()
    expect(officer.get_by_role("status")).to_contain_text("Version 1 av promemorian sparades")
    officer.get_by_role("link", name="Skriv promemorian").click()
    field(officer, "Mina synpunkter").fill("Staden tillstyrker förslaget om ett nationellt stöd.")
    officer.get_by_role("button", name="Spara en ny version").click()
    officer.get_by_role("link", name="Version 2").click()
    expect(officer.locator("ins").first).to_contain_text("om ett nationellt stöd.")
    assert_accessible(axe, officer)

    presenter = as_user(browser, live_server, "politiker")
    presenter.goto(live_server.url + case_path)
    presenter.locator("summary", has_text="Markera promemorian som klar").click()  # confirm first
    presenter.get_by_role("button", name="Ja, markera promemorian som klar").click()
    expect(presenter.get_by_role("status")).to_contain_text("markerad som klar")

    registrar.goto(live_server.url + case_path)
    registrar.get_by_role("link", name="Beslut i Borgarrådsberedningen").click()
    assert_accessible(axe, registrar)
    field(registrar, "Beslut").fill(
        "Borgarrådsberedningen tillstyrker föredragande borgarrådets förslag."
    )
    registrar.locator("#id_statements-0-kind").select_option(label="Särskilt uttalande")
    registrar.locator("#id_statements-0-members").get_by_label("Clara Lindblom (V)").check()
    registrar.locator("#id_statements-0-text").fill("Beredningens uttalande om utvecklingsmiljön.")
    registrar.get_by_role("button", name="Registrera beslutet").click()
    expect(registrar.get_by_role("status")).to_contain_text("registrerades")
    registrar.locator("summary", has_text="Justera protokollet från Borgarrådsberedningen").click()
    registrar.get_by_role(
        "button", name="Ja, justera protokollet från Borgarrådsberedningen"
    ).click()
    expect(registrar.get_by_role("status")).to_contain_text("är justerat")
    registrar.get_by_role("link", name="Beslut i Kommunstyrelsen").click()
    field(registrar, "Beslut").fill("Kommunstyrelsen beslutar enligt förslaget.")
    registrar.locator("#id_statements-0-kind").select_option(label="Särskilt uttalande")
    members = registrar.locator("#id_statements-0-members")
    members.get_by_label("Torun Boucher (V)").check()  # checkboxes: no Ctrl-click
    members.get_by_label("Rashid Mohammed (V)").check()
    registrar.locator("#id_statements-0-text").fill("Vänsterpartiet välkomnar förslaget.")
    registrar.locator("#id_statements-1-kind").select_option(label="Ersättaryttrande")
    registrar.locator("#id_statements-1-members").get_by_label(
        "Sissela Nordling Blanco (Fi)"
    ).check()
    registrar.locator("#id_statements-1-refers_to").select_option(label="1")
    registrar.get_by_role("button", name="Registrera beslutet").click()
    expect(registrar.get_by_role("status")).to_contain_text(
        "Beslutet i Kommunstyrelsen registrerades"
    )
    registrar.locator("summary", has_text="Justera protokollet från Kommunstyrelsen").click()
    registrar.get_by_role("button", name="Ja, justera protokollet från Kommunstyrelsen").click()
    expect(registrar.get_by_role("status")).to_contain_text("är justerat")
    assert_accessible(axe, registrar)

    with registrar.expect_download() as pdf_download:
        registrar.get_by_role("link", name="Ladda ner remissvaret (PDF)").click()
    assert pdf_download.value.suggested_filename == "Fi2026-04711 Stockholms stad.pdf"
    pdf_path = tmp_path / "svar.pdf"
    pdf_download.value.save_as(pdf_path)
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(pdf_path), "-"], capture_output=True, text=True
        ).stdout.split()
    )
    # Members chosen in a list are named in alphabetical order; each body's statements under it.
    assert "Särskilt uttalande gjordes av Rashid Mohammed och Torun Boucher (båda V)" in text
    assert "Beredningens uttalande om utvecklingsmiljön." in text
    assert text.index("Beredningens uttalande") < text.index("Vänsterpartiet välkomnar")
    assert "med hänvisning till Vänsterpartiets särskilda uttalande." in text
    with registrar.expect_download() as word_download:
        registrar.get_by_role("link", name="Ladda ner remissvaret (Word)").click()
    word_path = tmp_path / "svar.docx"
    word_download.value.save_as(word_path)
    word = docx.Document(io.BytesIO(word_path.read_bytes()))
    assert any(
        "Staden tillstyrker förslaget om ett nationellt stöd." in p.text for p in word.paragraphs
    )

    # The send-check (SB PM 2021:1), then the reply by e-mail to a real SMTP server.
    registrar.get_by_role("link", name="Kontrollera och skicka svaret").click()
    assert_accessible(axe, registrar)
    checks = registrar.locator("table.send-check tbody tr")
    expect(checks).to_have_count(10)
    expect(registrar.locator("table.send-check tr.check-ok")).to_have_count(10)
    expect(
        registrar.get_by_text("”Er beteckning Fi2026/04711” står i svarets sidhuvud.")
    ).to_be_visible()
    expect(
        registrar.get_by_label("Skicka med e-post från Remiss, med båda filerna bifogade")
    ).to_be_checked()
    registrar.get_by_role("button", name="Skicka remissvaret").click()
    expect(registrar.get_by_role("status")).to_contain_text("står i kö för att skickas")
    [message] = smtp_server.messages
    assert message["To"] == "fi.remissvar@regeringskansliet.se"
    assert "Fi2026/04711 Stockholms stad" in message["Subject"]
    assert [a.get_filename() for a in message.iter_attachments()] == [
        "Fi2026-04711 Stockholms stad.pdf",
        "Fi2026-04711 Stockholms stad.docx",
    ]
    registrar.reload()
    delivered = registrar.get_by_role("region", name="Leverans av svaret")
    expect(delivered).to_contain_text("fi.remissvar@regeringskansliet.se")
    expect(delivered).to_contain_text("Skickad")
    eml = registrar.get_by_role("link", name="Fi2026-04711 Stockholms stad.eml", exact=True)
    expect(eml).to_be_visible()
    assert_accessible(axe, registrar)
    registrar.locator("summary", has_text="Avsluta ärendet").first.click()
    registrar.get_by_role("button", name="Ja, avsluta ärendet").click()
    expect(registrar.get_by_role("status")).to_contain_text("Ärendet är avslutat.")
    case.refresh_from_db()
    assert case.status == "closed"
