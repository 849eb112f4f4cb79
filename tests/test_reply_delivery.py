"""The send-check and delivery of the decided reply (issue 14 §2–§3): the checks of SB PM 2021:1
on the reply as rendered, sending by e-mail to a real SMTP server on the loopback with both
files, the message kept (.eml) on the outgoing record, failure with its reason, retry, resend."""

from __future__ import annotations

import datetime as dt
import email
import socket
from email import policy

import pytest
from django.utils import timezone

from remiss.accounts.models import User
from remiss.cases import files
from remiss.cases.models import CaseStatus, Direction
from remiss.core.errors import ServiceError
from remiss.core.models import AuditEntry
from remiss.documents import delivery
from remiss.documents.models import DeliveryChannel, DeliveryStatus, ReplyDelivery
from remiss.organisations.models import Organisation, Registry
from remiss.referrals.services import ProposalInput, referral_register
from remiss.writing import sending
from remiss.writing.sending import SendFacts
from tests.demo_data import load_demo
from tests.respondent import decide

TODAY = dt.date(2026, 12, 2)


def facts(**changes: object) -> SendFacts:
    """A reply that passes every check; each test changes what it is about."""
    values: dict[str, object] = {
        "organisation": "Stockholms stad",
        "issuer_dnr": "Ju2026/01234",
        "report_ref": "SOU 2026:30",
        "report_title": "En ny lag om hyresgästers inflytande",
        "reply_text": "Stockholms stad\nRemissvar\nEr beteckning Ju2026/01234\nYttrande över En ny "
        "lag om hyresgästers inflytande (SOU 2026:30)\nBeslutande: kommunstyrelsen den 1 "
        "december 2026\nFöredragande: borgarrådet Anna König Jerlmyr\n",
        "file_names": ["Ju2026-01234 Stockholms stad.pdf", "Ju2026-01234 Stockholms stad.docx"],
        "formats_present": ["pdf", "docx"],
        "addresses": ["ju.remissvar@regeringskansliet.se"],
        "addresses_from_referral": True,
        "deadline": TODAY + dt.timedelta(days=10),
        "today": TODAY,
        "decided_by": "Kommunstyrelsen",
        "decided_on": TODAY - dt.timedelta(days=1),
        "minutes_approved": True,
        "presenter": "Anna König Jerlmyr",
        "subject": "Ju2026/01234 Stockholms stad – remissvar SOU 2026:30",
    }
    values.update(changes)
    return SendFacts(**values)  # type: ignore[arg-type]


def results(checks: list[sending.Check]) -> dict[str, str]:
    return {c.code: c.result for c in checks}


def test_a_reply_as_the_guidance_asks_passes_every_check():
    checks = sending.send_checks(facts())
    assert set(results(checks).values()) == {"ok"}
    assert list(results(checks)) == [
        "issuer_dnr", "subject", "report", "formats", "file_names", "addresses", "deadline",
        "decided", "minutes", "presenter",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "code", "result"),
    [
        ({"reply_text": "Stockholms stad\nYttrande över SOU 2026:30"}, "issuer_dnr", "failure"),
        ({"subject": "Remissvar från Stockholms stad"}, "subject", "failure"),
        ({"report_ref": "SOU 2026:31", "report_title": "Något annat"}, "report", "failure"),
        ({"formats_present": ["pdf"]}, "formats", "failure"),
        ({"file_names": ["Remissvar.pdf", "Ju2026-01234 Stockholms stad.docx"]}, "file_names",
         "failure"),
        ({"addresses": []}, "addresses", "failure"),
        ({"addresses": ["ju.remissvar(at)regeringskansliet.se"]}, "addresses", "failure"),
        ({"addresses_from_referral": False}, "addresses", "warning"),
        ({"today": TODAY + dt.timedelta(days=11)}, "deadline", "warning"),
        ({"decided_by": "", "decided_on": None}, "decided", "failure"),
        ({"minutes_approved": False}, "minutes", "failure"),
        ({"presenter": ""}, "presenter", "warning"),
        ({"issuer_dnr": ""}, "issuer_dnr", "warning"),
    ],
)  # fmt: skip
def test_each_check_finds_its_fault(changes, code, result):
    found = results(sending.send_checks(facts(**changes)))
    assert found[code] == result
    others = {c: r for c, r in found.items() if c != code and r != "ok"}
    if code != "issuer_dnr":  # a missing number also touches the subject and the file names
        assert others == {}


