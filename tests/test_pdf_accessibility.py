"""Every kind of PDF Remiss writes is tagged, in Swedish, titled, with headings in levels and
its reading order the drawing order (issue 17 §5; tests/pdf_checks.py): the reply, the agenda,
the covering letter, the compilation and a published text version. And the check is not blind."""

from __future__ import annotations

import io

import pikepdf
import pytest
from django.urls import reverse

from remiss.accounts.models import User
from remiss.cases.models import Case
from remiss.consultations import compilation as compiling
from remiss.consultations.replies import compilation_for
from remiss.documents.services import render_reply
from remiss.meetings.models import Meeting
from remiss.writing import formats
from remiss.writing.pdfa import text_version
from remiss.writing.reply import Block
from tests.demo_data import load_demo
from tests.factories import ministry_referral
from tests.pdf_checks import assert_accessible_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(files_dir):
    load_demo()


@pytest.fixture
def outgoing(demo):
    return ministry_referral(bodies=())


def test_the_reply_is_tagged_with_its_parts_in_order(demo):
    case = Case.objects.get(registry__prefix="KS", year=2020, serial=132)
    types = assert_accessible_pdf(render_reply(case, "pdf").content)
    assert "/Table" in types  # the stances per proposal, as a table


def test_the_agenda_is_tagged(client, demo):
    meeting = Meeting.objects.filter(items__isnull=False).first()
    client.force_login(User.objects.get(username="registrator"))
    response = client.get(reverse("cases:agenda_pdf", kwargs={"pk": meeting.pk}))
    assert_accessible_pdf(response.content)


def test_the_covering_letter_and_the_compilation_are_tagged(client, outgoing):
    client.force_login(User.objects.get(username="departement"))
    case = outgoing.case
    numbers = {"prefix": case.registry.prefix, "year": case.year, "serial": case.serial}
    letter = client.get(reverse("consultations:letter", kwargs={**numbers, "fmt": "pdf"}))
    assert_accessible_pdf(b"".join(letter) if letter.streaming else letter.content)
    compiled = compilation_for(outgoing, User.objects.get(username="departement"))
    assert_accessible_pdf(compiling.to_pdf(compiled))


def test_a_published_text_version_is_tagged():
    data = text_version(
        "Remissvar från Sala kommun – Bättre tillsyn",
        "Textversion av svar.docx, publicerad med personuppgifter maskerade.",
        ["Sala kommun tillstyrker.\n\nKontakt: [personnummer maskerat]", "Sida två."],
        page_headings=True,
    )
    types = assert_accessible_pdf(data, title="Remissvar från Sala kommun – Bättre tillsyn")
    assert types.count("/H2") == 2  # a heading for each page of the original


def test_the_check_finds_an_untagged_pdf_and_a_wrong_language():
    blocks = [Block("title", "Rubrik"), Block("paragraph", "Text.")]
    tagged = formats.html_to_pdf(formats.to_html(blocks, title="T"), title="T")
    with pytest.raises(AssertionError, match="language"):
        assert_accessible_pdf(tagged, lang="en")
    with pikepdf.open(io.BytesIO(tagged)) as pdf:
        del pdf.Root["/MarkInfo"]
        del pdf.Root["/StructTreeRoot"]
        untagged = io.BytesIO()
        pdf.save(untagged)
    with pytest.raises((AssertionError, AttributeError)):
        assert_accessible_pdf(untagged.getvalue())


def test_the_check_finds_headings_out_of_order():
    blocks = [Block("subheading", "Först en underrubrik"), Block("paragraph", "Text.")]
    data = formats.html_to_pdf(formats.to_html(blocks, title="T"), title="T")
    with pytest.raises(AssertionError, match="the first heading is"):
        assert_accessible_pdf(data)
