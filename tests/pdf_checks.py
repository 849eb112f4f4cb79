"""Checks that a PDF Remiss writes can be read by assistive technology (issue 17 §5): tagged
(MarkInfo and a structure tree), its language and title declared, every page's content in the
structure, headings first and in levels, and the structure's reading order the same as the order
the content is drawn in. PDF/A conformance itself is checked by veraPDF-like rules in
tests/test_reply_document.py; this is about the tags."""

from __future__ import annotations

import io
import itertools

import pikepdf


def _structure(pdf: pikepdf.Pdf) -> tuple[list[tuple[int, int]], list[str]]:
    """The marked content in structure order as (page, MCID), and the element types."""
    page_of = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    content: list[tuple[int, int]] = []
    types: list[str] = []

    def visit(node: object, page: int) -> None:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                visit(kid, page)
        elif isinstance(node, int):
            content.append((page, node))
        elif isinstance(node, pikepdf.Dictionary):
            if "/Pg" in node:
                page = page_of.get(node.Pg.objgen, page)
            if node.get("/Type") == "/MCR":
                content.append((page, int(node.MCID)))
                return
            if node.get("/Type") == "/OBJR":
                return
            if "/S" in node:
                types.append(str(node.S))
            if "/K" in node:
                visit(node.K, page)

    visit(pdf.Root.StructTreeRoot.K, -1)
    return content, types


def assert_accessible_pdf(data: bytes, *, lang: str = "sv", title: str | None = None) -> list[str]:
    """Raise AssertionError where the PDF falls short; return its structure's element types."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.Root.MarkInfo.Marked is True, "not marked as tagged"
        assert "/StructTreeRoot" in pdf.Root, "no structure tree"
        assert str(pdf.Root.Lang) == lang, f"language {pdf.Root.get('/Lang')!r}"
        declared = str(pdf.docinfo.get("/Title", ""))
        assert declared, "no title"
        if title is not None:
            assert declared == title
        content, types = _structure(pdf)
        assert content, "no content in the structure"
        pages_in_structure = {page for page, _mcid in content}
        assert pages_in_structure == set(range(len(pdf.pages))), "a page outside the structure"
        assert content == sorted(content), "the reading order differs from the drawing order"
        assert len(set(content)) == len(content), "content tagged twice"
        headings = [t for t in types if t in ("/H1", "/H2", "/H3", "/H4", "/H5", "/H6")]
        assert headings, "no headings"
        assert headings[0] == "/H1", f"the first heading is {headings[0]}"
        for previous, current in itertools.pairwise(headings):
            assert int(current[2]) <= int(previous[2]) + 1, f"{previous} then {current}"
        return types
