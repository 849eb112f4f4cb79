"""Archival renditions (issue 18.3: files in archival formats): a PDF/A copy of each registered
file that is not one already, for the archive package beside the original. Plain Python, no
Django (docs/architecture.md).

- A scanned PDF (no text layer) goes through OCRmyPDF to PDF/A-2b with the page images and a
  text layer by OCR in Swedish (Tesseract), as a child process with a time limit. OCRmyPDF
  refuses to convert a PDF that has text with Debian 12's Ghostscript 10.0.0 (which can
  corrupt such files), so a PDF with text is treated like the next kind.
- A PDF with text that is not PDF/A, a Word, OpenDocument, RTF, e-mail, web page or text file:
  its text (as the caller extracts
  it: the reader's sandbox), typeset as a tagged PDF/A-3b text version (WeasyPrint) with a note
  saying so. Layout is not kept; the original stays in the package.
- A PDF/A and an image (TIFF, PNG, JPEG are kept as they are) get no rendition.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

PDF = "application/pdf"
TEXT_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/msword",
    "application/vnd.oasis.opendocument.text",
    "application/rtf",
    "message/rfc822",
    "application/vnd.ms-outlook",
    "text/html",
    "text/plain",
}
OCR_TIMEOUT = 600


@dataclass(frozen=True)
class Rendition:
    path: Path
    method: str  # what was done, for the preservation metadata (Swedish: the archive's)


def is_pdfa(path: Path) -> bool:
    """True when the PDF declares PDF/A conformance in its XMP metadata."""
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            meta = pdf.open_metadata()
            return bool(meta.get("pdfaid:part"))
    except Exception:  # an unreadable PDF is not PDF/A
        return False


def _pdf_to_pdfa(source: Path, target: Path) -> bool:
    completed = subprocess.run(  # our own command, fixed arguments
        [sys.executable, "-m", "ocrmypdf", "--output-type", "pdfa-2", "-l", "swe",
         "--jobs", "1", "--quiet", str(source), str(target)],
        capture_output=True,
        timeout=OCR_TIMEOUT,
        check=False,
    )  # fmt: skip
    return completed.returncode == 0 and target.exists() and is_pdfa(target)


def text_version(title: str, note: str, pages: Sequence[str], *, page_headings: bool) -> bytes:
    """A file's text as a tagged PDF/A-3b: the title, a note saying what it is, then the text
    (with "Sida N" before each page when `page_headings`). Used for the archive and for a
    published copy with personal details masked."""
    from remiss.writing import formats
    from remiss.writing.reply import Block

    blocks = [Block("title", title), Block("paragraph", note)]
    for number, page in enumerate(pages, start=1):
        if not page.strip():
            continue
        if page_headings:
            blocks.append(Block("heading", f"Sida {number}"))
        blocks.extend(
            Block("paragraph", " ".join(part.split()))
            for part in page.split("\n\n")
            if part.strip()
        )
    return formats.html_to_pdf(formats.to_html(blocks, title=title), title=title)


def _text_to_pdfa(
    source: Path, target: Path, name: str, pages_of: Callable[[Path], list[str]]
) -> bool:
    pages = [page for page in pages_of(source) if page.strip()]
    if not pages:
        return False
    note = (
        f"Texten i {name}, framställd för arkivet som PDF/A. Formatering, bilder och "
        "inbäddade objekt återges inte; originalfilen finns i samma paket."
    )
    title = f"{name} – textversion för bevarande"
    target.write_bytes(text_version(title, note, pages, page_headings=False))
    return True


def rendition(
    source: Path,
    content_type: str,
    name: str,
    folder: Path,
    pages_of: Callable[[Path], list[str]],
) -> Rendition | None:
    """A PDF/A rendition of the file in `folder`, or None when it needs none or none could be
    made (then the original alone goes to the archive). `pages_of` gives a file's text page by
    page (the reader's sandboxed extraction)."""
    target = folder / f"{source.name}.pdfa.pdf"
    try:
        if content_type == PDF:
            if is_pdfa(source):
                return None
            if _pdf_to_pdfa(source, target):
                return Rendition(target, "Skannad PDF migrerad till PDF/A-2b med OCR (OCRmyPDF)")
            target.unlink(missing_ok=True)
        if content_type in {PDF, *TEXT_TYPES} and _text_to_pdfa(source, target, name, pages_of):
            return Rendition(target, "Textversion framställd som PDF/A-3b (WeasyPrint)")
    except (OSError, subprocess.TimeoutExpired):
        return None
    return None
