"""An official rejects a reply that is not one (issue 13.6) in a real browser: the reason is
asked for, the reply stays on the referral marked "Avvisat", leaves the compilation, and the
rejection can be taken back."""

from __future__ import annotations

import datetime as dt
import io
import re

from django.utils import timezone
from playwright.sync_api import expect

from remiss.accounts.models import User
from remiss.cases import files
from remiss.consultations.replies import replies_upload
from remiss.consultations.services import outgoing_create, recipients_add
from remiss.organisations.models import Organisation, Registry
from remiss.referrals.services import ProposalInput
from tests.browser.conftest import assert_accessible, log_in
from tests.documents import make_pdf


def test_reject_and_take_back(page, live_server, demo, axe):
    official = User.objects.get(username="departement")
    referral = outgoing_create(
        actor=official,
        registry=Registry.objects.get(prefix="Fi"),
        report_ref="SOU 2026:20",
        report_title="Tillsyn över tillsynen",
        deadline=timezone.localdate() + dt.timedelta(days=60),
        proposals=[ProposalInput("1", "En ny tillsynsmyndighet")],
    )
    recipients_add(actor=official, referral=referral,
                   organisations=[Organisation.objects.get(name="Boverket")])  # fmt: skip
    staged = files.stage_upload(
        io.BytesIO(make_pdf(["Boverket\n\nBoverket tillstyrker förslaget."])), "Boverket.pdf"
    )
    replies_upload(actor=official, referral=referral, staged=[staged])
    case = referral.case
    detail = f"{live_server.url}/remisser/{case.registry.prefix}/{case.year}/{case.serial}/"

    log_in(page, live_server, "departement")
    page.goto(detail)
    replies = page.get_by_role("table", name="Mottagna remissvar")
    replies.get_by_role("link", name="Boverket.pdf").or_(
        replies.get_by_role("link", name="Boverket")
    ).first.click()
    page.get_by_role("link", name=re.compile("Avvisa svaret")).click()
    assert_accessible(axe, page)
    page.get_by_label("Varför", exact=True).select_option(label="Annat skäl")
    page.get_by_role("button", name="Avvisa svaret").click()
    expect(page.get_by_role("alert")).to_contain_text("Skriv varför svaret avvisas")
    assert_accessible(axe, page)
    page.get_by_label("Varför", exact=True).select_option(
        label="En kopia av ett svar som redan kommit in"
    )
    page.get_by_label("Anteckning", exact=True).fill("Samma svar kom med e-post i går.")
    page.get_by_role("button", name="Avvisa svaret").click()
    expect(page.get_by_role("status").first).to_contain_text("Svaret är avvisat")
    expect(page.get_by_text("Avvisat", exact=True)).to_be_visible()
    assert_accessible(axe, page)

    page.goto(f"{detail}sammanstallning/")
    expect(page.locator("main")).not_to_contain_text("Boverket tillstyrker")

    page.goto(detail)
    page.get_by_role("table", name="Mottagna remissvar").get_by_role(
        "link", name="Boverket", exact=True
    ).click()
    expect(page.get_by_role("status").first).to_contain_text("Samma svar kom med e-post i går.")
    assert_accessible(axe, page)
    page.get_by_role("button", name="Ta tillbaka avvisningen").click()
    expect(page.get_by_role("status").first).to_contain_text("Avvisningen är tagen tillbaka")
    expect(page.get_by_text("Avvisat", exact=True)).to_have_count(0)
