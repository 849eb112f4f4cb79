"""Text out of reply files, page by page: text PDFs (pypdfium2), Word (python-docx; old .doc
through antiword), OpenDocument text, RTF (striprtf), web pages saved as HTML, e-mail (.eml and
Outlook .msg through extract-msg, with their attachments) and plain text in any common encoding;
each kind known by its content. Pure Python, no Django. Run on untrusted files through
`extract_isolated`, which parses in a child process with time and memory limits."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import sys
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from remiss.reading.sandbox import ProbeFailed, ProbeServer, run_probe

# A zip (Word, OpenDocument) whose members would expand past this is a bomb, not opened; the
# upload probe (remiss.reading.probe) refuses it too.
MAX_UNZIPPED_BYTES = 500 * 1024 * 1024
# A page with fewer characters than this, in a PDF, is taken to be a scanned image.
SCANNED_PAGE_CHARS = 25
MAX_PAGES = 2000


# Every kind the reader reads: the content type the register stores it under and the file
# name endings it comes with. The register's accepted types, the reading task's readable types
# and `remiss compile`'s file endings come from here.
READABLE_KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "pdf": ("application/pdf", (".pdf",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
    "doc": ("application/msword", (".doc",)),
    "odt": ("application/vnd.oasis.opendocument.text", (".odt",)),
    "rtf": ("application/rtf", (".rtf",)),
    "html": ("text/html", (".html", ".htm")),
    "eml": ("message/rfc822", (".eml",)),
    "msg": ("application/vnd.ms-outlook", (".msg",)),
    "text": ("text/plain", (".txt", ".text")),
}


@dataclass
class Extracted:
    pages: list[str]
    kind: (
        str  # "pdf" | "docx" | "odt" | "doc" | "rtf" | "html" | "eml" | "msg" | "text" | "unknown"
    )
    ocr: bool = False
    warnings: list[str] = field(default_factory=list)
    # The sender's own reading of the reply, embedded in its PDF/A-3 as remissvar.json (a reply
    # made by Remiss carries one): JSON text, checked against the text before it is believed.
    embedded: str | None = None


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
        embedded = _embedded_reading(document)
    finally:
        document.close()
    scanned = [i + 1 for i, text in enumerate(pages) if len(text.strip()) < SCANNED_PAGE_CHARS]
    if not scanned:
        return Extracted(pages=pages, kind="pdf", warnings=warnings, embedded=embedded)
    listed = ", ".join(map(str, scanned[:20]))
    if shutil.which("tesseract") is None:
        warnings.append(
            "ocr-unavailable: pages without a text layer need OCR, but Tesseract is not "
            f"installed (pages {listed})"
        )
        return Extracted(pages=pages, kind="pdf", warnings=warnings, embedded=embedded)
    try:
        recognised = ocr_pages(path)
    except Exception as exc:  # OCR is best effort: the text pages are still read
        warnings.append(f"ocr-failed: OCR of pages {listed} failed ({type(exc).__name__})")
        return Extracted(pages=pages, kind="pdf", warnings=warnings, embedded=embedded)
    for number in scanned:
        if number <= len(recognised):
            pages[number - 1] = recognised[number - 1]
    warnings.append(f"ocr: pages {listed} were read with OCR (Tesseract, Swedish)")
    return Extracted(pages=pages, kind="pdf", ocr=True, warnings=warnings, embedded=embedded)


EMBEDDED_READING = "remissvar.json"
MAX_EMBEDDED_BYTES = 1_000_000


def _embedded_reading(document: Any) -> str | None:
    """The attached remissvar.json, if there is one of a sane size and it is UTF-8."""
    try:
        for index in range(min(document.count_attachments(), 50)):
            attachment = document.get_attachment(index)
            if attachment.get_name() != EMBEDDED_READING:
                continue
            data = bytes(attachment.get_data())
            if len(data) > MAX_EMBEDDED_BYTES:
                return None
            return data.decode("utf-8")
    except Exception:  # a damaged attachment is no reason not to read the text
        return None
    return None


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


def _word_paragraph(paragraph: Any) -> str:
    """A Word paragraph's text with its tabs and line breaks kept: "Kommunstyrelsen<br>Stockholms
    stad" is two lines, "Datum<tab>2020-04-01" two fields (the tab stops under w:pPr are not
    text, so only the runs are read)."""
    parts: list[str] = []
    for run in paragraph.iter():
        if not isinstance(run.tag, str) or run.tag.rsplit("}", 1)[-1] != "r":
            continue
        for node in run:
            tag = node.tag.rsplit("}", 1)[-1] if isinstance(node.tag, str) else ""
            if tag == "t":
                parts.append(node.text or "")
            elif tag in ("tab", "ptab"):
                parts.append("\t")
            elif tag in ("br", "cr"):
                parts.append("\n")
            elif tag == "noBreakHyphen":
                parts.append("-")
    return "".join(parts)


def _row_lines(cells: list[str]) -> list[str]:
    """A table row as one line of cells ("a | b"), or, when a cell holds several lines (a
    letterhead laid out in a table), each cell's lines on their own, cells kept apart."""
    cells = [cell.strip() for cell in cells]
    if not any("\n" in cell for cell in cells):
        return [" | ".join(cells)]
    lines: list[str] = []
    for cell in cells:
        if cell:
            lines += cell.split("\n")
            lines.append("")
    return lines


