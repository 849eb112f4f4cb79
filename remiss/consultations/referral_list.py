"""A referral list (remissinstanser) as ministries publish it — one body per line, numbered,
sometimes with a sub-unit or an abbreviation in brackets — parsed and matched to known
organisations by name with fuzzy matching. Pure Python; the review step is the caller's."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

# "1. ", "12) ", "- ", "• ", "* " before the name
_NUMBERING = re.compile(r"^\s*(?:\d{1,4}\s*[.)]\s*|\d{1,4}\s+|[-–•*]\s*)")
_HEADING = re.compile(r"^\s*#")  # a Markdown heading, as copied from a web page
# The headings of published lists, written as plain lines: never a body.
_HEADING_WORDS = re.compile(
    r"^(?:remissinstanser(?:na)?|remisslista|sändlista|för\s+kännedom|"
    r"(?:statliga\s+)?myndigheter|domstolar|länsstyrelser|kommuner|regioner|"
    r"universitet\s+och\s+högskolor|organisationer|övriga|övriga\s+remissinstanser)"
    r"(?:\s+för\s+kännedom)?\s*:?$",
    re.IGNORECASE,
)
_BRACKETS = re.compile(r"\(([^)]*)\)")
_ABBREVIATION = re.compile(r"^[A-ZÅÄÖ][A-ZÅÄÖa-zåäö0-9&\-]{1,11}$")
SURE = 92  # at or above: matched without asking
POSSIBLE = 80  # at or above: offered for review


@dataclass(frozen=True)
class ListedBody:
    line: int  # 1-based line of the pasted text
    text: str  # as written, numbering removed
    name: str  # the name to match, without what is in brackets
    abbreviation: str = ""  # "(ESV)"
    qualifier: str = ""  # a sub-unit in brackets: "(Juridiska fakultetsnämnden)"


@dataclass(frozen=True)
class Candidate:
    name: str
    key: object  # the caller's id for the organisation
    aliases: tuple[str, ...] = ()  # short names, abbreviations


@dataclass
class Match:
    body: ListedBody
    key: object | None = None  # the organisation when sure
    score: float = 0.0
    suggestions: list[tuple[object, str, float]] = field(default_factory=list)

    @property
    def sure(self) -> bool:
        return self.key is not None


@dataclass
class ParsedList:
    bodies: list[ListedBody]
    duplicates: list[ListedBody]  # the second and later mention of the same name
    ignored: list[tuple[int, str]]  # headings and other lines that name no body


# Spellings that name the same body: "Stockholms kommun" is "Stockholms stad", "Kungl." is
# "Kungliga", "landsting" became "region".
_SAME = [
    (re.compile(r"\bkungl\b"), "kungliga"),
    (re.compile(r"\bstad$"), "kommun"),
    (re.compile(r"^landstinget i (\w+)"), r"region \1"),
    (re.compile(r"\bs?lans landsting$"), " region"),
]


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
    text = text.replace("–", "-").replace("’", "'")
    text = re.sub(r"[^\wåäö]+", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    for pattern, replacement in _SAME:
        text = pattern.sub(replacement, text)
    return re.sub(r"\s+", " ", text).strip()


def _score(query: str, choice: str, **_kwargs: object) -> float:
    return max(fuzz.ratio(query, choice), fuzz.token_sort_ratio(query, choice))


def parse(text: str) -> ParsedList:
    """One body per line; blank lines, headings ("Remissinstanser:") and prose are ignored."""
    bodies: list[ListedBody] = []
    duplicates: list[ListedBody] = []
    ignored: list[tuple[int, str]] = []
    seen: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().strip("\t ")
        if not line:
            continue
        if _HEADING.match(line) or _HEADING_WORDS.match(line):
            ignored.append((number, raw.strip()))
            continue
        numbered = bool(_NUMBERING.match(line))
        line = _NUMBERING.sub("", line).strip().rstrip(".;,")
        line = re.sub(r"[*_]{1,2}", "", line).replace("\\", "").strip()
        if not line or line.endswith(":") or (not numbered and len(line.split()) > 8):
            ignored.append((number, raw.strip()))
            continue
        abbreviation = qualifier = ""
        for inner in (part.strip() for part in _BRACKETS.findall(line)):
            if " " not in inner and len(inner) <= 8 and _ABBREVIATION.match(inner):
                abbreviation = inner
            else:
                qualifier = inner
        name = re.sub(r"\s+", " ", _BRACKETS.sub(" ", line)).strip(" ,")
        if "," in name:  # "Uppsala universitet, Juridiska fakultetsnämnden"
            name, _comma, rest = name.partition(",")
            qualifier = qualifier or rest.strip()
        body = ListedBody(number, line, name, abbreviation, qualifier)
        key = _fold(line)
        if key in seen:
            duplicates.append(body)
            continue
        seen.add(key)
        bodies.append(body)
    return ParsedList(bodies, duplicates, ignored)


def match(bodies: Iterable[ListedBody], candidates: Sequence[Candidate]) -> list[Match]:
    """Each listed body with the organisation it surely is, or up to three suggestions."""
    choices: dict[int, str] = {}
    owners: list[Candidate] = []
    for candidate in candidates:
        for alias in (candidate.name, *candidate.aliases):
            if alias:
                choices[len(owners)] = _fold(alias)
                owners.append(candidate)
    by_abbreviation = {
        alias.upper(): c for c in candidates for alias in c.aliases if _ABBREVIATION.match(alias)
    }
    results: list[Match] = []
    for body in bodies:
        if body.abbreviation and body.abbreviation.upper() in by_abbreviation:
            owner = by_abbreviation[body.abbreviation.upper()]
            results.append(Match(body, owner.key, 100.0))
            continue
        query = _fold(body.name)
        found = process.extract(query, choices, scorer=_score, limit=6, score_cutoff=POSSIBLE)
        ranked: dict[object, tuple[str, float]] = {}
        for _text, score, index in found:
            owner = owners[index]
            if owner.key not in ranked or ranked[owner.key][1] < score:
                ranked[owner.key] = (owner.name, score)
        suggestions = sorted(
            ((key, name, score) for key, (name, score) in ranked.items()), key=lambda s: -s[2]
        )[:3]
        exact = [s for s in suggestions if _fold(s[1]) == query]
        if exact:
            results.append(Match(body, exact[0][0], 100.0, suggestions))
        elif (
            suggestions
            and suggestions[0][2] >= SURE
            and (len(suggestions) == 1 or suggestions[0][2] - suggestions[1][2] >= 5)
        ):
            results.append(Match(body, suggestions[0][0], suggestions[0][2], suggestions))
        else:
            results.append(
                Match(body, None, suggestions[0][2] if suggestions else 0.0, suggestions)
            )
    return results