def test_a_reply_not_sent_by_email_is_not_checked_for_subject_or_addresses():
    checks = results(sending.send_checks(facts(by_email=False, addresses=[], subject="")))
    assert "subject" not in checks
    assert "addresses" not in checks
    assert set(checks.values()) == {"ok"}


def test_the_email_words():
    subject = sending.email_subject("Stockholms stad", "Ju2026/01234", "SOU 2026:30")
    assert subject == "Ju2026/01234 Stockholms stad – remissvar SOU 2026:30"
    body = sending.email_body(
        organisation="Stockholms stad", issuer="Justitiedepartementet",
        report_title="En ny lag", report_ref="SOU 2026:30", issuer_dnr="Ju2026/01234",
        case_number="KS 2026/5", decided_by="Kommunstyrelsen", decided_on=TODAY,
        file_names=["Ju2026-01234 Stockholms stad.pdf"],
    )  # fmt: skip
    assert "Härmed översänds Stockholms stads remissvar på En ny lag (SOU 2026:30) (er " in body
    assert "beteckning Ju2026/01234, vår beteckning KS 2026/5)" in body
    assert "Svaret beslutades av kommunstyrelsen den 2 december 2026." in body


# The application, end to end.


@pytest.fixture
def decided(db, files_dir):
    """A referral from Justitiedepartementet naming its mailbox for replies, decided by the
    board of the demo's Stockholms stad; the reply not yet sent."""
    load_demo()
    registrar = User.objects.get(username="registrator")
    referral = referral_register(
        actor=registrar,
        registry=Registry.objects.get(organisation__name="Stockholms stad", prefix="KS"),
        issuer=Organisation.objects.get(name="Justitiedepartementet"),
        issuer_dnr="Ju2026/01234",
        report_ref="SOU 2026:30",
        report_title="En ny lag om hyresgästers inflytande",
        received_date=timezone.localdate() - dt.timedelta(days=30),
        deadline=timezone.localdate() + dt.timedelta(days=30),
        reply_addresses=["ju.remissvar@regeringskansliet.se", "handlaggare@regeringskansliet.se"],
        proposals=[ProposalInput("1", "Ny lag"), ProposalInput("2", "Ändrade avgifter")],
    )
    return referral.case


def registrar() -> User:
    return User.objects.get(username="registrator")


def test_sent_by_email_with_both_files_and_kept_as_sent(
    decided, smtp_server, django_capture_on_commit_callbacks
):
    case = decide(decided, {"1": ("supports", "Staden tillstyrker."),
                            "2": ("opposes", "Staden avstyrker.")})  # fmt: skip
    checked = delivery.send_check(case)
    assert checked.channel == DeliveryChannel.EMAIL
    assert {line.result for line in checked.lines()} == {"ok"}, [
        (line.code, line.message) for line in checked.lines() if line.result != "ok"
    ]
    with django_capture_on_commit_callbacks(execute=True):
        sent = delivery.reply_dispatch(actor=registrar(), case=case)
    sent.refresh_from_db()
    assert sent.status == DeliveryStatus.SENT
    assert sent.attempts == 1
    assert sent.sent_at
    # The message as the ministry's server received it.
    [message] = smtp_server.messages
    # (Django folds an encoded subject after "Subject:"; the unfolded value starts with a space.)
    assert message["Subject"].strip() == "Ju2026/01234 Stockholms stad – remissvar SOU 2026:30"
    assert message["To"] == "ju.remissvar@regeringskansliet.se, handlaggare@regeringskansliet.se"
    names = [part.get_filename() for part in message.iter_attachments()]
    assert names == ["Ju2026-01234 Stockholms stad.pdf", "Ju2026-01234 Stockholms stad.docx"]
    pdf = next(message.iter_attachments()).get_content()
    assert pdf.startswith(b"%PDF-")
    assert "Stockholms stads remissvar" in message.get_body(("plain",)).get_content()
    # The outgoing record holds both files and the message as sent.
    case.refresh_from_db()
    assert case.status == CaseStatus.REPLIED
    record = sent.record
    assert record.direction == Direction.OUTGOING
    kept = {f.original_name: f for f in record.files.select_related("stored")}
    assert sorted(kept) == [
        "Ju2026-01234 Stockholms stad.docx",
        "Ju2026-01234 Stockholms stad.eml",
        "Ju2026-01234 Stockholms stad.pdf",
    ]
    eml = files.read_stored(kept["Ju2026-01234 Stockholms stad.eml"].stored.sha256)
    stored = email.message_from_bytes(eml, policy=policy.default)
    assert stored["Message-ID"] == message["Message-ID"]
    assert stored["Subject"] == message["Subject"]
    assert AuditEntry.objects.filter(case=case, object_type__endswith="replydelivery").count() >= 2