def _block_lines(element: Any) -> list[str]:
    """The paragraphs and table rows directly in a Word body, header or footer, as lines."""
    lines: list[str] = []
    for block in element.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1] if isinstance(block.tag, str) else ""
        if tag == "p":
            lines += _word_paragraph(block).split("\n")
            lines.append("")
        elif tag == "tbl":
            for row in block.iter():
                if isinstance(row.tag, str) and row.tag.endswith("}tr"):
                    cells = [
                        "\n".join(
                            _word_paragraph(p)
                            for p in cell.iter()
                            if isinstance(p.tag, str) and p.tag.endswith("}p")
                        )
                        for cell in row
                        if isinstance(cell.tag, str) and cell.tag.endswith("}tc")
                    ]
                    lines += _row_lines(cells)
            lines.append("")
    return lines


def _too_large(archive: zipfile.ZipFile) -> bool:
    """A zip (Word, OpenDocument) whose members would expand past the upload probe's limit."""
    return sum(m.file_size for m in archive.infolist()) > MAX_UNZIPPED_BYTES


def extract_docx(path: Path) -> Extracted:
    import docx

    try:
        with zipfile.ZipFile(path) as archive:
            if _too_large(archive):
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


_ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_ODF_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def _safe_xml(data: bytes) -> Any:
    """Parse XML from an untrusted file: no DTD, no entities, no network."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    return etree.fromstring(data, parser)


def _odf_text(element: Any) -> str:
    """An OpenDocument paragraph's text, with its tabs, line breaks and runs of spaces."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if tag == "tab":
            parts.append("\t")
        elif tag == "line-break":
            parts.append("\n")
        elif tag == "s":
            parts.append(" " * int(child.get(f"{{{_ODF_TEXT}}}c", "1") or 1))
        elif tag not in ("note", "annotation", "tracked-changes"):
            parts.append(_odf_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _odf_lines(element: Any) -> list[str]:
    lines: list[str] = []
    for block in element:
        tag = block.tag.rsplit("}", 1)[-1] if isinstance(block.tag, str) else ""
        if tag in ("p", "h"):
            lines += _odf_text(block).split("\n")
            lines.append("")
        elif tag == "table":
            for row in block.iter(f"{{{_ODF_TABLE}}}table-row"):
                cells = [
                    "\n".join(_odf_text(p) for p in cell.iter(f"{{{_ODF_TEXT}}}p"))
                    for cell in row.iter(f"{{{_ODF_TABLE}}}table-cell")
                ]
                lines += _row_lines(cells)
            lines.append("")
        elif tag in ("list", "list-item", "section", "text", "body", "list-header"):
            lines += _odf_lines(block)
    return lines


_ODF_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_ODF_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def _odf_page_furniture(styles: Any) -> tuple[list[str], list[str]]:
    """The first page style's header and footer (a letter's heading often stands there)."""
    master = styles.find(f".//{{{_ODF_STYLE}}}master-page")
    if master is None:
        return [], []
    found = []
    for names in (("header-first", "header"), ("footer-first", "footer")):
        element = next(
            (e for n in names if (e := master.find(f"{{{_ODF_STYLE}}}{n}")) is not None), None
        )
        found.append(_odf_lines(element) if element is not None else [])
    return found[0], found[1]


def extract_odt(path: Path) -> Extracted:
    try:
        with zipfile.ZipFile(path) as archive:
            if _too_large(archive):
                return Extracted([], "odt", warnings=["refused: the file expands too far"])
            root = _safe_xml(archive.read("content.xml"))
            names = set(archive.namelist())
            styles = _safe_xml(archive.read("styles.xml")) if "styles.xml" in names else None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        return Extracted([], "odt", warnings=[f"unreadable: not an OpenDocument text ({exc})"])
    header, footer = _odf_page_furniture(styles) if styles is not None else ([], [])
    body = root.find(f".//{{{_ODF_OFFICE}}}text")
    lines = header + _odf_lines(body if body is not None else root) + footer
    return Extracted(pages=["\n".join(lines)], kind="odt")


def extract_doc(path: Path) -> Extracted:
    """Old Word (.doc, Word 97–2003) through Debian's antiword."""
    import subprocess

    antiword = shutil.which("antiword")
    if antiword is None:
        return Extracted([], "doc", warnings=[
            "unsupported: an old Word file (.doc) needs antiword, which is not installed; "
            "save it as .docx"
        ])  # fmt: skip
    try:
        done = subprocess.run(
            [antiword, "-m", "UTF-8.txt", "-w", "0", str(path)],
            capture_output=True,
            timeout=50,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Extracted([], "doc", warnings=["timeout: reading the old Word file was stopped"])
    text = done.stdout.decode("utf-8", errors="replace")
    if done.returncode != 0 or not text.strip():
        detail = done.stderr.decode("utf-8", errors="replace").strip()[:200]
        return Extracted([], "doc", warnings=[f"unreadable: not an old Word file ({detail})"])
    # antiword marks a table cell with "|" at both ends of the row; keep the inner ones.
    text = re.sub(r"(?m)^\|(.*)\|\s*$", lambda m: m[1].strip().replace("|", " | "), text)
    pages = [page.strip("\n") for page in text.split("\x0c")]
    return Extracted(pages=[p for p in pages if p.strip()] or [""], kind="doc")


def extract_rtf(data: bytes) -> Extracted:
    from striprtf.striprtf import rtf_to_text

    try:
        raw = data.decode("cp1252", errors="replace")
        text = str(rtf_to_text(raw, errors="replace"))  # type: ignore[no-untyped-call]
    except Exception as exc:  # striprtf raises plain exceptions on broken input
        return Extracted([], "rtf", warnings=[f"unreadable: not a readable RTF file ({exc})"])
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Extracted(pages=[p.strip("\n") for p in text.split("\x0c")], kind="rtf")


# Elements of a web page that are not the document: scripts, menus, share buttons, cookie notes.
_HTML_DROP = (
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "button", "svg", "iframe", "object", "select", "head",
)  # fmt: skip
_HTML_BLOCKS = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul",
    "ol", "tr", "table", "blockquote", "pre", "dd", "dt", "dl", "address", "figcaption", "hr",
}  # fmt: skip


_SPACES = re.compile(r"\s+")


def html_to_text(data: bytes | str) -> str:
    """The text of a saved web page or an HTML mail body, block by block, without its scripts,
    menus and page furniture."""
    import lxml.html

    parser = lxml.html.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, huge_tree=False
    )
    if isinstance(data, bytes):
        data = _decode(data)
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except Exception:  # an empty or broken document: nothing to read
        return ""
    for element in list(root.iter(*_HTML_DROP)):
        if element.getparent() is not None:
            element.drop_tree()
    preformatted = {inner for pre in root.iter("pre") for inner in pre.iter()}
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element not in preformatted:
            # In HTML a line break in the source is a space; only the elements break lines.
            element.text = _SPACES.sub(" ", element.text) if element.text else element.text
            element.tail = _SPACES.sub(" ", element.tail) if element.tail else element.tail
        if element.tag == "br":
            element.tail = "\n" + (element.tail or "")
        elif element.tag in ("td", "th"):
            element.tail = " | " + (element.tail or "")
        elif element.tag in _HTML_BLOCKS:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    lines = [
        re.sub(r"[ \t\xa0]+", " ", line).strip(" |") for line in root.text_content().split("\n")
    ]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def extract_html(data: bytes) -> Extracted:
    return Extracted(pages=[html_to_text(data)], kind="html")


