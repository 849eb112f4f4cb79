"""Feedback to respondents (issue 15 §6): publishing the compilation e-mails each counted body a
personal link (over a real SMTP server) to a page showing how its reply was read and the
compilation; within the period it reports a misreading, which reaches the official by e-mail
and on the reply's page; after it, the page says so."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from remiss.accounts.models import User
from remiss.cases import files
from remiss.consultations import compilation as compiling
from remiss.consultations import publishing
from remiss.consultations.feedback import how_it_was_read
from remiss.consultations.models import OutgoingReferral, ReplyFeedback, ReplyStance
from remiss.consultations.replies import compilation_for, replies_upload
from remiss.core.models import AuditEntry
from remiss.referrals.models import Stance
from tests.demo_data import load_demo
from tests.factories import ministry_referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def replied(files_dir, django_capture_on_commit_callbacks) -> OutgoingReferral:
    """Finansdepartementet's referral with two proposals; Boverket's reply read and confirmed,
    Naturvårdsverket's reply marked secret."""
    load_demo()
    official = User.objects.get(username="departement")
    referral = ministry_referral(
        proposals=(("1", "Ny tillsynsmyndighet"), ("2", "Avgifter")), sent=True
    )
    number = referral.case.number.replace(" ", "").replace("/", "-")
    uploads = [
        files.stage_upload(
            io.BytesIO(b"Boverket tillstyrker forslag 1."), f"{number} Boverket.txt"
        ),
        files.stage_upload(io.BytesIO(b"Hemligt svar."), f"{number} Naturvardsverket.txt"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        boverket, secret = replies_upload(actor=official, referral=referral, staged=uploads)
    assert boverket.recipient.organisation.name == "Boverket"
    proposals = list(referral.proposals.order_by("position"))
    ReplyStance.objects.create(reply=boverket, proposal=proposals[0], stance=Stance.SUPPORTS,
                               evidence="Boverket tillstyrker förslag 1.", page=2)  # fmt: skip
    type(boverket).objects.filter(pk=boverket.pk).update(overall_stance=Stance.SUPPORTS)
    type(secret.record).objects.filter(pk=secret.record_id).update(
        secrecy_provision="OSL 21 kap. 7 §", public_subject="Remissvar"
    )
    return referral


def _publish_compilation(referral, django_capture_on_commit_callbacks):
    official = User.objects.get(username="departement")
    with django_capture_on_commit_callbacks(execute=True):
        return publishing.publish(
            actor=official,
            case=referral.case,
            draft=publishing.compilation_draft(actor=official, case=referral.case),
        )


def _link(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"https?://\S+/aterkoppling/\S+/", body).group(0)


def test_publishing_the_compilation_mails_each_counted_body_its_link(
    client, replied, smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.REMISS_BASE_URL = "http://testserver"
    _publish_compilation(replied, django_capture_on_commit_callbacks)
    [mail] = smtp_server.messages  # the secret reply's body gets none
    assert mail["To"] == "registraturen@boverket.se"
    assert str(mail["Subject"]).strip().startswith("Så lästes ert remissvar")
    feedback = ReplyFeedback.objects.get()
    assert feedback.sent_at is not None
    assert feedback.token_sha256 not in mail.get_body().get_content()  # only the token itself

    page = client.get(_link(mail).removeprefix("http://testserver")).content.decode()
    assert "Boverket tillstyrker förslag 1." in page
    assert "Tillstyrker" in page
    assert "remissammanställning.pdf" in page  # the published compilation's file
    assert "Hemligt svar" not in page

    _publish_compilation(replied, django_capture_on_commit_callbacks)  # published again
    assert len(smtp_server.messages) == 1  # the body has its link already


def test_a_misreading_reaches_the_official_and_the_reply_page(
    client, replied, settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.REMISS_BASE_URL = "http://testserver"
    _publish_compilation(replied, django_capture_on_commit_callbacks)
    link = _link(_as_email(mailoutbox[-1])).removeprefix("http://testserver")
    with translation.override("sv"):
        empty = client.post(link, {"flag": "  "}).content.decode()
    assert "Detta fält måste fyllas i." in empty
    assert not ReplyFeedback.objects.get().flagged_at
    sent = client.post(link, {"flag": "Vi avstyrker förslag 2, se s. 3."})
    assert sent.status_code == 200
    notice = mailoutbox[-1]
    assert notice.to == [User.objects.get(username="departement").email]
    assert "Vi avstyrker förslag 2" in notice.body
    assert AuditEntry.objects.filter(object_type="consultations.replyfeedback").exists()

    feedback = ReplyFeedback.objects.get()
    client.force_login(User.objects.get(username="departement"))
    case = replied.case
    reply_page = client.get(
        reverse("consultations:reply", kwargs={"prefix": case.registry.prefix, "year": case.year,
                                               "serial": case.serial, "pk": feedback.reply_id})
    ).content.decode()  # fmt: skip
    assert "Vi avstyrker förslag 2" in reply_page

    client.logout()
    ReplyFeedback.objects.update(open_until=timezone.localdate() - dt.timedelta(days=1))
    with translation.override("sv"):
        closed = client.post(link, {"flag": "Något annat"}).content.decode()
    assert "Tiden för att rapportera" in closed
    assert ReplyFeedback.objects.get().flag == "Vi avstyrker förslag 2, se s. 3."


def test_a_reply_nobody_confirmed_is_shown_as_the_compilation_counts_it(
    replied, django_capture_on_commit_callbacks
):
    """Unconfirmed, the reader's stances are counted; the body is told those, not "not read"."""
    official = User.objects.get(username="departement")
    number = replied.case.number.replace(" ", "").replace("/", "-")
    upload = files.stage_upload(
        io.BytesIO("Länsstyrelsen avstyrker förslaget om avgifter.".encode()),
        f"{number} Länsstyrelsen i Stockholms län.txt",
    )
    with django_capture_on_commit_callbacks(execute=True):
        [reply] = replies_upload(actor=official, referral=replied, staged=[upload])
    assert reply.confirmed_at is None
    assert not reply.stances.exists()

    compiled = compilation_for(replied, official)
    [counted] = [
        r for r in compiled.replies if r["file"].endswith("Länsstyrelsen i Stockholms län.txt")
    ]
    assert compiling.stance_on(counted, "2")[0] == "opposes"
    with translation.override("sv"):
        overall, stances = how_it_was_read(reply)
    assert [s.stance for s in stances] == ["Oklar", "Avstyrker"]
    assert "avstyrker förslaget om avgifter" in stances[1].quote
    assert overall == "Avstyrker"


def test_a_wrong_link_answers_404(client, replied):
    assert client.get(reverse("feedback", kwargs={"token": "fel"})).status_code == 404


def _as_email(message):
    """A locmem message as the parsed e-mail the SMTP test sees."""
    import email
    from email import policy

    return email.message_from_bytes(message.message().as_bytes(), policy=policy.default)
