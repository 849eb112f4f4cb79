"""`python -m remiss.reading.probe FILE`: open an untrusted PDF, OOXML or OLE file and print, as
one JSON line, its kind, page count and whether it is encrypted or broken (for an OLE file:
old Word, Outlook message or other). Run through sandbox."""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path
from typing import Any

from remiss.reading.extract import MAX_UNZIPPED_BYTES, ole_kind

# A zip of more members than this is refused too (its expanded size: MAX_UNZIPPED_BYTES).
MAX_ZIP_MEMBERS = 10_000


def probe_pdf(path: Path) -> dict[str, Any]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            return {"kind": "pdf", "encrypted": True}
        return {"kind": "pdf", "broken": True}
    try:
        return {"kind": "pdf", "pages": len(document), "encrypted": False}
    finally:
        document.close()


def probe_zip(path: Path) -> dict[str, Any]:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                return {"kind": "zip", "bomb": True}
            if sum(m.file_size for m in members) > MAX_UNZIPPED_BYTES:
                return {"kind": "zip", "bomb": True}
            names = {m.filename for m in members}
            if any(m.flag_bits & 0x1 for m in members):
                return {"kind": "zip", "encrypted": True}
            if archive.testzip() is not None:
                return {"kind": "zip", "broken": True}
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
        return {"kind": "zip", "broken": True}
    return {"kind": "zip", "has_word_document": "word/document.xml" in names}


def main(argv: list[str]) -> None:
    path = Path(argv[1])
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"%PDF"):
        result = probe_pdf(path)
    elif head.startswith(b"PK"):
        result = probe_zip(path)
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        result = {"kind": "ole", "ole_kind": ole_kind(path)}  # doc, msg or ole
    else:
        result = {"kind": "other"}
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main(sys.argv)
