"""An e-mail as the mail intake needs it: who sent it, its subject, date and Message-ID, its
text and its attachments, from an RFC 5322 message (.eml, or as an IMAP server gives it) or an
Outlook .msg; and the case numbers it names. Plain Python, no Django (docs/architecture.md).
The text of the attachments is the reader's (remiss.reading.extract), not this module's."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import sys
import tempfile
from dataclasses import dataclass, field
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

from remiss.reading.extract import (
    MAX_ATTACHMENTS,
    mail_body,
    mail_payloads,
    outlook_body,
    outlook_payloads,
)
from remiss.reading.sandbox import ProbeFailed, run_probe

MAX_SUBJECT = 500


@dataclass(frozen=True)
class MailMessage:
    sender_name: str
    sender_address: str  # lower case; empty when the message names none
    subject: str
    sent_at: dt.datetime | None
    message_id: str
    text: str
    attachments: list[tuple[str, bytes]] = field(default_factory=list)
    # A delivery failure report (a bounce, RFC 3464): the addresses that could not be reached
    # and why; `text` then also holds the returned message's headers (its subject).
    failed_recipients: list[str] = field(default_factory=list)
    failure_reason: str = ""


class NotAMessage(ValueError):
    """The bytes are not an e-mail that can be read."""


def _first_address(header: str | None) -> tuple[str, str]:
    pairs = getaddresses([header or ""])
    for name, address in pairs:
        if "@" in address:
            return name.strip(), address.strip().lower()
    return "", ""


def _date(header: str | None) -> dt.datetime | None:
    if not header:
        return None
    try:
        value = parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def parse_eml(data: bytes) -> MailMessage:
    """An RFC 5322 message. Raises NotAMessage when it has neither a sender nor a subject nor
    a body (any byte string parses as some message)."""
    try:
        message = BytesParser(policy=policy.default).parsebytes(data)
    except Exception as exc:  # the parser is lenient; this is the last guard
        raise NotAMessage(str(exc)) from exc
    name, address = _first_address(str(message.get("From", "") or ""))
    subject = " ".join(str(message.get("Subject", "") or "").split())[:MAX_SUBJECT]
    try:
        text = mail_body(message)
    except (LookupError, ValueError, AttributeError):
        text = ""
    attachments: list[tuple[str, bytes]] = []
    # A damaged part ends the list of attachments; the message itself is kept.
    with contextlib.suppress(Exception):
        for file_name, payload in mail_payloads(message):
            if len(attachments) >= MAX_ATTACHMENTS:
                break
            if payload:
                attachments.append((file_name, payload))
    failed, reason, returned = _delivery_failures(message)
    if returned:
        text = f"{text}\n{returned}"
    if not (address or subject or text.strip() or attachments):
        raise NotAMessage("no sender, subject, text or attachment")
    return MailMessage(
        sender_name=name,
        sender_address=address,
        subject=subject,
        sent_at=_date(message.get("Date")),
        message_id=str(message.get("Message-ID", "") or "").strip()[:300],
        text=text,
        attachments=attachments,
        failed_recipients=failed,
        failure_reason=reason,
    )


def _delivery_failures(message: EmailMessage) -> tuple[list[str], str, str]:
    """The failed recipients of a delivery status notification, the reason given, and the
    returned message's headers; nothing for any other message."""
    if message.get_content_type() != "multipart/report":
        return [], "", ""
    failed: list[str] = []
    reason = ""
    returned: list[str] = []
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "message/delivery-status":
            blocks = part.get_payload()
            for block in blocks if isinstance(blocks, list) else []:
                if isinstance(block, str):
                    continue
                action = str(block.get("Action", "")).strip().lower()
                recipient = block.get("Final-Recipient") or block.get("Original-Recipient")
                if recipient and action.startswith("failed"):
                    address = str(recipient).split(";")[-1].strip().strip("<>").lower()
                    if "@" in address and address not in failed:
                        failed.append(address)
                    reason = (
                        reason
                        or " ".join(
                            str(block.get("Diagnostic-Code") or block.get("Status") or "").split()
                        )[:200]
                    )
        elif kind in ("text/rfc822-headers", "message/rfc822-headers"):
            try:
                returned.append(str(part.get_content()))
            except (LookupError, ValueError):
                continue
        elif kind == "message/rfc822":
            inner = part.get_payload()
            if isinstance(inner, list) and inner and not isinstance(inner[0], str):
                returned.append(f"Subject: {inner[0].get('Subject', '')}")
    return failed, reason, "\n".join(returned)[:5000]


