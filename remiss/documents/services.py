"""Rendering a case's reply in the four formats, named as ministries ask."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from remiss.cases.models import Case
from remiss.documents.build import reply_data, reply_reading
from remiss.writing import formats
from remiss.writing.reply import ReplyData, map_text, reply_blocks
from remiss.writing.swedish import file_name_part

# The decided reply's reading (docs/reading.md), embedded in its PDF.
READING_ATTACHMENT = "remissvar.json"
FORMATS = {
    "txt": "text/plain; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class RenderedReply:
    content: bytes
    filename: str
    content_type: str


def reply_filename(case: Case, extension: str) -> str:
    """The issuer's case number without slashes, then the organisation ("Fi2019-03090
    Stockholms stad.pdf", as ministries ask); the own case number when the issuer's is unknown.
    Å, ä and ö are kept."""
    referral = getattr(case, "referral", None)
    number = referral.issuer_dnr if referral and referral.issuer_dnr else case.number
    return f"{file_name_part(f'{number} {case.registry.organisation.name}')}.{extension}"


def render_reply(
    case: Case,
    fmt: str,
    *,
    data: ReplyData | None = None,
    mask: Callable[[str], str] | None = None,
) -> RenderedReply:
    """The reply document. The caller has checked that the user may see the case. `data`: the
    reply's data when the caller has it already; `mask`: applied to every text of the document
    and of its embedded reading (publication, remiss.writing.masking)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    data = data or reply_data(case)
    blocks = reply_blocks(data)
    if mask is not None:
        blocks = map_text(blocks, mask)
    title = f"PM {data.memo_unit} (Dnr {data.case_number}) – {data.report_title}"
    if fmt == "txt":
        content = formats.to_text(blocks).encode("utf-8")
    elif fmt == "html":
        content = formats.to_html(blocks, title=title).encode("utf-8")
    elif fmt == "pdf":
        # The decided reply in the reading schema rides along, for a ministry's reader.
        reading = reply_reading(case, data, reply_filename(case, fmt)).to_json()
        decided_text = json.dumps(reading, ensure_ascii=False, indent=1)
        decided = (mask(decided_text) if mask else decided_text).encode("utf-8")
        content = formats.html_to_pdf(
            formats.to_html(blocks, title=title),
            title=title,
            attachments=[(READING_ATTACHMENT, decided, "Remissvaret som data (Remiss läsformat)")],
        )
    else:
        content = formats.to_docx(blocks, title=title, author=case.registry.organisation.name)
    return RenderedReply(content, reply_filename(case, fmt), FORMATS[fmt])
