"""Text out of reply files, page by page: text PDFs (pypdfium2), Word (python-docx) and plain
text in any common encoding. Pure Python, no Django. Run on untrusted files through
`extract_isolated`, which parses in a child process with time and memory limits."""

from __future__ import annotations

import json
import re
import shutil
import sys
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from remiss.reading.sandbox import ProbeFailed, ProbeServer, run_probe

# A page with fewer characters than this, in a PDF, is taken to be a scanned image.
SCANNED_PAGE_CHARS = 25
MAX_PAGES = 2000


@dataclass
class Extracted:
    pages: list[str]
    kind: str  # "pdf" | "docx" | "text" | "unknown"
    ocr: bool = False
    warnings: list[str] = field(default_factory=list)


def _decode(data: bytes) -> str:
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"),
                          (b"\xfe\xff", "utf-16")):  # fmt: skip
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


# The seed's convention (text of a PDF): a page starts with a line that begins with one space.
_PAGE_START = re.compile(r"\n(?= \S)")


def extract_text(data: bytes) -> Extracted:
    text = _decode(data).replace("\r\n", "\n").replace("\r", "\n")
    pages = text.split("\x0c") if "\x0c" in text else _PAGE_START.split(text)
    return Extracted(pages=[p.strip("\n") for p in pages], kind="text")


def extract_pdf(path: Path) -> Extracted:
    import pypdfium2 as pdfium

    warnings: list[str] = []
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            return Extracted([], "pdf", warnings=["encrypted: the PDF is password-protected"])
        return Extracted([], "pdf", warnings=[f"unreadable: the PDF cannot be opened ({exc})"])
    try:
        count = len(document)
        if count == 0:
            return Extracted([], "pdf", warnings=["empty: the PDF has no pages"])
        if count > MAX_PAGES:
            warnings.append(f"too long: only the first {MAX_PAGES} of {count} pages were read")
        pages = []
        for index in range(min(count, MAX_PAGES)):
            page = document[index]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            textpage.close()
            page.close()
    finally:
        document.close()
    scanned = [i + 1 for i, text in enumerate(pages) if len(text.strip()) < SCANNED_PAGE_CHARS]
    if not scanned:
        return Extracted(pages=pages, kind="pdf", warnings=warnings)
    listed = ", ".join(map(str, scanned[:20]))
    if shutil.which("tesseract") is None:
        warnings.append(
            "ocr-unavailable: pages without a text layer need OCR, but Tesseract is not "
            f"installed (pages {listed})"
        )
        return Extracted(pages=pages, kind="pdf", warnings=warnings)
    try:
        recognised = ocr_pages(path)
    except Exception as exc:  # OCR is best effort: the text pages are still read
        warnings.append(f"ocr-failed: OCR of pages {listed} failed ({type(exc).__name__})")
        return Extracted(pages=pages, kind="pdf", warnings=warnings)
    for number in scanned:
        if number <= len(recognised):
            pages[number - 1] = recognised[number - 1]
    warnings.append(f"ocr: pages {listed} were read with OCR (Tesseract, Swedish)")
    return Extracted(pages=pages, kind="pdf", ocr=True, warnings=warnings)