def parse_msg(data: bytes) -> MailMessage:
    """An Outlook message (.msg) through extract-msg."""
    import extract_msg as outlook

    with tempfile.TemporaryDirectory(prefix="remiss-msg-") as folder:
        path = Path(folder) / "message.msg"
        path.write_bytes(data)
        try:
            message = outlook.openMsg(str(path), delayAttachments=False)
        except Exception as exc:  # extract-msg raises many kinds on a damaged file
            raise NotAMessage(str(exc)) from exc
        try:
            sender = str(getattr(message, "sender", "") or "")
            name, address = _first_address(sender)
            if not address:
                try:
                    address = str(Address(addr_spec=sender.strip())).lower()
                except (ValueError, IndexError):
                    address = ""
            body = outlook_body(message)
            attachments = [(n, data) for n, data in outlook_payloads(message) if data]
            attachments = attachments[:MAX_ATTACHMENTS]
            date = getattr(message, "date", None)
            return MailMessage(
                sender_name=name or sender.split("<")[0].strip(),
                sender_address=address,
                subject=" ".join(str(getattr(message, "subject", "") or "").split())[:MAX_SUBJECT],
                sent_at=date if isinstance(date, dt.datetime) else None,
                message_id=str(getattr(message, "messageId", "") or "").strip()[:300],
                text=body,
                attachments=attachments,
            )
        finally:
            message.close()


# "Fi2026/00013", "Fi 2026/13", "KS 2020/132", and the file-name form "Fi2026-00013".
_CASE_NUMBER = re.compile(
    r"(?<![\wÅÄÖåäö])(?P<prefix>[A-ZÅÄÖ][A-ZÅÄÖa-zåäö]{0,5})\s?(?P<year>(?:19|20)\d\d)"
    r"\s?[/-]\s?(?P<serial>\d{1,7})(?!\d)"
)


def case_numbers_in(text: str) -> set[tuple[str, int, int]]:
    """Every case number the text names, as (prefix in upper case, year, serial)."""
    return {
        (match["prefix"].upper(), int(match["year"]), int(match["serial"]))
        for match in _CASE_NUMBER.finditer(text or "")
        if int(match["serial"]) > 0
    }


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MESSAGE_FILE = "message"


def parse(data: bytes) -> MailMessage:
    """An Outlook message or an RFC 5322 one, told by its first bytes."""
    return parse_msg(data) if data.startswith(OLE_MAGIC) else parse_eml(data)


def _parse_folder(folder: Path) -> dict[str, object]:
    """The child's side: parse folder/message, write each attachment beside it, and describe
    the message as JSON (the attachments by the files they were written to)."""
    try:
        message = parse((folder / MESSAGE_FILE).read_bytes())
    except NotAMessage as exc:
        return {"error": str(exc)[:300]}
    attachments = []
    for index, (name, data) in enumerate(message.attachments):
        (folder / f"attachment-{index}").write_bytes(data)
        attachments.append([name, f"attachment-{index}"])
    return {
        "sender_name": message.sender_name,
        "sender_address": message.sender_address,
        "subject": message.subject,
        "sent_at": message.sent_at.isoformat() if message.sent_at else None,
        "message_id": message.message_id,
        "text": message.text,
        "attachments": attachments,
        "failed_recipients": message.failed_recipients,
        "failure_reason": message.failure_reason,
    }


def parse_isolated(data: bytes, *, timeout: float = 60) -> MailMessage:
    """Parse in a child process with time and memory limits (remiss.reading.sandbox): a
    hostile message may kill the child, never the caller. Raises NotAMessage when it cannot be
    read, in time or at all."""
    with tempfile.TemporaryDirectory(prefix="remiss-message-") as name:
        folder = Path(name)
        (folder / MESSAGE_FILE).write_bytes(data)
        try:
            result = run_probe("remiss.reading.message", folder, timeout=timeout)
        except ProbeFailed as exc:
            raise NotAMessage(f"the message could not be read ({exc.reason})") from exc
        if "error" in result:
            raise NotAMessage(str(result["error"]))
        sent_at = result.get("sent_at")
        return MailMessage(
            sender_name=str(result["sender_name"]),
            sender_address=str(result["sender_address"]),
            subject=str(result["subject"]),
            sent_at=dt.datetime.fromisoformat(sent_at) if isinstance(sent_at, str) else None,
            message_id=str(result["message_id"]),
            text=str(result["text"]),
            attachments=[
                (str(label), (folder / Path(str(file)).name).read_bytes())
                for label, file in result["attachments"]
            ],
            failed_recipients=[str(a) for a in result.get("failed_recipients") or []],
            failure_reason=str(result.get("failure_reason") or ""),
        )


if __name__ == "__main__":
    sys.stdout.write(json.dumps(_parse_folder(Path(sys.argv[1]))) + "\n")
