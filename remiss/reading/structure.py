"""Who replied, to what, when and with which members' statements. Pure Python.

Each function returns None when the text does not state the value: a wrong value is worse than
none. Heuristics follow the forms Swedish replies use (letterheads, "Er beteckning:", "X har
beretts tillfälle att yttra sig", "Stockholm den 12 november 1985", "På utskottets vägnar").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from remiss.reading import bodies, lexicon
from remiss.reading.references import (
    KnownReport,
    normalise_report_ref,
    report_by_title,
    report_refs,
)
from remiss.reading.respondent import has_org_word, respondent
from remiss.reading.schema import MemberStatement, StatementKind
from remiss.writing.swedish import SWEDISH_MONTHS

__all__ = ["respondent"]  # read with the other fields from here

MINISTRY_PREFIXES = (
    "Fi", "Fö", "Ju", "S", "U", "N", "A", "M", "I", "Ku", "UD", "SB", "Jo", "L", "LI", "KN", "IJ",
    "KLI", "Ke", "Ds", "Mi", "Sb", "Kn", "Jä", "E", "Fin", "UF",
)  # fmt: skip
_PREFIX = "|".join(sorted(MINISTRY_PREFIXES, key=len, reverse=True))
_MINISTRY_DNR = re.compile(
    rf"(?<![\w/])(?P<dnr>(?:{_PREFIX})\s?/?\s?(?:19|20)[\dlIO]\s?[\dlIO]\s?/\s?[\dlIO]{{2,6}}"
    r"(?:\s?/\s?[A-ZÅÄÖ0-9][A-Za-zÅÄÖåäö0-9-]{0,10})*"
    # "Fi2011:4348", the serial after a colon: only written together, so that "Ds A 1982:3" or
    # "SOU 2011:68" is never one
    rf"|(?!Ds)(?:{_PREFIX})(?:19|20)\d\d:\d{{2,6}}\b)",
)
# OCR reads 1 as l or I and 0 as O inside numbers ("Fi20l 6/02568/K").
_OCR_DIGITS = str.maketrans({"l": "1", "I": "1", "O": "0"})


def _ocr_number(value: str) -> str:
    """Mend OCR's letter-for-digit slips in the year and serial of a ministry's case number."""
    match = re.match(
        r"^(\D+?)(\s?/?\s?)([\dlIO]{2}\s?[\dlIO]\s?[\dlIO])(\s?/\s?)([\dlIO]+)(.*)$", value
    )
    if not match:
        return value
    prefix, sep1, year, sep2, serial, rest = match.groups()
    year = year.replace(" ", "").translate(_OCR_DIGITS)
    return f"{prefix}{sep1}{year}{sep2}{serial.translate(_OCR_DIGITS)}{rest}"


_MINISTRY = re.compile(r"\b((?:[A-ZÅÄÖ][a-zåäö]+)(?:-\s?och\s[a-zåäö]+)?departementet)\b")
_ISSUER_CUE = re.compile(
    r"(?:er\s+beteckning|ert\s+dnr|er\s+referens|ert\s+diarienummer|er\s+ref)\.?:?\s*",
    re.IGNORECASE,
)
_OWN_DNR = re.compile(
    r"(?:vårt\s+dnr|vår\s+beteckning|vår\s+referens|vår\s+ref|vårt\s+diarienummer|"
    # not the addressee's ("Ert dnr", "Er beteckning", "Ert diarienummer")
    r"(?<!ert )diarienummer|(?<!ert )diarienr|ärendenummer|ärendenr|(?<!er )(?<!ert )dnr|"
    r"(?<!er )beteckning)"
    # a field that names several kinds of number: "Dnr/målnr/löpnr:"
    r"(?:/(?:målnr|löpnr|ärendenr|ärendenummer|diarienr))*"
    r"\s*\.?:?\s*(?:\d{4}-\d{2}-\d{2}\s+)?"
    r"(?P<dnr>(?:[A-ZÅÄÖ]{1,5}(?:[ /-][A-ZÅÄÖ]{1,5})?[ /-]?)?\d[\dA-Za-z.:/-]*[\dA-Za-z]"
    r"(?:\s[A-ZÅÄÖ]{2,4}\.\d{1,4}\b)?)",
    re.IGNORECASE,
)
_DATE_ISO = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
_MONTHS = "|".join(SWEDISH_MONTHS)
# "3 mars 2021", also glued to a heading before it ("REMISSVAR3 mars 2021")
_DATE_TEXT = re.compile(rf"(?<!\d)(\d{{1,2}})\s+({_MONTHS})\s+((?:19|20)\d\d)\b", re.IGNORECASE)


def _iso(year: str, month: str, day: str) -> str | None:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _text_date(match: re.Match[str]) -> str | None:
    return _iso(match[3], str(SWEDISH_MONTHS.index(match[2].lower()) + 1), match[1])


# The reply's subject: "Yttrande över betänkandet …", "Remiss av promemorian …", "har beretts
# tillfälle att yttra sig över …", "Ärende: …".
_SUBJECT_CUE = re.compile(
    r"(?:yttrande|remissvar|remissyttrande|svar|synpunkter|kommentarer)\s+(?:över|på|angående|"
    r"avseende|gällande|om|till|med\s+anledning\s+av)\b|\bremiss(?:en)?\s*(?:av|över|om|:)|"
    r"yttra\s+sig\s+(?:över|om)|beretts?\s+(?:tillfälle|möjlighet)|"
    r"^\s*(?:ärende|angående|ämne|avser|rubrik)\s*:|^\s*(?:över|angående|avseende)\s",
    re.IGNORECASE | re.MULTILINE,
)
# A report cited in passing: "som ligger till grund för", "tidigare svarat på", "se vidare".
_CITED_CUE = re.compile(
    r"(?:tidigare|ligger\s+till\s+grund|se\s+(?:vidare|även|också)|hänvisa\w*\s+till|"
    rf"enligt|jämför|jfr|i\s+(?:\w+\s+)?(?:tidigare\s+)?{lexicon.REPLY_NOUNS}\s+(?:på|över)|"
    r"förarbete\w*|i\s+propositionen|"
    # what another report set out: "det som presenterades i Strututredningens slutbetänkande"
    r"(?:presenterades|redovisades|framfördes)\s+i\b|"
    # history: "Under 2018 gick utredningarna (Ds 2018:17) ut på remiss" ("2014 års
    # vårdnadsutredning" is a name, no history)
    r"\bunder\s+(?:år\s+)?(?:19|20)\d\d\b)",
    re.IGNORECASE,
)
# Referrals are of inquiry reports and ministry memoranda; a bill, directive or committee
# report is the report only where the subject names it.
_REFERRED_KINDS = ("SOU ", "Ds ")


def report_ref(text: str, known: Sequence[KnownReport] = ()) -> str | None:
    """The report the reply answers: the reference in its subject; else a known report's; else
    the first inquiry report or memorandum not cited in passing; else, when the reader knows
    which reports may be meant, the one whose title the reply names."""
    head = text[:6000]
    found = report_refs(head)
    subject_ends = [m.end() for m in _SUBJECT_CUE.finditer(head)]

    def in_subject(position: int) -> bool:
        # After a subject cue, in the same paragraph and sentence.
        return any(
            0 <= position - end <= 250
            and "\n\n" not in head[end:position]
            and not re.search(r"[.!?]\s", head[end:position])
            for end in subject_ends
        )

    def cited(position: int) -> bool:
        # The cue anywhere earlier in the reference's sentence (a cited list runs long).
        start = max(head.rfind(". ", 0, position), head.rfind("\n", 0, position)) + 1
        return bool(_CITED_CUE.search(head[max(start, position - 400) : position]))

    # A page or an agenda of several replies, each told of in its own paragraph ("I ett
    # remissyttrande lämnar X …", then "X har yttrat sig över … (SOU 2017:92)"): the first is
    # the document's, and a reference in a later one's paragraph is that one's.
    entries = [m.start() for m in _ENTRY.finditer(head)]
    if len(entries) >= 2:
        # A page whose first entry is only a title with its reference ("Börja med barnen! …
        # (SOU 2021:34)", then "Rubricerade ärende har remitterats …") before entries headed
        # "Yttrande över …": the first entry ends where the first heading starts.
        end = head.rfind("\n\n", 0, entries[0]) + 1
        if not any(pos < end for pos, _ref in found):
            end = head.rfind("\n\n", 0, entries[1]) + 1
        found = [(pos, ref) for pos, ref in found if pos < end]
    known_refs = {normalise_report_ref(r.ref) for r in known}
    # "har tidigare svarat på remissen X (SOU …) som ligger till grund för lagrådsremissen":
    # a subject's words in a sentence that cites an earlier referral do not make it this one's.
    subject = [(pos, ref) for pos, ref in found if in_subject(pos) and not cited(pos)]
    ranked = (
        [ref for _pos, ref in subject if ref in known_refs],
        [ref for _pos, ref in subject],
        [ref for pos, ref in found if ref in known_refs and not cited(pos)],
        [ref for pos, ref in found if ref.startswith(_REFERRED_KINDS) and not cited(pos)],
    )
    for refs in ranked:
        if refs:
            return refs[0]
    return report_by_title(text, known) if known else None


# A paragraph that tells of one reply as past news: "X har yttrat sig över …", "har lämnat ett
# yttrande", "I ett remissyttrande lämnar X …", "har gett X möjlighet att yttra sig".
_ENTRY = re.compile(
    r"(?:^|\n\n)[^\n]*?(?:\bhar\s+(?:[\w-]+\s+){0,6}?(?:yttrat\s+sig|lämnat\s+(?:ett\s+)?"
    r"(?:yttrande|remissvar|remissyttrande))|\bi\s+ett\s+(?:remiss)?yttrande\b|"
    r"\bhar\s+gett\s+[^.\n]{0,60}?möjlighet\s+att\s+yttra\s+sig|"
    # or a paragraph that is a reply's heading: "Yttrande över betänkandet …"
    r"(?<=\n\n)(?:Remiss)?[Yy]ttrande\s+över\b)",
    re.IGNORECASE,
)


# "Yttrande över Utbildningsdepartementets förslag till ändring av skollagen": the ministry
# whose proposal is referred, named in the genitive.
_MINISTRY_PROPOSAL = re.compile(
    r"\b((?:[A-ZÅÄÖ][a-zåäö]+)(?:-\s?och\s[a-zåäö]+)?departementet)s\s+"
    r"(?:förslag|promemoria|remiss|utkast|skrivelse|departementspromemoria)\b"
)


def _capitalised(name: str) -> str:
    """A name found mid-sentence as it begins a line ("kommunstyrelsen" → "Kommunstyrelsen")."""
    return name[0].upper() + name[1:]


# A ministry written in lower case mid-sentence ("det är finansdepartementet som …", a web page
# telling of a reply): only the names of ministries, so that no lower-case word is taken.
_MINISTRY_LOWER = re.compile(
    r"\b((?:arbetsmarknads|finans|försvars|infrastruktur|justitie|kultur|landsbygds|"
    r"landsbygds-\s?och\s?infrastruktur|klimat-\s?och\s?närings(?:livs)?|miljö|"
    r"miljö-\s?och\s?energi|närings|social|utbildnings|utrikes|jordbruks|"
    r"integrations-\s?och\s?jämställdhets)departementet)\b"
)


def ministry(text: str) -> str | None:
    match = (
        _MINISTRY.search(text) or _MINISTRY_PROPOSAL.search(text) or _MINISTRY_LOWER.search(text)
    )
    if not match:
        return None
    return _capitalised(bodies.written_form(match[1]))


def ministry_dnr(text: str, sender: str | None = None) -> str | None:
    """The referring ministry's or agency's case number. `sender` is the respondent as read
    ("" when none was found), so that it is not read again; left out, it is read here."""
    head = text[:8000]
    cue = _ISSUER_CUE.search(head)
    if cue:
        match = _MINISTRY_DNR.match(head, cue.end()) or _MINISTRY_DNR.search(
            head, cue.end(), cue.end() + 80
        )
        if match:
            return _in_own_form(head, _tidy(_ocr_number(match["dnr"])))
        # An agency's or a water authority's own number after the cue ("Ert dnr:
        # 537-34925-2014"): any case number's shape, its digits enough not to be a page.
        # "Er referens: FI Dnr 15-15930": the number after the addressee's "FI Dnr"
        after = _BODY_DNR_WORDS.match(head, cue.end())
        other = _CASE_NUMBER.match(head, after.end() if after else cue.end())
        if (
            other
            and len(re.sub(r"\D", "", other["dnr"])) >= 5
            and not _DATE_ISO.fullmatch(other["dnr"])
        ):
            return _tidy(other["dnr"])
    match = _MINISTRY_DNR.search(head)
    if match:
        return _in_own_form(head, _tidy(_ocr_number(match["dnr"])))
    # An agency's referral: "FI Dnr 10-9537" is the number of the agency the abbreviation
    # names, when that agency is not the one replying.
    own = bodies.known((respondent(text) if sender is None else sender) or "")
    for body_dnr in _BODY_DNR.finditer(head):
        body = bodies.known(body_dnr["abbr"])
        if body and body != own:
            return _tidy(body_dnr["dnr"])
    return None


def _number_key(dnr: str) -> tuple[str, int, int, str] | None:
    """A ministry's case number with its writing folded away: "Fi/2021/4117", "Fi 2021/04117"
    and "Fi2021/04117" are one number (prefix, year, serial; the unit's suffix apart)."""
    match = re.match(r"^(\D+?)[\s/]*((?:19|20)\d\d)/0*(\d+)(.*)$", dnr)
    if not match:
        return None
    return (match[1].casefold(), int(match[2]), int(match[3]), match[4])


def _same_number(one: str, other: str) -> bool:
    key = _number_key(one)
    return key is not None and key[:3] == (_number_key(other) or ())[:3]


_OWN_FORM = re.compile(r"^[^\d\s/]+(?:19|20)\d\d/\d")


def _in_own_form(head: str, found: str) -> str:
    """The number as the Government Offices write it ("Fi2021/04117": prefix and year together,
    the serial as they pad it) when the text also has it so — a sender's form field often
    writes it loosely ("Fi/2021/4117") above a title that quotes the referral."""
    key = _number_key(found)
    if key is None or _OWN_FORM.match(found):
        return found
    for match in _MINISTRY_DNR.finditer(head):
        other = _tidy(_ocr_number(match["dnr"]))
        other_key = _number_key(other)
        if other_key is None or other_key[:3] != key[:3] or not _OWN_FORM.match(other):
            continue
        if other_key[3] or not key[3]:  # the unit's suffix is kept when either has one
            return other
    return found


_BODY_DNR_WORDS = re.compile(r"(?P<abbr>[A-ZÅÄÖ]{2,6})\s+(?i:dnr|diarienr|diarienummer)\.?:?\s*")
_BODY_DNR = re.compile(
    rf"(?<![\w-]){_BODY_DNR_WORDS.pattern}"
    r"(?P<dnr>\d[\dA-Za-z.:/-]*\d)"
)


_CASE_NUMBER = re.compile(
    r"(?P<dnr>(?:[A-ZÅÄÖ]{1,5}(?:[ /-][A-ZÅÄÖ]{1,5})?[ /-]?)?\d[\dA-Za-z.:/-]*[\dA-Za-z])"
)


def _tidy(value: str) -> str:
    value = re.sub(r"\s*/\s*", "/", value.strip())
    return re.sub(r"\s+", " ", value).rstrip(".,;:")


# What an item of a minutes' list says when it is the referral ("Svar på remiss …").
_REFERRAL_ITEM = re.compile(r"\bremiss|\bSOU\s+\d|\bDs\s+\d|betänkande|promemoria", re.IGNORECASE)


def _heading_dnr(text: str) -> str | None:
    """A letter's heading often prints its own number alone on a line, or after the date:
    "UFV 2022/1234", "2019-10-01   FM2019-12345:2"."""
    for match in _HEADING_DNR.finditer(text[:600]):
        value = _tidy(match["dnr"])
        if not _MINISTRY_DNR.fullmatch(value) and len(re.sub(r"\D", "", value)) >= 5:
            return value
    return None


def respondent_dnr(text: str, issuer_dnr: str | None) -> str | None:
    found: list[tuple[str, int]] = []
    for match in _OWN_DNR.finditer(text[:6000]):
        value = _tidy(match["dnr"])
        if issuer_dnr and (
            issuer_dnr.replace(" ", "").lower().startswith(value.replace(" ", "").lower())
            or _same_number(value, issuer_dnr)
        ):
            continue  # the ministry's number, or its start when spaces break it ("Fi2019/ 04187"),
            # or written another way ("S/2020/8228" beside "S2020/08228")
        if _MINISTRY_DNR.fullmatch(value) and issuer_dnr is None:
            continue
        if len(re.sub(r"\D", "", value)) < 3 or _DATE_ISO.fullmatch(value):
            continue
        if _YEAR_ONLY.fullmatch(value):
            continue  # "Dnr 2013/" cut short by a hosting site: a year is no case number
        owner = _OWNER_AFTER.match(text, match.end())
        if owner and bodies.known(owner["name"]):
            continue  # "Dnr 2012/2980 (Skogsstyrelsen)": another body's number
        found.append((value, match.end()))
    if len({value for value, _end in found}) > 1:
        # A minutes' list of items, each with its number: the item that is the referral.
        ends = [end for _value, end in found[1:]] + [len(text)]
        for (value, end), next_end in zip(found, ends, strict=True):
            if _REFERRAL_ITEM.search(text[end : min(next_end, end + 300)]):
                return value
        if len({value for value, _end in found}) >= 3:
            # A list of the referred parts, each with the referring body's number ("Dnr
            # 36562/2019 Allvarliga hudsjukdomar" …): the letter's own number is its heading's.
            heading = _heading_dnr(text)
            if heading:
                return heading
    if found:
        return found[0][0]
    # Minutes: the number after the item's paragraph ("§ 45 KS 2021/123"), of the item that is
    # the referral.
    items = list(_PARAGRAPH_DNR.finditer(text[:6000]))
    starts = [item.start() for item in items[1:]] + [len(text)] * bool(items)
    for item, next_start in zip(items, starts, strict=True):
        if _REFERRAL_ITEM.search(text, item.end(), min(item.end() + 300, next_start)):
            return _tidy(item["dnr"])
    heading = _heading_dnr(text)
    if heading:
        return heading
    dated = _DATED_HEADING_DNR.search(text[:800])
    if dated:
        return _tidy(dated["dnr"])
    # A flattened letterhead that opens with the body's own number, before the addressee's
    # ("TSG 2011-486 M2011/1516/Ma Remissvar 1(10) …").
    opening = _OPENING_DNR.match(text)
    if opening and not _MINISTRY_DNR.fullmatch(_tidy(opening["dnr"])):
        return _tidy(opening["dnr"])
    return None


_YEAR_ONLY = re.compile(r"(?:19|20)\d\d")
_PARAGRAPH_DNR = re.compile(
    # the paragraph sign may be lost where a page's number runs into the item ("SAMMANTRÄDES-
    # PROTOKOLL 2 (20) 28 KS 2012/172 51 Remissvar …")
    r"(?:^\s*§|^\s*(?=\d)|(?<=\(\d\)\s)|(?<=\(\d\d\)\s)|(?<=\(\d\d\d\)\s))\s*"
    r"\d{1,4}(?:/(?:19|20)\d\d)?\s+(?P<dnr>[A-ZÅÄÖ]{1,5}[ -]?(?:19|20)\d\d[/-]\d{1,6}"
    r"(?:[/:.-]\d{1,6})*)\b",
    re.MULTILINE,
)
_OPENING_DNR = re.compile(
    r"\W*(?P<dnr>[A-ZÅÄÖ]{2,5}[ -]?(?:19|20)\d\d[-/]\d{1,6}(?:[-/:.]\d{1,6})*)\s"
)


# The body a case number belongs to, in brackets after it.
_OWNER_AFTER = re.compile(r"\s*\((?P<name>[A-ZÅÄÖ][\w-]*(?:\s+[\w-]+){0,4})\)")


# A heading flattened into one line: the letter's date, its page number, its own number
# ("2020-11-26 1 STY-2020/523 Johanna …", "YTTRANDE 2015-04-28 1 (11) 537-439-15").
_DATED_HEADING_DNR = re.compile(
    r"(?:19|20)\d\d-\d\d-\d\d\s+(?:\d{1,2}(?:\s*\(\d{1,2}\))?\s+)?"
    # a county board's "537-439-15" (subject code, serial, year)
    r"(?P<dnr>[A-ZÅÄÖ]{2,5}[ -](?:19|20)\d\d/\d{1,6}|\d{3}-\d{1,6}-(?:19|20)?\d\d)\b"
)


_HEADING_DNR = re.compile(
    r"^\s*(?:(?:19|20)\d\d-\d\d-\d\d\s+)?(?!(?i:tel|telefon|fax|box|org|mobil|sms|sida)\b)"
    r"(?P<dnr>[A-ZÅÄÖ][A-Za-zåäö]{0,4}[ -]?\d{2,}(?:[/:.-]\d{1,6})*"
    r"(?:[/-][A-ZÅÄÖ]{1,4})?)\s*$",
    re.MULTILINE,
)


# The words that introduce the day a reply is due: read as the deadline, and a letter's date
# is never the one that follows them.
_DEADLINE_WORDS = (
    r"remisstid(?:en)?(?:\s+(?:går\s+ut|löper\s+ut|är))?|svar\s+senast|senast|"
    r"sista\s+(?:svars)?dag(?:en)?|svarsdatum"
)
_DEADLINE = re.compile(
    rf"(?:{_DEADLINE_WORDS})\s*:?\s*"
    rf"(?:den\s+)?(?:(?P<text>\d{{1,2}}\s+(?:{_MONTHS})\s+(?:19|20)\d\d)|"
    rf"(?P<iso>(?:19|20)\d\d-\d\d-\d\d))",
    re.IGNORECASE,
)


def deadline(text: str) -> str | None:
    match = _DEADLINE.search(text)
    if not match:
        return None
    if match["iso"]:
        return _iso(*match["iso"].split("-"))
    written = _DATE_TEXT.search(match["text"])
    return _text_date(written) if written else None


_DECISION_DATE_CUES = re.compile(
    r"(?:beslut|beslutsdatum|datum|remissvar|yttrande|sammanträdesdatum|protokoll|"
    r"sammanträde)\s*:?\s*"
    # "Remissyttrande | Sida 1 (1) | 2020-06-11", "Remissvar från 2016-10-10:"
    r"(?:\|\s*)?(?:sida\s+)?(?:\d+\s*\(\d+\)\s*)?(?:\|\s*)?(?:från\s+|daterat?\s+)?"
    r"(?:datum\s*:?\s*)?(?:dnr\s*)?"
    # a letterhead's row of column headings flattened before its values ("Datum Vår referens
    # 2019-06-05 Dnr: 19-2365"): the first value is the first heading's, the date
    r"(?:(?:(?:vår|er|ert)\s+(?:referens|ref|beteckning|dnr|diarienummer)|diarienummer|"
    r"beteckning)\s*:?\s*){0,2}",
    re.IGNORECASE,
)
# The day the reply was handed in, said in words: "2016-02-02 lämnade vi vårt yttrande över …",
# "Förbundet lämnade sitt remissvar den 2019-03-01".
_HANDED_IN_ON = re.compile(
    r"\b(?P<d1>(?:19|20)\d\d-\d\d-\d\d)\s+(?:lämnade|skickade|avgav)\s+(?:vi|[A-ZÅÄÖ][\w-]*(?:\s+"
    r"[A-ZÅÄÖ][\w-]*){0,3})\s+(?:vårt|sitt|ett|in\s+(?:vårt|sitt))\s+"
    rf"{lexicon.REPLY_NOUNS}"
    r"|\b(?:lämnade|skickade|avgav)\s+(?:(?:vi|[A-ZÅÄÖ][\w-]*(?:\s+[A-ZÅÄÖ][\w-]*){0,3})\s+)?"
    r"(?:in\s+)?"
    rf"(?:vårt|sitt|ett)\s+{lexicon.REPLY_NOUNS}\w*\s+(?:[^.]{{0,80}}?\s)?den\s+"
    r"(?P<d2>(?:19|20)\d\d-\d\d-\d\d)\b"
    # the date before the sentence it opens: "2020-05-15 Riksarkivet lämnade sitt remissvar"
    r"|\b(?P<d3>(?:19|20)\d\d-\d\d-\d\d)\s+(?:vi|[A-ZÅÄÖ][\w-]*(?:\s+[A-ZÅÄÖ][\w-]*){0,3})\s+"
    rf"(?:lämnade|skickade|avgav)\s+(?:in\s+)?(?:vårt|sitt|ett)\s+{lexicon.REPLY_NOUNS}"
)
# A letter dated by its town: "Stockholm 2016-11-05", "Lund den 3 maj 2019" (_PLACE_DATE).
_TOWN_ISO_DATE = re.compile(r"\b([A-ZÅÄÖ][a-zåäö]+)\s+(?:den\s+)?((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
_PLACE_DATE = re.compile(
    rf"^[A-ZÅÄÖ][a-zåäö]+(?:\s[a-zåäö]+)?\s+den\s+(?P<day>\d{{1,2}})\s+(?P<month>{_MONTHS})\s+"
    r"(?P<year>(?:19|20)\d\d)",
    re.IGNORECASE | re.MULTILINE,
)


# Where a transcript lost its line breaks: a letter's date right after the page's number
# ("Full text (1) 2020-11-26 STY-2020/523", "1 (22) 2016-03-15 Finansdepartementet"), and the
# town and date of a signature after the last sentence ("… i promemorian. Stockholm den 1
# december 2010 Friskolornas riksförbund").
_AFTER_PAGE_MARK = re.compile(
    r"(?:^|\s)(?:\(\d{1,3}\)|\d{1,3}\s*\(\d{1,3}\))\s+(?P<date>(?:19|20)\d\d-\d\d-\d\d)\b"
)
# A letterhead's reference fields run into one line with the date after their values: "Vår
# referens: 2017/03/006 Er referens: FI Dnr 15-15930 2017-04-07 Finansinspektionen".
_AFTER_REFERENCE_FIELD = re.compile(
    r"\b(?:[Vv]år|[Ee]r|[Ee]rt)\s+(?:referens|ref|beteckning|dnr|diarienummer)\s*:?\s*"
    r"(?:[A-ZÅÄÖ0-9(][\w./:()-]*\s+){1,4}?(?P<date>(?:19|20)\d\d-\d\d-\d\d)\b"
)
_PLACE_DATE_IN_RUN = re.compile(
    rf"(?<=[.!?]\s)(?P<town>[A-ZÅÄÖ][a-zåäö]+)\s+den\s+(?P<day>\d{{1,2}})\s+(?P<month>{_MONTHS})"
    r"\s+(?P<year>(?:19|20)\d\d)",
    re.IGNORECASE,
)


def is_memo(text: str) -> bool:
    """A memo proposes a decision ("föreslår att kommunstyrelsen beslutar"): its own date is
    not the decision's."""
    return bool(
        re.search(r"föreslår\s+(?:att\s+)?\w+\s+(?:att\s+)?besluta", text, re.IGNORECASE)
        or re.search(r"\b(?:tjänsteutlåtande|tjänsteskrivelse)\b", text[:400], re.IGNORECASE)
        or re.search(r"\bföreslås\s+besluta\b", text[:3000], re.IGNORECASE)
        # the document's kind in capitals, as a letterhead prints it, after a stray page
        or re.search(r"\b(?:TJÄNSTEUTLÅTANDE|TJÄNSTESKRIVELSE)\b", text[:3000])
    )


# The text says that someone decided the reply ("Beslut i detta ärende har fattats av …",
# "Rådet har beslutat om detta remissvar vid sammanträde den 14 september").
_DECIDED = re.compile(
    r"beslut\w*\s+(?:i\s+(?:detta|ärendet)\s+)?har\s+fattats|(?:har\s+)?beslutats\s+av|"
    r"\bbeslutade\b|\bhar\s+(?:\w+\s+){0,3}beslutat\b|\bfattat\s+beslut|"
    r"\bpå\s+\w+s\s+vägnar\b|^\s*för\s+(?:rådet|styrelsen|nämnden|myndigheten)\b",
    re.IGNORECASE | re.MULTILINE,
)


# Papers sent out before a meeting ("Sammanträdeshandlingar Landstingsstyrelsen 30 september
# 2014", "Kallelse och föredragningslista"): their date is the meeting's to come, and what they
# hold is proposed to it, not decided.
_MEETING_PAPERS = re.compile(
    r"\b(?:sammanträdeshandlingar|kallelse\s+(?:och|med|till)\b|föredragningslista)",
    re.IGNORECASE,
)
# A date written without separators after "Datum:", as some agencies print it: "180830"
# (yymmdd) or "20180830".
_COMPACT_DATE = re.compile(
    r"(?P<year>(?:19|20)?\d\d)(?P<month>0[1-9]|1[0-2])(?P<day>0[1-9]|[12]\d|3[01])\b"
)


def _compact_date(match: re.Match[str]) -> str | None:
    year = match["year"]
    if len(year) == 2:
        year = ("19" if int(year) >= 70 else "20") + year
    return _iso(year, match["month"], match["day"])


def decision_date(text: str) -> str | None:
    """The date of the decision: a dated decision sentence, a minutes' meeting date, or the
    date of the reply itself (a body's dated reply is its decision of that day). A proposal to
    a body (a memo, an agenda) has no decision date."""
    head = text[:3000]
    stated = _stated_decision(text)
    if stated and stated["date"]:
        return _any_date(stated["date"])
    if is_memo(text) or _MEETING_PAPERS.search(head[:300]):
        return None
    on_day = _DECIDED_ON_DAY.search(text) if _DECIDED.search(text) else None
    year = _DATE_ISO.search(head) or re.search(r"\b((?:19|20)\d\d)\b", head)
    if on_day and year:
        # "… beslutat om detta remissvar vid ordinarie sammanträde den 14 september": the
        # meeting's day, the year from the letter's date.
        return _iso(year[1], str(SWEDISH_MONTHS.index(on_day[2].lower()) + 1), on_day[1])
    handed = _HANDED_IN_ON.search(head)
    if handed:
        return _iso(*(handed["d1"] or handed["d2"] or handed["d3"]).split("-"))
    for cue in _DECISION_DATE_CUES.finditer(head):
        if _ENDS_IN_DEADLINE.search(head, max(0, cue.start() - 20), cue.end()):
            continue  # "Svarsdatum 2022-05-03": the cue is part of the deadline's words
        after = head[cue.end() : cue.end() + 40]
        iso = _DATE_ISO.match(after.strip())
        if iso:
            return _iso(*iso.groups())
        compact = _COMPACT_DATE.match(after.strip()) if "datum" in cue[0].lower() else None
        if compact:
            return _compact_date(compact)
    fields = _AFTER_REFERENCE_FIELD.search(head[:800])
    if fields:
        return _iso(*fields.group("date").split("-"))
    marked = _AFTER_PAGE_MARK.search(head[:1500])
    if marked and not _DEADLINE_LINE.search(head[max(0, marked.start() - 40) : marked.start()]):
        return _iso(*marked.group("date").split("-"))
    place = _PLACE_DATE.search(text) or next(
        (m for m in _PLACE_DATE_IN_RUN.finditer(text) if bodies.towns_in(m["town"])), None
    )
    if place:
        signed_day, in_month, in_year = place.group("day", "month", "year")
        return _iso(in_year, str(SWEDISH_MONTHS.index(in_month.lower()) + 1), signed_day)
    for town in _TOWN_ISO_DATE.finditer(head[:1200]):
        if bodies.towns_in(town[1]):
            return _iso(town[2], town[3], town[4])
    # A web page that summarises a reply and links to the whole of it is dated by its
    # publication, unless the date stands under the page's heading for the reply ("Remissvar").
    summary_page = _LINKS_TO_WHOLE_REPLY.search(text) is not None
    written = None if summary_page else _heading_date_text(head[:400])
    if written:
        return written
    # A letter's date at the start of a line of its heading ("2019-10-01   FM2019-123"), or
    # further down a long letterhead (an address block, both parties' references) on a line of
    # its own; not the date a line before names as the deadline ("Svar senast").
    for line in re.finditer(
        r"^[ \t]*(?:[A-ZÅÄÖ][a-zåäö]+,?[ \t]+(?:den[ \t]+)?)?((?:19|20)\d\d)-(\d\d)-(\d\d)\b"
        r"(?P<alone>[ \t]*$)?",
        head[:1200],
        re.MULTILINE,
    ):
        if line.start() >= 300 and line["alone"] is None:
            continue
        line_before = head[: line.start()].rstrip().rsplit("\n", 1)[-1]
        if summary_page and not _REPLY_HEADING.match(line_before):
            continue
        if not _DEADLINE_LINE.search(line_before) and not _DEADLINE_LINE.search(line[0]):
            return _iso(line[1], line[2], line[3])
    return None


# "Läs hela svaret som PDF", "Läs hela remissvaret här", "Klicka här för att läsa hela
# yttrandet", "Ladda ner remissvaret (pdf)": the page is about a reply, not the reply.
_LINKS_TO_WHOLE_REPLY = re.compile(
    rf"\b(?:läs|läsa|ladda\s+ner)\s+(?:hela\s+)?(?:\w+s\s+|vårt\s+|det\s+)?{lexicon.REPLY_NOUNS}\w*"
    r"(?:\s+(?:här|som\s+pdf|i\s+pdf)|\s*[.:(]|\s*$)",
    re.IGNORECASE | re.MULTILINE,
)
_REPLY_HEADING = re.compile(rf"^\s*{lexicon.REPLY_NOUNS}\s*$", re.IGNORECASE)


_ENDS_IN_DEADLINE = re.compile(rf"(?:{_DEADLINE_WORDS})\s*:?\s*$", re.IGNORECASE)
_DEADLINE_LINE = re.compile(
    rf"\b(?:{_DEADLINE_WORDS})\b|\bdeadline|\bt\.\s?o\.\s?m\b", re.IGNORECASE
)


# A date in words inside a sentence dates something else ("avsäger sig sitt uppdrag från och med
# den 15 juli 2024", "sammanträde den 10 september 2025"): a lower-case word just before it,
# other than a weekday's ("Tisdag den 20 mars 2012") or "datum". A heading's date stands
# alone, after capitals, a town and comma or a title and comma ("Stockholm, 11 juni 2021").
_IN_PROSE_BEFORE = re.compile(
    r"\b(?!(?:måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag|datum|dag|den)\b)[a-zåäö]+:?"
    r"[ \t]+(?:den[ \t]+)?$"
)


def _heading_date_text(head: str) -> str | None:
    for match in _DATE_TEXT.finditer(head):
        line_before = head[head.rfind("\n", 0, match.start()) + 1 : match.start()]
        if _PERIODICAL.search(line_before):
            continue  # "Veckobrevet från SKR, tisdag 19 mars 2024": the issue's date
        if not _IN_PROSE_BEFORE.search(line_before[-40:]):
            return _text_date(match)
    return None


# A newsletter's or a press release's issue line dates the issue, not a reply it tells of.
_PERIODICAL = re.compile(
    r"\b(?:veckobrev\w*|nyhetsbrev\w*|månadsbrev\w*|pressmeddelande\w*|publicerad|uppdaterad)\b",
    re.IGNORECASE,
)


def _any_date(value: str) -> str | None:
    iso = _DATE_ISO.search(value)
    if iso:
        return _iso(*iso.groups())
    written = _DATE_TEXT.search(value)
    return _text_date(written) if written else None


_DECIDED_ON_DAY = re.compile(
    rf"beslutat\b[^.]{{0,80}}?\bden\s+(\d{{1,2}})\s+({_MONTHS})\b(?!\s+(?:19|20)\d\d)",
    re.IGNORECASE,
)


_BODY_NAME = (
    r"[Kk]ommunstyrelsen|[Rr]egionstyrelsen|[Kk]ommunfullmäktige|[Rr]egionfullmäktige|"
    r"[Ll]andstingsstyrelsen|[Ll]andstingsfullmäktige|"
    r"[A-ZÅÄÖ]?[a-zåäö]+(?:styrelsens|nämndens)\s+(?:arbetsutskott|beredningsutskott|utskott)|"
    r"[A-ZÅÄÖ][a-zåäö]+-\s+och\s+[a-zåäö]+(?:nämnden|utskottet)|"
    r"[A-ZÅÄÖ][a-zåäö]+(?:nämnden|utskottet)(?:\s+för\s+[a-zåäö]+)?"
)
# The deciding body alone on a line of the letterhead ("Umeå kommun / Kommunstyrelsen").
_BODY_LINE = re.compile(rf"^\s*(?P<body>{_BODY_NAME})\s*$", re.MULTILINE)
# The board as the letter's sender with the letter's date, opening the document: "Styrelsen
# 2006-08-09 REGERINGSKANSLIET …", "Förbundsstyrelsen 2019-03-01".
_BOARD_DATED = re.compile(
    rf"\A\s*(?P<body>[A-ZÅÄÖ]?[a-zåäö]*[Ss]tyrelsen|{_BODY_NAME})[ \t]+(?:19|20)\d\d-\d\d-\d\d\b"
)
_BODY = re.compile(
    rf"\b(?P<body>{_BODY_NAME})"
    r"(?:\s+i\s+[A-ZÅÄÖ][\w-]+\s+(?:kommun|stad)|\s+i\s+Region\s+[A-ZÅÄÖ][\w-]+)?"
    r"\s+(?:beslutar|beslutade|har\s+beslutat|beslöt|har\s+vid\s+sammanträde|antar|godkänner|"
    r"överlämnar|avger|tillstyrker|avstyrker|ställer\s+sig|föreslås\s+besluta)\b"
    # a memo's proposal: "Landstingsrådsberedningen föreslår landstingsstyrelsen besluta"
    rf"|\bföreslår\s+(?:att\s+)?(?P<proposed>{_BODY_NAME})\s+(?:att\s+)?besluta(?:r)?\b",
)
# "landstingsstyrelsen den 20 september 2016, § 206, beslutat att avge …", "Kommunstyrelsen
# har den 3 mars 2020 beslutat …": who decided and when, in one sentence.
_BODY_DECIDED_ON = re.compile(
    rf"\b(?P<body>{_BODY_NAME}|[Ll]andstingsstyrelsen|[Ff]örbundsstyrelsen)\s+(?:har\s+)?"
    rf"(?:den\s+(?P<date>\d{{1,2}}\s+(?:{_MONTHS})\s+(?:19|20)\d\d|(?:19|20)\d\d-\d\d-\d\d)"
    r"(?:,?\s*(?:§\s*)?\d+)?,?\s+)beslutat\b",
    re.IGNORECASE,
)
# The same sentence with the date after the verb: "Regionstyrelsen har beslutat i ärendet den
# 3 mars 2021", "Styrelsen beslutade om yttrandet den 2021-03-03".
_BODY_DECIDED_THEN = re.compile(
    rf"\b(?P<body>{_BODY_NAME}|[Ll]andstingsstyrelsen|[Ff]örbundsstyrelsen)\s+(?:har\s+)?"
    rf"(?:beslutat|beslutade)\b[^.]{{0,60}}?\bden\s+"
    rf"(?P<date>\d{{1,2}}\s+(?:{_MONTHS})\s+(?:19|20)\d\d|(?:19|20)\d\d-\d\d-\d\d)\b",
    re.IGNORECASE,
)


# The body after its verb: "Det beslutades av regionfullmäktige den 27 september".
# "Dessa har fastställts av verkställande utskottet 2018-06-20": with the day when it follows.
_DECIDED_BY_BODY = re.compile(
    rf"\b(?:beslutades|beslutats|antogs|antagits|godkändes|fastställdes|fastställts)\s+"
    rf"(?:\w+\s+){{0,2}}?av\s+(?P<body>{_BODY_NAME}|[Ll]andstingsstyrelsen|[Ff]örbundsstyrelsen|"
    r"(?:förbundsstyrelsens\s+)?[Vv]erkställande\s+utskottet)\b"
    rf"(?:\s+(?:den\s+)?(?P<date>\d{{1,2}}\s+(?:{_MONTHS})\s+(?:19|20)\d\d|"
    r"(?:19|20)\d\d-\d\d-\d\d)\b)?"
)
# A board said to have given the reply: "TU:s styrelse har lämnat sitt yttrande över …",
# "Förbundsstyrelsen har i dag antagit ett remissvar".
_BODY_GAVE_REPLY = re.compile(
    r"\b(?P<body>[A-ZÅÄÖ][\w-]*(?::s|s)\s+(?:förbunds)?(?:styrelse|nämnd|arbetsutskott)|"
    r"(?:[Ff]örbunds|[Kk]ommun|[Rr]egion|[Ll]andstings)?[Ss]tyrelsen)\s+har\s+(?:\w+\s+){0,2}?"
    r"(?:lämnat|avgett|antagit|beslutat\s+om)\s+(?:sitt\s+|ett\s+|följande\s+)?"
    rf"{lexicon.REPLY_NOUNS}\b"
)
# The body that is to decide, named by its meeting: "Ett slutgiltigt beslut tas under nästa
# veckas regionstyrelsemöte", "beslut fattas på kommunfullmäktiges sammanträde".
_DECISION_AT_MEETING = re.compile(
    r"\bbeslut\w*\s+(?:tas|fattas|ska\s+(?:tas|fattas)|väntas)\b[^.]{0,60}?\b"
    r"(?P<organ>kommun|region|landstings)(?P<kind>styrelse|fullmäktige)(?:ns|s)?"
    r"\s*(?:möte|mötet|sammanträde|sammanträdet)\b",
    re.IGNORECASE,
)


def _stated_decision(text: str) -> re.Match[str] | None:
    """A sentence that names the deciding body and the day: "Kommunstyrelsen har den 3 mars 2021
    beslutat …" or "… har beslutat i ärendet den 3 mars 2021"."""
    found = [m for m in (_BODY_DECIDED_ON.search(text), _BODY_DECIDED_THEN.search(text)) if m]
    by_body = _DECIDED_BY_BODY.search(text)
    if by_body and by_body["date"]:
        found.append(by_body)
    dated = [m for m in found if m["date"]]
    candidates = dated or found
    return min(candidates, key=lambda m: m.start()) if candidates else None


_ON_BEHALF = re.compile(r"På\s+(\w+?)s\s+vägnar", re.IGNORECASE)
_DECISION_HEADER = re.compile(
    r"^(?P<body>[A-ZÅÄÖ][\w åäö]{3,60}?(?:nämnden|styrelsen|utskottet)(?:\s+för\s+[a-zåäö]+)?)"
    r"\s*$[\s\S]{0,400}?\bBESLUT\b",
    re.MULTILINE,
)


def _organ_of_signature(body: str) -> str:
    """ "JÄMTLANDS LÄNS LANDSTINGSSTYRELSE" → "Landstingsstyrelsen": the organ, definite."""
    organ = body.split()[-1].capitalize()
    return organ + "n" if organ.endswith(("styrelse", "nämnd")) else organ


# The body said to have decided the reply by the noun it calls itself ("Rådet har beslutat om
# detta remissvar vid ordinarie sammanträde …"): the sender itself when its name ends in it.
_SELF_DECIDED = re.compile(
    r"\b(?P<noun>[A-ZÅÄÖ][a-zåäö]+)\s+har\s+(?:\w+\s+){0,2}?beslutat\s+(?:om\s+)?"
    r"(?:detta|sitt|föreliggande)\s+(?:remissvar|remissyttrande|yttrande)\b"
)
_DEFINITE_ENDING = re.compile(r"(?:et|en|n)$")
_SHORT_FORM_AFTER = re.compile(r"\s*\([A-ZÅÄÖ]{2,8}\)$")


# A memo's heading for the decision it proposes, in the genitive of the body that is to take
# it: "Förslag till beslut Kommunstyrelsens beslut Bifogad skrivelse … överlämnas …".
_PROPOSED_HEADING = re.compile(
    r"\bFörslag\s+till\s+beslut\s+(?P<body>[A-ZÅÄÖ][a-zåäö]*(?:styrelsen|nämnden|fullmäktige|"
    r"utskottet))s?\s+beslut\b"
)


# Minutes that say whose they are: "Protokollet från kommunstyrelsens arbetsutskott den 20 mars
# 2012, 28–45 är justerat" — the organ that met and decided.
_MINUTES_OF = re.compile(
    r"\bProtokollet\s+från\s+(?P<body>[a-zåäö]+(?:styrelsens|nämndens)\s+(?:arbetsutskott|"
    r"beredningsutskott|utskott)|[a-zåäö]+(?:styrelsen|nämnden|fullmäktige))\s+den\s+\d"
)


def _self_decided(text: str, respondent: str | None) -> str | None:
    # the nouns a body calls itself by are the lexicon's anaphors ("Rådet", "Förbundet", …)
    found = next(
        (m for m in _SELF_DECIDED.finditer(text) if m["noun"].lower() in lexicon.ANAPHORS), None
    )
    if not found or not respondent:
        return None
    stem = _DEFINITE_ENDING.sub("", found["noun"].lower())
    name = _SHORT_FORM_AFTER.sub("", respondent)  # "… råd (SMER)": the name
    return name if name.lower().endswith(stem) else None


def decision_body(text: str, respondent: str | None = None) -> str | None:
    self_decided = _self_decided(text, respondent)
    if self_decided:
        return self_decided
    stated = _stated_decision(text)
    if stated:
        return _capitalised(stated["body"])
    match = _BODY.search(text)
    if match:
        return _capitalised(match["body"] or match["proposed"])
    match = _DECIDED_BY_BODY.search(text) or _BODY_GAVE_REPLY.search(text)
    if match:
        return _capitalised(match["body"])
    proposed = _PROPOSED_HEADING.search(text[:3000])
    if proposed:
        return proposed["body"]
    minutes = _MINUTES_OF.search(text[:3000])
    if minutes:
        return _capitalised(minutes["body"])
    meeting = _DECISION_AT_MEETING.search(text)
    if meeting:
        kind = meeting["kind"].lower()
        return meeting["organ"].capitalize() + (kind + "n" if kind == "styrelse" else kind)
    match = _ON_BEHALF.search(text)
    if match:
        return _capitalised(match[1])
    signed = _BODY_SIGNATURE.search(text)
    if signed:
        return _organ_of_signature(signed["body"])
    match = _DECISION_HEADER.search(text[:3000])
    if match:
        return match["body"].strip()
    match = _BODY_LINE.search(text[:400]) or _BOARD_DATED.match(text)
    if match:
        return match["body"]
    return None


_TITLES = (
    r"vicerektor|rektor|prorektor|dekan|prodekan|professor|generaldirektör|överdirektör|"
    r"myndighetschef|ordförande|vice\s+ordförande|landshövding|ombudsman|överbefälhavare|"
    r"rikspolischef|riksåklagare|justitiekansler|president|lagman|chefsrådman|kommunalråd|"
    r"regionråd|borgarråd|jurist|handläggare|utredare|analytiker|samordnare|strateg|vd|"
    r"verkställande\s+direktör|[a-zåäö-]*(?:direktör|chef|sekreterare|jurist|ekonom|råd|"
    r"handläggare|utredare|inspektör|ingenjör|ansvarig|ledare|specialist|expert|ombudsman|"
    r"ordförande|rektor|antikvarie|arkivarie|bibliotekarie|kansler|intendent|revisor)"
)
_TITLE_LINE = re.compile(
    rf"^\s*(?:(?:t\.f\.|tf|biträdande|ställföreträdande|vice|senior|juridisk|"
    rf"[A-ZÅÄÖ]?[a-zåäö]+)\s+)?(?:{_TITLES})\b[^\n]{{0,40}}$",
    re.IGNORECASE,
)
_NAME_WORD = r"[A-ZÅÄÖ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?"
_NAME = rf"{_NAME_WORD}(?:\s{_NAME_WORD}){{1,3}}"
_NAME_LINE = re.compile(rf"^\s*({_NAME})\s*$")
_CAPS_NAME = re.compile(r"^\s*([A-ZÅÄÖ]{2,}(?:[ -][A-ZÅÄÖ]{2,}){1,3})\s*$", re.MULTILINE)
# A deciding body's signature block in capitals, its chair's name and title after it, run into
# one line as a transcript prints it: "JÄMTLANDS LÄNS LANDSTINGSSTYRELSE Harriet Jorderud
# Landstingsstyrelsens ordförande".
_BODY_SIGNATURE = re.compile(
    r"\b(?P<body>(?:[A-ZÅÄÖ]{2,}\s+){0,3}[A-ZÅÄÖ]*(?:STYRELSEN?|NÄMNDEN?|UTSKOTTET))\s+"
    rf"(?P<name>{_NAME_WORD}\s+{_NAME_WORD}(?:\s+{_NAME_WORD})??)\s+"
    rf"(?:[A-ZÅÄÖ][a-zåäö]+s\s+)?(?i:{_TITLES})\b"
)
# "Detta beslut har fattats av generaldirektör Lena Erixon", "I detta ärende har
# generaldirektören Peter Fredriksson beslutat", "Yttrandet har beslutats av rektor X".
_DECIDED_BY = re.compile(
    rf"(?:beslut(?:at|ats)?|fattats|avgjorts|avgetts)\s+av\s+(?:[a-zåäö-]+\s+){{0,3}}?({_NAME})"
    rf"|\bhar\s+(?:[a-zåäö-]+\s+){{0,3}}?({_NAME})\s+beslutat"
)
# An agency's decision block: "generaldirektör Anna Berg (beslutande)", or "Beslutande" and
# "Föredragande" over their names — the one who decides signs, the presenter does not.
_DECIDING_PERSON = re.compile(
    rf"({_NAME})\s*\(beslutande\)"
    rf"|^\s*Beslutande:?\s+({_NAME})\s*\n\s*(?:\n\s*)?Föredragande\b",
    re.MULTILINE,
)
# Staff titles (a contact, not who signs); a generalsekreterare heads an organisation.
_CONTACT_TITLE = re.compile(
    r"handläggare|utredare|kontaktperson|kommunikatör|(?<!general)sekreterare", re.I
)
_CLOSING_WORDS = re.compile(
    r"^\s*(?:med\s+vänlig(?:a)?\s+hälsning(?:ar)?|vänliga\s+hälsningar|hälsningar|mvh)\W*$",
    re.IGNORECASE | re.MULTILINE,
)


def _person(line: str, respondent: str | None) -> str | None:
    """The line as a person's name, or None: two to four capitalised words, none of them a
    word of an organisation, a heading or an address."""
    match = _NAME_LINE.match(line)
    if not match:
        return None
    name = match[1]
    words = name.split()
    if any(w.lower() in _NOT_NAMES for w in words) or has_org_word(name):
        return None
    if respondent and name.casefold() == respondent.casefold():
        return None
    return name


def signatory(text: str, respondent: str | None = None) -> str | None:
    """The person who signs for the body; not one a press release or news text quotes ("…,
    säger Anna Berg, chefsjurist"), who speaks for it but signs nothing."""
    name = _signatory(text, respondent)
    # "säger Sveriges Arkitekters samhällspolitiska chef Anna Berg": a title may stand between
    if name and re.search(
        rf"\b(?:säger|enligt|berättar|förklarar|menar)\s+(?:[\w:-]+\s+){{0,5}}?{re.escape(name)}\b",
        text,
    ):
        return None
    if name and _is_page_contact(text, name):
        return None
    return name


# A web page's contact card: the text of a person's photo ("Bild på Anna Berg").
_PHOTO_OF = r"\b(?:bild|foto|porträtt)\s+(?:på|av)\s+"


def _is_page_contact(text: str, name: str) -> bool:
    """A person a web page names as its contact, not one who signed the reply: shown by a
    photo's text, or named only below the page's link to the whole reply (which the reply's
    own signature is in)."""
    if re.search(_PHOTO_OF + re.escape(name) + r"\b", text, re.IGNORECASE):
        return True
    link = _LINKS_TO_WHOLE_REPLY.search(text)
    return link is not None and text.find(name) >= link.end()


def _signatory(text: str, respondent: str | None) -> str | None:
    deciding = _DECIDING_PERSON.search(text)
    if deciding:
        return deciding[1] or deciding[2]
    match = _DECIDED_BY.search(text)
    if match:
        return match[1] or match[2]
    on_behalf = _ON_BEHALF.search(text)
    if on_behalf:
        named = re.search(rf"\s*({_NAME})", text[on_behalf.end() : on_behalf.end() + 80])
        if named:
            return named[1]
    signed = _BODY_SIGNATURE.search(text)
    if signed:
        return signed["name"]
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    closings = list(_CLOSING_WORDS.finditer(text))
    if closings:
        after_closing = [line.strip() for line in text[closings[-1].end() :].split("\n")]
        for line in [line for line in after_closing if line][:2]:
            name = _person(line, respondent)
            if name:
                return name
    # "Fredrik Daveby, VD" among the last lines: a name with its title after a comma — not a
    # staff contact's ("Anna Berg, handläggare").
    for line in lines[-6:]:
        head, _comma, title = line.partition(",")
        name = _person(head, respondent) if title else None
        if name and _TITLE_LINE.match(title) and not _CONTACT_TITLE.search(title):
            return name
    for index, line in enumerate(lines):
        name = _person(line, respondent)
        if not name:
            continue
        before = lines[index - 1] if index else ""
        after = lines[index + 1] if index + 1 < len(lines) else ""
        if _TITLE_LINE.match(after) or (_TITLE_LINE.match(before) and len(before) < 30):
            return name
    third = len(text) // 3
    for match in _CAPS_NAME.finditer(text, third):
        words = match[1].split()
        if 2 <= len(words) <= 4 and not any(w.lower() in _NOT_NAMES for w in words):
            name = " ".join(w.capitalize() for w in words)
            if not has_org_word(name) and (
                not respondent or name.casefold() != respondent.casefold()
            ):
                return name
    # A signature run into one line, as web transcripts print it: "… Tony Johansson Ordförande".
    tail = text[-200:]
    # With a comma before the title too: "… Fredrik Daveby, VD Carl-Erik Stjernvall, …".
    for match in re.finditer(
        rf"((?:{_NAME_WORD}\s+){{2,4}}|(?:{_NAME_WORD}\s+){{1,3}}{_NAME_WORD},\s+)"
        rf"((?i:{_TITLES}))\b",
        tail,
    ):
        if _CONTACT_TITLE.search(match[2]) or re.search(r"kontakt", tail[: match.start()], re.I):
            continue  # a contact person ("Per Ek, handläggare"), who signs nothing
        words = [w.rstrip(",") for w in match[1].split() if w.lower() not in _NOT_NAMES]
        while words and has_org_word(words[0]):
            words = words[1:]
        while words and has_org_word(words[-1].removesuffix("s")):
            words = words[:-1]  # "… Kommunstyrelsens ordförande": the title's qualifier
        if len(words) > 3:
            words = words[-2:]  # "Motormännens Riksförbund Fredrik Daveby, VD": the name
        if 2 <= len(words) <= 3:
            return " ".join(words[-3:])
    # A signature run into the line between the letter's last sentence and its list of
    # attachments: "… till Finansdepartementet. Anne-Christine Dahlgren Bilagor: 1. Yttrande".
    before_attachments = _NAME_BEFORE_ATTACHMENTS.search(text)
    if before_attachments and _person(before_attachments[1], respondent):
        return before_attachments[1]
    # … and before the letter's address footer: "… 2020-2021 Anders Ahlström Brandchef
    # Postadress: Uppsala kommun, …".
    for above_footer in _NAME_ABOVE_FOOTER.finditer(text):
        if _person(above_footer[1], respondent) and not _CONTACT_TITLE.search(above_footer[2]):
            return above_footer[1]
    # A name alone on the last line, as under a signature: in a letter (a case number or a
    # date in its heading), not as a web page's byline under running text.
    if len(lines) <= 3 or (
        re.search(r"[.!?”\"]$", lines[-2]) and not _LETTER_HEAD.search(text[:1500])
    ):
        return None
    return _person(lines[-1], respondent)


_NAME_ABOVE_FOOTER = re.compile(
    rf"({_NAME})\s+((?i:{_TITLES}))\s+(?:Postadress|Besöksadress|Adress)\s*:"
)
_NAME_BEFORE_ATTACHMENTS = re.compile(rf"[.!?]\s+({_NAME})\s+Bilag(?:a|or)\s*:")
_LETTER_HEAD = re.compile(
    r"\b(?:dnr|diarienummer|ärendenummer|er\s+(?:beteckning|referens)|ert\s+dnr|vår\s+"
    r"(?:ref|referens|beteckning))\b|\b(?:19|20)\d\d-\d\d-\d\d\b",
    re.IGNORECASE,
)


_NOT_NAMES = {
    "av", "och", "i", "för", "till", "om", "på", "med", "den", "det", "beslut", "yttrande",
    "remissvar", "sammanfattning", "datum", "dnr", "bilaga", "bilagor", "ärendet", "styrelsen",
    "kommun", "stad", "region", "postadress", "besöksadress", "telefon", "e-post", "fax",
    "förslag", "synpunkter", "remiss", "pm", "protokoll", "utdrag", "kommunstyrelsen", "ladda",
    "ner", "dela", "sidan", "senast", "uppdaterad", "kontakt", "kontakta", "oss", "läs", "mer",
    "sverige", "stockholm", "göteborg", "malmö", "regeringskansliet", "beslutsunderlag",
    "tjänsteskrivelse", "ärendebeskrivning", "ordförande", "justerare", "sekreterare",
    "facebook", "twitter", "linkedin", "instagram", "youtube", "reservation", "särskilt",
    "protokollsanteckning", "bakgrund", "inledning", "skäl", "motivering", "uttalande",
    "ersättaryttrande",
}  # fmt: skip


_STATEMENT_INTRO = re.compile(
    r"(?P<kind>Särskilt uttalande|Särskilt yttrande|Reservation|Ersättaryttrande|"
    r"Protokollsanteckning)\s+(?:gjordes|anfördes|lämnades|avgavs)\s+av\s+(?P<who>.+?)"
    r"(?:\s+enligt\s+följande|\s+med\s+hänvisning|\.|$)",
    re.MULTILINE,
)
# "Anna Svensson (SD) och Erik Holm (SD) reserverar sig mot beslutet", "Lars Berg (M) lämnar
# ett särskilt yttrande", "Peter Ek (V) lämnar följande protokollsanteckning".
_MEMBERS = (
    r"(?:[A-ZÅÄÖ][\w-]+(?:\s+[A-ZÅÄÖ][\w-]+){1,3}\s*\((?:båda\s+|alla\s+)?[A-ZÅÄÖ][A-Za-zåäö]{0,3}\)"
    r"(?:\s*,\s*|\s+och\s+|\s+samt\s+)?)+"
)
_MEMBERS_ACT = re.compile(
    rf"(?P<who>{_MEMBERS})\s*(?:(?P<reserve>reserverar|reserverade)\s+sig|"
    r"(?:lämnar|lämnade|anmäler|anmälde|avger|avgav|får\s+till\s+protokollet\s+anteckna)"
    r"\s+(?:följande\s+|ett\s+|en\s+|gemensamt\s+|skriftligt\s+|skriftlig\s+){0,2}"
    r"(?P<kind>särskilt\s+(?:yttrande|uttalande)|protokollsanteckning|ersättaryttrande|"
    r"reservation))"
)
_KINDS = {
    "särskilt uttalande": "special_statement",
    "särskilt yttrande": "special_statement",
    "reservation": "reservation",
    "ersättaryttrande": "substitute_statement",
    "protokollsanteckning": "minute_note",
}


def _members(who: str) -> tuple[list[str], list[str]]:
    parties = re.findall(r"\((?:båda|alla)?\s*([A-ZÅÄÖ][A-Za-zåäö]{0,3})\)", who)
    names_part = re.sub(r"\([^)]*\)", ",", who)
    names = []
    for part in re.split(r",|\boch\b|\bsamt\b", names_part):
        words = part.split()
        while words and words[0].lower() in _NOT_NAMES:
            words = words[1:]  # a heading run into the names: "Reservation Anna Svensson"
        name = " ".join(words)
        if re.match(_NAME, name):
            names.append(name)
    return names, parties


_PARTIES = {
    "socialdemokraterna": "S", "moderaterna": "M", "sverigedemokraterna": "SD",
    "centerpartiet": "C", "vänsterpartiet": "V", "kristdemokraterna": "KD",
    "liberalerna": "L", "miljöpartiet": "MP", "folkpartiet": "FP",
}  # fmt: skip
# "Socialdemokraterna reserverar sig mot beslutet": a party's members, not named one by one.
_PARTY_ACT = re.compile(
    rf"\b(?P<party>{'|'.join(name.capitalize() for name in _PARTIES)})(?:s\s+ledamöter)?\s+"
    r"(?:(?P<reserve>reserverar|reserverade)\s+sig|(?:lämnar|lämnade|anmäler|anmälde)\s+"
    r"(?:ett\s+|en\s+|följande\s+)?(?P<kind>särskilt\s+(?:yttrande|uttalande)|"
    r"protokollsanteckning|ersättaryttrande))"
)

# The verb first, the parties after it: "Mot regionfullmäktiges beslut reserverade sig (M), (L),
# (V) och (SD)".
_ACT_THEN_PARTIES = re.compile(
    r"\b(?:(?P<reserve>reserverar|reserverade)\s+sig|(?:lämnar|lämnade|anmäler|anmälde)\s+"
    r"(?:ett\s+|en\s+)?(?P<kind>särskilt\s+(?:yttrande|uttalande)|protokollsanteckning|"
    r"ersättaryttrande))\s+(?P<who>(?:\([A-ZÅÄÖ][A-Za-zåäö]{0,3}\)(?:\s*,\s*|\s+och\s+|\s+samt\s+)?)+)"
)


def member_statements(text: str) -> list[MemberStatement]:
    """Reservations and statements by members or party groups, in the order the text has them."""
    flat = re.sub(r"\s+", " ", text)
    found: list[tuple[int, MemberStatement]] = []

    def add(position: int, kind: str, names: list[str], parties: list[str]) -> None:
        statement = MemberStatement(StatementKind(kind), tuple(names), tuple(parties))
        if statement not in [s for _pos, s in found]:
            found.append((position, statement))

    for match in _STATEMENT_INTRO.finditer(flat):
        names, parties = _members(match["who"])
        found.append(
            (match.start(), MemberStatement(StatementKind(_KINDS[match["kind"].lower()]),
                                            tuple(names), tuple(parties)))
        )  # fmt: skip
    for match in _MEMBERS_ACT.finditer(flat):
        names, parties = _members(match["who"])
        kind = "reservation" if match["reserve"] else _KINDS[re.sub(r"\s+", " ", match["kind"])]
        if names:
            add(match.start(), kind, names, parties)
    for match in _PARTY_ACT.finditer(flat):
        kind = "reservation" if match["reserve"] else _KINDS[re.sub(r"\s+", " ", match["kind"])]
        party = _PARTIES[match["party"].lower()]
        found.append((match.start(), MemberStatement(StatementKind(kind), (), (party,))))
    for match in _ACT_THEN_PARTIES.finditer(flat):
        kind = "reservation" if match["reserve"] else _KINDS[re.sub(r"\s+", " ", match["kind"])]
        add(match.start(), kind, [], re.findall(r"\(([^)]+)\)", match["who"]))
    return [statement for _pos, statement in sorted(found, key=lambda item: item[0])]


def remiss_title(text: str, ref: str | None) -> str | None:
    head = re.sub(r"[ \t]+", " ", text[:3000])
    match = re.search(
        r"(?:Yttrande|Remissvar|Remissyttrande)\s+(?:över|på|angående)\s+(?:remiss(?:en)?\s+"
        r"(?:av|om)\s+)?(?:(?:slut|del|huvud)?betänkandet|promemorian|rapporten)?\s*"
        r"(?P<title>[^\n(]{5,200}?)\s*(?:\(|\n|$)",
        head,
    )
    if match:
        title = match["title"].strip(' ”"-–,')
        if ref and title.startswith(ref):
            title = title[len(ref) :].strip(' ”"-–,')
        return title or None
    return None
