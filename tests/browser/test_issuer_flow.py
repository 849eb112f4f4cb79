"""The issuer's side end to end in a real browser: a ministry official creates a referral to
five bodies — two that use Remiss, three by e-mail — imports them from a pasted list, sends
it; the e-mails arrive at a real SMTP server; replies come back through the reply links, in
Remiss, and uploaded by the official; the compilation downloads as Word, PDF, CSV and XLSX
with the right table, and `remiss compile` gives the same table from the same files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pypdfium2
from django.utils import timezone
from playwright.sync_api import expect

from remiss.accounts.models import Role
from remiss.cases.models import Case
from remiss.consultations.models import OutgoingReferral
from tests.browser.conftest import assert_accessible, log_in
from tests.documents import make_docx, make_pdf
from tests.factories import OrganisationFactory, RegistryFactory, UserFactory
from tests.respondent import decide_and_reply

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(r"(http://[^\s]+/svar/[A-Za-z0-9_-]+/)")
BODIES = """Remissinstanser

1. Stockholms kommun
2. Sala kommun
3. Boverket
4. Naturvårdsverket
5. Sveriges Kommuner och Regioner (SKR)
"""


def reply_files(number: str) -> dict[str, bytes]:
    return {
        f"{number} Boverket.pdf": make_pdf([
            "Yttrande från Boverket\n\nBoverket tillstyrker förslaget om en ny "
            "tillsynsmyndighet (förslag 1).\n\nBoverket avstyrker förslaget om avgifter "
            "(förslag 2)."
        ]),
        f"{number} Naturvårdsverket.docx": make_docx(
            ["Naturvårdsverket", "Naturvårdsverket har inga synpunkter på betänkandet."]
        ),
        f"{number} Sveriges Kommuner och Regioner.pdf": make_pdf([
            "Yttrande från Sveriges Kommuner och Regioner\n\nSKR avstyrker förslag 1 om en ny "
            "tillsynsmyndighet.\n\nSKR tillstyrker förslag 2 om avgifter."
        ]),
    }  # fmt: skip


def test_send_collect_and_compile(browser, live_server, demo, axe, smtp_server, settings, tmp_path):
    settings.REMISS_BASE_URL = live_server.url
    sala = OrganisationFactory(name="Sala kommun", uses_remiss=True, email="kommun@sala.se")
    RegistryFactory(organisation=sala, prefix="KS")
    UserFactory(username="sala", role=Role.REGISTRAR, organisation=sala)
    today = timezone.localdate()
    context = browser.new_context(locale="sv-SE", accept_downloads=True)
    page = context.new_page()
    log_in(page, live_server, "departement")

    # Create the referral with its proposals and the report.
    page.get_by_role("link", name="Utgående remisser").click()
    assert_accessible(axe, page)
    page.get_by_role("link", name="Ny utgående remiss").click()
    page.get_by_label("Beteckning", exact=True).fill("SOU 2026:14")
    page.get_by_label("Betänkandets titel", exact=True).fill("En ny myndighet för tillsyn")
    page.get_by_label("Remisstid", exact=True).fill((today + dt.timedelta(days=90)).isoformat())
    page.get_by_label("Påminn, dagar före remisstidens slut", exact=True).fill("10")
    page.get_by_label("Förslagen, ett per rad", exact=True).fill(
        "1. En ny tillsynsmyndighet\n2. Avgifter för tillsyn"
    )
    report = tmp_path / "SOU 2026-14.pdf"
    report.write_bytes(make_pdf(["En ny myndighet för tillsyn. Betänkande."]))
    page.get_by_label("Betänkandet", exact=True).set_input_files(str(report))
    assert_accessible(axe, page)
    page.get_by_role("button", name="Registrera remissen").click()
    expect(page.get_by_role("status").first).to_contain_text("Remissen registrerades som Fi")
    referral = OutgoingReferral.objects.get(report_ref="SOU 2026:14")
    assert referral.reminder_days == 10
    number = referral.case.number.replace(" ", "").replace("/", "-")

    # Import the bodies from a pasted list and check the matches.
    page.get_by_label("Klistra in listan över remissinstanser", exact=True).fill(BODIES)
    page.get_by_role("button", name="Läs listan").click()
    expect(page.get_by_role("heading", name="Granska listan")).to_be_visible()
    assert_accessible(axe, page)
    expect(page.get_by_role("checkbox", checked=True)).to_have_count(5)
    page.get_by_role("button", name="Lägg till de markerade instanserna").click()
    expect(page.get_by_role("status").first).to_contain_text("5 remissinstanser lades till")
    assert_accessible(axe, page)  # the list before sending, each body with its remove button

    # Send: two into Remiss, three by e-mail.
    page.get_by_role("button", name="Skicka remissen").click()
    expect(page.get_by_text("Levererad i Remiss till Sala kommun, Stockholms stad")).to_be_visible()
    # The e-mails go out through the task worker (here the suite's backend, right after the
    # commit): the message says they are on their way.
    expect(page.get_by_text("E-post är på väg till 3 instanser")).to_be_visible()
    assert_accessible(axe, page)
    mails = {m["To"]: m for m in smtp_server.messages}
    assert sorted(mails) == [
        "info@skr.se", "registrator@naturvardsverket.se", "registraturen@boverket.se",
    ]  # fmt: skip
    links = {
        to: LINK.search(m.get_body(("plain",)).get_content()).group(1) for to, m in mails.items()
    }
    city_case = Case.objects.get(referral__sent_from__organisation__name="Stockholms stad")
    assert city_case.registry.organisation.name == "Stockholms stad"
    assert Case.objects.filter(referral__sent_from__organisation__name="Sala kommun").exists()

    # Boverket and Naturvårdsverket reply through their links (no log-in).
    files = reply_files(number)
    folder = tmp_path / "svar"
    folder.mkdir()
    for name, content in files.items():
        (folder / name).write_bytes(content)
    outsider = browser.new_context(locale="sv-SE").new_page()
    by_link = [
        ("registraturen@boverket.se", f"{number} Boverket.pdf"),
        ("registrator@naturvardsverket.se", f"{number} Naturvårdsverket.docx"),
    ]
    for to, name in by_link:
        outsider.goto(links[to])
        assert_accessible(axe, outsider)
        outsider.get_by_label("Ert remissvar", exact=True).set_input_files(str(folder / name))
        outsider.get_by_role("button", name="Skicka remissvaret").click()
        expect(outsider.get_by_role("heading", name="Tack för ert remissvar")).to_be_visible()
    # The same file again is caught by its content, and nothing is saved.
    outsider.goto(links["registraturen@boverket.se"])
    outsider.get_by_label("Ert remissvar", exact=True).set_input_files(
        str(folder / f"{number} Boverket.pdf")
    )
    outsider.get_by_role("button", name="Skicka remissvaret").click()
    expect(outsider.get_by_role("alert")).to_contain_text("har redan tagits emot")

    # Stockholms stad decides in Remiss; its reply comes back structured.
    decide_and_reply(
        city_case,
        {"1": ("supports", "Staden tillstyrker en ny tillsynsmyndighet."),
         "2": ("opposes", "Staden avstyrker avgifterna.")},
    )  # fmt: skip

    # SKR replied by e-mail: the official uploads the file saved from the mailbox.
    detail = page.url
    page.goto(detail)
    page.get_by_role("link", name="Ladda upp remissvar").click()
    page.get_by_label("Remissvar", exact=True).set_input_files(
        str(folder / f"{number} Sveriges Kommuner och Regioner.pdf")
    )
    assert_accessible(axe, page)
    page.get_by_role("button", name="Ladda upp").click()
    expect(page.get_by_role("status").first).to_contain_text("1 remissvar togs emot")

    # The start page counts the replies too.
    page.get_by_role("link", name="Start").click()
    sent_out = page.get_by_role("region", name="Utskickade remisser")
    expect(sent_out.get_by_role("row", name=re.compile("En ny myndighet"))).to_contain_text(
        "4 av 5"
    )
    assert_accessible(axe, page)
    page.goto(detail)
    # Progress: four replied, Sala kommun waits.
    expect(page.get_by_role("status").last).to_contain_text("svarat 4")
    expect(page.get_by_role("row", name=re.compile("Sala kommun"))).to_contain_text("Väntar")

    # The official confirms Boverket's reply as the reader proposed it.
    page.get_by_role("table", name="Mottagna remissvar").get_by_role(
        "link", name="Boverket"
    ).click()
    expect(page.get_by_label("Avsändare", exact=True)).to_have_value(
        re.compile(r"r\d+")
    )  # the sender was matched
    assert_accessible(axe, page)
    page.get_by_role("button", name="Bekräfta").click()
    expect(page.get_by_role("status").first).to_contain_text("Remissvaret är bekräftat")

    # The compilation, on the page and as Word, PDF, CSV and XLSX.
    page.get_by_role("link", name="Sammanställning").click()
    assert_accessible(axe, page)
    expected = {
        "Boverket": ["tillstyrker", "avstyrker"],
        "Naturvårdsverket": ["ingen erinran", "ingen erinran"],
        "Stockholms stad": ["tillstyrker", "avstyrker"],
        "Sveriges Kommuner och Regioner": ["avstyrker", "tillstyrker"],
    }
    downloads = {}
    for label, kind in (("Word", "docx"), ("PDF", "pdf"), ("CSV", "csv"), ("Excel", "xlsx")):
        with page.expect_download() as info:
            page.get_by_role("link", name=label, exact=True).click()
        downloads[kind] = Path(info.value.path()).read_bytes()
        assert info.value.suggested_filename == f"{number} Remissammanställning.{kind}"
    rows = list(csv.reader(io.StringIO(downloads["csv"].decode("utf-8-sig")), delimiter=";"))
    assert {row[0]: row[3:] for row in rows[1:]} == expected
    sheet = openpyxl.load_workbook(io.BytesIO(downloads["xlsx"])).active
    assert {r[0]: list(r[3:]) for r in sheet.iter_rows(min_row=2, values_only=True)} == expected
    table = docx.Document(io.BytesIO(downloads["docx"])).tables[0]
    assert {r.cells[0].text: [c.text for c in r.cells[1:]] for r in table.rows[1:]} == expected
    pdf_text = "".join(
        p.get_textpage().get_text_range() for p in pypdfium2.PdfDocument(downloads["pdf"])
    )
    assert "Sala kommun" in pdf_text
    assert "Remissinstanser som inte har svarat" in pdf_text

    # `remiss compile` gives the same table from the same files, with no database.
    proposals = tmp_path / "forslag.json"
    proposals.write_text(json.dumps([{"id": "1", "title": "En ny tillsynsmyndighet"},
                                     {"id": "2", "title": "Avgifter för tillsyn"}]))  # fmt: skip
    out = tmp_path / "sammanstallning.csv"
    subprocess.run(
        [sys.executable, "-m", "remiss", "compile", str(folder), "--proposals", str(proposals),
         "-o", str(out)], cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    offline = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig")), delimiter=";"))
    from_files = {row[0]: row[3:] for row in offline[1:]}
    assert from_files == {k: v for k, v in expected.items() if k != "Stockholms stad"}
