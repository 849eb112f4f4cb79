"""Replies as they arrive: Word with its letterhead's line breaks and tabs, OpenDocument, old
Word, RTF and HTML saved by LibreOffice (tests/data/formats, made by
scripts/make_format_examples.py), e-mails (.eml, Outlook .msg) that carry the reply in the body
or forward it as an attachment — each known by its content — and hostile files of these kinds."""

from __future__ import annotations

import io
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from remiss.reading.extract import extract, sniff
from remiss.reading.read import read_file
from tests.documents import make_docx, make_eml, make_msg, make_pdf

FORMATS = Path(__file__).parent / "data" / "formats"
WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
REPLY = {
    "respondent": "Region Gävleborg",
    "report_ref": "SOU 2020:47",
    "ministry": "Socialdepartementet",
    "ministry_dnr": "S2020/07113",
    "decision_body": "Regionstyrelsen",
    "decision_date": "2021-03-03",
    "overall_stance": "supports",
    "signatory": "Anna Lindqvist",
}


def _fields(reading: dict) -> dict:
    return {key: reading[key] for key in REPLY}


@pytest.mark.parametrize(
    ("name", "kind"),
    [("svar.docx", "docx"), ("svar.odt", "odt"), ("svar.doc", "doc"), ("svar.rtf", "rtf"),
     ("svar.html", "html")],
)  # fmt: skip
def test_each_office_format_reads_as_the_same_reply(tmp_path, name, kind):
    if kind == "doc" and shutil.which("antiword") is None:
        pytest.fail("antiword is missing: scripts/system-deps.sh installs it")
    # A name that lies: the kind is taken from the content.
    path = tmp_path / "svar.pdf"
    path.write_bytes((FORMATS / name).read_bytes())
    assert sniff(path) == kind
    reading = read_file(path)
    assert _fields(reading) == REPLY
    assert not reading["warnings"]


@pytest.mark.parametrize("name", ["svar.docx", "svar.odt", "svar.html"])
def test_a_letterhead_keeps_its_lines_and_fields_apart(name):
    text = "\n".join(extract(FORMATS / name).pages)
    assert "Region Gävleborg\nRegionstyrelsen" in text
    assert "GävleborgRegionstyrelsen" not in text
    assert "Datum2021" not in text
    assert "DiarienummerRS" not in text
    assert read_file(FORMATS / name)["respondent_dnr"] == "RS 2021/118"


def test_a_mail_that_only_forwards_its_attachment_is_read_from_it(tmp_path):
    attachment = (FORMATS / "svar.docx").read_bytes()
    path = tmp_path / "svar.eml"
    path.write_bytes(
        make_eml(
            "Hej!\n\nBifogat finns vårt yttrande.\n\nMed vänlig hälsning\nPer Nilsson",
            [("Yttrande SOU 2020_47.docx", attachment, WORD)],
        )
    )
    reading = read_file(path)
    assert _fields(reading) == REPLY
    assert (
        "mail: the reply was read from the attachment Yttrande SOU 2020_47.docx"
        in (reading["warnings"])
    )
    # The attachment's text comes first (its page 1 is the reply's page 1); the mail adds who
    # sent it, not the forwarding clerk's greeting.
    pages = extract(path).pages
    assert "Region Gävleborg\nRegionstyrelsen" in pages[0]
    assert pages[-1].startswith("Från: Region Gävleborg <registrator@regiongavleborg.se>")
    assert "Per Nilsson" not in "\n".join(pages)


def test_a_reply_written_in_the_mail_itself(tmp_path):
    body = (
        "<html><body><p>Till Socialdepartementet</p>"
        "<p>Yttrande över betänkandet Framtidens socialtjänst (SOU 2020:47), "
        "ert dnr S2020/07113</p>"
        "<p>Länsstyrelsen i Jämtlands län har inga synpunkter på förslagen.</p>"
        + "<p>"
        + "Länsstyrelsen har tagit del av betänkandet. " * 40
        + "</p>"
        "<p>Karin Berg<br>landshövding</p></body></html>"
    )
    path = tmp_path / "yttrande.eml"
    path.write_bytes(make_eml(body, sender="Länsstyrelsen Jämtland <jamtland@lansstyrelsen.se>",
                              html=True))  # fmt: skip
    reading = read_file(path)
    assert sniff(path) == "eml"
    assert reading["respondent"] == "Länsstyrelsen i Jämtlands län"
    assert reading["overall_stance"] == "no_objection"
    assert reading["ministry_dnr"] == "S2020/07113"
    assert not any(w.startswith("mail:") for w in reading["warnings"])


def test_a_forwarded_mail_inside_a_mail(tmp_path):
    inner = make_eml("Se bifogad fil.", [("svar.pdf", make_pdf([
        "Boverket\nYttrande\nDatum 2021-04-01\nDnr 2021/345\nFinansdepartementet\n"
        "Yttrande över promemorian Ds 2021:8, Fi2021/00111\nBoverket tillstyrker förslagen."
    ]), "application/pdf")], sender="Boverket <registraturen@boverket.se>")  # fmt: skip
    path = tmp_path / "vidarebefordrat.eml"
    path.write_bytes(make_eml("Vidarebefordrat.", [("svar.eml", inner, "message/rfc822")]))
    reading = read_file(path)
    assert reading["respondent"] == "Boverket"
    assert reading["overall_stance"] == "supports"
    assert reading["ministry_dnr"] == "Fi2021/00111"


