"""Sending a decided reply: the send-check and the e-mail's words. Pure Python, no Django.

The checks follow the government's guidance for replying to a referral (Statsrådsberedningen,
SB PM 2021:1 "Svara på remiss") and the referral's own instructions: the ministry's case number
in the reply's heading and in the e-mail's subject, the report named, the reply in PDF and in
Word, files named "Fi2019-03090 Stockholms stad", sent to the addresses the referral names,
before the deadline; and the organisation's own rules: the deciding body's minutes approved
(justerade) before the reply goes, who decided and who presented shown in the reply.

Each check has a code; the application gives it its words in the user's language.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

from remiss.writing.swedish import file_name_part, genitive, swedish_date

Result = Literal["ok", "warning", "failure"]

# A warning may be overridden with a recorded reason; a failure blocks sending.
OK: Result = "ok"
WARNING: Result = "warning"
FAILURE: Result = "failure"

ADDRESS = re.compile(r"[^@\s<>,;]+@[^@\s<>,;]+\.[A-Za-z]{2,}")


@dataclass(frozen=True)
class SendFacts:
    """What the checks look at, gathered from the case and the reply as rendered."""

    organisation: str  # "Stockholms stad"
    issuer_dnr: str  # "Fi2019/03090", "" when the referral gave none
    report_ref: str  # "SOU 2019:43"
    report_title: str
    reply_text: str  # the reply as rendered, plain text
    file_names: list[str]  # the rendered files' names
    formats_present: list[str]  # "pdf", "docx": rendered and well-formed
    addresses: list[str]  # where the reply is to go
    addresses_from_referral: bool  # named by the referral (not only the register's mailbox)
    deadline: dt.date
    today: dt.date
    decided_by: str  # the deciding body, "" when no decision is recorded
    decided_on: dt.date | None
    minutes_approved: bool
    presenter: str
    by_email: bool = True  # False: through Remiss, or registered as sent in another way
    subject: str = ""


@dataclass(frozen=True)
class Check:
    code: str
    result: Result
    # Values for the message: {"number": "Fi2019/03090", ...}
    values: dict[str, str] = field(default_factory=dict)


def expected_file_base(organisation: str, issuer_dnr: str) -> str:
    """ "Fi2019-03090 Stockholms stad": the ministry's number without slashes, then the body."""
    return file_name_part(f"{issuer_dnr} {organisation}")


def email_subject(organisation: str, issuer_dnr: str, report_ref: str) -> str:
    """The ministry's number and the body's name first, as the guidance asks; then the report."""
    first = " ".join(part for part in (issuer_dnr, organisation) if part)
    return f"{first} – remissvar {report_ref}".strip() if report_ref else f"{first} – remissvar"


def email_body(
    *,
    organisation: str,
    issuer: str,
    report_title: str,
    report_ref: str,
    issuer_dnr: str,
    case_number: str,
    decided_by: str,
    decided_on: dt.date | None,
    file_names: list[str],
) -> str:
    """The covering e-mail, in Swedish as the reply itself."""
    report = f"{report_title} ({report_ref})" if report_ref else report_title
    numbers = f"er beteckning {issuer_dnr}, vår beteckning {case_number}"
    if not issuer_dnr:
        numbers = f"vår beteckning {case_number}"
    lines = [
        f"Till {issuer}",
        "",
        f"Härmed översänds {genitive(organisation)} remissvar på {report} ({numbers}).",
    ]
    if decided_by and decided_on:
        lines.append(f"Svaret beslutades av {decided_by.lower()} {swedish_date(decided_on)}.")
    lines += ["", "Bifogade filer:", *(f"– {name}" for name in file_names), "", organisation]
    return "\n".join(lines) + "\n"


def send_checks(facts: SendFacts) -> list[Check]:
    """Every check with its result, in the order a registrar reads them."""
    checks: list[Check] = []
    number = facts.issuer_dnr
    if not number:
        checks.append(Check("issuer_dnr", WARNING))
    elif f"Er beteckning {number}" in facts.reply_text:
        checks.append(Check("issuer_dnr", OK, {"number": number}))
    else:
        checks.append(Check("issuer_dnr", FAILURE, {"number": number}))
    if facts.by_email:
        in_subject = bool(number) and number in facts.subject
        result = OK if in_subject else (WARNING if not number else FAILURE)
        checks.append(Check("subject", result, {"subject": facts.subject}))
    named = (facts.report_ref and facts.report_ref in facts.reply_text) or (
        facts.report_title and facts.report_title in facts.reply_text
    )
    report = facts.report_ref or facts.report_title
    checks.append(Check("report", OK if named else FAILURE, {"report": report}))
    missing = [fmt for fmt in ("pdf", "docx") if fmt not in facts.formats_present]
    checks.append(
        Check("formats", FAILURE if missing else OK, {"missing": ", ".join(missing).upper()})
    )
    base = expected_file_base(facts.organisation, number)
    wrong = [name for name in facts.file_names if name.rsplit(".", 1)[0] != base]
    if not number:
        checks.append(Check("file_names", WARNING, {"name": base}))
    else:
        checks.append(Check("file_names", FAILURE if wrong else OK, {"name": base}))
    if facts.by_email:
        invalid = [a for a in facts.addresses if not ADDRESS.fullmatch(a)]
        if not facts.addresses or invalid:
            checks.append(Check("addresses", FAILURE, {"addresses": ", ".join(invalid)}))
        else:
            result = OK if facts.addresses_from_referral else WARNING
            checks.append(Check("addresses", result, {"addresses": ", ".join(facts.addresses)}))
    late = facts.today > facts.deadline
    checks.append(
        Check("deadline", WARNING if late else OK, {"deadline": swedish_date(facts.deadline)})
    )
    if not facts.decided_by:
        checks.append(Check("decided", FAILURE))
    else:
        on = swedish_date(facts.decided_on) if facts.decided_on else ""
        shown = f"beslutande: {facts.decided_by.lower()}" in facts.reply_text.lower()
        values = {"body": facts.decided_by, "date": on}
        checks.append(Check("decided", OK if shown else FAILURE, values))
        checks.append(Check("minutes", OK if facts.minutes_approved else FAILURE,
                            {"body": facts.decided_by}))  # fmt: skip
    shown = bool(facts.presenter) and bool(
        re.search(rf"Föredragande: [^\n]*{re.escape(facts.presenter)}", facts.reply_text)
    )
    checks.append(Check("presenter", OK if shown else WARNING, {"presenter": facts.presenter}))
    return checks


def failures(checks: list[Check]) -> list[Check]:
    return [c for c in checks if c.result == FAILURE]


def warnings(checks: list[Check]) -> list[Check]:
    return [c for c in checks if c.result == WARNING]
