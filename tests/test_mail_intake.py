"""Replies by e-mail (issue 15 §3): messages fetched from a real IMAP server on the loopback
(pymap) and from a Maildir, or uploaded as .eml/.msg, kept and registered on the referral they
name, matched to the body by its address; what cannot be matched waits for a person, who
registers it or sets it aside. Nothing is lost, nothing kept twice."""

from __future__ import annotations

import datetime as dt
import io
import mailbox
from email.message import EmailMessage

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from remiss.accounts.models import Role, User
from remiss.consultations import mail as intake
from remiss.consultations.models import (
    IncomingMail,
    MailStatus,
    OutgoingReferral,
    Reply,
    ReplySource,
)
from remiss.core.errors import NotAllowed, ServiceError
from remiss.core.models import AuditEntry
from remiss.documents.models import FileReading, ReadingStatus
from remiss.organisations.models import Organisation
from remiss.reading.message import case_numbers_in, parse_eml
from tests.demo_data import load_demo
from tests.documents import make_msg, make_pdf
from tests.factories import UserFactory, ministry_referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(files_dir) -> OutgoingReferral:
    load_demo()
    return ministry_referral(sent=True)


@pytest.fixture
def ministry(referral) -> Organisation:
    return referral.case.registry.organisation


@pytest.fixture
def published(django_capture_on_commit_callbacks):
    """Run a service as a committed request does: its files moved into the store."""

    def run(function, **arguments):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**arguments)

    return run


def message(
    subject: str,
    text: str = "Hej! Här kommer vårt remissvar.",
    *,
    sender: str = "Boverket <registraturen@boverket.se>",
    attachments: tuple[tuple[str, bytes, str], ...] = (),
    message_id: str | None = None,
) -> bytes:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = "fi.remissvar@regeringskansliet.se"
    mail["Subject"] = subject
    mail["Date"] = "Thu, 03 Dec 2026 09:15:00 +0100"
    mail["Message-ID"] = message_id or f"<{abs(hash((subject, text, sender)))}@boverket.se>"
    mail.set_content(text)
    for name, data, kind in attachments:
        maintype, subtype = kind.split("/")
        mail.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return mail.as_bytes()


def reply_pdf() -> tuple[str, bytes, str]:
    pdf = make_pdf(["Boverket\nYttrande över SOU 2026:9 Bättre tillsyn\nBoverket tillstyrker."])
    return ("Fi2026 Boverket.pdf", pdf, "application/pdf")


def test_case_numbers_are_found_in_their_written_forms():
    assert case_numbers_in("Svar på remiss Fi2026/00013, er beteckning") == {("FI", 2026, 13)}
    assert case_numbers_in("Fi 2026/13 och KS 2020/132") == {("FI", 2026, 13), ("KS", 2020, 132)}
    assert case_numbers_in("Fi2026-00013 Boverket.pdf") == {("FI", 2026, 13)}
    assert case_numbers_in("SOU 2019:43, telefon 08-405 10 00, 2026-12-03") == set()


def test_a_message_is_read_with_its_sender_and_attachments():
    parsed = parse_eml(message("Remissvar", attachments=(reply_pdf(),)))
    assert parsed.sender_address == "registraturen@boverket.se"
    assert parsed.sender_name == "Boverket"
    assert parsed.sent_at == dt.datetime(2026, 12, 3, 8, 15, tzinfo=dt.UTC)
    assert [name for name, _data in parsed.attachments] == ["Fi2026 Boverket.pdf"]


