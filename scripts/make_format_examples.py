"""Make tests/data/formats/: one reply of our own (a development example, not evidence of
accuracy) written as Word with python-docx — its letterhead in a table, with line breaks and
tabs inside paragraphs as letter templates write them — and saved by LibreOffice as
OpenDocument, old Word (.doc), RTF and HTML, the formats replies arrive in.

Needs LibreOffice (Debian: libreoffice-writer-nogui); the files are committed, so the tests do
not. Run: .venv/bin/python scripts/make_format_examples.py
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "formats"
BODY = [
    "Socialdepartementet",
    "103 33 Stockholm",
    "",
    "Yttrande över betänkandet Framtidens socialtjänst (SOU 2020:47)",
    "Ert diarienummer: S2020/07113",
    "",
    "Region Gävleborg har beretts tillfälle att yttra sig över betänkandet.",
    "Sammanfattning",
    "Region Gävleborg tillstyrker förslagen i betänkandet med de synpunkter som framgår "
    "nedan. Regionen ser positivt på att socialtjänsten får ett tydligare förebyggande "
    "uppdrag.",
    "Regionstyrelsen har beslutat i ärendet den 3 mars 2021.",
]


def build_docx(path: Path) -> None:
    document = docx.Document()
    header = document.sections[0].header
    table = header.add_table(rows=1, cols=2, width=document.sections[0].page_width)
    left = table.cell(0, 0).paragraphs[0]
    left.add_run("Region Gävleborg").add_break(WD_BREAK.LINE)
    left.add_run("Regionstyrelsen")
    right = table.cell(0, 1).paragraphs[0]
    right.add_run("YTTRANDE").add_break(WD_BREAK.LINE)
    right.add_run("Datum")
    right.add_run().add_tab()
    right.add_run("2021-03-03").add_break(WD_BREAK.LINE)
    right.add_run("Diarienummer")
    right.add_run().add_tab()
    right.add_run("RS 2021/118")
    for line in BODY:
        document.add_paragraph(line)
    signature = document.add_paragraph()
    signature.add_run("Anna Lindqvist").add_break(WD_BREAK.LINE)
    signature.add_run("Regionstyrelsens ordförande")
    document.save(str(path))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    source = OUT / "svar.docx"
    build_docx(source)
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise SystemExit("LibreOffice is needed: apt-get install libreoffice-writer-nogui")
    for target, filter_name in (
        ("odt", "odt"), ("doc", "doc:MS Word 97"), ("rtf", "rtf"), ("html", "html:HTML"),
    ):  # fmt: skip
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run(
                [office, f"-env:UserInstallation=file://{profile}", "--headless",
                 "--convert-to", filter_name, "--outdir", str(OUT), str(source)],
                check=True, capture_output=True, timeout=120,
            )  # fmt: skip
        print(OUT / f"svar.{target}")


if __name__ == "__main__":
    main()
