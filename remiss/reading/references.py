"""Swedish document references: case numbers and report references. Pure Python, no Django."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from remiss.reading.clean import HYPHENS

_DASH = HYPHENS + "\u2013\u2014"  # and the en and em dash, as titles and numbers use them
_DASHES = re.compile(f"[{_DASH}]")

# "SOU 2019:43", "Ds 2022:9", "prop. 2017/18:186", "Dir. 2020:12", "Skr. 2019/20:5"
_REPORT_KINDS = {
    "sou": "SOU",
    "ds": "Ds",
    "prop": "prop.",
    "proposition": "prop.",
    "dir": "Dir.",
    "skr": "skr.",
    "bet": "bet.",
}
_REPORT_RE = re.compile(
    # the number may stand in brackets after the series: "SOU (2020:79)"
    r"\b(?P<kind>SOU|Ds|prop(?:osition)?|dir|skr|bet)\.?\s*(?P<bracket>\()?"
    r"(?P<year>(?:19|20)\d\d(?:\s*/\s*\d\d)?)(?:\s*:\s*|\s+nr\.?\s*)"
    r"(?P<num>[0-9]{1,4}|[A-ZÅÄÖ]{1,3}\d{1,3})\b(?(bracket)\))",
    re.IGNORECASE,
)

# The series named by the kind of report before a bare number: "Departementspromemorian Patent-
# och marknadsdomstol (2014:2)" is Ds 2014:2, "betänkandet Hållbar … (2007:10)" SOU 2007:10. A
# law or ordinance between them owns the number ("lagen (1977:266)").
_KIND_WORDS = {"departementspromemori": "Ds", "betänkande": "SOU"}
_BARE_NUMBER_RE = re.compile(
    r"\b(?P<kind>departementspromemori|betänkande)\w*\b"
    r"(?P<title>[^()\n.]{0,160}?)\((?P<year>(?:19|20)\d\d)\s*:\s*(?P<num>\d{1,4})\)",
    re.IGNORECASE,
)
# "betänkandet 2019:43", with no series: the betänkande's number is an SOU number.
_REPORT_WORD_NUMBER = re.compile(
    r"\b(?:del|slut)?betänkande(?:t|ts)?\s+(?P<year>(?:19|20)\d\d):(?P<num>\d{1,4})\b",
    re.IGNORECASE,
)
_LAW_WORD = re.compile(r"\b(?:lag|lagen|förordning\w*|\w*balk\w*|föreskrift\w*)\b", re.I)


def normalise_report_ref(text: str) -> str | None:
    """The first report reference in `text`, in its official form, or None.

    >>> normalise_report_ref("sou2019 : 43")
    'SOU 2019:43'
    >>> normalise_report_ref("Prop. 2017/18:186")
    'prop. 2017/18:186'
    """
    found = report_refs(text)
    return found[0][1] if found else None


def report_refs(text: str) -> list[tuple[int, str]]:
    """Every report reference in `text` with its position, in its official form ("Ds 2023 nr
    23" is "Ds 2023:23").

    >>> report_refs("Ds 2023 nr 23 och prop. 2017/18:186")
    [(0, 'Ds 2023:23'), (18, 'prop. 2017/18:186')]
    >>> report_refs("betänkandet Vägar till cykling SOU (2021:7).")
    [(31, 'SOU 2021:7')]
    >>> report_refs("Departementspromemorian Patent- och marknadsdomstol (2014:2)")
    [(0, 'Ds 2014:2')]
    >>> report_refs("betänkandet föreslår ändringar i lagen (1977:266)")
    []
    >>> report_refs("Yttrande över betänkandet 2019:43")
    [(13, 'SOU 2019:43')]
    """
    found = []
    for match in _REPORT_RE.finditer(_DASHES.sub("-", text or "")):
        kind = _REPORT_KINDS[match["kind"].lower()]
        year = re.sub(r"\s+", "", match["year"])
        found.append((match.start(), f"{kind} {year}:{match['num']}"))
    for match in _BARE_NUMBER_RE.finditer(text or ""):
        if _LAW_WORD.search(match["title"]) or re.search(r"\b(?:SOU|Ds)\s*$", match["title"]):
            continue  # a law's number, or one its series names (read above)
        kind = _KIND_WORDS[match["kind"].lower()]
        found.append((match.start(), f"{kind} {match['year']}:{match['num']}"))
    for match in _REPORT_WORD_NUMBER.finditer(text or ""):
        found.append((match.start(), f"SOU {match['year']}:{match['num']}"))
    return sorted(found)


class KnownReport(NamedTuple):
    """A report the reader may be told of: the one a referral sent out, or those a registry
    holds. A reply that names its report only by title is matched against these."""

    ref: str
    title: str


def _plain_words(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text.casefold())).strip()


# A title must be long enough to identify its report ("Ny skollag" is in too many texts), and
# close enough in wording: replies shorten and rephrase titles ("Ny regionindelning, tre nya
# län" for "Regional indelning – tre nya län").
_TITLE_MIN_CHARS = 15
_TITLE_MIN_SCORE = 85.0
_TITLE_MARGIN = 5.0
_SHORT_TITLE_CHARS = 25
_SHORT_TITLE_MIN_SCORE = 95.0
_HEADING_CHARS = 300  # where a reply names its report in its heading or first sentence
_TITLE_SPLIT = re.compile(rf"\s+[-{_DASH}]\s+|:\s+")


def report_by_title(text: str, known: Sequence[KnownReport]) -> str | None:
    """The reference of the one known report whose title the beginning of `text` names, or
    None when none does, or more than one might."""
    from rapidfuzz import fuzz

    head = _plain_words(text[:3000])
    scored: list[tuple[float, int, KnownReport]] = []  # score, where in the head, report
    for report in known:
        if not report.ref:
            continue
        # The whole title, or its main part before a dash or colon ("Regional indelning – tre
        # nya län" is often named "Regional indelning …"), whichever the text names better.
        main = _plain_words(_TITLE_SPLIT.split(report.title, maxsplit=1)[0])
        forms = {_plain_words(report.title)}
        if len(main.split()) >= 3:  # "Regional indelning" alone is in too many texts
            forms.add(main)
        matches = [
            (found.score, found.dest_start)
            for t in forms
            if len(t) >= _TITLE_MIN_CHARS
            and (
                found := fuzz.partial_ratio_alignment(
                    # a short title is matched nearly exactly: a few letters make it another
                    # phrase ("idéburna välfärden" is not "Idéburen välfärd")
                    t,
                    head,
                    score_cutoff=_SHORT_TITLE_MIN_SCORE if len(t) < _SHORT_TITLE_CHARS else 0,
                )
            )
            is not None
        ]
        if matches:
            score, where = max(matches, key=lambda m: (m[0], -m[1]))
            scored.append((score, where, report))
    scored.sort(key=lambda item: -item[0])
    if not scored or scored[0][0] < _TITLE_MIN_SCORE:
        return None
    best = scored[0][2]
    rivals = [
        item
        for item in scored
        if item[0] > scored[0][0] - _TITLE_MARGIN
        and normalise_report_ref(item[2].ref) != normalise_report_ref(best.ref)
    ]
    if rivals:
        # Two titles fit as well: the one the heading names, when only one is there — the
        # other is cited further on; else say neither.
        fitting = [scored[0], *rivals]
        in_heading = [item for item in fitting if item[1] < _HEADING_CHARS]
        if len(in_heading) != 1:
            return None
        best = in_heading[0][2]
    return normalise_report_ref(best.ref) or best.ref


class CaseNumber(NamedTuple):
    prefix: str
    year: int
    serial: int

    def __str__(self) -> str:
        return f"{self.prefix} {self.year}/{self.serial}"


_CASE_NUMBER_RE = re.compile(
    r"^\s*(?P<prefix>[A-ZÅÄÖ][A-ZÅÄÖ0-9]{0,11})\s*[ -]?\s*(?P<year>(?:19|20)\d\d)\s*/\s*"
    r"(?P<serial>\d{1,7})\s*$",
    re.IGNORECASE,
)


def parse_case_number(text: str) -> CaseNumber | None:
    """Parse "KS 2020/132" (also "ks 2020 / 132"); None when malformed.

    >>> parse_case_number("ks 2020/0132")
    CaseNumber(prefix='KS', year=2020, serial=132)
    """
    match = _CASE_NUMBER_RE.match(text or "")
    if not match or int(match["serial"]) == 0:
        return None
    return CaseNumber(match["prefix"].upper(), int(match["year"]), int(match["serial"]))


def normalise_dnr(text: str) -> str:
    """An issuer's case number as written, whitespace and dashes tidied: "Fi2019/03441/SFÖ"."""
    cleaned = _DASHES.sub("-", text or "")
    cleaned = re.sub(r"\s*/\s*", "/", cleaned.strip())
    return re.sub(r"\s+", " ", cleaned)


def dnr_key(text: str) -> str:
    """A case number folded for comparison: case, spaces and dashes do not matter."""
    return re.sub(r"[\s-]+", "", normalise_dnr(text)).casefold()


_OSL_RE = re.compile(
    r"(?:(?P<ch>\d{1,2})\s*kap(?:itlet)?\.?\s*(?P<sec>\d{1,2}\s*[a-z]?)\s*§"
    r"|(?P<ch2>\d{1,2})\s*:\s*(?P<sec2>\d{1,2})(?![\d/]))",
    re.IGNORECASE,
)


def normalise_secrecy_provision(text: str) -> str | None:
    """A provision of the Public Access to Information and Secrecy Act as registers write it.

    >>> normalise_secrecy_provision("21 kap 7§ offentlighets- och sekretesslagen")
    'OSL 21 kap. 7 §'
    >>> normalise_secrecy_provision("OSL 26:1")
    'OSL 26 kap. 1 §'
    """
    match = _OSL_RE.search(text or "")
    if not match:
        return None
    chapter = match["ch"] or match["ch2"]
    section = re.sub(r"\s+", " ", (match["sec"] or match["sec2"]).strip())
    return f"OSL {int(chapter)} kap. {section} §"
