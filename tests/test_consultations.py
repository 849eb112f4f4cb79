"""The issuer's side through its services: a ministry sends a referral to five bodies — two
that use Remiss, three by e-mail through a real SMTP server — the replies come back both
ways (and uploaded by the official), progress and reminders, and the compilation."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from remiss.accounts.models import Role, User
from remiss.cases import files
from remiss.cases.models import Case
from remiss.consultations import replies as reply_services
from remiss.consultations.models import Channel, Reply, ReplyLink, ReplySource
from remiss.consultations.replies import (
    ConfirmedReply,
    LinkExpired,
    LinkInvalid,
    compilation_for,
    progress,
    replies_upload,
    reply_by_link,
    reply_confirm,
)
from remiss.consultations.sending import referral_send, reminders_send
from remiss.consultations.services import (
    outgoing_create,
    outgoing_update,
    recipients_add,
    referral_list_read,
)
from remiss.core.errors import NotAllowed, ServiceError
from remiss.organisations.models import Organisation, OrganisationKind, Registry
from remiss.referrals.services import ProposalInput
from tests.demo_data import load_demo
from tests.documents import make_docx, make_pdf
from tests.factories import OrganisationFactory, RegistryFactory, UserFactory
from tests.respondent import decide_and_reply

pytestmark = pytest.mark.django_db(transaction=True)

LINK = re.compile(r"http://testserver/svar/([A-Za-z0-9_-]+)/")


def staged(content: bytes, name: str) -> files.StagedFile:
    return files.stage_upload(io.BytesIO(content), name)


@pytest.fixture
def world(files_dir, settings, smtp_server):
    settings.REMISS_BASE_URL = "http://testserver"
    load_demo()
    sala = OrganisationFactory(name="Sala kommun", uses_remiss=True, email="kommun@sala.se")
    RegistryFactory(organisation=sala, prefix="KS")
    UserFactory(username="sala", role=Role.REGISTRAR, organisation=sala)
    official = User.objects.get(username="departement")
    referral = outgoing_create(
        actor=official,
        registry=Registry.objects.get(prefix="Fi"),
        report_ref="SOU 2026:14",
        report_title="En ny myndighet för tillsyn",
        deadline=timezone.localdate() + dt.timedelta(days=90),
        proposals=[ProposalInput("1", "En ny tillsynsmyndighet"), ProposalInput("2", "Avgifter")],
        staged_files=[staged(make_pdf(["Betänkandet"]), "SOU 2026-14.pdf")],
    )
    bodies = ["Stockholms stad", "Sala kommun", "Boverket", "Naturvårdsverket",
              "Sveriges Kommuner och Regioner"]  # fmt: skip
    recipients_add(
        actor=official,
        referral=referral,
        organisations=[Organisation.objects.get(name=n) for n in bodies],
    )
    return {"official": official, "referral": referral, "smtp": smtp_server}


def test_send_deliver_reply_and_compile(world, caplog):
    caplog.set_level(logging.DEBUG)
    official, referral, smtp = world["official"], world["referral"], world["smtp"]
    assert referral.case.number.startswith("Fi ")
    assert referral.case.records.count() == 1

    result = referral_send(actor=official, referral=referral)
    assert sorted(result.delivered) == ["Sala kommun", "Stockholms stad"]
    assert sorted(result.queued) == [
        "Boverket",
        "Naturvårdsverket",
        "Sveriges Kommuner och Regioner",
    ]
    # The task (run at once by the suite's task backend) sent them after the commit.
    emailed = referral.recipients.filter(channel="email")
    assert emailed.count() == 3
    assert not emailed.filter(Q(sent_at=None) | ~Q(queued_at=None)).exists()
    # The e-mails arrived at the SMTP server, each with the letter as PDF and Word and a link.
    assert sorted(m["To"] for m in smtp.messages) == [
        "info@skr.se", "registrator@naturvardsverket.se", "registraturen@boverket.se",
    ]  # fmt: skip
    message = next(m for m in smtp.messages if m["To"] == "registraturen@boverket.se")
    names = sorted(part.get_filename() for part in message.iter_attachments())
    assert names == [
        *(f"{referral.case.number.replace(' ', '')} Remissmissiv.{x}".replace("/", "-")
          for x in ("docx", "pdf")),
        "remiss.json",  # the notice another Remiss installation registers it from
    ]  # fmt: skip
    body = message.get_body(("plain",)).get_content()
    token = LINK.search(body).group(1)
    assert len(token) >= 22  # at least 128 bits
    assert ReplyLink.objects.count() == 3
    assert not ReplyLink.objects.filter(token_sha256=token)

    # Delivered into the registers of the bodies that use Remiss, with their own numbers.
    city_case = Case.objects.get(referral__sent_from__organisation__name="Stockholms stad")
    sala_case = Case.objects.get(referral__sent_from__organisation__name="Sala kommun")
    assert city_case.registry.prefix == "KS"
    assert city_case.registry.organisation.name == "Stockholms stad"
    assert city_case.referral.issuer.name == "Finansdepartementet"
    assert [p.number for p in city_case.referral.proposals.all()] == ["1", "2"]
    assert city_case.referral.record.files.count() == 3  # the letter (PDF, Word), the report
    assert sala_case.serial == 1
    assert sala_case.registry.organisation.name == "Sala kommun"
    assert referral.recipients.get(organisation__name="Sala kommun").channel == Channel.REMISS

    # Boverket replies through its link: read in the background, matched by the link.
    reply_pdf = make_pdf([
        "Yttrande från Boverket\n\nBoverket tillstyrker förslaget om en ny tillsynsmyndighet "
        "(förslag 1).\n\nBoverket avstyrker förslaget om avgifter (förslag 2)."
    ])  # fmt: skip
    reply = reply_by_link(token=token, staged=[staged(reply_pdf, "svar.pdf")])
    assert reply.recipient.organisation.name == "Boverket"
    assert reply.source == ReplySource.LINK
    with pytest.raises(ServiceError, match="redan tagits emot"):
        reply_by_link(token=token, staged=[staged(reply_pdf, "igen.pdf")])
    with pytest.raises(LinkInvalid):
        reply_by_link(token=token[:-2] + "xx", staged=[staged(b"annat svar", "x.txt")])
    suggestion = reply_services.suggestion_for(reply)
    assert suggestion["respondent"] == "Boverket"

    # Stockholms stad decides and sends its reply in Remiss: it arrives structured.
    decide_and_reply(
        city_case,
        {"1": ("supports", "Staden tillstyrker en ny tillsynsmyndighet."),
         "2": ("opposes", "Staden avstyrker avgifterna.")},
    )  # fmt: skip
    structured = Reply.objects.get(source=ReplySource.REMISS)
    assert structured.recipient.organisation.name == "Stockholms stad"
    assert {s.proposal.number: s.stance for s in structured.stances.all()} == {
        "1": "supports", "2": "opposes",
    }  # fmt: skip
    assert structured.record.files.count() == 2  # the reply as PDF and Word

    # The official uploads two files from the mailbox: one named as asked, one unsolicited.
    number = referral.case.number.replace(" ", "").replace("/", "-")
    uploaded = replies_upload(
        actor=official,
        referral=referral,
        staged=[
            staged(make_docx(["Naturvårdsverket", "Naturvårdsverket har inga synpunkter."]),
                   f"{number} Naturvårdsverket.docx"),
            staged(make_pdf(["Yttrande från Regelrådet\n\nRegelrådet avstyrker förslag 2."]),
                   "yttrande.pdf"),
        ],
    )  # fmt: skip
    by_name = {r.record.files.get().original_name: r for r in uploaded}
    assert (
        by_name[f"{number} Naturvårdsverket.docx"].recipient.organisation.name == "Naturvårdsverket"
    )
    unsolicited = by_name["yttrande.pdf"]
    assert unsolicited.recipient is None
    proposals = {p.number: p.pk for p in referral.proposals.all()}
    reply_confirm(
        actor=official,
        reply=unsolicited,
        confirmed=ConfirmedReply(
            recipient=None,
            organisation=Organisation.objects.create(
                name="Regelrådet", kind=OrganisationKind.AGENCY
            ),
            overall_stance="opposes",
            stances={proposals["1"]: "unclear", proposals["2"]: "opposes"},
        ),
    )
    unsolicited.refresh_from_db()
    assert unsolicited.unsolicited

    # Progress: two replied, Naturvårdsverket has no objection, the others wait; reminders.
    states = {p.recipient.organisation.name: p.state for p in progress(referral)}
    assert states == {
        "Stockholms stad": "replied", "Boverket": "replied", "Naturvårdsverket": "replied",
        "Sala kommun": "waiting", "Sveriges Kommuner och Regioner": "waiting",
    }  # fmt: skip
    smtp.messages.clear()
    assert reminders_send(today=referral.deadline - dt.timedelta(days=30)) == 0  # too early
    assert reminders_send(today=referral.deadline - dt.timedelta(days=5)) == 2
    assert sorted(m["To"] for m in smtp.messages) == ["info@skr.se", "kommun@sala.se"]
    assert all(m["Subject"].strip().startswith("Påminnelse") for m in smtp.messages)
    assert reminders_send(today=referral.deadline - dt.timedelta(days=4)) == 0  # once only
    type(referral).objects.filter(pk=referral.pk).update(reminder_days=0)
    referral.recipients.update(reminded_at=None)
    assert reminders_send(today=referral.deadline - dt.timedelta(days=1)) == 0  # none wanted
    late = {
        p.recipient.organisation.name: p.state
        for p in progress(referral, referral.deadline + dt.timedelta(days=1))
    }
    assert late["Sala kommun"] == "late"

    # The compilation: every reply once, each body in one stance list per proposal.
    compiled = compilation_for(referral, official).as_dict()
    first, second = compiled["proposals"]
    assert first["stances"]["supports"] == ["Boverket", "Stockholms stad"]
    assert sorted(second["stances"]["opposes"]) == ["Boverket", "Regelrådet", "Stockholms stad"]
    assert first["stances"]["no_objection"] == ["Naturvårdsverket"]
    assert compiled["not_replied"] == ["Sala kommun", "Sveriges Kommuner och Regioner"]
    assert any("inte bekräftade" in w for w in compiled["warnings"])

    # The deadline is extended: in the registers of the bodies in Remiss, by e-mail to the rest.
    smtp.messages.clear()
    longer = referral.deadline + dt.timedelta(days=30)
    outgoing_update(actor=official, referral=referral, deadline=longer, reminder_days=7)
    city_case.refresh_from_db()
    assert city_case.deadline == longer == city_case.referral.deadline
    assert sorted(m["To"] for m in smtp.messages) == [
        "info@skr.se", "registrator@naturvardsverket.se", "registraturen@boverket.se",
    ]  # fmt: skip
    assert reply_services.recipient_for_token(token)[1].expires_at.date() > longer

    # The token is in the recipient's e-mail and nowhere else: not in any log line of Remiss
    # (the test's SMTP server, logger "mail.log", logs the mail it receives, as mail servers do).
    ours = [r.getMessage() for r in caplog.records if not r.name.startswith("mail.log")]
    assert ours
    assert not any(token in line for line in ours)


def test_a_link_after_its_time_and_other_mistakes(world):
    official, referral = world["official"], world["referral"]
    with pytest.raises(ServiceError, match="Välj först"):
        referral_send(actor=official, referral=_empty_referral(official))
    referral_send(actor=official, referral=referral)
    with pytest.raises(ServiceError, match="redan skickats"):
        referral_send(actor=official, referral=referral)
    token = LINK.search(world["smtp"].messages[0].get_body(("plain",)).get_content()).group(1)
    ReplyLink.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(LinkExpired, match="gick ut"):
        reply_by_link(token=token, staged=[staged(b"Svar", "svar.txt")])
    assert Reply.objects.count() == 0
    assert not list((files.files_dir() / ".pending").glob("*"))
    outsider = User.objects.get(username="handlaggare")
    with pytest.raises(NotAllowed):
        replies_upload(actor=outsider, referral=referral, staged=[staged(b"Svar", "svar.txt")])


def _empty_referral(official):
    return outgoing_create(
        actor=official,
        registry=Registry.objects.get(prefix="Fi"),
        report_ref="",
        report_title="Utan mottagare",
        deadline=timezone.localdate() + dt.timedelta(days=30),
    )


def test_importing_a_referral_list_and_refusing_bad_referrals(world):
    text = (
        "Remissinstanser:\n1. Boverket\n2. Naturvårdsverket\n3. Stockholms kommun\n"
        "4. Okänd nämnd\n2. Boverket\n"
    )
    imported = referral_list_read(text)
    sure = {
        m.body.name: Organisation.objects.get(pk=m.key).name for m in imported.matches if m.sure
    }
    assert sure == {"Boverket": "Boverket", "Naturvårdsverket": "Naturvårdsverket",
                    "Stockholms kommun": "Stockholms stad"}  # fmt: skip
    assert [m.body.name for m in imported.matches if not m.sure] == ["Okänd nämnd"]
    assert [b.name for b in imported.parsed.duplicates] == ["Boverket"]
    official = world["official"]
    ministry = Registry.objects.get(prefix="Fi")
    today = timezone.localdate()
    with pytest.raises(ServiceError, match="efter i dag"):
        outgoing_create(
            actor=official, registry=ministry, report_ref="", report_title="Sen", deadline=today
        )
    with pytest.raises(NotAllowed):
        outgoing_create(
            actor=User.objects.get(username="handlaggare"), registry=ministry, report_ref="",
            report_title="Fel", deadline=today + dt.timedelta(days=9),
        )  # fmt: skip


def _token_for(world, address: str) -> str:
    message = next(m for m in world["smtp"].messages if m["To"] == address)
    return LINK.search(message.get_body(("plain",)).get_content()).group(1)


def test_a_duplicate_reveals_nothing_of_another_bodys_or_a_secret_record(world):
    """A body sending what another body already sent learns that the file is there, not the
    other body's file name, its name or the record's secret subject (issue 13.3); an official
    without clearance neither; a registrar does."""
    official, referral = world["official"], world["referral"]
    referral_send(actor=official, referral=referral)
    content = make_pdf(["Gemensamt svar från länets myndigheter: vi tillstyrker förslagen."])
    first = reply_by_link(
        token=_token_for(world, "registrator@naturvardsverket.se"),
        staged=[staged(content, "KANARIE-NV-FIL-3c1e.pdf")],
    )
    first.record.subject = "KANARIE-NV-AMNE-91d0"
    first.record.secrecy_provision = "OSL 21 kap. 1 §"
    first.record.save()
    case = referral.case
    case.case_officer = None  # nobody assigned: no official is cleared by assignment
    case.save()
    canaries = ("KANARIE-NV-FIL-3c1e", "KANARIE-NV-AMNE-91d0", "Naturvårdsverket")

    with pytest.raises(ServiceError) as by_link:
        reply_by_link(token=_token_for(world, "registraturen@boverket.se"),
                      staged=[staged(content, "boverket-svar.pdf")])  # fmt: skip
    assert "boverket-svar.pdf" in str(by_link.value.message)
    assert "redan tagits emot" in str(by_link.value.message)
    with pytest.raises(ServiceError) as by_official:
        replies_upload(actor=official, referral=referral,
                       staged=[staged(content, "uppladdat.pdf")])  # fmt: skip
    for refused in (by_link, by_official):
        assert not any(c in str(refused.value.message) for c in canaries), refused.value.message

    registrar = UserFactory(role=Role.REGISTRAR, organisation=case.registry.organisation)
    with pytest.raises(ServiceError, match="KANARIE-NV-AMNE-91d0"):
        replies_upload(actor=registrar, referral=referral, staged=[staged(content, "x.pdf")])
    assert Reply.objects.count() == 1
    assert not list((files.files_dir() / ".pending").glob("*"))


def test_a_reply_link_brings_a_capped_number_of_files_bytes_and_uploads(world, settings, client):
    """Floods through a link (issue 13.7): caps on files and bytes in all and on uploads an
    hour, checked in the page before any file is opened and again in the service."""
    settings.REMISS_LINK_MAX_FILES = 3
    settings.REMISS_LINK_UPLOADS_PER_HOUR = 2
    referral_send(actor=world["official"], referral=world["referral"])
    token = _token_for(world, "registraturen@boverket.se")
    reply_by_link(token=token, staged=[staged(make_pdf(["Svar"]), "svar.pdf"),
                                       staged(make_docx(["Svar"]), "svar.docx")])  # fmt: skip
    with pytest.raises(ServiceError, match=r"högst 3 filer sammanlagt; 1 till"):
        reply_by_link(token=token, staged=[staged(make_pdf(["Bilaga 1"]), "b1.pdf"),
                                           staged(make_pdf(["Bilaga 2"]), "b2.pdf")])  # fmt: skip
    reply_by_link(token=token, staged=[staged(make_pdf(["Bilaga 1"]), "b1.pdf")])
    settings.REMISS_LINK_MAX_FILES = 10
    with pytest.raises(ServiceError, match="2 uppladdningar den senaste timmen"):
        reply_by_link(token=token, staged=[staged(make_pdf(["Bilaga 3"]), "b3.pdf")])
    settings.REMISS_LINK_UPLOADS_PER_HOUR = 10
    settings.REMISS_LINK_MAX_BYTES = 2048
    with pytest.raises(ServiceError, match="högst 2,0"):
        reply_by_link(token=token, staged=[staged(make_pdf(["Bilaga 4"]), "b4.pdf")])
    assert Reply.objects.count() == 2
    assert not list((files.files_dir() / ".pending").glob("*"))

    # Through the page: refused before the files are staged; the other links are not touched.
    settings.REMISS_LINK_MAX_BYTES = 200 * 1024 * 1024
    settings.REMISS_LINK_MAX_FILES = 4
    from django.core.files.uploadedfile import SimpleUploadedFile

    uploads = [SimpleUploadedFile(f"f{i}.pdf", make_pdf([f"Fil {i}"]), "application/pdf")
               for i in range(3)]  # fmt: skip
    response = client.post(f"/svar/{token}/", {"files": uploads})
    assert response.status_code == 200
    assert "högst 4 filer sammanlagt; 1 till" in response.content.decode()
    assert Reply.objects.count() == 2
    assert not list((files.files_dir() / ".pending").glob("*"))
    other = _token_for(world, "registrator@naturvardsverket.se")
    assert reply_by_link(token=other, staged=[staged(make_pdf(["NV"]), "nv.pdf")]).pk


def test_a_reply_rejected_leaves_the_compilation_but_not_the_register(world):
    """Issue 13.6: spam, another body's reply or a copy is rejected with a reason, audited; it
    stays in the register as rejected and no longer counts; the rejection can be taken back."""
    from remiss.consultations.replies import reply_reinstate, reply_reject
    from remiss.core.models import AuditEntry

    official, referral = world["official"], world["referral"]
    referral_send(actor=official, referral=referral)
    reply = reply_by_link(
        token=_token_for(world, "registraturen@boverket.se"),
        staged=[staged(make_pdf(["Köp billiga klockor på nätet!"]), "erbjudande.pdf")],
    )
    boverket = referral.recipients.get(organisation__name="Boverket")

    def state_of_boverket() -> str:
        return next(p.state for p in progress(referral) if p.recipient == boverket)

    assert state_of_boverket() == "replied"
    with pytest.raises(ServiceError, match="Skriv varför"):
        reply_reject(actor=official, reply=reply, reason="other", note="  ")
    with pytest.raises(ServiceError, match="Välj varför"):
        reply_reject(actor=official, reply=reply, reason="tråkigt")
    with pytest.raises(NotAllowed):
        reply_reject(actor=User.objects.get(username="handlaggare"), reply=reply, reason="spam")
    reply_reject(actor=official, reply=reply, reason="spam", note="Reklam, inget remissvar.")

    reply.refresh_from_db()
    assert reply.rejected_by == official
    assert (reply.rejection_reason, reply.rejection_note) == ("spam", "Reklam, inget remissvar.")
    assert not reply.counted
    assert reply.record.files.count() == 1  # still in the register, with its file
    assert state_of_boverket() == "waiting"
    assert compilation_for(referral, official).replies == []
    entry = AuditEntry.objects.filter(object_type="consultations.reply").latest("pk")
    assert entry.before["rejected_at"] is None
    assert entry.after["rejection_reason"] == "spam"
    with pytest.raises(ServiceError, match="redan avvisat"):
        reply_reject(actor=official, reply=reply, reason="spam")
    confirmation = ConfirmedReply(
        recipient=boverket, organisation=None, overall_stance="supports", stances={}
    )
    with pytest.raises(ServiceError, match="ta först tillbaka"):
        reply_confirm(actor=official, reply=reply, confirmed=confirmation)

    reply_reinstate(actor=official, reply=reply)
    reply.refresh_from_db()
    assert reply.counted
    assert reply.rejected_at is None
    assert state_of_boverket() == "replied"
    assert len(compilation_for(referral, official).replies) == 1


def test_an_officials_new_body_is_a_proposal_an_administrator_approves(world):
    """Issue 13.4: the register of bodies is shared; an official's new body (with an address of
    their choosing) is a proposal: it can stand on their referral, nothing is sent to it until
    an administrator approves it, and other officials' lists do not match it."""
    from remiss.consultations.services import organisation_create
    from remiss.core.models import AuditEntry
    from remiss.organisations.services import organisation_approve

    official, referral = world["official"], world["referral"]
    proposed = organisation_create(
        actor=official, name="Myndigheten för tillsynsfrågor", email="tips@example.org",
        kind=OrganisationKind.AGENCY,
    )  # fmt: skip
    assert (proposed.approved, proposed.proposed_by) == (False, official)
    recipients_add(actor=official, referral=referral, organisations=[proposed])
    result = referral_send(actor=official, referral=referral)
    assert "tips@example.org" not in [m["To"] for m in world["smtp"].messages]
    assert ("Myndigheten för tillsynsfrågor",
            "den väntar på att en administratör godkänner den i registret över instanser") in (
        result.failed
    )  # fmt: skip
    other = UserFactory(role=Role.ISSUER_OFFICIAL, organisation=official.organisation)
    text = "Remissinstanser:\n1. Myndigheten för tillsynsfrågor\n"
    assert not [m for m in referral_list_read(text, other).matches if m.sure]
    assert [m for m in referral_list_read(text, official).matches if m.sure]

    with pytest.raises(NotAllowed):
        organisation_approve(actor=official, organisation=proposed)
    admin = User.objects.get(username="admin")
    organisation_approve(actor=admin, organisation=proposed)
    assert AuditEntry.objects.filter(
        object_type="organisations.organisation", object_id=str(proposed.pk), action="update"
    ).exists()
    result = referral_send(actor=official, referral=referral)
    assert result.queued == ["Myndigheten för tillsynsfrågor"]
    assert "tips@example.org" in [m["To"] for m in world["smtp"].messages]

    by_admin = organisation_create(actor=admin, name="Statens tillsynsråd", email="", kind="agency")
    assert by_admin.approved