def test_replies_are_fetched_over_imap_registered_and_marked_read(
    referral, ministry, imap_server, published
):
    account = imap_server.new_folder()
    number = referral.case.number  # e.g. "Fi 2026/14"
    imap_server.deliver(account, message(f"Remissvar {number}", attachments=(reply_pdf(),)))
    imap_server.deliver(
        account,
        message("En fråga om remissen", "Kan vi få mer tid?", sender="Anna <anna@example.org>"),
    )
    result = published(intake.fetch_imap, organisation=ministry, account=account)
    assert (result.received, result.matched, result.waiting, result.failed) == (2, 1, 1, 0)
    assert imap_server.unseen(account) == 0

    reply = Reply.objects.get(referral=referral)
    assert reply.source == ReplySource.EMAIL
    assert reply.recipient.organisation.name == "Boverket"  # by its mailbox's address
    names = sorted(f.original_name for f in reply.record.files.all())
    assert names[0] == "Fi2026 Boverket.pdf"
    assert names[1] == f"Remissvar {number.replace('/', '-')}.eml"
    # Only the message is read: the reader reads its attachment inside it.
    [reading] = FileReading.objects.filter(record_file__record=reply.record)
    assert reading.record_file.original_name.endswith(".eml")
    assert reading.status == ReadingStatus.DONE  # the message was in the store when read
    assert reading.suggestion["overall_stance"] == "supports"
    waiting = IncomingMail.objects.get(status=MailStatus.WAITING)
    assert waiting.sender == "Anna <anna@example.org>"
    with translation.override("sv"):
        assert "ingen av våra remisser" in str(intake.match_referral(ministry, parse_eml(
            message("En fråga om remissen")))[1])  # fmt: skip

    imap_server.deliver(account, message(f"Remissvar {number}", attachments=(reply_pdf(),)))
    again = published(intake.fetch_imap, organisation=ministry, account=account)
    assert (again.received, again.duplicates) == (0, 1)  # the same Message-ID: not kept twice
    assert Reply.objects.filter(referral=referral).count() == 1


def test_a_message_naming_only_the_report_is_matched_by_it(referral, ministry, published):
    mail, new = published(
        intake.receive_mail,
        organisation=ministry,
        data=message("Yttrande över SOU 2026:9", sender="registrator@naturvardsverket.se"),
    )
    assert new
    assert mail.status == MailStatus.MATCHED
    assert mail.reply.recipient.organisation.name == "Naturvårdsverket"


def test_a_maildir_is_read_and_its_messages_marked_seen(referral, ministry, tmp_path, published):
    folder = tmp_path / "Maildir"
    box = mailbox.Maildir(folder, create=True)
    box.add(message(f"Svar {referral.case.number}"))
    box.add(message("Ingen remiss nämns", sender="x@example.org"))
    result = published(intake.fetch_maildir, organisation=ministry, folder=folder)
    assert (result.received, result.matched, result.waiting) == (2, 1, 1)
    assert all("S" in box.get_message(key).get_flags() for key in box.iterkeys())
    assert published(intake.fetch_maildir, organisation=ministry, folder=folder).received == 0


def test_the_command_fetches_and_says_what_it_did(referral, ministry, tmp_path, settings):
    folder = tmp_path / "Maildir"
    mailbox.Maildir(folder, create=True).add(message(f"Svar {referral.case.number}"))
    out = io.StringIO()
    call_command("mail", "fetch", "--organisation", ministry.name, "--maildir", str(folder),
                 stdout=out)  # fmt: skip
    assert "1 nya meddelanden: 1 registrerade som remissvar" in out.getvalue()
    with pytest.raises(CommandError, match="Ingen organisation"):
        call_command("mail", "fetch", "--organisation", "Okänd myndighet", "--maildir", str(folder))
    settings.REMISS_MAIL_IMAP_HOST = ""
    with pytest.raises(CommandError, match="Ingen brevlåda"):
        call_command("mail", "fetch", "--organisation", ministry.name)


def test_an_unreadable_message_is_kept_waiting_not_lost(referral, ministry, published):
    mail, _new = published(intake.receive_mail, organisation=ministry, data=b"\x00\x01\x02" * 50)
    assert mail.status == MailStatus.WAITING
    assert mail.problem
    with pytest.raises(ServiceError):
        intake.receive_mail(organisation=ministry, data=b"")


