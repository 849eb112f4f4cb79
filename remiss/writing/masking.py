"""Masking before publication: personal identity numbers (personnummer), coordination numbers
(samordningsnummer) and private persons' e-mail addresses found in a text, and the text with
them replaced. Plain Python, no Django (docs/architecture.md); the published documents are
Swedish, so are the replacement words.

A number counts when it is a real date (a coordination number adds 60 to the day) and its
check digit is right (the Luhn algorithm over the ten digits), so an organisation number
(month 20 or more), a case number or a phone number with a wrong check digit is left alone.
An e-mail address is kept when it belongs to a public body the installation knows (its domain
or a parent of it is in `keep_domains`) or is a functional mailbox (registrator@, info@ …);
any other address may be a private person's and is masked.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from remiss.writing.reply import Block, map_text

FindingKind = Literal["personnummer", "samordningsnummer", "email", "chosen"]

REPLACEMENTS: dict[FindingKind, str] = {
    "personnummer": "[personnummer maskerat]",
    "samordningsnummer": "[samordningsnummer maskerat]",
    "email": "[e-postadress maskerad]",
    "chosen": "[maskerat]",
}

# YYMMDD-NNNN, YYYYMMDD-NNNN, with "-", "+" (a hundred years or older), a space or nothing.
_IDENTITY = re.compile(r"(?<![\w/:.-])((?:19|20)?\d{6})\s?([-+]?)\s?(\d{4})(?![\w/-])")
_EMAIL = re.compile(
    r"(?<![\w.+-])([A-Za-z0-9._%+-]+)@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,24})(?![\w-])"
)
FUNCTIONAL_MAILBOXES = frozenset({
    "diarium", "diariet", "forvaltning", "forvaltningen", "info", "information", "kansli",
    "kansliet", "kommun", "kommunen", "kommunstyrelsen", "kontakt", "kundtjanst", "media",
    "nämnd", "post", "postmottagning", "press", "region", "regionen", "registrator",
    "registratur", "registraturen", "remiss", "remisser", "remissvar", "stadsledningskontoret",
    "support", "vaxel", "växel",
})  # fmt: skip


@dataclass(frozen=True)
class Finding:
    kind: FindingKind
    start: int
    end: int
    value: str

    @property
    def replacement(self) -> str:
        return REPLACEMENTS[self.kind]


def _luhn_ok(ten_digits: str) -> bool:
    total = 0
    for position, char in enumerate(ten_digits):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return total % 10 == 0


def _identity_kind(date_part: str, serial: str) -> FindingKind | None:
    """The kind of identity number the digits are (personnummer, samordningsnummer), or None."""
    short = date_part[-6:]
    month, day = int(short[2:4]), int(short[4:6])
    kind: FindingKind = "personnummer"
    if day > 60:
        day -= 60
        kind = "samordningsnummer"
    # A two-digit year is checked against a leap year, so that 29 February passes.
    check_year = int(date_part[:4]) if len(date_part) == 8 else 2000
    try:
        dt.date(check_year, month, day)
    except ValueError:
        return None
    return kind if _luhn_ok(short + serial) else None


def _domain_kept(domain: str, keep_domains: frozenset[str]) -> bool:
    parts = domain.lower().split(".")
    return any(".".join(parts[i:]) in keep_domains for i in range(len(parts) - 1))


def find_sensitive(
    text: str, *, keep_domains: Iterable[str] = (), chosen: Sequence[str] = ()
) -> list[Finding]:
    """Every identity number, private e-mail address and chosen word or phrase (what a person
    asked to mask besides), in order, without overlaps."""
    keep = frozenset(d.strip().lower().lstrip("@") for d in keep_domains if d.strip())
    found: list[Finding] = []
    for match in _IDENTITY.finditer(text):
        kind = _identity_kind(match.group(1), match.group(3))
        if kind is not None:
            found.append(Finding(kind, match.start(), match.end(), match.group(0)))
    for match in _EMAIL.finditer(text):
        local, domain = match.group(1), match.group(2)
        if local.lower() in FUNCTIONAL_MAILBOXES or _domain_kept(domain, keep):
            continue
        found.append(Finding("email", match.start(), match.end(), match.group(0)))
    for phrase in {p.strip() for p in chosen if len(p.strip()) >= 2}:
        pattern = re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", re.IGNORECASE)
        for match in pattern.finditer(text):
            found.append(Finding("chosen", match.start(), match.end(), match.group(0)))
    found.sort(key=lambda f: (f.start, -f.end))
    kept: list[Finding] = []
    for finding in found:
        if kept and finding.start < kept[-1].end:
            continue  # inside one already found (a chosen name within an address)
        kept.append(finding)
    return kept


def mask(text: str, *, keep_domains: Iterable[str] = (), chosen: Sequence[str] = ()) -> str:
    findings = find_sensitive(text, keep_domains=keep_domains, chosen=chosen)
    parts: list[str] = []
    at = 0
    for finding in findings:
        parts.append(text[at : finding.start])
        parts.append(finding.replacement)
        at = finding.end
    parts.append(text[at:])
    return "".join(parts)


def mask_blocks(
    blocks: Sequence[Block], *, keep_domains: Iterable[str] = (), chosen: Sequence[str] = ()
) -> list[Block]:
    """The blocks of a document with their text and table cells masked."""
    keep = tuple(keep_domains)
    return map_text(blocks, lambda value: mask(value, keep_domains=keep, chosen=chosen))


def context_of(text: str, finding: Finding, width: int = 40) -> tuple[str, str]:
    """The words before and after a finding, for the preview a person checks."""
    before = text[max(0, finding.start - width) : finding.start]
    after = text[finding.end : finding.end + width]
    return " ".join(before.split()), " ".join(after.split())
