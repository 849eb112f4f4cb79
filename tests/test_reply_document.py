"""The reply document: the seed case rendered from data gives back the seed, in text, PDF/A
and Word; hostile text stays text; the PDF renderer fetches nothing."""

from __future__ import annotations

import http.server
import io
import re
import subprocess
import threading
from pathlib import Path

import docx
import pikepdf
import pikepdf.pdfa
import pytest

from remiss.cases.models import Case
from remiss.documents.services import render_reply
from remiss.referrals.models import MemoVersion
from remiss.writing import formats
from remiss.writing.reply import Block
from remiss.writing.swedish import Member, members_phrase, statement_intro
from tests.demo_data import load_demo

SEED = Path(__file__).parent / "data/seed/000_0d9f4f6e43b8134b.txt"


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def without_page_numbers(text: str) -> str:
    """Page numbers are layout: lines holding only a number."""
    return "\n".join(line for line in text.splitlines() if not re.fullmatch(r"\s*\d+\s*", line))


@pytest.fixture
def seed_case(db, files_dir):
    load_demo()
    return Case.objects.get(registry__prefix="KS", year=2020, serial=132)


def pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "reply.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


APPENDIX = "Bilaga: Ställningstaganden per förslag"
# The covering page of the seed case, as SB PM 2021:1 asks: to whom, the ministry's number and
# ours, the report, the decision, who decided and when, who presented.
COVER = (
    "Stockholms stad Remissvar Till Finansdepartementet Er beteckning Fi2019/03090 "
    "Vår beteckning KS 2020/132 Yttrande över Med tillit följer bättre resultat – "
    "tillitsbaserad styrning och ledning i staten (SOU 2019:43) "
    "Kommunstyrelsen beslutade den 22 april 2020 följande. "
    "Kommunstyrelsen beslutar i enlighet med borgarrådsberedningens förslag. "
    "Beslutande: kommunstyrelsen den 22 april 2020 "
    "Föredragande: borgarrådet Anna König Jerlmyr "
    "Svaret består av promemorian med remissammanställningen och en bilaga med "
    "ställningstagandena per förslag."
)


def cover_seed_appendix(text: str) -> str:
    """The covering page, then the seed sentence for sentence, then only the appendix of stances
    (issue 14): returns the appendix."""
    seed = fold(SEED.read_text(encoding="utf-8"))
    folded = fold(text)
    assert folded.startswith(COVER), folded[: len(COVER) + 40]
    rest = folded[len(COVER) :].strip()
    assert rest.startswith(seed)
    appendix = rest[len(seed) :].strip()
    assert appendix.startswith(APPENDIX)
    return appendix


def test_text_rendering_gives_back_the_seed(seed_case):
    rendered = render_reply(seed_case, "txt")
    appendix = cover_seed_appendix(rendered.content.decode("utf-8"))
    assert "1. Stöd till statliga myndigheter" in appendix
    assert "tillstyrker Staden tillstyrker förslaget." in appendix
    assert rendered.filename == "Fi2019-03090 Stockholms stad.txt"


def test_pdf_read_back_gives_back_the_seed_and_is_tagged_pdfa(seed_case, tmp_path):
    rendered = render_reply(seed_case, "pdf")
    text = pdf_text(rendered.content, tmp_path)
    assert "Staden tillstyrker förslaget" in cover_seed_appendix(without_page_numbers(text))
    path = tmp_path / rendered.filename
    path.write_bytes(rendered.content)
    report = pikepdf.pdfa.validate_written(path, "3b")
    assert report.passed, report.violations
    assert report.verdict == "pass", report.violations
    with pikepdf.open(path) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "sv"
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                descendants = font.get("/DescendantFonts")
                descriptor = (descendants[0] if descendants else font).FontDescriptor
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_word_has_real_headings_swedish_language_and_the_seed_text(seed_case):
    rendered = render_reply(seed_case, "docx")
    document = docx.Document(io.BytesIO(rendered.content))
    cover_seed_appendix(docx_text(rendered.content))
    table = document.tables[-1]  # the appendix: proposal · stance · comment
    assert [c.text for c in table.rows[0].cells] == ["Förslag", "Ställningstagande", "Kommentar"]
    assert [c.text for c in table.rows[1].cells][1:] == [
        "tillstyrker",
        "Staden tillstyrker förslaget.",
    ]
    styles = {p.style.name: p.text for p in document.paragraphs if p.text}
    assert styles["Title"].endswith("(SOU 2019:43)")
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["Ärendet", "Beredning", "Mina synpunkter"]
    assert "Remissammanställning" in headings
    assert document.core_properties.language == "sv-SE"
    assert 'w:val="sv-SE"' in document.styles["Normal"].element.xml
    assert not any(r.bold for p in document.paragraphs if p.style.name == "Normal" for r in p.runs)