def test_a_person_registers_a_waiting_message_or_sets_it_aside(referral, ministry, published):
    official = User.objects.get(username="departement")
    first, _new = published(
        intake.receive_mail, organisation=ministry,
        data=message("Synpunkter", sender="Boverket <registraturen@boverket.se>"),
    )  # fmt: skip
    second, _new = published(
        intake.receive_mail, organisation=ministry,
        data=message("Köp billiga klockor", sender="spam@example.com"),
    )  # fmt: skip
    outsider = UserFactory(role=Role.REGISTRAR, organisation=Organisation.objects.get(
        name="Stockholms stad"))  # fmt: skip
    with pytest.raises(NotAllowed):
        intake.assign_mail(actor=outsider, mail=first, referral=referral)
    with pytest.raises(NotAllowed):  # nor put messages into another organisation's mailbox
        intake.receive_mail(organisation=ministry, data=message("Ny"), actor=outsider)
    reply = published(intake.assign_mail, actor=official, mail=first, referral=referral)
    assert reply.recipient.organisation.name == "Boverket"
    first.refresh_from_db()
    assert (first.status, first.handled_by) == (MailStatus.MATCHED, official)
    with pytest.raises(ServiceError):
        intake.assign_mail(actor=official, mail=first, referral=referral)
    with pytest.raises(ServiceError):
        intake.discard_mail(actor=official, mail=second, note="  ")
    intake.discard_mail(actor=official, mail=second, note="Skräppost")
    second.refresh_from_db()
    assert (second.status, second.note) == (MailStatus.DISCARDED, "Skräppost")
    assert AuditEntry.objects.filter(object_type="consultations.incomingmail").count() == 4


def test_the_mail_pages_queue_upload_and_register(
    client, referral, ministry, django_capture_on_commit_callbacks
):
    official = User.objects.get(username="departement")
    client.force_login(official)
    msg = make_msg(
        "Se bifogat yttrande.",
        [reply_pdf()[:2]],
        sender="Boverket",
        address="registraturen@boverket.se",
        subject=f"Remissvar {referral.case.number}",
    )
    waiting = message("Fråga", sender="medborgare@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        uploaded = client.post(
            reverse("mail_list"),
            {"files": [_upload("svar.msg", msg), _upload("fraga.eml", waiting)]},
        )
    assert uploaded.status_code == 302
    assert Reply.objects.get(referral=referral).source == ReplySource.EMAIL
    queue = client.get(reverse("mail_list")).content.decode()
    assert "medborgare@example.org" in queue
    mail = IncomingMail.objects.get(status=MailStatus.WAITING)
    detail = client.get(reverse("mail_detail", kwargs={"pk": mail.pk})).content.decode()
    assert "Hej! Här kommer vårt remissvar." in detail
    download = client.get(reverse("mail_file", kwargs={"pk": mail.pk}))
    assert b"".join(download.streaming_content) == waiting
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            reverse("mail_detail", kwargs={"pk": mail.pk}),
            {"action": "assign", "referral": referral.pk},
        )
    assert done.status_code == 302
    assert Reply.objects.filter(referral=referral).count() == 2

    client.force_login(User.objects.get(username="registrator"))  # the city's registrar
    assert client.get(reverse("mail_detail", kwargs={"pk": mail.pk})).status_code == 404
    assert "medborgare" not in client.get(reverse("mail_list")).content.decode()


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_a_tls_less_imap_server_is_refused_beyond_the_loopback(ministry):
    account = intake.ImapAccount("imap.example.org", 143, "u", "p", security="none")
    with translation.override("sv"), pytest.raises(ServiceError, match="behöver TLS"):
        intake.fetch_imap(organisation=ministry, account=account)


def test_a_message_too_large_is_refused_and_left_unread_on_the_server(
    referral, ministry, imap_server, settings, published
):
    settings.MAX_UPLOAD_BYTES = 4000
    account = imap_server.new_folder()
    imap_server.deliver(account, message(f"Svar {referral.case.number}", "x" * 8000))
    result = published(intake.fetch_imap, organisation=ministry, account=account)
    assert (result.received, result.failed) == (0, 1)
    assert imap_server.unseen(account) == 1  # taken again once the limit is raised
    with translation.override("sv"), pytest.raises(ServiceError, match="större än gränsen"):
        intake.receive_mail(organisation=ministry, data=b"x" * 5000)
    assert not IncomingMail.objects.exists()