def test_an_outlook_message_with_the_reply_attached(tmp_path):
    path = tmp_path / "svar.bin"
    path.write_bytes(make_msg("Hej, här kommer vårt remissvar.",
                              [("svar.odt", (FORMATS / "svar.odt").read_bytes())]))  # fmt: skip
    assert sniff(path) == "msg"
    reading = read_file(path)
    assert _fields(reading) == REPLY
    assert any(w.startswith("mail: the reply was read from the attachment svar.odt")
               for w in reading["warnings"])  # fmt: skip


def test_a_plain_text_reply_with_labelled_lines_is_not_taken_for_a_mail(tmp_path):
    path = tmp_path / "svar.txt"
    path.write_text("Datum: 2021-03-03\nDiarienummer: KS 2021/12\n\nKommunen tillstyrker.\n")
    assert sniff(path) == "text"
    assert read_file(path)["overall_stance"] == "supports"


def _odt_with(content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(FORMATS / "svar.odt") as original, zipfile.ZipFile(out, "w") as made:
        for item in original.infolist():
            data = content if item.filename == "content.xml" else original.read(item.filename)
            made.writestr(item, data)
    return out.getvalue()


def test_an_odt_with_an_external_entity_does_not_read_local_files(tmp_path):
    secret = tmp_path / "hemlig.txt"
    secret.write_text("HEMLIGT-INNEHÅLL")
    with zipfile.ZipFile(FORMATS / "svar.odt") as original:
        content = original.read("content.xml")
    hostile = content.replace(
        b"?>", f'?><!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]>'.encode(), 1
    ).replace(b"Sammanfattning", b"&e;")
    path = tmp_path / "xxe.odt"
    path.write_bytes(_odt_with(hostile))
    reading = read_file(path)
    assert "HEMLIGT" not in str(reading)


def test_an_html_page_with_entity_expansion_and_scripts(tmp_path):
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    page = (
        f'<!DOCTYPE html [<!ENTITY l0 "ha">{laughs}]><html><head><title>Remissvar</title>'
        "<script>document.write('Kommunen avstyrker')</script></head><body>"
        "<nav>Dela på Facebook</nav><p>&l9;</p><p>Kommunen tillstyrker förslaget.</p></body></html>"
    )
    path = tmp_path / "sida.html"
    path.write_text(page)
    started = time.monotonic()
    reading = read_file(path, timeout=20)
    assert time.monotonic() - started < 20
    assert reading["overall_stance"] == "supports"  # the script and the menu are not the text
    assert "Facebook" not in "\n".join(extract(path).pages)


def test_mails_nested_without_end_stop_at_a_depth(tmp_path):
    message = make_eml("Kommunen tillstyrker förslaget.")
    for _ in range(12):
        message = make_eml("Vidare.", [("inre.eml", message, "message/rfc822")])
    path = tmp_path / "djup.eml"
    path.write_bytes(message)
    reading = read_file(path, timeout=30)
    assert reading["overall_stance"] == "unclear"  # the innermost reply is past the limit
    assert not any(w.startswith(("crashed", "timeout")) for w in reading["warnings"])


@pytest.mark.parametrize(
    ("make", "warning"),
    [
        (lambda: make_msg("x", [("a.docx", make_docx(["Text"]))])[:2000], "unreadable"),
        (lambda: b"{\\rtf1" + b"{" * 200_000 + b"Kommunen" + b"}" * 200_000, None),
        (lambda: (FORMATS / "svar.doc").read_bytes()[:3000], "unreadable"),
        (lambda: b"PK\x03\x04" + b"\x00" * 200, "unreadable"),
    ],
    ids=["truncated-msg", "rtf-braces", "truncated-doc", "broken-zip"],
)
def test_hostile_files_of_the_new_kinds_give_a_reason_not_a_crash(tmp_path, make, warning):
    path = tmp_path / "fil"
    path.write_bytes(make())
    reading = read_file(path, timeout=30)
    assert reading["overall_stance"] == "unclear"
    assert not any(w.startswith("crashed") for w in reading["warnings"]), reading["warnings"]
    if warning:
        assert any(w.startswith(warning) for w in reading["warnings"]), reading["warnings"]


@pytest.mark.parametrize(
    ("warning", "swedish"),
    [
        ("mail: the reply was read from the attachment svar.docx",
         "svaret lästes från bilagan svar.docx"),
        ("unsupported: an encrypted Office document; save it without a password", "krypterat"),
        ("unsupported: an old Word file (.doc) needs antiword, which is not installed; save it "
         "as .docx", "antiword"),
        ("unsupported: not a PDF, Word, OpenDocument, RTF, e-mail, web page or text file",
         "inte av ett slag som läsaren känner"),
        ("embedded: read from the reply's own data (remissvar.json), checked against its text",
         "stämmer med texten"),
        ("embedded-mismatch: the attached remissvar.json names respondent that the text does "
         "not; read from the text", "godtogs inte"),
        ("embedded-invalid: the attached remissvar.json is not a reading; read from the text",
         "inte gick att läsa"),
    ],
)  # fmt: skip
def test_the_new_warnings_are_said_in_swedish(warning, swedish):
    from django.utils import translation

    from remiss.documents.reader_notes import describe

    with translation.override("sv"):
        assert swedish in describe(warning)