# A reply sent as an e-mail usually only forwards its attachment: below this many characters
# of its own, the body is not taken for the reply.
FORWARDING_BODY_CHARS = 1200
MAX_ATTACHMENTS = 20
MAX_NESTING = 3


def _message(header: list[str], body: str, parts: list[tuple[str, Extracted]],
             kind: str) -> Extracted:  # fmt: skip
    """A mail's reading: its own text first when it is the reply, else the attachments' text
    first and the mail (who sent it, its subject) after them."""
    warnings = [f"{w} (attachment {name})" for name, part in parts for w in part.warnings]
    readable = [(name, part) for name, part in parts if any(p.strip() for p in part.pages)]
    attached = [page for _name, part in readable for page in part.pages]
    mail = "\n".join([*header, "", body.strip()]).strip()
    if attached and len(body.strip()) < FORWARDING_BODY_CHARS:
        names = ", ".join(name for name, _part in readable)
        warnings.append(f"mail: the reply was read from the attachment {names}")
        # The forwarding note's greeting and name are the clerk's who sent it, not the
        # reply's signature: only who sent it and the subject go with the attachment.
        return Extracted(pages=[*attached, "\n".join(header)], kind=kind, warnings=warnings)
    return Extracted(pages=[mail, *attached], kind=kind, warnings=warnings)


