"""Real test documents made on the fly: text PDFs, Word files, e-mails (.eml, Outlook .msg),
encrypted and hostile ones."""

from __future__ import annotations

import io
import subprocess
import zipfile
from collections.abc import Sequence
from pathlib import Path

import docx
from msoffcrypto.format.ooxml import OOXMLFile


def _pdf_string(text: str) -> str:
    # WinAnsi (cp1252) covers å, ä, ö; escape PDF string delimiters.
    raw = text.encode("cp1252", "replace").decode("latin-1")
    return raw.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[str]) -> bytes:
    """A valid text PDF with one page per string (Helvetica, WinAnsiEncoding)."""
    objects: list[bytes] = []
    page_ids = [4 + 2 * i for i in range(len(pages))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{pid} 0 R" for pid in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    for index, text in enumerate(pages):
        lines = text.splitlines() or [""]
        body = (
            "BT /F1 11 Tf 56 780 Td 14 TL "
            + " ".join(f"({_pdf_string(line)}) '" for line in lines)
            + " ET"
        )
        stream = body.encode("latin-1")
        content_id = page_ids[index] + 1
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content_id} 0 R >>".encode()
        )
        objects.append(
            b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream"
        )
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe5\xe4\xf6\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def encrypt_pdf(data: bytes, tmp_path: Path) -> bytes:
    """The same PDF, AES-256 encrypted with a user password, by qpdf."""
    source, target = tmp_path / "plain.pdf", tmp_path / "locked.pdf"
    source.write_bytes(data)
    subprocess.run(
        ["qpdf", "--encrypt", "hemligt", "hemligt", "256", "--", str(source), str(target)],
        check=True,
    )
    return target.read_bytes()


def make_docx(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    document.core_properties.language = "sv-SE"
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def encrypt_docx(data: bytes) -> bytes:
    """A password-protected Word file, as Word itself writes it (an OLE container)."""
    source = OOXMLFile(io.BytesIO(data))
    out = io.BytesIO()
    source.encrypt("hemligt", out)
    return out.getvalue()


def make_zip_bomb_docx(expanded_mb: int = 600) -> bytes:
    """A small .docx whose one member expands to `expanded_mb` megabytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(expanded_mb):
                member.write(block)
    return out.getvalue()


def make_scanned_pdf(lines: list[str]) -> bytes:
    """An image-only PDF (no text layer), like a scanned letter: text drawn at 300 dpi."""
    from PIL import Image, ImageDraw, ImageFont

    page = Image.new("L", (2480, 3508), 255)  # A4 at 300 dpi
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 48)
    for index, line in enumerate(lines):
        draw.text((200, 300 + index * 90), line, fill=0, font=font)
    out = io.BytesIO()
    page.save(out, format="PDF", resolution=300)
    return out.getvalue()


def make_eml(
    body: str,
    attachments: Sequence[tuple[str, bytes, str]] = (),
    *,
    sender: str = "Region Gävleborg <registrator@regiongavleborg.se>",
    subject: str = "Remissvar S2020/07113",
    html: bool = False,
) -> bytes:
    """A real MIME message (Python's email package) as a mail client saves it (.eml)."""
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = sender
    message["To"] = "s.registrator@regeringskansliet.se"
    message["Subject"] = subject
    message["Date"] = "Wed, 03 Mar 2021 14:02:11 +0100"
    message["Message-ID"] = "<20210303140211.1@regiongavleborg.se>"
    if html:
        message.set_content(body, subtype="html")
    else:
        message.set_content(body)
    for name, data, content_type in attachments:
        if content_type == "message/rfc822":  # a forwarded mail, as mail clients attach it
            from email import message_from_bytes, policy

            message.add_attachment(message_from_bytes(data, policy=policy.default))
            continue
        maintype, subtype = content_type.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return bytes(message)


def make_msg(
    body: str,
    attachments: Sequence[tuple[str, bytes]] = (),
    *,
    sender: str = "Region Gävleborg",
    address: str = "registrator@regiongavleborg.se",
    subject: str = "Remissvar S2020/07113",
) -> bytes:
    """An Outlook message (.msg, MS-OXMSG): a compound file written by extract-msg's OleWriter
    with the named-property storage, the message's string properties and each attachment by
    value."""
    import struct
    import tempfile

    from extract_msg import OleWriter

    def utf16(text: str) -> bytes:
        return text.encode("utf-16-le")

    def entry(tag: int, value: int) -> bytes:
        return struct.pack("<IIQ", tag, 6, value)  # readable and writable

    writer = OleWriter()
    strings = {0x001A: "IPM.Note", 0x0037: subject, 0x1000: body, 0x0C1A: sender,
               0x0C1F: address, 0x0042: sender, 0x0065: address}  # fmt: skip
    count = len(attachments)
    properties = b"\0" * 8 + struct.pack("<IIII", 0, count, 0, count) + b"\0" * 8
    for identifier, text in strings.items():
        writer.addEntry(f"__substg1.0_{identifier:04X}001F", utf16(text))
        properties += entry((identifier << 16) | 0x001F, len(utf16(text)) + 2)
    writer.addEntry("__properties_version1.0", properties)
    writer.addEntry("__nameid_version1.0", storage=True)
    for stream in ("00020102", "00030102", "00040102"):
        writer.addEntry(f"__nameid_version1.0/__substg1.0_{stream}", b"")
    for index, (name, data) in enumerate(attachments):
        folder = f"__attach_version1.0_#{index:08X}"
        writer.addEntry(folder, storage=True)
        writer.addEntry(f"{folder}/__substg1.0_37010102", data)
        writer.addEntry(f"{folder}/__substg1.0_3707001F", utf16(name))
        writer.addEntry(
            f"{folder}/__properties_version1.0",
            b"\0" * 8
            + entry(0x37050003, 1)  # attached by value
            + entry(0x0E210003, index)
            + entry(0x37010102, len(data))
            + entry(0x3707001F, len(utf16(name)) + 2),
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "message.msg"
        writer.write(str(path))
        return path.read_bytes()