def test_the_reply_names_the_newest_memo_version(seed_case):
    version = MemoVersion.objects.get(memo__case=seed_case)
    assert version.number == 1
    text = render_reply(seed_case, "txt").content.decode()
    assert "Staden tillstyrker förslaget." in text


HOSTILE = [
    "<script>alert('x')</script>",
    '</p><h1 style="font-size:90pt">STOR</h1>',
    "<img src=x onerror=alert(1)>",
    "&lt;b&gt; & <<< >>>",
]


def test_hostile_text_never_becomes_markup(tmp_path):
    blocks = [Block("title", HOSTILE[1]), *(Block("paragraph", text) for text in HOSTILE)]
    html = formats.to_html(blocks, title=HOSTILE[0])
    assert "<script>" not in html
    assert "<h1 style" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html
    pdf = formats.html_to_pdf(html, title="test")
    folded = fold(pdf_text(pdf, tmp_path))
    for text in HOSTILE:
        assert fold(text) in folded
    word = docx_text(formats.to_docx(blocks, title="t", author="a"))
    for text in HOSTILE:
        assert text in word


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:
        _CountingHandler.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"p { color: red }")

    def log_message(self, *args: object) -> None:
        pass


def test_the_pdf_renderer_fetches_nothing(tmp_path):
    secret = tmp_path / "hemlig.txt"
    secret.write_text("HEMLIG-FIL-INNEHÅLL")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        document = (
            f'<!DOCTYPE html><html lang="sv"><head><link rel="stylesheet" href="{url}/a.css">'
            f"<style>@import url({url}/b.css); body {{ background: url({url}/c.png) }}</style>"
            f'</head><body><p>Text</p><img src="{url}/d.png"><img src="file://{secret}">'
            f'<object data="file://{secret}"></object><iframe src="file://{secret}"></iframe>'
            "</body></html>"
        )
        pdf = formats.html_to_pdf(document, title="t")
    finally:
        server.shutdown()
    assert _CountingHandler.requests == []
    assert b"HEMLIG" not in pdf
    assert "HEMLIG" not in pdf_text(pdf, tmp_path)


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        ([Member("Anna Svensson", "S")], "Anna Svensson (S)"),
        ([Member("A", "V"), Member("B", "V")], "A och B (båda V)"),
        ([Member("A", "S"), Member("B", "S"), Member("C", "S")], "A, B och C (alla S)"),
        ([Member("A", "S"), Member("B", "S"), Member("C", "V")], "A och B (båda S) samt C (V)"),
        (
            [Member("A", "M"), Member("B", "L"), Member("C", "C")],
            "A (M), B (L) samt C (C)",
        ),
    ],
)
def test_members_are_named_in_correct_swedish(members, expected):
    assert members_phrase(members) == expected


def test_statement_sentences():
    assert statement_intro("reservation", [Member("Karin Wanngård", "S")]) == (
        "Reservation anfördes av Karin Wanngård (S) enligt följande."
    )
    assert statement_intro(
        "minute_note",
        [Member("Peter Svensson", "SD")],
        refers_to_kind="reservation",
        refers_to_parties=["Socialdemokraterna", "Vänsterpartiet"],
    ) == (
        "Protokollsanteckning gjordes av Peter Svensson (SD) med hänvisning till "
        "Socialdemokraternas och Vänsterpartiets reservation."
    )


