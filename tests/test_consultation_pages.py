"""The issuer's pages through Django's client, for what the browser test does not walk: a reply
link that is wrong or expired (and kept out of the log), a body added in the review step, a
hostile reply file, and downloads only in the formats offered."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from remiss.accounts.models import User
from remiss.cases.models import RecordFile
from remiss.consultations.models import Reply, ReplyLink
from remiss.consultations.sending import new_reply_link
from remiss.consultations.services import outgoing_create, recipients_add
from remiss.organisations.models import Organisation, Registry
from tests.demo_data import load_demo
from tests.documents import encrypt_pdf, make_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(files_dir):
    load_demo()
    official = User.objects.get(username="departement")
    outgoing = outgoing_create(
        actor=official,
        registry=Registry.objects.get(prefix="Fi"),
        report_ref="SOU 2026:9",
        report_title="Bättre tillsyn",
        deadline=timezone.localdate() + dt.timedelta(days=40),
    )
    recipients_add(
        actor=official, referral=outgoing, organisations=[Organisation.objects.get(name="Boverket")]
    )
    return outgoing


def path(referral, name: str = "detail", **extra) -> str:
    from django.urls import reverse

    case = referral.case
    return reverse(
        f"consultations:{name}",
        kwargs={"prefix": case.registry.prefix, "year": case.year, "serial": case.serial, **extra},
    )


def test_wrong_and_expired_links_say_so_and_the_token_stays_out_of_the_log(
    client, referral, caplog
):
    caplog.set_level(logging.DEBUG)
    url, _valid = new_reply_link(referral.recipients.get(), referral.deadline)
    token = url.rstrip("/").rsplit("/", 1)[-1]
    page = client.get(f"/svar/{token}/")
    assert page.status_code == 200
    assert "Boverket" in page.content.decode()
    wrong = client.get(f"/svar/{token[:-3]}abc/")
    assert wrong.status_code == 404
    assert "Svarslänken är inte giltig" in wrong.content.decode()
    ReplyLink.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    expired = client.get(f"/svar/{token}/")
    assert expired.status_code == 410
    assert "Svarslänken gick ut" in expired.content.decode()
    assert "Boverket" not in expired.content.decode()  # an old link does not name the body
    logged = [record.getMessage() for record in caplog.records]
    assert any("/svar/[token]/" in line for line in logged)  # the 404 and 410 were logged …
    assert not any(token[:20] in line for line in logged)  # … without the token


def test_a_body_the_register_does_not_know_is_added_in_the_review(client, referral):
    client.force_login(User.objects.get(username="departement"))
    review = client.post(path(referral, "recipients"), {"text": "1. Boverket\n2. Lunds nation"})
    text = review.content.decode()
    assert "Granska listan" in text
    assert "Finns inte i registret" in text
    created = client.post(
        path(referral, "recipients"),
        {"create": "1", "name": "Lunds nation", "email": "kurator@lundsnation.se",
         "kind": "organisation"},
    )  # fmt: skip
    assert created.status_code == 302
    assert referral.recipients.filter(organisation__name="Lunds nation").exists()
    again = client.post(
        path(referral, "recipients"),
        {"create": "1", "name": "lunds nation", "email": "", "kind": "organisation"},
        follow=True,
    )
    assert "finns redan i registret" in again.content.decode()


def test_a_hostile_reply_file_is_refused_and_nothing_saved(client, referral, tmp_path):
    client.force_login(User.objects.get(username="departement"))
    locked = encrypt_pdf(make_pdf(["Hemligt svar"]), tmp_path)
    response = client.post(
        path(referral, "upload"), {"files": [SimpleUploadedFile("svar.pdf", locked)]}
    )
    assert response.status_code == 200
    assert "krypterad" in response.content.decode()
    assert Reply.objects.count() == 0
    assert not RecordFile.objects.filter(record__case=referral.case, original_name="svar.pdf")


def test_the_compilation_page_draws_the_counts_and_narrows_to_a_kind_of_body(
    client, referral, django_capture_on_commit_callbacks
):
    """Issue 15.4: a stacked bar per proposal, made on the server as SVG, named, and pointing
    to the table of the same numbers (its text alternative); a filter by kind of body."""
    from remiss.cases import files
    from remiss.consultations.models import OutgoingReferral
    from remiss.consultations.replies import replies_upload

    official = User.objects.get(username="departement")
    demo = OutgoingReferral.objects.exclude(pk=referral.pk).get()  # the demo's, with proposals
    staged = files.stage_upload(
        io.BytesIO("Yttrande från Boverket\n\nBoverket tillstyrker förslagen.".encode()),
        "Fi2026-1 Boverket.txt",
    )
    with django_capture_on_commit_callbacks(execute=True):
        replies_upload(actor=official, referral=demo, staged=[staged])
    client.force_login(official)
    page = client.get(path(demo, "compilation")).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"' in page
    assert 'aria-describedby="counts"' in page
    assert '<table class="compilation" id="counts">' in page
    assert "Antal remissinstanser per förslag och ställningstagande</title>" in page
    # Boverket supports the referral without taking up its proposals: one "oklar" bar each.
    bars = re.findall(r'<rect x="[\d.]+" y="\d+" width="([\d.]+)" height="20" fill="#6941c6"', page)
    assert len(bars) == demo.proposals.count()

    # Narrowed to a kind of body: Boverket, an agency, is counted among agencies only.
    agencies = client.get(path(demo, "compilation"), {"instanstyp": "agency"}).content.decode()
    municipalities = client.get(
        path(demo, "compilation"), {"instanstyp": "municipality"}
    ).content.decode()
    assert '<option value="agency" selected>' in agencies
    assert '<th scope="row">Boverket</th>' in agencies
    assert '<th scope="row">Boverket</th>' not in municipalities
    assert "nedladdningarna innehåller alla remissinstanser" in municipalities
    assert '<th scope="row">Boverket</th>' in page  # unfiltered
    unknown = client.get(path(demo, "compilation"), {"instanstyp": "<x>"}).content.decode()
    assert '<th scope="row">Boverket</th>' in unknown  # an unknown kind shows every body


def test_downloads_only_in_the_offered_formats(client, referral):
    client.force_login(User.objects.get(username="departement"))
    assert client.get(path(referral, "compilation_download", fmt="json")).status_code == 404
    assert client.get(path(referral, "letter", fmt="html")).status_code == 404
    letter = client.get(path(referral, "letter", fmt="pdf"))
    assert letter.status_code == 200
    assert letter["Content-Type"] == "application/pdf"
    assert "attachment" in letter["Content-Disposition"]
    sheet = client.get(path(referral, "compilation_download", fmt="xlsx"))
    assert sheet.status_code == 200
    assert "Remissammanst" in sheet["Content-Disposition"]


def test_deadline_and_list_change_until_the_referral_is_sent(
    client, referral, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.force_login(User.objects.get(username="departement"))
    later = referral.deadline + dt.timedelta(days=10)
    changed = client.post(path(referral, "change"), {"deadline": later.isoformat(),
                                                     "reminder_days": "3"})  # fmt: skip
    assert changed.status_code == 302
    referral.refresh_from_db()
    assert (referral.deadline, referral.reminder_days, referral.case.deadline) == (later, 3, later)
    past = client.post(path(referral, "change"), {"deadline": "2020-01-01", "reminder_days": "3"})
    assert "Remisstiden måste gå ut efter i dag" in past.content.decode()
    extra = recipients_add(
        actor=User.objects.get(username="departement"),
        referral=referral,
        organisations=[Organisation.objects.get(name="Naturvårdsverket")],
    )[0]
    assert client.post(path(referral, "recipient_remove", pk=extra.pk)).status_code == 302
    assert not referral.recipients.filter(pk=extra.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail task after the commit
        client.post(path(referral, "send"))
    sent = referral.recipients.get()
    assert sent.sent_at is not None
    refused = client.post(path(referral, "recipient_remove", pk=sent.pk), follow=True)
    assert "har redan fått remissen" in refused.content.decode()
    earlier = (later - dt.timedelta(days=1)).isoformat()
    shorter = client.post(path(referral, "change"), {"deadline": earlier, "reminder_days": "5"})
    assert "remisstiden kan bara förlängas" in shorter.content.decode()
    longer = later + dt.timedelta(days=14)
    extended = client.post(path(referral, "change"), {"deadline": longer.isoformat(),
                                                      "reminder_days": "5"})  # fmt: skip
    assert extended.status_code == 302
    link = ReplyLink.objects.get(recipient=sent)
    assert timezone.localdate(link.expires_at) == longer + dt.timedelta(days=14)
    from django.core import mail

    notice = mail.outbox[-1]
    assert notice.to == ["registraturen@boverket.se"]
    assert "Förlängd remisstid" in notice.subject


def test_a_reply_marked_secret_stays_out_of_the_compilation_of_those_not_cleared(client, referral):
    from remiss.accounts.models import Role
    from remiss.cases import files
    from remiss.cases.services import record_set_secrecy
    from remiss.consultations.replies import compilation_for, replies_upload
    from tests.factories import UserFactory

    official = User.objects.get(username="departement")
    ministry = official.organisation
    colleague = UserFactory(role=Role.ISSUER_OFFICIAL, organisation=ministry)
    registrar = UserFactory(role=Role.REGISTRAR, organisation=ministry)
    staged = files.stage_upload(
        io.BytesIO("Yttrande från Boverket\n\nBoverket avstyrker förslaget.".encode()),
        "Fi2026-9 Boverket.txt",
    )
    [reply] = replies_upload(actor=official, referral=referral, staged=[staged])
    files._publish(staged)
    record_set_secrecy(actor=registrar, record=reply.record, provision="OSL 21 kap. 7 §")

    assert [r["respondent"] for r in compilation_for(referral, official).replies] == ["Boverket"]
    hidden = compilation_for(referral, colleague)
    assert hidden.replies == []
    assert "1 sekretessmarkerade svar" in hidden.warnings[0]
    client.force_login(colleague)
    page = client.get(path(referral, "compilation")).content.decode()
    assert "Boverket" not in page  # neither its row, its stance nor its quote
    assert "sekretessmarkerade" in page
    referral.case.__class__.objects.filter(pk=referral.case.pk).update(case_officer=None)
    # Unassigned, the colleague may work on the referral, but not read the secret reply.
    assert client.get(path(referral, "upload")).status_code == 200
    assert client.get(path(referral, "reply", pk=reply.pk)).status_code == 404
    client.force_login(registrar)  # may change the case, cleared for secrets: sees the reply
    assert client.get(path(referral, "reply", pk=reply.pk)).status_code == 200


def test_a_body_without_a_mailbox_is_named_with_the_reason(client, referral, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    official = User.objects.get(username="departement")
    silent = Organisation.objects.create(name="Tysta nämnden", kind="agency")
    recipients_add(actor=official, referral=referral, organisations=[silent])
    client.force_login(official)
    page = client.post(path(referral, "send"), follow=True).content.decode()
    assert "Inte skickad till Tysta nämnden: Registret har ingen e-postadress" in page
    assert referral.recipients.get(organisation=silent).sent_at is None  # may be sent again


def test_a_body_keeps_the_name_the_list_gave_it(client, referral):
    client.force_login(User.objects.get(username="departement"))
    review = client.post(
        path(referral, "recipients"), {"text": "1. Naturvårdsverket (Miljörättsavdelningen)"}
    ).content.decode()
    listed = re.search(r'name="listed_(\d+)" value="([^"]+)"', review)
    client.post(
        path(referral, "recipients"),
        {"add": "1", "organisation": listed[1], f"listed_{listed[1]}": listed[2]},
    )
    recipient = referral.recipients.get(organisation__name="Naturvårdsverket")
    assert recipient.listed_as == "Naturvårdsverket (Miljörättsavdelningen)"
    assert (
        "i listan som Naturvårdsverket (Miljörättsavdelningen)"
        in client.get(path(referral)).content.decode()
    )
    from remiss.consultations.services import letter_data

    assert "Naturvårdsverket (Miljörättsavdelningen)" in letter_data(referral).recipients


def test_a_stance_corrected_on_the_reading_page_reaches_the_compilation(
    client, referral, django_capture_on_commit_callbacks
):
    from remiss.cases import files
    from remiss.consultations.models import OutgoingProposal
    from remiss.consultations.replies import compilation_for, replies_upload

    official = User.objects.get(username="departement")
    OutgoingProposal.objects.create(referral=referral, position=1, number="1", title="Tillsyn")
    staged = files.stage_upload(
        io.BytesIO("Yttrande från Boverket\n\nBoverket tillstyrker förslag 1.".encode()),
        "Fi2026-9 Boverket.txt",
    )
    with django_capture_on_commit_callbacks(execute=True):  # published and read on commit
        [reply] = replies_upload(actor=official, referral=referral, staged=[staged])
    before = compilation_for(referral, official).proposals[0]["stances"]
    assert before == {"supports": ["Boverket"]}
    client.force_login(official)
    attached = reply.record.files.get()
    client.post(f"/arenden/filer/{attached.pk}/lasning/", {"proposal:1": "opposes"})
    after = compilation_for(referral, official).proposals[0]
    assert after["stances"] == {"opposes": ["Boverket"]}
    assert after["quotes"] == []
