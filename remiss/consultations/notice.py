"""The referral notice: a small JSON file (remiss.json) attached to every referral e-mailed by
Remiss, saying in a form a machine reads what the covering letter says to a person — who sends
it, their case number, the report, the deadline, the proposals and where to reply. Another
Remiss installation that receives the e-mail registers the referral from it by itself
(remiss.consultations.mail); a person reading the e-mail can ignore it. Pure: no database.

The notice is read as hostile input: bounded in size and count, every field checked, nothing
in it trusted beyond what it is used for (the sender is checked against the register of bodies
by the receiving side, not here). See docs/mail.md, "Referrals from another Remiss
installation".
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass

NOTICE_NAME = "remiss.json"
NOTICE_FORMAT = "remiss-referral/1"
MAX_NOTICE_BYTES = 64 * 1024
MAX_PROPOSALS = 300


@dataclass(frozen=True)
class NoticeProposal:
    number: str
    title: str
    text: str = ""


@dataclass(frozen=True)
class ReferralNotice:
    issuer: str  # the issuing body's name, as its register has it
    issuer_email: str  # its functional mailbox: replies go there
    case_number: str  # the issuer's case number (its dnr)
    report_ref: str
    report_title: str
    deadline: dt.date
    proposals: tuple[NoticeProposal, ...] = ()
    reply_link: str = ""  # the recipient's personal reply link, if it has one


def notice_bytes(notice: ReferralNotice) -> bytes:
    data = asdict(notice)
    data["deadline"] = notice.deadline.isoformat()
    return json.dumps({"format": NOTICE_FORMAT, **data}, ensure_ascii=False, indent=1).encode(
        "utf-8"
    )


def _text(data: dict[str, object], key: str, limit: int, required: bool = True) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or len(value) > limit or "\x00" in value:
        raise ValueError(key)
    value = value.strip()
    if required and not value:
        raise ValueError(key)
    return value


def read_notice(content: bytes) -> ReferralNotice | None:
    """The notice in an attachment's bytes, or None when they are not a valid one."""
    if len(content) > MAX_NOTICE_BYTES:
        return None
    try:
        data = json.loads(content.decode("utf-8"))
        if not isinstance(data, dict) or data.get("format") != NOTICE_FORMAT:
            return None
        proposals = data.get("proposals", [])
        if not isinstance(proposals, list) or len(proposals) > MAX_PROPOSALS:
            return None
        if not all(isinstance(p, dict) for p in proposals):
            return None
        issuer_email = _text(data, "issuer_email", 254)
        if issuer_email.count("@") != 1 or not issuer_email.rsplit("@", 1)[1]:
            return None
        reply_link = _text(data, "reply_link", 500, required=False)
        if reply_link and not reply_link.startswith(("https://", "http://")):
            return None
        return ReferralNotice(
            issuer=_text(data, "issuer", 200),
            issuer_email=issuer_email,
            case_number=_text(data, "case_number", 40),
            report_ref=_text(data, "report_ref", 40, required=False),
            report_title=_text(data, "report_title", 500),
            deadline=dt.date.fromisoformat(_text(data, "deadline", 10)),
            proposals=tuple(
                NoticeProposal(
                    number=_text(p, "number", 20),
                    title=_text(p, "title", 500),
                    text=_text(p, "text", 20_000, required=False),
                )
                for p in proposals
            ),
            reply_link=reply_link,
        )
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