def test_failed_checks_block_and_nothing_is_registered(decided, smtp_server):
    case = decide(decided, {"1": ("supports", "Bra.")}, approve_minutes=False)
    records = case.records.count()
    with pytest.raises(ServiceError) as refused:
        delivery.reply_dispatch(actor=registrar(), case=case)
    assert "justerat" in str(refused.value.message) or "approved" in str(refused.value.message)
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED
    assert case.records.count() == records
    assert not ReplyDelivery.objects.exists()
    assert smtp_server.messages == []


def test_a_warning_needs_a_reason_which_is_kept(
    decided, smtp_server, django_capture_on_commit_callbacks
):
    referral = decided.referral
    referral.reply_addresses = ""  # the referral names none: the ministry's registry mailbox
    referral.save(update_fields=["reply_addresses"])
    case = decide(decided, {"1": ("supports", "Bra.")})
    checked = delivery.send_check(case)
    assert [c.code for c in checked.warnings] == ["addresses"]
    assert checked.addresses == ["ju.registrator@regeringskansliet.se"]
    with pytest.raises(ServiceError):
        delivery.reply_dispatch(actor=registrar(), case=case)
    assert not ReplyDelivery.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        sent = delivery.reply_dispatch(
            actor=registrar(), case=case, override_reason="Remissbrevet anger ingen adress."
        )
    sent.refresh_from_db()
    assert sent.override_reason == "Remissbrevet anger ingen adress."
    assert {"code": "addresses", "result": "warning"}.items() <= sent.checks[5].items()
    assert sent.status == DeliveryStatus.SENT
    assert smtp_server.messages[0]["To"] == "ju.registrator@regeringskansliet.se"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


def test_a_failed_delivery_shows_its_reason_and_can_be_sent_again(
    decided, settings, smtp_server, django_capture_on_commit_callbacks
):
    case = decide(decided, {"1": ("supports", "Bra.")})
    listening = settings.EMAIL_PORT
    settings.EMAIL_PORT = _closed_port()  # the mail server is down
    with django_capture_on_commit_callbacks(execute=True):
        sent = delivery.reply_dispatch(actor=registrar(), case=case)
    sent.refresh_from_db()
    # The immediate backend cannot wait: the one attempt fails for good, with its reason.
    assert sent.status == DeliveryStatus.FAILED
    assert "ConnectionRefusedError" in sent.last_error
    assert not sent.record.files.filter(original_name__endswith=".eml").exists()
    settings.EMAIL_PORT = listening  # back up
    with django_capture_on_commit_callbacks(execute=True):
        delivery.delivery_resend(actor=registrar(), delivery=sent)
    sent.refresh_from_db()
    assert sent.status == DeliveryStatus.SENT
    assert sent.last_error == ""
    assert len(smtp_server.messages) == 1
    assert sent.record.files.filter(original_name__endswith=".eml").count() == 1
    ReplyDelivery.objects.filter(pk=sent.pk).update(status=DeliveryStatus.QUEUED)
    sent.refresh_from_db()
    with pytest.raises(ServiceError):  # a queued one is not queued twice
        delivery.delivery_resend(actor=registrar(), delivery=sent)