def test_a_hostile_message_is_parsed_in_the_sandbox_and_kept_waiting(referral, ministry, published):
    boundary_open = "".join(
        f'Content-Type: multipart/mixed; boundary="b{i}"\r\n\r\n--b{i}\r\n' for i in range(3000)
    )
    hostile = f"From: x@example.org\r\nSubject: Djup\r\n{boundary_open}".encode()
    mail, _new = published(intake.receive_mail, organisation=ministry, data=hostile)
    assert mail.status == MailStatus.WAITING
    assert IncomingMail.objects.count() == 1


def _bounce(failed: str, original_subject: str) -> bytes:
    return (
        "From: MAILER-DAEMON@mail.regeringskansliet.se\r\n"
        "To: fi.remissvar@regeringskansliet.se\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "Message-ID: <studs-1@mail.regeringskansliet.se>\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mail.regeringskansliet.se\r\n\r\n"
        f"Final-Recipient: rfc822; {failed}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n"
        f"--B\r\nContent-Type: text/rfc822-headers\r\n\r\nSubject: {original_subject}\r\n--B--\r\n"
    ).encode()


def test_a_bounce_marks_the_body_not_reached_so_that_it_can_be_sent_again(
    client, referral, ministry, published
):
    from remiss.consultations.models import Channel, Recipient

    Recipient.objects.filter(referral=referral).update(
        channel=Channel.EMAIL, sent_at=timezone.now()
    )
    bounce = _bounce("registraturen@boverket.se", f"Remiss av SOU 2026:9 ({referral.case.number})")
    mail, _new = published(intake.receive_mail, organisation=ministry, data=bounce)
    assert mail.status == MailStatus.BOUNCE
    assert not Reply.objects.exists()
    boverket = Recipient.objects.get(referral=referral, organisation__name="Boverket")
    assert boverket.sent_at is None
    assert "550 5.1.1 User unknown" in boverket.send_error
    other = Recipient.objects.get(referral=referral, organisation__name="Naturvårdsverket")
    assert other.sent_at is not None  # only the address that failed
    client.force_login(User.objects.get(username="departement"))
    case = referral.case
    page = client.get(reverse("consultations:detail", kwargs={
        "prefix": case.registry.prefix, "year": case.year, "serial": case.serial,
    })).content.decode()  # fmt: skip
    assert "550 5.1.1 User unknown" in page

    unknown = _bounce("okand@example.org", "Något annat").replace(b"studs-1", b"studs-2")
    waiting, _new = published(intake.receive_mail, organisation=ministry, data=unknown)
    assert waiting.status == MailStatus.WAITING
    assert "okand@example.org" in waiting.problem


def test_a_message_registered_as_a_secret_reply_is_withheld_from_those_not_cleared(
    client, referral, ministry, published
):
    """The kept message is the same document as the reply's record: once that is marked
    secret, an official without clearance sees in the mail queue that it exists, not what it
    says, and cannot open or download it; a registrar of the ministry can."""
    from remiss.cases.services import record_set_secrecy

    mail, _new = published(
        intake.receive_mail, organisation=ministry,
        data=message(f"KANARIE-ämne {referral.case.number}", "Hemlig KANARIE-text i svaret."),
    )  # fmt: skip
    registrar = UserFactory(role=Role.REGISTRAR, organisation=ministry)
    record_set_secrecy(actor=registrar, record=mail.reply.record, provision="OSL 21 kap. 7 §")
    colleague = UserFactory(role=Role.ISSUER_OFFICIAL, organisation=ministry)  # not assigned
    client.force_login(colleague)
    listing = client.get(reverse("mail_list") + "?visa=registrerade").content.decode()
    assert "KANARIE" not in listing
    assert "Registrerat som sekretessmarkerat remissvar" in listing
    assert client.get(reverse("mail_detail", kwargs={"pk": mail.pk})).status_code == 404
    assert client.get(reverse("mail_file", kwargs={"pk": mail.pk})).status_code == 404
    client.force_login(registrar)
    assert "KANARIE" in client.get(reverse("mail_detail", kwargs={"pk": mail.pk})).content.decode()
