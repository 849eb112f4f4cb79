"""A referral delivered to another Remiss installation (issue 15 §2): the ministry's Remiss
e-mails it, through a real SMTP server, with its notice (remiss.json) beside the covering
letter; the municipality's Remiss reads its mailbox (a Maildir) and registers the referral by
itself — the ministry's number, the report, the deadline, the proposals, the letter and the
message as files — unassigned on the registrar's start page. A notice from a sender the register
does not vouch for is not believed: the message waits for a person.

One database plays both installations: Stockholms stad is an e-mail address to the ministry's
side while sending (uses_remiss off) and an organisation with its own register when reading."""

from __future__ import annotations

import datetime as dt
import mailbox
from email import policy
from email.message import EmailMessage

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import html

from remiss.accounts.models import User
from remiss.consultations import mail as intake
from remiss.consultations import notice
from remiss.consultations.models import IncomingMail, MailStatus
from remiss.consultations.sending import referral_send
from remiss.organisations.models import Organisation
from remiss.referrals.models import IncomingReferral
from tests.demo_data import load_demo
from tests.factories import ministry_referral

pytestmark = pytest.mark.django_db

CITY = "Stockholms stad"


@pytest.fixture
def delivered(files_dir, settings, smtp_server, django_capture_on_commit_callbacks) -> bytes:
    """The e-mail the ministry's Remiss sent to Stockholms stad, as it arrived."""
    load_demo()
    settings.DEFAULT_FROM_EMAIL = "Remiss <remiss@regeringskansliet.se>"
    city = Organisation.objects.get(name=CITY)
    Organisation.objects.filter(pk=city.pk).update(
        uses_remiss=False, email="registrator@stockholm.se"
    )
    referral = ministry_referral(
        bodies=(CITY,),
        proposals=(("4.1", "En ny tillsynsmyndighet"), ("4.2", "Avgifter för tillsyn")),
    )
    with django_capture_on_commit_callbacks(execute=True):
        referral_send(actor=User.objects.get(username="departement"), referral=referral)
    [sent] = smtp_server.messages
    Organisation.objects.filter(pk=city.pk).update(uses_remiss=True)
    return sent.as_bytes(policy=policy.SMTP)


def _read_mailbox(tmp_path, data: bytes, django_capture_on_commit_callbacks):
    folder = tmp_path / "Maildir"
    mailbox.Maildir(folder, create=True).add(data)
    with django_capture_on_commit_callbacks(execute=True):
        return intake.fetch_maildir(organisation=Organisation.objects.get(name=CITY), folder=folder)


def test_the_notice_says_what_the_letter_says():
    sent = notice.ReferralNotice(
        issuer="Finansdepartementet", issuer_email="fi.registrator@regeringskansliet.se",
        case_number="Fi 2026/00012", report_ref="SOU 2026:9", report_title="Bättre tillsyn",
        deadline=dt.date(2027, 3, 1),
        proposals=(notice.NoticeProposal("4.1", "En ny tillsynsmyndighet", "Förslaget …"),),
        reply_link="https://remiss.regeringskansliet.se/svar/abc/",
    )  # fmt: skip
    assert notice.read_notice(notice.notice_bytes(sent)) == sent


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\xff\xfe not utf-8",
        b"[1, 2, 3]",
        b'{"format": "remiss-referral/2"}',
        b'{"format": "remiss-referral/1", "issuer": "X"}',  # fields missing
        b'{"format": "remiss-referral/1", "issuer": "Fi", "issuer_email": "fi@rk.se",'
        b' "case_number": "Fi 1", "report_title": "T", "deadline": "2027-13-40"}',
        b'{"format": "remiss-referral/1", "issuer": "Fi", "issuer_email": "fi@rk.se",'
        b' "case_number": "Fi 1", "report_title": "T", "deadline": "2027-01-01",'
        b' "reply_link": "javascript:alert(1)"}',
        b'{"format": "remiss-referral/1", "issuer": {"a": 1}}',
        b"[" * 100_000,
        b'{"format": "remiss-referral/1", "pad": "' + b"x" * 70_000 + b'"}',
    ],
    ids=[
        "empty",
        "not-utf8",
        "a-list",
        "other-format",
        "missing",
        "bad-date",
        "bad-link",
        "not-text",
        "deep",
        "too-big",
    ],
)
def test_a_notice_that_is_not_one_is_not_believed(content):
    assert notice.read_notice(content) is None