def _mail_header(sender: object, date: object, subject: object) -> list[str]:
    """Who sent the mail, when and what about, in the register's words."""
    fields = (("Från", sender), ("Datum", date), ("Ämne", subject))
    return [f"{label}: {value}".strip() for label, value in fields if value]


def _attachments(
    items: Iterable[tuple[str, bytes | None]], depth: int
) -> list[tuple[str, Extracted]]:
    """Each attachment read as a file of its own, up to MAX_ATTACHMENTS of a mail and mails
    nested MAX_NESTING deep."""
    import tempfile

    if depth >= MAX_NESTING:
        return []
    read = []
    for name, data in itertools.islice(items, MAX_ATTACHMENTS):
        if not data:
            continue
        with tempfile.TemporaryDirectory(prefix="remiss-mail-") as folder:
            path = Path(folder) / "attachment"
            path.write_bytes(data)
            read.append((name, extract(path, depth=depth + 1)))
    return read


def extract_eml(data: bytes, depth: int = 0) -> Extracted:
    """An e-mail saved as .eml (RFC 5322): the body and each attachment read."""
    from email import policy
    from email.parser import BytesParser

    try:
        message = BytesParser(policy=policy.default).parsebytes(data)
    except Exception as exc:  # the parser is lenient; this is the last guard
        return Extracted([], "eml", warnings=[f"unreadable: not an e-mail ({exc})"])
    header = _mail_header(message.get("From"), message.get("Date"), message.get("Subject"))
    return _message(header, mail_body(message), _attachments(mail_payloads(message), depth), "eml")


def mail_body(message: Any) -> str:
    """An RFC 5322 message's own text: its plain part, else its HTML part as text."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    return str(html_to_text(content) if part.get_content_subtype() == "html" else content)


def mail_payloads(message: Any) -> Iterator[tuple[str, bytes | None]]:
    """An RFC 5322 message's attachments as (name, content); a forwarded mail as its bytes."""
    from email.message import EmailMessage

    for index, attachment in enumerate(message.iter_attachments()):
        payload = attachment.get_payload(decode=True)
        if attachment.get_content_type() == "message/rfc822" and not payload:
            # A forwarded mail, parsed already as the part's one sub-message.
            inner = attachment.get_payload()
            first = inner[0] if isinstance(inner, list) and inner else None
            payload = first.as_bytes() if isinstance(first, EmailMessage) else None
        name = attachment.get_filename() or f"{index + 1}"
        yield name, payload if isinstance(payload, bytes) else None


def outlook_body(message: Any) -> str:
    """An Outlook message's text: its plain body, else its HTML body as text."""
    body = getattr(message, "body", None) or ""
    html = getattr(message, "htmlBody", None)
    if not str(body).strip() and isinstance(html, bytes):
        body = html_to_text(html)
    return str(body)


