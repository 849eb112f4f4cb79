"""The reader's warnings in the user's language. The reading keeps them as stable English
codes with details ("ocr: pages 2, 3 were read with OCR …", see remiss.reading.extract); the
page shows what each means and what to do, in Swedish or English."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _


def _pages(detail: str) -> str:
    match = re.search(r"pages?\s+([\d,\s–-]+?)(?:\s+(?:were|failed)|$)", detail)
    return match[1].strip(" ,") if match else ""


def _number(detail: str, pattern: str) -> str:
    match = re.search(pattern, detail)
    return match[1] if match else "?"


def describe(warning: str) -> str:
    """One warning as a sentence for the person confirming the reading."""
    code, _sep, detail = warning.partition(":")
    code = code.strip()
    if code == "encrypted":
        return _("The PDF is password-protected. Ask the sender for a copy without a password.")
    if code == "empty":
        return _("The PDF has no pages.")
    if code == "too long":
        return _("Only the first %(read)s of the document's %(total)s pages were read.") % {
            "read": _number(detail, r"first\s+(\d+)"),
            "total": _number(detail, r"of\s+(\d+)"),
        }
    if code == "ocr":
        return _(
            "Pages %(pages)s are images and were read with text recognition (OCR): check "
            "the reading against the document."
        ) % {"pages": _pages(detail)}
    if code == "ocr-unavailable":
        return _(
            "Some pages are images without text and need text recognition (OCR), but "
            "Tesseract is not installed on the server."
        )
    if code == "ocr-failed":
        return _("Text recognition (OCR) of pages %(pages)s failed.") % {"pages": _pages(detail)}
    if code == "refused":
        return _("The file was refused: it unpacks to far more than its size (a zip bomb?).")
    if code == "unsupported":
        if "encrypted" in detail:
            return _(
                "The Office document is encrypted. Ask the sender for a copy without a password."
            )
        if "antiword" in detail:
            return _(
                "An old Word file (.doc) cannot be read on this server (antiword is not "
                "installed): save it as .docx and upload it again."
            )
        return _(
            "The file is not a kind the reader knows (PDF, Word, OpenDocument, RTF, e-mail, "
            "web page or text)."
        )
    if code == "mail":
        return _(
            "The e-mail only forwards the reply: the reply was read from its attachment %(names)s."
        ) % {"names": detail.replace("the reply was read from the attachment", "").strip()}
    if code == "embedded":
        return _(
            "The reply carries its sender's own data (remissvar.json, made by Remiss), and it "
            "matches the text: the stances and the decision are taken from it."
        )
    if code == "embedded-mismatch":
        return _(
            "The reply carries data (remissvar.json) that names a sender, a case number or a "
            "report its text does not; it was not believed, and the text was read instead."
        )
    if code == "embedded-invalid":
        return _("The reply carries data (remissvar.json) that could not be read; the text was.")
    if code == "timeout":
        return _(
            "Reading took longer than %(seconds)s seconds and was stopped; the file may be "
            "damaged or built to hang the reader."
        ) % {"seconds": _number(detail, r"than\s+([\d.]+)")}
    if code == "crashed":
        return _("The file made the reader fail; it may be damaged or hostile.")
    if code == "no-text":
        return _("The document holds no readable text.")
    if code == "unreadable":
        # The detail is the parser's own message (it may quote the file's hostile content, a
        # path or an entity): it stays in the stored reading, never on the page.
        if "PDF" in detail:
            return _("The PDF cannot be opened; it may be damaged.")
        if "Word" in detail:
            return _("The file is not a Word document that can be opened; it may be damaged.")
        return _("The file cannot be read; it may be damaged.")
    return _("The reader noted a problem with the file.")