def test_with_the_database_queue_a_failure_is_tried_again_later(
    decided, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _closed_port()
    case = decide(decided, {"1": ("supports", "Bra.")})
    with django_capture_on_commit_callbacks(execute=True):
        sent = delivery.reply_dispatch(actor=registrar(), case=case)
    assert DBTaskResult.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery.deliver_reply.call(sent.pk) == DeliveryStatus.QUEUED
    sent.refresh_from_db()
    assert sent.attempts == 1
    assert sent.status == DeliveryStatus.QUEUED
    assert sent.next_attempt_at > timezone.now() + dt.timedelta(minutes=9)
    retry = DBTaskResult.objects.order_by("-enqueued_at").first()
    assert retry.run_after == sent.next_attempt_at
    settings.REMISS_DELIVERY_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery.deliver_reply.call(sent.pk) == DeliveryStatus.FAILED
    sent.refresh_from_db()
    assert sent.attempts == 2
    assert sent.next_attempt_at is None


def test_the_send_page_shows_every_check_and_sends(
    decided, client, smtp_server, django_capture_on_commit_callbacks
):
    case = decide(decided, {"1": ("supports", "Bra.")}, approve_minutes=False)
    client.force_login(registrar())
    url = f"/arenden/KS/{case.year}/{case.serial}/skicka/"
    page = client.get(url).content.decode()
    assert 'data-check="minutes"' in page
    assert "check-failure" in page
    response = client.post(url, {"channel": "email", "sent_date": timezone.localdate()})
    assert response.status_code == 200  # refused, with the reason on the form
    assert "kan inte skickas" in response.content.decode()
    assert not ReplyDelivery.objects.exists()
    from remiss.meetings.models import Meeting
    from remiss.meetings.services import minutes_approve

    for meeting in Meeting.objects.filter(items__case=case, minutes_approved_at__isnull=True):
        minutes_approve(actor=registrar(), meeting=meeting)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"channel": "email", "sent_date": timezone.localdate()})
    assert response.status_code == 302
    assert len(smtp_server.messages) == 1
    detail = client.get(response["Location"]).content.decode()
    assert "ju.remissvar@regeringskansliet.se" in detail
    assert "delivery-sent" in detail


def test_others_may_not_send_or_resend(decided, client, smtp_server):
    case = decide(decided, {"1": ("supports", "Bra.")})
    client.force_login(User.objects.get(username="kontor"))  # an office: not its case to send
    url = f"/arenden/KS/{case.year}/{case.serial}/skicka/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"channel": "email", "sent_date": "2026-01-01"}).status_code == 404
    assert not ReplyDelivery.objects.exists()


def test_the_referral_is_changed_from_its_page_audited(decided, client):
    """The send-check asks for the issuer's number on the referral: it can be added later."""
    client.force_login(registrar())
    url = f"/arenden/KS/{decided.year}/{decided.serial}/remissen/"
    assert 'value="Ju2026/01234"' in client.get(url).content.decode()
    form = {
        "title": decided.title,  # as the page shows it: unchanged
        "issuer": decided.referral.issuer_id,
        "issuer_dnr": "Ju2026/01234/L4",
        "report_ref": "SOU 2026:30",
        "report_title": "En ny lag om hyresgästers inflytande",
        "received_date": decided.referral.received_date.isoformat(),
        "deadline": decided.referral.deadline.isoformat(),
        "reply_addresses": "ju.remissvar@regeringskansliet.se, ju.l4@regeringskansliet.se",
    }
    refused = client.post(url, {**form, "reply_addresses": "ju.remissvar(at)regeringskansliet"})
    assert "är inte en e-postadress" in refused.content.decode()
    assert client.post(url, form).status_code == 302
    decided.referral.refresh_from_db()
    assert decided.referral.issuer_dnr == "Ju2026/01234/L4"
    assert decided.referral.reply_address_list == [
        "ju.remissvar@regeringskansliet.se",
        "ju.l4@regeringskansliet.se",
    ]
    changed = AuditEntry.objects.filter(case=decided, action="update").order_by("-id")
    assert any(e.after.get("issuer_dnr") == "Ju2026/01234/L4" for e in changed)
    # The report's title changed: the case's title, derived from it, follows.
    client.post(url, {**form, "report_title": "En ny lag om boinflytande"})
    decided.refresh_from_db()
    assert decided.title == "En ny lag om boinflytande (SOU 2026:30)"


def test_a_reply_sent_twice_at_once_is_sent_once(
    decided, smtp_server, django_capture_on_commit_callbacks
):
    """Two requests with the same decided case: the second, whose copy of the case still says
    decided, is refused by the status as it stands — no second record, no second e-mail."""
    case = decide(decided, {"1": ("supports", "Bra.")})
    stale = type(case).objects.get(pk=case.pk)
    with django_capture_on_commit_callbacks(execute=True):
        delivery.reply_dispatch(actor=registrar(), case=case)
    records = case.records.count()
    assert stale.status == CaseStatus.DECIDED
    with pytest.raises(ServiceError), django_capture_on_commit_callbacks(execute=True):
        delivery.reply_dispatch(actor=registrar(), case=stale)
    assert case.records.count() == records
    assert ReplyDelivery.objects.count() == 1
    assert len(smtp_server.messages) == 1
