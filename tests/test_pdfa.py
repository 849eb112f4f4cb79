"""Archival renditions (remiss.writing.pdfa, issue 18.3): a scan becomes PDF/A-2b with its text
found by OCR; a PDF/A and an image need none; a file with text gets a PDF/A text version."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf

from remiss.writing import formats
from remiss.writing.pdfa import is_pdfa, rendition
from remiss.writing.reply import Block
from tests.documents import make_pdf, make_scanned_pdf


def _no_text(path: Path) -> list[str]:
    raise AssertionError(f"the text of {path} was not needed")


def test_a_scan_becomes_pdfa_with_its_text_by_ocr(tmp_path):
    scan = tmp_path / "skannad.pdf"
    scan.write_bytes(make_scanned_pdf(["Kommunstyrelsen tillstyrker förslaget"]))
    assert not is_pdfa(scan)
    made = rendition(scan, "application/pdf", "skannad.pdf", tmp_path, _no_text)
    assert made is not None
    assert "OCR" in made.method
    assert is_pdfa(made.path)
    with pikepdf.open(made.path) as pdf:
        assert pdf.open_metadata().get("pdfaid:part") == "2"
    text = subprocess.run(["pdftotext", str(made.path), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    assert "tillstyrker" in text


def test_a_pdfa_and_an_image_need_no_rendition(tmp_path):
    document = tmp_path / "svar.pdf"
    document.write_bytes(
        formats.html_to_pdf(formats.to_html([Block("title", "Svar")], title="Svar"), title="Svar")
    )
    assert is_pdfa(document)
    assert rendition(document, "application/pdf", "svar.pdf", tmp_path, _no_text) is None
    image = tmp_path / "bild.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n")
    assert rendition(image, "image/png", "bild.png", tmp_path, _no_text) is None


def test_a_pdf_with_text_gets_a_text_version(tmp_path):
    source = tmp_path / "svar.pdf"
    source.write_bytes(make_pdf(["Sala kommun tillstyrker"]))
    made = rendition(source, "application/pdf", "svar.pdf", tmp_path,
                     lambda _path: ["Sala kommun tillstyrker."])  # fmt: skip
    assert made is not None
    assert made.method.startswith("Textversion")
    assert is_pdfa(made.path)
    assert rendition(source, "application/pdf", "svar.pdf", tmp_path, lambda _p: []) is None
