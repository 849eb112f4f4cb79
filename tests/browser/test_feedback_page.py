"""The feedback page in a real browser, as the body that replied sees it without log-in: how its
reply was read, and reporting a misreading. The page passes axe."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

from django.utils import timezone
from playwright.sync_api import expect

from remiss.accounts.models import User
from remiss.cases import files
from remiss.consultations.models import ReplyFeedback, ReplyStance
from remiss.consultations.replies import replies_upload
from remiss.referrals.models import Stance
from tests.browser.conftest import assert_accessible
from tests.factories import ministry_referral


def test_a_body_reads_how_its_reply_was_read_and_reports_a_misreading(page, live_server, demo, axe):
    official = User.objects.get(username="departement")
    referral = ministry_referral(bodies=("Boverket",), proposals=(("1", "Ny tillsynsmyndighet"),))
    staged = files.stage_upload(io.BytesIO(b"Boverket tillstyrker."), "Boverket.txt")
    [reply] = replies_upload(actor=official, referral=referral, staged=[staged])
    ReplyStance.objects.create(
        reply=reply, proposal=referral.proposals.get(), stance=Stance.SUPPORTS,
        evidence="Boverket tillstyrker.",
    )  # fmt: skip
    ReplyFeedback.objects.create(
        reply=reply, token_sha256=hashlib.sha256(b"boverkets-nyckel").hexdigest(),
        sent_to="registraturen@boverket.se",
        open_until=timezone.localdate() + dt.timedelta(days=30),
    )  # fmt: skip

    page.goto(f"{live_server.url}/aterkoppling/boverkets-nyckel/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Så lästes ert remissvar")
    table = page.get_by_role("table", name="Ert ställningstagande till varje förslag")
    expect(table).to_contain_text("Tillstyrker")
    expect(table).to_contain_text("Boverket tillstyrker.")
    assert_accessible(axe, page)
    page.get_by_label("Vad har vi läst fel?").fill("Vi tillstyrker med förbehåll.")
    page.get_by_role("button", name="Rapportera felläsningen").click()
    expect(page.get_by_role("status")).to_contain_text("Tack.")
    assert ReplyFeedback.objects.get().flag == "Vi tillstyrker med förbehåll."
    assert_accessible(axe, page)