def test_the_other_installation_registers_the_referral_unassigned(
    delivered, tmp_path, client, django_capture_on_commit_callbacks
):
    result = _read_mailbox(tmp_path, delivered, django_capture_on_commit_callbacks)
    assert result.received == 1
    [mail] = IncomingMail.objects.filter(organisation__name=CITY)
    assert mail.status == MailStatus.REFERRAL
    incoming = mail.incoming_referral
    ministry_case = IncomingReferral.objects.get(pk=incoming.pk)
    assert incoming.issuer.name == "Finansdepartementet"
    assert incoming.report_ref == "SOU 2026:9"
    assert incoming.deadline == timezone.localdate() + dt.timedelta(days=40)
    assert [(p.number, p.title) for p in incoming.proposals.order_by("position")] == [
        ("4.1", "En ny tillsynsmyndighet"), ("4.2", "Avgifter för tillsyn"),
    ]  # fmt: skip
    case = ministry_case.case
    assert case.registry.organisation.name == CITY
    assert case.case_officer_id is None
    names = sorted(f.original_name for r in case.records.all() for f in r.files.all())
    assert any(name.endswith(".eml") for name in names)  # the message itself
    assert any(name.endswith(".pdf") for name in names)  # the covering letter
    assert notice.NOTICE_NAME not in names
    # The registrar's start page: among the open referrals, marked as not assigned.
    client.force_login(User.objects.get(username="registrator"))
    start = html.fromstring(client.get(reverse("start")).content)
    [row] = [
        tr
        for tr in start.xpath("//section[@aria-labelledby='open-referrals']//tbody/tr")
        if tr.findtext(".//th/a") == case.number
    ]
    assert "Ej fördelat" in row.text_content()
    # The mailbox says what became of the message, and links the case.
    mail_page = html.fromstring(client.get(reverse("mail_detail", kwargs={"pk": mail.pk})).content)
    assert mail_page.xpath(f"//a[@href='{case.get_absolute_url()}']")
    # The same message read again is not registered twice.
    (tmp_path / "again").mkdir()
    again = _read_mailbox(tmp_path / "again", delivered, django_capture_on_commit_callbacks)
    assert again.received == 0
    assert IncomingReferral.objects.filter(case__registry__organisation__name=CITY,
                                           report_ref="SOU 2026:9").count() == 1  # fmt: skip


def _forged(delivered: bytes, sender: str) -> bytes:
    from email import message_from_bytes

    message: EmailMessage = message_from_bytes(delivered, policy=policy.default)  # type: ignore[assignment]
    message.replace_header("From", sender)
    message.replace_header("Message-ID", "<forged@example.org>")
    return message.as_bytes(policy=policy.SMTP)


def test_a_notice_from_a_sender_the_register_does_not_vouch_for_waits_for_a_person(
    delivered, tmp_path, django_capture_on_commit_callbacks
):
    forged = _forged(delivered, "Finansdepartementet <fi.registrator@regeringskansliet.example>")
    _read_mailbox(tmp_path, forged, django_capture_on_commit_callbacks)
    [mail] = IncomingMail.objects.filter(organisation__name=CITY)
    assert mail.status == MailStatus.WAITING
    assert mail.incoming_referral is None
    assert "registrera den för hand" in mail.problem
    assert not IncomingReferral.objects.filter(
        case__registry__organisation__name=CITY, report_ref="SOU 2026:9"
    ).exists()
