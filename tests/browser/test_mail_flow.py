"""Incoming mail in a real browser: the ministry's official uploads two saved e-mails, one is
registered on its referral by itself, the other waits; the official opens it and registers it on
the referral. Every page passes axe."""

from __future__ import annotations

from email.message import EmailMessage

from playwright.sync_api import expect

from remiss.consultations.models import Reply
from tests.browser.conftest import assert_accessible, log_in
from tests.factories import ministry_referral


def _message(subject: str, sender: str, text: str) -> bytes:
    mail = EmailMessage()
    mail["From"], mail["Subject"] = sender, subject
    mail["Message-ID"] = f"<{abs(hash(subject))}@example.org>"
    mail.set_content(text)
    return mail.as_bytes()


def test_an_official_handles_the_incoming_mail(page, live_server, demo, axe, tmp_path):
    referral = ministry_referral(bodies=("Boverket",), sent=True)
    matched = tmp_path / "svar.eml"
    matched.write_bytes(_message(f"Remissvar {referral.case.number}",
                                 "registraturen@boverket.se", "Boverket tillstyrker."))  # fmt: skip
    waiting = tmp_path / "synpunkter.eml"
    waiting.write_bytes(_message("Synpunkter", "registraturen@boverket.se", "Vi har synpunkter."))

    log_in(page, live_server, "departement")
    page.get_by_role("link", name="Inkommen e-post").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inkommen e-post")
    assert_accessible(axe, page)
    page.get_by_label("E-postmeddelanden", exact=True).set_input_files([matched, waiting])
    page.get_by_role("button", name="Ladda upp").click()
    expect(page.locator(".messages")).to_contain_text("1 registrerat som remissvar, 1 väntar")
    page.get_by_role("link", name="Synpunkter").click()
    expect(page.get_by_text("Vi har synpunkter.")).to_be_visible()
    assert_accessible(axe, page)
    page.get_by_label("Remissen som det svarar på").select_option(
        label=f"{referral.case.number} Bättre tillsyn"
    )
    page.get_by_role("button", name="Registrera som remissvar").click()
    expect(page.locator(".messages")).to_contain_text("registrerat som remissvar")
    assert Reply.objects.filter(referral=referral).count() == 2
