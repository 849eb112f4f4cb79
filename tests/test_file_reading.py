"""Reply files read in the background, shown beside the document and confirmed field by field;
the suggestion and the confirmed value are both kept."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from remiss.accounts.models import Role
from remiss.cases import files
from remiss.cases.models import Direction
from remiss.cases.services import record_add
from remiss.core.errors import NotAllowed
from remiss.documents.models import ConfirmedField, FileReading, ReadingStatus
from remiss.documents.readings import reading_confirm, reading_request
from remiss.referrals.services import referral_register
from tests.documents import make_pdf
from tests.factories import UserFactory, referral_kwargs

pytestmark = pytest.mark.django_db


def test_a_file_is_read_by_the_background_task(
    registrar, reply_file, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reading = reading_request(actor=registrar, record_file=reply_file)
    reading.refresh_from_db()
    assert reading.status == ReadingStatus.DONE
    suggestion = reading.suggestion
    assert suggestion["respondent"] == "Sala kommun"
    assert suggestion["report_ref"] == "SOU 2019:43"
    assert suggestion["ministry_dnr"] == "Fi2019/03441/SFÖ"
    assert suggestion["overall_stance"] == "mixed"
    assert [p["stance"] for p in suggestion["proposal_stances"]] == ["supports", "opposes"]
    assert suggestion["proposal_stances"][0]["page"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        again = reading_request(actor=registrar, record_file=reply_file)
    assert again.pk == reading.pk
    assert FileReading.objects.count() == 1


def _reply_on(case, registrar, pdf: bytes, name: str, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        staged = files.stage_upload(io.BytesIO(pdf), name)
        record = record_add(
            actor=registrar,
            case=case,
            direction=Direction.INCOMING,
            document_date=case.referral.received_date,
            counterpart="Boverket",
            subject="Remissvar från Boverket",
            staged_files=[staged],
        )
    with django_capture_on_commit_callbacks(execute=True):
        reading = reading_request(actor=registrar, record_file=record.files.get())
    reading.refresh_from_db()
    return reading


def test_a_reply_naming_only_the_title_gets_the_referrals_report(
    registrar, reply_file, django_capture_on_commit_callbacks
):
    reply = [
        "Boverket\n\nYttrande över betänkandet Med tillit följer bättre resultat, "
        "tillitsbaserad styrning och ledning\n\nBoverket tillstyrker förslagen."
    ]
    case = reply_file.record.case
    reading = _reply_on(
        case, registrar, make_pdf(reply), "Boverket.pdf", django_capture_on_commit_callbacks
    )
    assert reading.suggestion["report_ref"] == "SOU 2019:43"  # the referral's, by its title
    assert reading.suggestion["respondent"] == "Boverket"
    other = [
        "Boverket\n\nYttrande över betänkandet En ny plan- och bygglag\n\nBoverket tillstyrker."
    ]
    reading = _reply_on(
        case, registrar, make_pdf(other), "Boverket 2.pdf", django_capture_on_commit_callbacks
    )
    assert reading.suggestion["report_ref"] is None  # another title: not guessed


def test_the_readers_notes_are_shown_in_swedish(
    client, registrar, reply_file, django_capture_on_commit_callbacks
):
    case = reply_file.record.case
    reading = _reply_on(
        case,
        registrar,
        make_pdf([" "]),
        "Tom.pdf",
        django_capture_on_commit_callbacks,
    )
    # A blank page: tried with OCR, then found empty.
    assert reading.suggestion["warnings"] == [
        "ocr: pages 1 were read with OCR (Tesseract, Swedish)",
        "no-text: the document holds no readable text",
    ]
    client.force_login(registrar)
    body = client.get(reverse("cases:file_reading", args=[reading.record_file.pk])).content
    assert "Sidorna 1 är bilder och lästes med textigenkänning (OCR)" in body.decode()
    assert "Dokumentet innehåller ingen läsbar text." in body.decode()
    assert "no-text" not in body.decode()
    assert "Tesseract, Swedish" not in body.decode()


def test_confirmed_values_are_kept_beside_the_suggestion(
    registrar, reply_file, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reading = reading_request(actor=registrar, record_file=reply_file)
    reading.refresh_from_db()
    reading_confirm(
        actor=registrar,
        reading=reading,
        values={"respondent": "Sala kommun", "proposal:2": "mixed"},
    )
    confirmed = reading.confirmed()
    assert confirmed["respondent"].matches_suggestion is True
    assert confirmed["proposal:2"].value == "mixed"
    assert confirmed["proposal:2"].matches_suggestion is False
    assert confirmed["proposal:2"].confirmed_by == registrar
    reading.refresh_from_db()
    assert reading.suggestion["proposal_stances"][1]["stance"] == "opposes"  # suggestion kept
    politician = UserFactory(role=Role.POLITICIAN, organisation=registrar.organisation)
    with pytest.raises(NotAllowed):
        reading_confirm(actor=politician, reading=reading, values={"respondent": "X"})
    assert ConfirmedField.objects.count() == 2


def test_the_reading_page(client, registrar, reply_file, django_capture_on_commit_callbacks):
    client.force_login(registrar)
    url = reverse("cases:file_reading", args=[reply_file.pk])
    assert "Läs in filen" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "read"})
    body = client.get(url).content.decode()
    assert "<mark>Kommunen avstyrker förslaget om en regeringsnära utvecklingsmiljö.</mark>" in body
    assert "sidan 1" in body
    response = client.post(url, {"respondent": "Sala kommun", "overall_stance": "mixed"})
    assert response.status_code == 302
    assert ConfirmedField.objects.filter(field="respondent", confirmed_by=registrar).exists()


def test_secret_files_are_not_read_for_those_without_clearance(client, registrar, reply_file):
    from remiss.cases.services import record_set_secrecy

    record_set_secrecy(actor=registrar, record=reply_file.record, provision="OSL 21 kap. 7 §")
    office = UserFactory(role=Role.POLITICIAN, organisation=registrar.organisation)
    client.force_login(office)
    url = reverse("cases:file_reading", args=[reply_file.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "read"}).status_code == 404
    assert not FileReading.objects.exists()
    with pytest.raises(NotAllowed):
        reading_request(actor=office, record_file=reply_file)


def test_an_unreadable_file_is_refused(
    registrar, registry, ministry, files_dir, django_capture_on_commit_callbacks
):
    from remiss.core.errors import ServiceError

    referral = referral_register(
        actor=registrar, registry=registry, issuer=ministry, **referral_kwargs()
    )
    png = SimpleUploadedFile("bild.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with django_capture_on_commit_callbacks(execute=True):
        staged = files.stage_upload(png, "bild.png")
        record = record_add(
            actor=registrar,
            case=referral.case,
            direction=Direction.INCOMING,
            document_date=referral.received_date,
            counterpart="X",
            subject="Bild",
            staged_files=[staged],
        )
    with pytest.raises(ServiceError, match="PDF-, Word-, OpenDocument-"):
        reading_request(actor=registrar, record_file=record.files.get())


def test_a_reply_naming_only_a_catalogued_title_gets_that_report(
    registrar, reply_file, django_capture_on_commit_callbacks
):
    from remiss.referrals.reports import parse_catalogue, reports_import

    reports_import(
        parse_catalogue(
            "ref,title\nDs 2023:23,Skärpta regler för köp av sexuella tjänster\n".encode()
        )
    )
    reply = [
        "Boverket\n\nYttrande över promemorian Skärpta regler för köp av sexuella tjänster\n\n"
        "Boverket har inga synpunkter."
    ]
    reading = _reply_on(
        reply_file.record.case, registrar, make_pdf(reply), "Boverket.pdf",
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    assert reading.suggestion["report_ref"] == "Ds 2023:23"


def test_the_register_of_bodies_helps_the_reader_recognise_a_sender(
    registrar, reply_file, django_capture_on_commit_callbacks
):
    """A body in the application's register but not in the gazetteer is known to the reader
    while the application reads: one weak cue is enough, as for a body the gazetteer knows."""
    from tests.factories import OrganisationFactory

    reply = ["Yttrande\n\nHem och Skola ser allvarliga brister i förslaget."]
    case = reply_file.record.case
    unknown = _reply_on(
        case, registrar, make_pdf(reply), "a.pdf", django_capture_on_commit_callbacks
    )
    assert unknown.suggestion["respondent"] is None
    OrganisationFactory(name="Hem och Skola", kind="organisation")
    known = _reply_on(case, registrar, make_pdf([reply[0] + " "]), "b.pdf",
                      django_capture_on_commit_callbacks)  # fmt: skip
    assert known.suggestion["respondent"] == "Hem och Skola"


def test_a_reply_that_arrives_as_a_saved_mail_is_read_from_its_attachment(
    registrar, reply_file, django_capture_on_commit_callbacks
):
    from pathlib import Path

    from tests.documents import make_eml

    word = (Path(__file__).parent / "data" / "formats" / "svar.docx").read_bytes()
    mail = make_eml(
        "Hej! Bifogat finns vårt yttrande.",
        [("Yttrande.docx", word,
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document")],
    )  # fmt: skip
    reading = _reply_on(
        reply_file.record.case, registrar, mail, "Remissvar Region Gävleborg.eml",
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    assert reading.record_file.stored.content_type == "message/rfc822"
    assert reading.status == ReadingStatus.DONE
    assert reading.suggestion["respondent"] == "Region Gävleborg"
    assert reading.suggestion["overall_stance"] == "supports"
