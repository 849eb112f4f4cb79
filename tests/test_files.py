"""Uploads are judged by their content; files reach their place only when the database commits."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import translation

from remiss.cases import files
from remiss.cases.models import RecordFile, StoredFile
from remiss.cases.services import recover_files
from remiss.core.errors import ServiceError
from remiss.referrals.services import referral_register
from tests.documents import (
    encrypt_docx,
    encrypt_pdf,
    make_docx,
    make_eml,
    make_msg,
    make_pdf,
    make_zip_bomb_docx,
)
from tests.factories import referral_kwargs

pytestmark = pytest.mark.django_db


def stage(data: bytes, name: str) -> files.StagedFile:
    return files.stage_upload(io.BytesIO(data), name)


@pytest.fixture(params=["mapp", "bucket"])
def store(request, files_dir):
    """The tests of where files end up run with the folder and with a bucket on a real S3 API
    server (moto); uploads are staged in `files_dir` either way."""
    if request.param == "bucket":
        request.getfixturevalue("s3_bucket")
    return files_dir


def pending(files_dir):
    return list((files_dir / ".pending").glob("*"))


def test_a_pdf_is_accepted_with_its_page_count(files_dir):
    staged = stage(make_pdf(["Sida ett", "Sida två", "Sida tre"]), "Remiss SOU 2019_43.pdf")
    assert staged.content_type == "application/pdf"
    assert staged.pages == 3
    assert staged.original_name == "Remiss SOU 2019_43.pdf"
    assert staged.pending_path.exists()


def test_word_and_text_files_are_accepted(files_dir):
    assert stage(make_docx(["Remissvar"]), "svar.docx").content_type.endswith("document")
    text = "Remissen besvaras med hänvisning till promemorian.\n".encode()
    assert stage(text, "anteckning.txt").content_type == "text/plain"


FORMATS = Path(__file__).parent / "data" / "formats"


@pytest.mark.parametrize(
    ("make", "name", "content_type"),
    [
        (lambda: (FORMATS / "svar.odt").read_bytes(), "svar.odt",
         "application/vnd.oasis.opendocument.text"),
        (lambda: (FORMATS / "svar.doc").read_bytes(), "svar.doc", "application/msword"),
        (lambda: (FORMATS / "svar.rtf").read_bytes(), "svar.rtf", "application/rtf"),
        (lambda: (FORMATS / "svar.html").read_bytes(), "svar.htm", "text/html"),
        (lambda: make_eml("Bifogat vårt svar."), "svar.eml", "message/rfc822"),
        (lambda: make_msg("Bifogat vårt svar."), "svar.msg", "application/vnd.ms-outlook"),
    ],
)  # fmt: skip
def test_replies_as_they_arrive_are_accepted_by_content(files_dir, make, name, content_type):
    assert stage(make(), name).content_type == content_type


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (lambda: make_msg("Svar"), "svar.doc"),
        (lambda: (FORMATS / "svar.doc").read_bytes(), "svar.msg"),
        (lambda: make_eml("Svar"), "svar.txt"),
        (lambda: (FORMATS / "svar.rtf").read_bytes(), "svar.html"),
    ],
)
def test_a_mail_or_office_file_under_another_name_is_refused(files_dir, make, name):
    with translation.override("en"), pytest.raises(ServiceError) as error:
        stage(make(), name)
    assert "not what its name says" in str(error.value) or "not a file type" in str(error.value)
    assert pending(files_dir) == []


def test_path_parts_of_the_name_are_dropped(files_dir):
    assert stage(make_pdf(["x"]), "../../etc/passwd.pdf").original_name == "passwd.pdf"
    assert stage(make_pdf(["x"]), "C:\\Users\\å\\Remiss.pdf").original_name == "Remiss.pdf"


@pytest.mark.parametrize(
    ("make", "name", "message"),
    [
        (lambda tmp: b"", "tom.pdf", "is empty"),
        (lambda tmp: make_docx(["Svar"]), "svar.pdf", "not what its name says"),
        (lambda tmp: make_pdf(["Svar"]), "svar.docx", "not what its name says"),
        (
            lambda tmp: b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 4,
            "program.pdf",
            "not a file type",
        ),
        (lambda tmp: encrypt_pdf(make_pdf(["Hemligt"]), tmp), "låst.pdf", "encrypted"),
        (lambda tmp: encrypt_docx(make_docx(["Hemligt"])), "låst.docx", "encrypted"),
        (lambda tmp: make_zip_bomb_docx(), "bomb.docx", "unreasonable size"),
        (lambda tmp: make_pdf(["Trunkerad"] * 3)[:200], "trasig.pdf", "damaged"),
    ],
)
def test_bad_files_are_refused_with_a_reason_and_leave_nothing(
    files_dir, tmp_path, make, name, message
):
    data = make(tmp_path)
    with translation.override("en"), pytest.raises(ServiceError) as error:
        stage(data, name)
    assert message in str(error.value)
    assert pending(files_dir) == []


def test_the_size_limit_is_configurable(files_dir, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    with translation.override("en"), pytest.raises(ServiceError, match="larger than the limit"):
        stage(make_pdf(["x" * 80] * 20), "stor.pdf")
    assert pending(files_dir) == []


def test_swedish_message_by_default(files_dir):
    with pytest.raises(ServiceError) as error:
        stage(b"", "tom.pdf")
    assert str(error.value) == "”tom.pdf” är tom."


def register_with(registrar, registry, ministry, staged, **overrides):
    return referral_register(
        actor=registrar,
        registry=registry,
        issuer=ministry,
        staged_files=staged,
        **referral_kwargs(**overrides),
    )


@pytest.mark.django_db(transaction=True)
def test_files_are_moved_into_place_when_the_transaction_commits(
    registrar, registry, ministry, store
):
    data = make_pdf(["Remiss från Finansdepartementet"])
    staged = stage(data, "remiss.pdf")
    referral = register_with(registrar, registry, ministry, [staged])
    stored = StoredFile.objects.get()
    assert files.read_stored(stored.sha256) == data
    assert pending(store) == []
    assert referral.record.files.get().original_name == "remiss.pdf"


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_registration_leaves_no_file_and_no_row(registrar, registry, ministry, store):
    staged = stage(make_pdf(["Remiss"]), "remiss.pdf")
    with pytest.raises(RuntimeError), transaction.atomic():  # noqa: PT012 - fails after it
        register_with(registrar, registry, ministry, [staged])
        raise RuntimeError("the request failed after the registration")
    files.discard([staged])  # what the caller of a failed transaction does
    assert not StoredFile.objects.exists()
    assert not RecordFile.objects.exists()
    assert not files.stored_exists(staged.sha256)
    assert pending(store) == []


@pytest.mark.django_db(transaction=True)
def test_a_refused_registration_discards_its_staged_files(registrar, registry, ministry, store):
    staged = stage(make_pdf(["Remiss"]), "remiss.pdf")
    with pytest.raises(ServiceError):
        register_with(registrar, registry, ministry, [staged], report_ref="SOU tjugo")
    assert pending(store) == []
    assert not StoredFile.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_same_content_is_stored_once(registrar, registry, ministry, store):
    data = make_pdf(["Samma innehåll"])
    register_with(registrar, registry, ministry, [stage(data, "a.pdf")], issuer_dnr="Fi1")
    register_with(registrar, registry, ministry, [stage(data, "b.pdf")], issuer_dnr="Fi2")
    assert StoredFile.objects.count() == 1
    assert RecordFile.objects.count() == 2
    assert sorted(RecordFile.objects.values_list("original_name", flat=True)) == ["a.pdf", "b.pdf"]


@pytest.mark.django_db(transaction=True)
def test_recovery_after_a_crash_between_commit_and_move(registrar, registry, ministry, store):
    data = make_pdf(["Kraschad flytt"])
    staged = stage(data, "remiss.pdf")
    with transaction.atomic():
        register_with(registrar, registry, ministry, [])
        StoredFile.objects.create(
            sha256=staged.sha256, size=staged.size, content_type=staged.content_type
        )
        # the process dies before the on-commit move: the row is committed, the file pending
    stray = stage(make_pdf(["Aldrig registrerad"]), "x.pdf")
    handled = recover_files(older_than_seconds=0)
    assert handled == 2
    assert files.read_stored(staged.sha256) == data
    assert not stray.pending_path.exists()
    assert not files.stored_exists(stray.sha256)


def test_uploads_staged_for_a_call_that_fails_are_discarded(files_dir):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("svar.pdf", make_pdf(["Kommunen tillstyrker."]))
    with pytest.raises(ServiceError), files.staged_uploads([upload]) as staged:  # noqa: PT012
        assert staged[0].pending_path.exists()
        raise ServiceError("Registreringen avslogs.")
    assert not staged[0].pending_path.exists()
    upload.seek(0)
    with files.staged_uploads([upload]) as kept:
        pass
    assert kept[0].pending_path.exists()  # a call that succeeds keeps them for its commit
