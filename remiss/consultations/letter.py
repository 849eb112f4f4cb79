"""The covering letter (remissmissiv) with the usual instructions, and the e-mails that carry
it. Pure Python: the text is Swedish, as ministries write it (corpus/referral-lists)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from remiss.writing.reply import Block
from remiss.writing.swedish import file_name_part, swedish_date


@dataclass(frozen=True)
class LetterData:
    issuer: str
    issuer_email: str
    case_number: str  # "Fi 2026/14"
    report_ref: str
    report_title: str
    deadline: dt.date
    date: dt.date
    recipients: Sequence[str]
    proposals: Sequence[tuple[str, str]]  # (number, title)
    signatory: str = ""


def file_name_number(case_number: str) -> str:
    """The case number as ministries want it in file names: no slashes, no spaces."""
    return file_name_part(re.sub(r"\s+", "", case_number))


def report_name(data: LetterData) -> str:
    return f"{data.report_title} ({data.report_ref})" if data.report_ref else data.report_title


def letter_blocks(data: LetterData) -> list[Block]:
    first = data.recipients[0] if data.recipients else "Boverket"
    example = f"{file_name_number(data.case_number)} {first}"
    blocks = [
        Block(
            "header",
            f"{data.issuer}\n{swedish_date(data.date, with_den=False)}\n{data.case_number}",
        ),
        Block("title", f"Remiss av {report_name(data)}"),
        Block("heading", "Remissinstanser"),
        Block("paragraph", "; ".join(data.recipients) + "." if data.recipients else ""),
        Block(
            "paragraph",
            f"{data.issuer} remitterar härmed {report_name(data)} till ovanstående "
            "remissinstanser.",
        ),
        Block("heading", "Så svarar ni"),
        Block(
            "paragraph",
            f"Remissvaren ska ha kommit in till {data.issuer} senast "
            f"{swedish_date(data.deadline)}. "
            f"Svaren bör skickas med e-post till {data.issuer_email} i två versioner: en i "
            "PDF-format och en i Word-format. Ange diarienumret "
            f"{data.case_number} i ämnesraden och i remissvaret.",
        ),
        Block(
            "paragraph",
            "Namnge filerna med diarienumret utan snedstreck följt av remissinstansens namn, "
            f"till exempel ”{example}”.",
        ),
        Block(
            "paragraph",
            "Remissinstanser som använder Remiss får remissen i sitt eget diarium och svarar "
            "därifrån. Övriga kan i stället lämna sina filer genom den personliga svarslänken "
            "i e-postmeddelandet.",
        ),
        Block(
            "paragraph",
            "Remissvarets disposition bör om möjligt följa betänkandets. Ta tydligt ställning "
            "till varje förslag och ange avsnittet. Om remissinstansen inte har några "
            "synpunkter räcker det att svaret säger det.",
        ),
        Block(
            "paragraph",
            "Myndigheter under regeringen är skyldiga att svara på remissen. För andra "
            "remissinstanser är remissen en inbjudan att lämna synpunkter.",
        ),
    ]
    if data.proposals:
        blocks.append(Block("heading", "Förslagen"))
        blocks.append(
            Block(
                "table",
                "Förslag att ta ställning till",
                (("Förslag", "Rubrik"), *((n, t) for n, t in data.proposals)),
            )
        )
    blocks.append(Block("signature", data.signatory or data.issuer))
    return blocks


def letter_file_name(data: LetterData, extension: str) -> str:
    return f"{file_name_number(data.case_number)} Remissmissiv.{extension}"


def invitation_email(
    data: LetterData, recipient: str, link: str, valid_until: dt.date
) -> tuple[str, str]:
    """Subject and body of the e-mail to a body that does not use Remiss."""
    subject = f"Remiss av {report_name(data)} ({data.case_number})"
    body = (
        f"Till {recipient}\n\n"
        f"{data.issuer} remitterar {report_name(data)}. Remissmissivet är bifogat som PDF och "
        "Word.\n\n"
        f"Remissvaren ska ha kommit in senast {swedish_date(data.deadline)}. Ange diarienumret "
        f"{data.case_number} i ämnesraden och i svaret.\n\n"
        "Ni kan lämna ert svar (PDF och Word) genom er personliga svarslänk:\n"
        f"{link}\n"
        f"Länken gäller till och med {swedish_date(valid_until)} och bara för er. Ni kan också "
        f"svara med e-post till {data.issuer_email}.\n\n"
        f"Med vänlig hälsning\n{data.issuer}\n"
    )
    return subject, body


def reminder_email(
    data: LetterData, recipient: str, link: str, valid_until: dt.date
) -> tuple[str, str]:
    subject = f"Påminnelse: remiss av {report_name(data)} ({data.case_number})"
    body = (
        f"Till {recipient}\n\n"
        f"Vi har ännu inte fått ert svar på remissen av {report_name(data)}. Remisstiden går ut "
        f"{swedish_date(data.deadline)}.\n\n"
        f"Ni kan lämna ert svar genom er personliga svarslänk:\n{link}\n"
        f"Länken gäller till och med {swedish_date(valid_until)}. Om ni redan har svarat, eller "
        "inte avser att svara, kan ni bortse från detta meddelande.\n\n"
        f"Med vänlig hälsning\n{data.issuer}\n"
    )
    return subject, body


def extension_email(data: LetterData, recipient: str, valid_until: dt.date) -> tuple[str, str]:
    subject = f"Förlängd remisstid: remiss av {report_name(data)} ({data.case_number})"
    body = (
        f"Till {recipient}\n\n"
        f"Remisstiden för {report_name(data)} har förlängts till "
        f"{swedish_date(data.deadline)}. Er svarslänk gäller nu till och med "
        f"{swedish_date(valid_until)}.\n\n"
        f"Med vänlig hälsning\n{data.issuer}\n"
    )
    return subject, body


def feedback_email(
    data: LetterData, recipient: str, link: str, open_until: dt.date
) -> tuple[str, str]:
    """Subject and body of the e-mail that shows a body how its reply was read."""
    subject = f"Så lästes ert remissvar: {report_name(data)} ({data.case_number})"
    body = (
        f"Till {recipient}\n\n"
        f"Tack för ert remissvar. {data.issuer} har nu publicerat sammanställningen av "
        f"remissvaren över {report_name(data)}.\n\n"
        "På den här sidan ser ni hur ert svar har lästs – ert ställningstagande till varje "
        "förslag och de citat som återges – och sammanställningen:\n"
        f"{link}\n\n"
        "Har vi läst ert svar fel kan ni säga det på sidan till och med "
        f"{swedish_date(open_until)}. Länken är personlig.\n\n"
        f"Med vänlig hälsning\n{data.issuer}\n"
    )
    return subject, body


def misreading_email(
    data: LetterData, respondent: str, flag: str, reply_url: str
) -> tuple[str, str]:
    """Subject and body of the notice to the official that a body reports a misreading."""
    subject = f"{respondent} menar att svaret lästs fel ({data.case_number})"
    body = (
        f"{respondent} har på sin återkopplingssida rapporterat att svaret på remissen "
        f"{report_name(data)} har lästs fel:\n\n{flag}\n\n"
        f"Svaret i Remiss: {reply_url}\n"
    )
    return subject, body