def test_confirmed_stances_are_written_in_the_audit_trail(world):
    """Issue 19: every write through a service that records it — the stances an official
    confirms on a reply included."""
    from remiss.core.models import AuditEntry

    official, referral = world["official"], world["referral"]
    referral_send(actor=official, referral=referral)
    token = _token_for(world, "registraturen@boverket.se")
    reply = reply_by_link(
        token=token, staged=[staged(make_pdf(["Boverket tillstyrker."]), "s.pdf")]
    )
    boverket = referral.recipients.get(organisation__name="Boverket")
    first, second = referral.proposals.order_by("number")

    def confirm(stances):
        confirmed = ConfirmedReply(
            recipient=boverket, organisation=None, overall_stance="mixed", stances=stances
        )
        reply_confirm(actor=official, reply=reply, confirmed=confirmed)

    def entries(action):
        return AuditEntry.objects.filter(object_type="consultations.replystance", action=action)

    confirm({first.pk: "supports", second.pk: "opposes"})
    assert entries("create").count() == 2
    confirm({first.pk: "supports", second.pk: "supports"})
    changed = entries("update").get()
    assert (changed.before["stance"], changed.after["stance"]) == ("opposes", "supports")
    assert changed.case == referral.case


def test_reading_tasks_are_queued_fairly_between_reply_links(world, settings):
    """A body that sends six files through its link does not hold up the one file another body
    sends, nor the official's own upload (issue 13.7): with the database task backend the
    worker runs, the queue's order (priority, then time) takes each source's first file before
    any source's second."""
    from django_tasks_db.models import DBTaskResult

    official, referral = world["official"], world["referral"]
    referral_send(actor=official, referral=referral)  # its e-mails go out at once here
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    flood = reply_by_link(
        token=_token_for(world, "registrator@naturvardsverket.se"),
        staged=[staged(make_pdf([f"Naturvårdsverket, del {n}"]), f"del-{n}.pdf") for n in range(6)],
    )
    single = reply_by_link(
        token=_token_for(world, "registraturen@boverket.se"),
        staged=[staged(make_pdf(["Boverket tillstyrker förslagen."]), "boverket.pdf")],
    )
    [own] = replies_upload(
        actor=official,
        referral=referral,
        staged=[staged(make_pdf(["SKR avstyrker."]), "Fi2026-14 SKR.pdf")],
    )

    def readings(reply: Reply) -> list[int]:
        return [f.reading.pk for f in reply.record.files.order_by("pk")]

    queue = [
        task.args_kwargs["args"][0]
        for task in DBTaskResult.objects.ready()
        if task.task_path.endswith("read_stored_file")
    ]
    flooded = readings(flood)
    assert queue == [flooded[0], *readings(single), *readings(own), *flooded[1:]]