def outlook_payloads(message: Any) -> Iterator[tuple[str, bytes | None]]:
    """An Outlook message's attachments as (name, content)."""
    for index, attachment in enumerate(getattr(message, "attachments", [])):
        data = attachment.data
        name = attachment.longFilename or attachment.shortFilename or f"{index + 1}"
        yield name, data if isinstance(data, bytes) else None


def extract_msg(path: Path, depth: int = 0) -> Extracted:
    """An Outlook mail (.msg) through extract-msg: the body and each attachment read."""
    import extract_msg as outlook

    try:
        message = outlook.openMsg(str(path), delayAttachments=False)
    except Exception as exc:  # extract-msg raises many kinds on a damaged file
        return Extracted([], "msg", warnings=[f"unreadable: not an Outlook message ({exc})"])
    try:
        header = _mail_header(
            getattr(message, "sender", None),
            getattr(message, "date", None),
            getattr(message, "subject", None),
        )
        body = outlook_body(message)
        parts = _attachments(outlook_payloads(message), depth)
    finally:
        message.close()
    return _message(header, str(body), parts, "msg")


def ole_kind(path: Path) -> str:
    """doc (old Word), msg (Outlook), broken, or ole (any other, e.g. an encrypted Office
    file)."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            if ole.exists("WordDocument"):
                return "doc"
            if any(entry and entry[0].startswith("__substg1.0_") for entry in ole.listdir()):
                return "msg"
    except Exception:  # a damaged or truncated compound file
        return "broken"
    return "ole"


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and "content.xml" in names:
                mimetype = archive.read("mimetype")[:100]
                if mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
                    return "odt"
    except (zipfile.BadZipFile, OSError, KeyError):
        pass
    return "docx"  # python-docx says what is wrong with any other zip


# A saved e-mail opens with header fields ("Received:", "DKIM-Signature:", "From:") up to the
# first empty line; one of these must be among them, so that a text that opens "Datum: …" with
# Swedish labels stays text.
_HEADER_FIELD = re.compile(r"^([A-Za-z][A-Za-z0-9-]{1,60}):")
_MAIL_FIELDS = {"from", "mime-version", "received", "message-id", "return-path"}


def text_kind(head: bytes) -> str:
    """rtf, html, eml or text, from the opening bytes of a file that is not binary."""
    text = _decode(head).lstrip("\ufeff \t\r\n")
    if text.startswith("{\\rtf"):
        return "rtf"
    lowered = text[:600].lower()
    if re.match(
        r"(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|body|title)\b", lowered, re.S
    ):
        return "html"
    fields: set[str] = set()
    for line in text.replace("\r\n", "\n").split("\n")[:80]:
        if not line.strip():
            break
        if line[:1] in " \t":
            continue  # a folded header line
        match = _HEADER_FIELD.match(line)
        if match is None:
            return "text"
        fields.add(match[1].lower())
    if len(fields) >= 2 and fields & _MAIL_FIELDS:
        return "eml"
    return "text"


def sniff(path: Path) -> str:
    """The file's kind by its content, never by its name."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK"):
        return _zip_kind(path)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return ole_kind(path)
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return text_kind(head)


def extract(path: Path, depth: int = 0) -> Extracted:
    """Extract in this process (trusted input, or inside the sandbox child)."""
    kind = sniff(path)
    if kind == "pdf":
        return extract_pdf(path)
    if kind == "docx":
        return extract_docx(path)
    if kind == "odt":
        return extract_odt(path)
    if kind == "doc":
        return extract_doc(path)
    if kind == "msg":
        return extract_msg(path, depth)
    if kind == "broken":
        return Extracted([], "unknown", warnings=[
            "unreadable: a damaged Office file (the compound file cannot be opened)"
        ])  # fmt: skip
    if kind == "ole":
        return Extracted([], "unknown", warnings=[
            "unsupported: an encrypted Office document; save it without a password"
        ])  # fmt: skip
    if kind == "binary":
        return Extracted([], "unknown", warnings=[
            "unsupported: not a PDF, Word, OpenDocument, RTF, e-mail, web page or text file"
        ])  # fmt: skip
    data = path.read_bytes()
    if kind == "rtf":
        return extract_rtf(data)
    if kind == "html":
        return extract_html(data)
    if kind == "eml":
        return extract_eml(data, depth)
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