def test_the_reply_carries_the_statements_of_every_body_in_order(db, files_dir, tmp_path):
    """A special statement made in the preparatory body is in the reply (it was missing), under
    that body, before the deciding body's statements — in Word and PDF alike (issue 14)."""
    from django.utils import timezone

    from remiss.accounts.models import User
    from remiss.meetings.services import (
        StatementInput,
        agenda_item_add,
        decision_record,
        meeting_create,
    )
    from remiss.organisations.models import Body, Person, Unit
    from remiss.referrals.workflow import MemoText, memo_mark_ready, memo_save

    load_demo()
    case = Case.objects.filter(status="registered", referral__isnull=False).first()
    city = case.registry.organisation
    registrar = User.objects.get(username="registrator")
    people = {p.name: p for p in Person.objects.filter(organisation=city)}
    preparatory = Body.objects.get(organisation=city, name="Borgarrådsberedningen")
    board = Body.objects.get(organisation=city, name="Kommunstyrelsen")
    memo_save(
        actor=registrar, case=case,
        text=MemoText(matter="Ärendet.", preparation="Beredning.", views="Staden tillstyrker.",
                      decision_text="Remissen besvaras.", place="Stockholm",
                      date=timezone.localdate(), signatory=people["Anna König Jerlmyr"]),
        unit=Unit.objects.get(organisation=city, name="Rotel I"),
        preparatory_body=preparatory, deciding_body=board,
    )  # fmt: skip
    memo_mark_ready(actor=registrar, case=case)
    said = {
        preparatory: ("Daniel Helldén", "BEREDNINGENS-UTTALANDE om tillsynen."),
        board: ("Torun Boucher", "STYRELSENS-UTTALANDE om avgifterna."),
    }
    for body, (member, text) in said.items():
        meeting = meeting_create(actor=registrar, body=body, date=timezone.localdate())
        item = agenda_item_add(actor=registrar, meeting=meeting, case=case)
        statement = StatementInput(kind="special_statement", members=[people[member]], text=text)
        decision_record(actor=registrar, item=item, outcome="Beslut.", statements=[statement])
    case.refresh_from_db()
    for text in (
        fold(docx_text(render_reply(case, "docx").content)),
        fold(pdf_text(render_reply(case, "pdf").content, tmp_path)),
    ):
        first, second = text.index("BEREDNINGENS-UTTALANDE"), text.index("STYRELSENS-UTTALANDE")
        assert first < second
        assert "Daniel Helldén" in text[text.rindex("Borgarrådsberedningen", 0, first) : first]
        assert text.index("Kommunstyrelsen", first) < second  # the board's, under its heading


def test_the_pdf_carries_the_decided_reply_as_data_in_the_reading_schema(seed_case, tmp_path):
    """PDF/A-3 embeds the reply's reading (remissvar.json): what was decided, exactly, for a
    ministry's reader — the stance on each proposal, the deciding body, the numbers."""
    import json

    from remiss.reading.schema import Reading

    rendered = render_reply(seed_case, "pdf")
    path = tmp_path / rendered.filename
    path.write_bytes(rendered.content)
    assert pikepdf.pdfa.validate_written(path, "3b").passed
    with pikepdf.open(path) as pdf:
        files = pdf.attachments
        assert list(files) == ["remissvar.json"]
        decided = json.loads(files["remissvar.json"].get_file().read_bytes())
    reading = Reading.from_json(decided)
    assert reading.respondent == "Stockholms stad"
    assert reading.respondent_dnr == "KS 2020/132"
    assert reading.report_ref == "SOU 2019:43"
    assert reading.ministry_dnr == seed_case.referral.issuer_dnr
    assert reading.decision_body == "Kommunstyrelsen"
    assert reading.overall_stance == "supports"
    assert [(p.proposal, p.stance, p.evidence) for p in reading.proposal_stances] == [
        ("1", "supports", "Staden tillstyrker förslaget.")
    ]
    assert [s.kind for s in reading.statements] == ["special_statement", "substitute_statement"]