def test_posts_through_reply_links_are_limited_per_address(world, settings, client):
    """One machine posting through many links is stopped at REMISS_LINK_POSTS_PER_ADDRESS posts
    an hour, with a message and nothing saved; another address is not held up; the address is
    not kept in clear (issue 13.7)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from remiss.consultations.models import LinkPost

    settings.REMISS_LINK_POSTS_PER_ADDRESS = 2
    official, referral = world["official"], world["referral"]
    referral_send(actor=official, referral=referral)
    tokens = [_token_for(world, a) for a in ("registrator@naturvardsverket.se",
                                             "registraturen@boverket.se")]  # fmt: skip

    def post(token: str, address: str, name: str):
        upload = SimpleUploadedFile(name, make_pdf([f"Svar i {name}"]), "application/pdf")
        return client.post(f"/svar/{token}/", {"files": upload}, REMOTE_ADDR=address)

    assert "Tack" in post(tokens[0], "198.51.100.7", "a.pdf").content.decode()
    assert "Tack" in post(tokens[1], "198.51.100.7", "b.pdf").content.decode()
    refused = post(tokens[1], "198.51.100.7", "c.pdf").content.decode()
    assert "För många uppladdningar har kommit från ert nätverk" in refused
    assert Reply.objects.filter(referral=referral).count() == 2  # nothing of the third saved
    assert "Tack" in post(tokens[1], "203.0.113.9", "d.pdf").content.decode()
    assert not LinkPost.objects.filter(address__contains="198.51").exists()


def test_the_official_finds_a_reply_by_its_body_and_stance(
    world, settings, django_capture_on_commit_callbacks
):
    """Search (docs/search.md): a reply the issuer received is found by who sent it and the
    quotes it was read by, faceted and filtered by its stance and by the body it came from
    (its file's text too)."""
    from remiss.search import service

    settings.REMISS_SEARCH_FILE_TEXT = True
    official, referral = world["official"], world["referral"]
    referral_send(actor=official, referral=referral)
    with django_capture_on_commit_callbacks(execute=True):
        reply = reply_by_link(
            token=_token_for(world, "registraturen@boverket.se"),
            staged=[staged(make_pdf(["Boverket avstyrker."]), "s.pdf")],
        )
    first, second = referral.proposals.order_by("number")

    def confirm_from(recipient) -> None:
        reply_confirm(
            actor=official,
            reply=reply,
            confirmed=ConfirmedReply(
                recipient=recipient,
                organisation=None,
                overall_stance="opposes",
                stances={first.pk: "opposes", second.pk: "opposes"},
            ),
        )

    boverket = referral.recipients.get(organisation__name="Boverket")
    confirm_from(boverket)
    found = service.search(official, "Boverket", service.Filters(kind="reply"))
    assert [h.entry.key for h in found.hits] == [f"reply:{reply.pk}"]
    assert dict(found.facets["stance"]) == {"opposes": 1}
    assert service.search(official, "Boverket", service.Filters(stance="supports")).total == 0
    assert service.search(official, "Boverket", service.Filters(stance="opposes")).total == 1
    # The body it came from: a facet and a filter.
    assert dict(found.facets["body"]) == {boverket.organisation_id: 1}
    by_body = service.search(official, "avstyrker", service.Filters(body=boverket.organisation_id))
    assert [h.entry.key for h in by_body.hits] == [f"file:{reply.record.files.get().pk}:1"]
    other = referral.recipients.exclude(pk=boverket.pk).first()
    by_other = service.Filters(body=other.organisation_id)
    assert service.search(official, "avstyrker", by_other).total == 0
    confirm_from(other)  # set right afterwards: the file is found by the body now named
    assert service.search(official, "avstyrker", by_other).total == 1


def test_e_mails_go_out_from_the_task_worker_not_the_request(world, settings, client):
    """Sending to many bodies does not hold the request (issues 15.2, 18.1): with the database
    task backend the bodies are queued and nothing is mailed until the worker runs the task;
    each body records its own outcome, a failed one is sent again with the next sending, and a
    body whose task was lost counts as unsent again after STALE_QUEUE."""
    from django_tasks_db.models import DBTaskResult

    from remiss.consultations import sending

    def run_queued_task() -> int:
        """What the worker does with the queued task: the same function, with its arguments."""
        [task] = [t for t in DBTaskResult.objects.ready() if t.task_path.endswith("emails_task")]
        task.delete()
        return sending.send_queued_emails(*task.args_kwargs["args"])

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    official, referral, smtp = world["official"], world["referral"], world["smtp"]
    result = referral_send(actor=official, referral=referral)
    assert sorted(result.queued) == [
        "Boverket", "Naturvårdsverket", "Sveriges Kommuner och Regioner",
    ]  # fmt: skip
    assert smtp.messages == []  # the request is done; nothing was mailed in it
    queued = referral.recipients.filter(queued_at__isnull=False, sent_at=None)
    assert queued.count() == 3
    with pytest.raises(ServiceError, match="skickas nu"):
        referral_send(actor=official, referral=referral)
    client.force_login(official)
    case = referral.case
    page = client.get(
        reverse("consultations:detail", args=[case.registry.prefix, case.year, case.serial])
    ).content.decode()
    assert page.count("E-post på väg (i kö sedan") == 3

    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 9  # the mail server cannot be reached for the first run
    assert run_queued_task() == 0
    failed = referral.recipients.filter(sent_at=None, queued_at=None).exclude(send_error="")
    assert sorted(r.organisation.name for r in failed) == sorted(result.queued)
    settings.EMAIL_PORT = port
    again = referral_send(actor=official, referral=referral)  # the failed ones, once more
    assert sorted(again.queued) == sorted(result.queued)
    assert run_queued_task() == 3
    assert sorted(m["To"] for m in smtp.messages) == [
        "info@skr.se", "registrator@naturvardsverket.se", "registraturen@boverket.se",
    ]  # fmt: skip
    assert not referral.recipients.filter(channel="email", sent_at=None).exists()

    # A body queued long ago whose task never ran is unsent again; a fresh one is not.
    late = OrganisationFactory(name="Trafikverket", kind="agency", email="trafikverket@example.se")
    recipients_add(actor=official, referral=referral, organisations=[late])
    referral_send(actor=official, referral=referral)
    DBTaskResult.objects.all().delete()  # the task lost
    referral.recipients.filter(organisation=late).update(
        queued_at=timezone.now() - sending.STALE_QUEUE - dt.timedelta(minutes=1)
    )
    assert referral_send(actor=official, referral=referral).queued == ["Trafikverket"]
    assert run_queued_task() == 1
    assert "trafikverket@example.se" in [m["To"] for m in smtp.messages]