def ocr_pages(path: Path, *, jobs: int = 2) -> list[str]:
    """OCR the pages that have no text layer with OCRmyPDF and Tesseract (-l swe), both cores;
    returns the text of every page of the result."""
    import tempfile

    import ocrmypdf
    import pypdfium2 as pdfium

    with tempfile.TemporaryDirectory(prefix="remiss-ocr-") as work:
        output = Path(work) / "ocr.pdf"
        ocrmypdf.ocr(
            path,
            output,
            language=["swe"],
            skip_text=True,
            jobs=jobs,
            progress_bar=False,
            output_type="pdf",
            optimize=0,
            deskew=False,
        )
        document = pdfium.PdfDocument(str(output))
        try:
            texts = []
            for index in range(len(document)):
                textpage = document[index].get_textpage()
                texts.append(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
                textpage.close()
            return texts
        finally:
            document.close()


def _block_lines(element: Any) -> list[str]:
    """The paragraphs and table rows directly in a Word body, header or footer, as lines."""
    lines: list[str] = []
    for block in element.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(node.text or "" for node in block.iter() if node.tag.endswith("}t"))
            lines.append(text)
            lines.append("")
        elif tag == "tbl":
            for row in block.iter():
                if row.tag.endswith("}tr"):
                    cells = []
                    for cell in row:
                        if cell.tag.endswith("}tc"):
                            cells.append(
                                " ".join(n.text or "" for n in cell.iter() if n.tag.endswith("}t"))
                            )
                    lines.append(" | ".join(c.strip() for c in cells))
            lines.append("")
    return lines


def extract_docx(path: Path) -> Extracted:
    import docx

    try:
        with zipfile.ZipFile(path) as archive:
            if sum(m.file_size for m in archive.infolist()) > 500 * 1024 * 1024:
                return Extracted([], "docx", warnings=["refused: the file expands too far"])
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        return Extracted([], "docx", warnings=[f"unreadable: not a Word document ({exc})"])
    # A letter's heading (sender, date, case number) often stands in the page header, and
    # its address in the footer: read them once, before and after the body.
    section = document.sections[0] if document.sections else None
    header = footer = None
    if section is not None:
        first = section.different_first_page_header_footer
        header = section.first_page_header if first else section.header
        footer = section.first_page_footer if first else section.footer
    lines: list[str] = []
    if header is not None and not header.is_linked_to_previous:
        lines += _block_lines(header._element)
    lines += _block_lines(document.element.body)
    if footer is not None and not footer.is_linked_to_previous:
        lines += _block_lines(footer._element)
    return Extracted(pages=["\n".join(lines)], kind="docx")


def sniff(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    return "text"


def extract(path: Path) -> Extracted:
    """Extract in this process (trusted input, or inside the sandbox child)."""
    kind = sniff(path)
    if kind == "pdf":
        return extract_pdf(path)
    if kind == "docx":
        return extract_docx(path)
    if kind == "ole":
        return Extracted([], "unknown", warnings=[
            "unsupported: an old Word file or an encrypted Office document; save it as .docx"
        ])  # fmt: skip
    data = path.read_bytes()
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Extracted([], "unknown", warnings=["unsupported: not a PDF, Word or text file"])
    return extract_text(data)


def _failure(reason: str, timeout: float) -> Extracted:
    message = {
        "timeout": f"timeout: reading took longer than {timeout:g} s and was stopped",
        "crashed": "crashed: the file made the reader fail; it may be damaged or hostile",
    }.get(reason, "unreadable: the reader gave no answer")
    return Extracted([], "unknown", warnings=[message])


def extract_isolated(
    path: Path,
    *,
    timeout: float = 60,
    memory_mb: int = 1024,
    server: ProbeServer | None = None,
) -> Extracted:
    """Extract in a child process: a hostile file may kill the child, never the caller. With a
    `server`, one child reads file after file."""
    try:
        if server is not None:
            result = server.ask(path, timeout=timeout)
        else:
            result = run_probe("remiss.reading.extract", path, timeout=timeout, memory_mb=memory_mb)
    except ProbeFailed as exc:
        return _failure(exc.reason, timeout)
    return Extracted(**result)


def serve() -> None:
    """Answer one JSON line for each path read from standard input."""
    for line in sys.stdin:
        path = Path(line.rstrip("\n"))
        try:
            result = asdict(extract(path))
        except Exception as exc:  # one bad file must not end the server's answers
            result = asdict(Extracted([], "unknown", warnings=[f"unreadable: {exc}"]))
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        serve()
    else:
        sys.stdout.write(json.dumps(asdict(extract(Path(sys.argv[1])))) + "\n")