def test_before_the_decision_the_cover_says_it_is_a_proposal(seed_case):
    """A reply rendered before the deciding body has decided is never taken for the reply."""
    import dataclasses

    from remiss.documents.build import reply_data
    from remiss.writing.reply import cover_blocks

    undecided = dataclasses.replace(reply_data(seed_case), decision=None)
    cover = [block.text for block in cover_blocks(undecided)]
    assert cover[:2] == ["Stockholms stad", "Förslag till remissvar"]
    undecided_line = (
        "Beslutande: kommunstyrelsen. Ärendet är ännu inte beslutat; detta är ett förslag."
    )
    assert undecided_line in cover
    assert "Remissvar" not in cover
    assert "Föredragande: borgarrådet Anna König Jerlmyr" in cover


def test_the_reader_reads_the_rendered_reply_back(seed_case, tmp_path):
    """The reply produced from the data is read back from its PDF text (not its embedded data)
    as what was decided: the sender, both case numbers, the report, the deciding body."""
    from remiss.reading.extract import extract
    from remiss.reading.read import reading_from_pages

    rendered = render_reply(seed_case, "pdf")
    path = tmp_path / rendered.filename
    path.write_bytes(rendered.content)
    reading = reading_from_pages(extract(path), name=path.name)
    assert reading["respondent"] == "Stockholms stad"
    assert reading["respondent_dnr"] == "KS 2020/132"
    assert reading["ministry_dnr"] == "Fi2019/03090"
    assert reading["report_ref"] == "SOU 2019:43"
    assert reading["ministry"] == "Finansdepartementet"
    assert reading["decision_body"] == "Kommunstyrelsen"
    assert reading["decision_date"] == "2020-04-22"
    assert reading["overall_stance"] == "supports"


def test_a_ministrys_reader_takes_the_decided_reply_from_its_data(seed_case, tmp_path):
    """The reader takes remissvar.json from a PDF made by Remiss — the stance on each proposal
    exactly as decided — when the text bears it out; a forged claim is not believed."""
    import json

    from remiss.reading.extract import extract
    from remiss.reading.read import reading_from_pages
    from remiss.reading.stance import ProposalRef

    rendered = render_reply(seed_case, "pdf")
    path = tmp_path / rendered.filename
    path.write_bytes(rendered.content)
    extracted = extract(path)
    assert extracted.embedded is not None
    proposals = [ProposalRef("1", "Stöd till statliga myndigheter"), ProposalRef("2", "RUM")]
    reading = reading_from_pages(extracted, name=path.name, proposals=proposals)
    assert reading["warnings"][-1].startswith("embedded:")
    assert reading["ministry_dnr"] == "Fi2019/03090"
    assert reading["decision_date"] == "2020-04-22"
    assert reading["signatory"] == "Anna König Jerlmyr"
    assert [s["kind"] for s in reading["statements"]] == ["special_statement",
                                                          "substitute_statement"]  # fmt: skip
    [first, second] = reading["proposal_stances"]
    assert (first["proposal"], first["stance"]) == ("1", "supports")
    assert first["evidence"] == "Staden tillstyrker förslaget."
    assert second["proposal"] == "2"  # not in the memo's table: the text's reading of it
    # A file that claims another sender in its data than its text names is read from its text.
    forged = json.loads(extracted.embedded)
    forged["respondent"] = "Göteborgs Stad"
    extracted.embedded = json.dumps(forged)
    reading = reading_from_pages(extracted, name=path.name, proposals=proposals)
    assert reading["respondent"] == "Stockholms stad"
    assert reading["warnings"][-1].startswith("embedded-mismatch:")
    extracted.embedded = '{"respondent": {"nested": 1}}'
    reading = reading_from_pages(extracted, name=path.name)
    assert reading["warnings"][-1].startswith("embedded-invalid:")
    assert reading["respondent"] == "Stockholms stad"
