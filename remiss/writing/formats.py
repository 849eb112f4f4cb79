"""Writing reply blocks as text, HTML, PDF/A and Word. No database; PDF needs WeasyPrint."""

from __future__ import annotations

import html
import io
from collections.abc import Sequence
from typing import Any

from remiss.writing.reply import Block

CSS = """
@page { size: A4; margin: 25mm 25mm 25mm 30mm;
        @bottom-right { content: counter(page); font-size: 9pt; } }
html { font-family: "Liberation Serif", "DejaVu Serif", serif; font-size: 12pt; }
body { margin: 0; line-height: 1.35; }
.doc-header { font-family: "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 10pt;
              margin: 0 0 18pt; }
h1 { font-family: "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 16pt;
     margin: 0 0 12pt; }
h2 { font-family: "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 13pt;
     margin: 18pt 0 6pt; }
h3 { font-family: "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 12pt;
     margin: 14pt 0 4pt; }
p { margin: 0 0 8pt; orphans: 2; widows: 2; }
p.signature { margin-top: 24pt; letter-spacing: 0.02em; }
table { border-collapse: collapse; margin: 0 0 12pt; font-size: 9pt; }
caption { text-align: left; font-weight: bold; margin-bottom: 4pt; }
th, td { border: 0.5pt solid #555; padding: 2pt 4pt; text-align: left; vertical-align: top; }
.page-break { break-before: page; }
"""


def to_text(blocks: Sequence[Block]) -> str:
    """Plain text: blocks separated by blank lines, a form feed at each page break."""
    parts: list[str] = []
    for block in blocks:
        if block.kind == "page_break":
            parts.append("\f")
        elif block.kind == "table":
            parts.append("\n".join([block.text, *("\t".join(row) for row in block.rows)]))
        else:
            parts.append(block.text)
    text = "\n\n".join(parts)
    return text.replace("\n\n\f\n\n", "\n\f\n") + "\n"


_HTML_TAGS = {
    "header": ("p", "doc-header"),
    "title": ("h1", ""),
    "heading": ("h2", ""),
    "subheading": ("h3", ""),
    "paragraph": ("p", ""),
    "signature": ("p", "signature"),
}


def to_html(blocks: Sequence[Block], *, title: str, lang: str = "sv") -> str:
    """A complete HTML document. Every text is escaped: nothing in the data can add markup."""
    body: list[str] = []
    for block in blocks:
        if block.kind == "page_break":
            body.append('<div class="page-break"></div>')
            continue
        if block.kind == "table":
            body.append(_html_table(block))
            continue
        tag, css_class = _HTML_TAGS[block.kind]
        attribute = f' class="{css_class}"' if css_class else ""
        body.append(f"<{tag}{attribute}>{html.escape(block.text)}</{tag}>")
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _html_table(block: Block) -> str:
    """A data table: a caption, column headers, and the first cell of each row as its header."""
    head, *rows = block.rows
    cells = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in head)
    lines = [
        f"<table><caption>{html.escape(block.text)}</caption>",
        f"<thead><tr>{cells}</tr></thead>",
    ]
    lines.append("<tbody>")
    for row in rows:
        first, *rest = row
        data = "".join(f"<td>{html.escape(c)}</td>" for c in rest)
        lines.append(f'<tr><th scope="row">{html.escape(first)}</th>{data}</tr>')
    lines.append("</tbody></table>")
    return "\n".join(lines)


def _no_fetch_fetcher() -> Any:  # a weasyprint.urls.URLFetcher
    """The PDF renderer may fetch nothing: not the network, not the file system. Every
    reference is refused (and the resource left out); nothing is opened."""
    from weasyprint.urls import URLFetcher

    class RefuseAll(URLFetcher):  # type: ignore[misc]  # weasyprint has no type information
        def fetch(self, url: str, headers: object = None) -> None:
            raise ValueError(f"fetching is not allowed: {url}")

    return RefuseAll(fail_on_errors=False)


def html_to_pdf(
    document: str, *, title: str, attachments: Sequence[tuple[str, bytes, str]] = ()
) -> bytes:
    """Tagged PDF/A-3b with embedded fonts; no resource is fetched from anywhere.
    `attachments`: (file name, content, description) embedded as data files (PDF/A-3 allows
    them: the reply's decided reading as JSON)."""
    import pikepdf
    import weasyprint

    embedded = [
        weasyprint.Attachment(string=content, name=name, description=description,
                              relationship="Data")
        for name, content, description in attachments
    ]  # fmt: skip
    pdf = weasyprint.HTML(
        string=document, url_fetcher=_no_fetch_fetcher(), base_url=None
    ).write_pdf(pdf_variant="pdf/a-3b", pdf_tags=True, uncompressed_pdf=False, attachments=embedded)
    # WeasyPrint leaves empty /Pattern and /Shading resource dictionaries that make PDF/A
    # validators stop short; they carry nothing, so they are removed (STACK.md).
    with pikepdf.open(io.BytesIO(pdf)) as cleaned:
        for page in cleaned.pages:
            resources = page.obj.get("/Resources")
            if resources is None:
                continue
            for key in ("/Pattern", "/Shading"):
                value = resources.get(key)
                if isinstance(value, pikepdf.Dictionary) and len(value.keys()) == 0:
                    del resources[key]
        cleaned.docinfo["/Title"] = title
        out = io.BytesIO()
        cleaned.save(out)
    return out.getvalue()


def to_docx(blocks: Sequence[Block], *, title: str, author: str) -> bytes:
    """Word with real heading styles (Title, Heading 1, Heading 2) and Swedish language."""
    import docx
    from docx.enum.text import WD_BREAK
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    properties = document.core_properties
    properties.title, properties.author, properties.language = title, author, "sv-SE"
    for style_name in ("Normal", "Title", "Heading 1", "Heading 2"):
        style = document.styles[style_name]
        run_properties = style.element.get_or_add_rPr()
        language = run_properties.find(qn("w:lang"))
        if language is None:
            language = run_properties.makeelement(qn("w:lang"), {})
            run_properties.append(language)
        language.set(qn("w:val"), "sv-SE")
    document.styles["Normal"].font.name = "Liberation Serif"
    document.styles["Normal"].font.size = Pt(12)
    pending_break = False
    for block in blocks:
        if block.kind == "page_break":
            pending_break = True
            continue
        if block.kind == "table":
            paragraph = document.add_paragraph(block.text, style="Caption")
            _docx_table(document, block.rows)
        elif block.kind == "title":
            paragraph = document.add_heading(block.text, level=0)
        elif block.kind == "heading":
            paragraph = document.add_heading(block.text, level=1)
        elif block.kind == "subheading":
            paragraph = document.add_heading(block.text, level=2)
        else:
            paragraph = document.add_paragraph(block.text)
            if block.kind == "signature":
                paragraph.paragraph_format.space_before = Pt(24)
        if pending_break:
            paragraph.insert_paragraph_before().add_run().add_break(WD_BREAK.PAGE)
            pending_break = False
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_table(document: Any, rows: Sequence[Sequence[str]]) -> None:
    """A Word table whose first row repeats on each page as the header row."""
    from docx.oxml.ns import qn

    columns = len(rows[0])
    table = document.add_table(rows=len(rows), cols=columns)
    table.style = "Table Grid"
    cells = table._cells  # computed once: table.cell(r, c) recomputes the grid every time
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cells[r * columns + c].text = value
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = header.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
    header.append(repeat)
