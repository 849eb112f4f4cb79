"""Swedish phrasing for generated sentences. Pure Python, no Django."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

# A stance in one Swedish word or two, as tables write it (the compilation, its exports, the
# reply's appendix): the pages' words (referrals.models.Stance), in lower case.
STANCE_WORDS = {
    "supports": "tillstyrker", "opposes": "avstyrker", "mixed": "blandad",
    "no_objection": "ingen erinran", "abstains": "avstår", "unclear": "oklar",
}  # fmt: skip

SWEDISH_MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip


def swedish_date(value: dt.date | None, *, with_den: bool = True) -> str:
    """ "den 24 april 2020", as Swedish documents write dates."""
    if value is None:
        return ""
    text = f"{value.day} {SWEDISH_MONTHS[value.month - 1]} {value.year}"
    return f"den {text}" if with_den else text


def lower_first(text: str) -> str:
    """A body's name inside a sentence: "Kommunstyrelsen" → "kommunstyrelsen"."""
    return text[:1].lower() + text[1:] if text else text


def genitive(name: str) -> str:
    """ "Vänsterpartiet" → "Vänsterpartiets"; names ending in s, x or z take no extra s."""
    return name if name[-1:].lower() in {"s", "x", "z"} else f"{name}s"


def join_list(items: Sequence[str], last: str = "och") -> str:
    """ "A", "A och B", "A, B och C"."""
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def referred_sentence(units_in_text: Sequence[str]) -> str:
    """ "Ärendet har remitterats till stadsledningskontoret och socialnämnden." """
    return f"Ärendet har remitterats till {join_list(units_in_text)}."


@dataclass(frozen=True)
class Member:
    name: str
    party: str = ""  # abbreviation, "V"


def members_phrase(members: Sequence[Member]) -> str:
    """ "Torun Boucher och Rashid Mohammed (båda V)", "A, B och C (alla S) samt D (V)"."""
    groups: dict[str, list[str]] = {}
    for member in members:
        groups.setdefault(member.party, []).append(member.name)
    phrases = []
    for party, names in groups.items():
        names_text = join_list(names)
        if not party:
            phrases.append(names_text)
        elif len(names) == 1:
            phrases.append(f"{names_text} ({party})")
        else:
            both_or_all = "båda" if len(names) == 2 else "alla"
            phrases.append(f"{names_text} ({both_or_all} {party})")
    return join_list(phrases, last="samt")


# kind → (the noun opening the sentence, its verb, its form after a genitive, its definite form)
STATEMENT_KINDS = {
    "special_statement": (
        "Särskilt uttalande", "gjordes", "särskilda uttalande", "det särskilda uttalandet"
    ),
    "reservation": ("Reservation", "anfördes", "reservation", "reservationen"),
    "substitute_statement": (
        "Ersättaryttrande", "gjordes", "ersättaryttrande", "ersättaryttrandet"
    ),
    "minute_note": (
        "Protokollsanteckning", "gjordes", "protokollsanteckning", "protokollsanteckningen"
    ),
}  # fmt: skip


def statement_intro(
    kind: str,
    members: Sequence[Member],
    *,
    refers_to_kind: str | None = None,
    refers_to_parties: Sequence[str] = (),
) -> str:
    """ "Särskilt uttalande gjordes av A och B (båda V) enligt följande." or "Ersättaryttrande
    gjordes av C (Fi) med hänvisning till Vänsterpartiets särskilda uttalande." """
    noun, verb, _after_genitive, _definite = STATEMENT_KINDS[kind]
    opening = f"{noun} {verb} av {members_phrase(members)}"
    if refers_to_kind is None:
        return f"{opening} enligt följande."
    _noun, _verb, after_genitive, definite = STATEMENT_KINDS[refers_to_kind]
    owners = join_list([genitive(p) for p in refers_to_parties])
    if owners:
        return f"{opening} med hänvisning till {owners} {after_genitive}."
    return f"{opening} med hänvisning till {definite}."


def file_name_part(text: str) -> str:
    """Text as part of a file name: the characters file systems refuse become "-"; å, ä and ö
    are kept ("Fi2019/03090" → "Fi2019-03090")."""
    return re.sub(r"[/\\:*?\"<>|]+", "-", text).strip()
