"""The compilation: every reply once, every respondent in exactly one stance list per proposal,
the bill-style paragraphs, and the exports — CSV and XLSX with no cell that starts with a
formula character — and `remiss compile FOLDER` on real files without a database."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pypdfium2
import pytest

from remiss.consultations.compilation import (
    STANCES,
    compilation_blocks,
    compile_readings,
    to_csv,
    to_docx,
    to_pdf,
    to_xlsx,
)
from tests.documents import make_docx, make_pdf

ROOT = Path(__file__).resolve().parent.parent
PROPOSALS = [{"id": "1", "title": "En ny myndighet"}, {"id": "2", "title": "Ändrad tillsyn"}]


def reading(respondent, overall, stances=(), file=None, warnings=()):
    return {
        "file": file or f"{respondent}.pdf",
        "respondent": respondent,
        "overall_stance": overall,
        "proposal_stances": [
            {"proposal": pid, "stance": stance, "evidence": f"{respondent} om {pid}", "page": 2}
            for pid, stance in stances
        ],
        "warnings": list(warnings),
    }


READINGS = [
    reading("Boverket", "supports", [("1", "supports"), ("2", "supports")]),
    reading("Statskontoret", "mixed", [("1", "supports"), ("2", "opposes")]),
    reading("Sala kommun", "no_objection"),
    reading('=HYPERLINK("http://x")', "opposes", [("1", "opposes")]),
    reading("Uppsala kommun", "unclear"),
    reading("Boverket", "opposes", [("1", "opposes")], file="Boverket-2.pdf"),
]


def test_every_respondent_once_per_proposal():
    compiled = compile_readings(PROPOSALS, READINGS, not_replied=["Regelrådet"])
    assert len(compiled.replies) == 6  # every reply once, the second from Boverket too
    for proposal in compiled.proposals:
        listed = [name for names in proposal["stances"].values() for name in names]
        assert sorted(listed) == sorted({r["respondent"] for r in READINGS})
        assert set(proposal["stances"]) <= set(STANCES)
    first, second = compiled.proposals
    assert first["stances"]["supports"] == ["Boverket", "Statskontoret"]  # the first reply counts
    assert second["stances"]["opposes"] == ["Statskontoret"]
    assert first["stances"]["no_objection"] == ["Sala kommun"]  # "inga synpunkter" on each
    assert second["stances"]["unclear"] == ['=HYPERLINK("http://x")', "Uppsala kommun"]
    assert any("Två svar från Boverket" in w for w in compiled.warnings)
    assert {"respondent": "Statskontoret", "stance": "opposes", "evidence": "Statskontoret om 2",
            "page": 2} in second["quotes"]  # fmt: skip


def test_a_reply_without_a_readable_sender_is_named_by_its_file():
    unnamed = {**reading("", "supports", [("1", "supports")]), "file": "Fi2026-00014 Boverket.pdf"}
    other = {**reading("", "unclear"), "file": "svar.pdf"}
    compiled = compile_readings(PROPOSALS, [unnamed, other])
    assert compiled.proposals[0]["stances"] == {"supports": ["Boverket"], "unclear": ["svar.pdf"]}
    assert len([w for w in compiled.warnings if "filnamnet används" in w]) == 2


def test_the_paragraphs_read_like_a_bill():
    blocks = compilation_blocks(compile_readings(PROPOSALS, READINGS, not_replied=["Regelrådet"]))
    text = "\n".join(b.text for b in blocks)
    assert "Förslag 1: En ny myndighet" in text
    assert (
        "Tillstyrker eller ställer sig positiva till förslaget: Boverket och Statskontoret." in text
    )
    assert "Har ingen erinran: Sala kommun." in text
    assert "Statskontoret, s. 2: ”Statskontoret om 2”" in text
    assert "Remissinstanser som inte har svarat" in text
    assert "Regelrådet." in text
    table = next(b for b in blocks if b.kind == "table")
    assert table.rows[0] == ("Remissinstans", "Förslag 1", "Förslag 2")
    assert ("Statskontoret", "tillstyrker", "avstyrker") in table.rows


def _starts_with_formula(value: object) -> bool:
    return isinstance(value, str) and value[:1] in ("=", "+", "-", "@")


def test_spreadsheets_have_one_row_per_reply_and_no_formula():
    compiled = compile_readings(PROPOSALS, READINGS)
    rows = list(csv.reader(io.StringIO(to_csv(compiled).decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Remissinstans", "Fil", "Övergripande"]
    assert len(rows) == 7
    assert not any(_starts_with_formula(cell) for row in rows for cell in row)
    assert '\'=HYPERLINK("http://x")' in [row[0] for row in rows]
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(compiled))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values == [[c if c != "" else None for c in row] for row in rows]
    assert not any(_starts_with_formula(v) for row in values for v in row)
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row if cell.value)


def test_word_and_pdf_hold_the_table_and_the_paragraphs():
    compiled = compile_readings(PROPOSALS, READINGS)
    document = docx.Document(io.BytesIO(to_docx(compiled)))
    assert document.tables[0].cell(0, 0).text == "Remissinstans"
    assert any(
        p.style.name == "Heading 1" and p.text.startswith("Förslag 1") for p in document.paragraphs
    )
    pdf = pypdfium2.PdfDocument(to_pdf(compiled))
    text = "".join(page.get_textpage().get_text_range() for page in pdf)
    assert "Remissinstanserna" in text
    assert "Statskontoret" in text


def test_remiss_compile_reads_a_folder_without_a_database(tmp_path):
    folder = tmp_path / "svar"
    folder.mkdir()
    (folder / "Fi2026-00001 Boverket.pdf").write_bytes(make_pdf([
        "Yttrande från Boverket\n\nBoverket tillstyrker förslaget om en ny myndighet "
        "(förslag 1).\n\nBoverket avstyrker förslaget om ändrad tillsyn (förslag 2)."
    ]))  # fmt: skip
    (folder / "Sala kommun.docx").write_bytes(
        make_docx(["Sala kommun", "Sala kommun har inga synpunkter på promemorian."])
    )
    (folder / "bild.png").write_bytes(b"\x89PNG\r\n")
    proposals = tmp_path / "forslag.json"
    proposals.write_text(json.dumps(PROPOSALS, ensure_ascii=False))
    env = {"PATH": "/usr/bin:/bin", "REMISS_DATA_DIR": str(tmp_path / "ingen")}
    results = {}
    for kind in ("json", "csv", "xlsx", "docx", "pdf"):
        out = tmp_path / f"sammanstallning.{kind}"
        run = subprocess.run(
            [sys.executable, "-m", "remiss", "compile", str(folder), "--proposals", str(proposals),
             "-o", str(out)], cwd=ROOT, env=env, capture_output=True, text=True,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
        assert "Hoppade över bild.png" in run.stderr
        results[kind] = out.read_bytes()
    compiled = json.loads(results["json"])
    by_id = {p["id"]: p["stances"] for p in compiled["proposals"]}
    assert by_id["1"]["supports"] == ["Boverket"]
    assert by_id["2"]["opposes"] == ["Boverket"]
    assert by_id["1"]["no_objection"] == ["Sala kommun"] == by_id["2"]["no_objection"]
    assert len(compiled["replies"]) == 2
    assert not (tmp_path / "ingen").exists()  # no Django, no data folder, no database
    bad = subprocess.run(
        [sys.executable, "-m", "remiss", "compile", str(folder), "--proposals", str(proposals),
         "-o", str(tmp_path / "x.odt")], cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert bad.returncode == 2
    assert "okänt format / unknown format" in bad.stderr


def test_remiss_compile_names_the_replies_it_could_not_read_and_exits_non_zero(tmp_path):
    """The compilation is written from the replies that could be read; the ones that could not
    are listed with why, and the exit status says so (3), for a script or a person to see."""
    folder = tmp_path / "svar"
    folder.mkdir()
    (folder / "Boverket.pdf").write_bytes(make_pdf(["Boverket tillstyrker förslaget."]))
    (folder / "Trasig.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00trasig" * 50)
    proposals = tmp_path / "forslag.json"
    proposals.write_text(json.dumps(PROPOSALS, ensure_ascii=False))
    out = tmp_path / "sammanstallning.json"
    run = subprocess.run(
        [sys.executable, "-m", "remiss", "compile", str(folder), "--proposals", str(proposals),
         "-o", str(out)], cwd=ROOT, capture_output=True, text=True,
        env={"PATH": "/usr/bin:/bin", "REMISS_DATA_DIR": str(tmp_path / "ingen")},
    )  # fmt: skip
    assert run.returncode == 3, run.stderr
    assert "1 av 2 svar gick inte att läsa" in run.stderr
    assert re.search(r"^  Trasig\.pdf: unreadable: ", run.stderr, re.MULTILINE)
    assert "Läser svar" not in run.stderr  # no progress bar outside a terminal
    assert [r["file"] for r in json.loads(out.read_bytes())["replies"]] == [
        "Boverket.pdf", "Trasig.pdf",
    ]  # fmt: skip


def test_remiss_compile_told_the_report_recognises_it_by_title(tmp_path):
    from remiss.consultations.cli import compile_main

    folder = tmp_path / "svar"
    folder.mkdir()
    (folder / "Naturvårdsverket.txt").write_text(
        "Yttrande över remiss Ny regionindelning, tre nya län\n\nNaturvårdsverket tillstyrker "
        "förslaget.\n",
        encoding="utf-8",
    )
    proposals = tmp_path / "forslag.json"
    proposals.write_text(json.dumps(PROPOSALS, ensure_ascii=False))
    reports = tmp_path / "betankanden.json"
    reports.write_text(
        json.dumps([{"ref": "SOU 2016:48", "title": "Regional indelning – tre nya län"}])
    )
    base = [str(folder), "--proposals", str(proposals), "--workers", "1"]
    assert compile_main([*base, "-o", str(tmp_path / "utan.json")]) == 0
    assert compile_main([*base, "--reports", str(reports), "-o", str(tmp_path / "med.json")]) == 0
    without = json.loads((tmp_path / "utan.json").read_text())["replies"][0]
    told = json.loads((tmp_path / "med.json").read_text())["replies"][0]
    assert without["report_ref"] is None
    assert told["report_ref"] == "SOU 2016:48"
    assert told["respondent"] == "Naturvårdsverket"


def test_the_readers_notes_in_a_compilation_are_described_in_the_users_language():
    from django.utils import translation

    from remiss.documents import reader_notes

    note = "ocr: pages 2, 3 were read with OCR (Tesseract, Swedish)"
    reading = {
        "file": "Boverket.pdf", "respondent": "Boverket", "overall_stance": "supports",
        "proposal_stances": [], "warnings": [note],
    }  # fmt: skip
    with translation.override("sv"):
        compiled = compile_readings(PROPOSALS, [reading], describe_warning=reader_notes.describe)
    assert compiled.warnings == [
        "Boverket: Sidorna 2, 3 är bilder och lästes med textigenkänning (OCR): jämför läsningen "
        "med dokumentet."
    ]
    # The command line keeps the reader's own words.
    assert compile_readings(PROPOSALS, [reading]).warnings == [f"Boverket: {note}"]


@pytest.mark.django_db
def test_exports_use_the_pages_words_for_each_stance():
    """Issue 15.4: "Blandad" on the page is "blandad" in a CSV, an XLSX or the reply's appendix,
    not another word ("delvis")."""
    from django.utils import translation

    from remiss.referrals.models import Stance
    from remiss.writing.swedish import STANCE_WORDS

    with translation.override("sv"):
        assert {s.value: str(s.label).lower() for s in Stance} == STANCE_WORDS


def test_the_stacked_bar_chart_is_escaped_proportional_and_named():
    from remiss.writing.chart import Bar, stacked_bars

    svg = stacked_bars(
        [
            Bar("1. En ny <myndighet>", {"supports": 3, "opposes": 1}),
            Bar("2. Avgifter", {"mixed": 2}),
        ],
        stances=["supports", "opposes", "mixed"],
        words={"supports": "Tillstyrker", "opposes": "Avstyrker", "mixed": "Blandad"},
        title="Antal instanser per förslag",
        described_by="counts",
    )
    assert svg.startswith("<svg")
    assert svg.endswith("</svg>")
    assert 'role="img"' in svg
    assert 'aria-describedby="counts"' in svg
    assert '<title id="chart-title">Antal instanser per förslag</title>' in svg
    assert "&lt;myndighet&gt;" in svg
    assert "<myndighet>" not in svg
    # As long as the most bodies any proposal has: 3 of 4 is three quarters of the bar.
    assert 'width="390.0" height="20" fill="#1a7f37"' in svg
    assert 'width="260.0" height="20" fill="#b54708"' in svg  # 2 of 4
    assert "<title>Tillstyrker: 3</title>" in svg
    assert all(word in svg for word in ("Tillstyrker", "Avstyrker", "Blandad"))  # the legend
