"""Who replied, to what, when and with which members' statements. Pure Python.

Each function returns None when the text does not state the value: a wrong value is worse than
none. Heuristics follow the forms Swedish replies use (letterheads, "Er beteckning:", "X har
beretts tillfälle att yttra sig", "Stockholm den 12 november 1985", "På utskottets vägnar").
"""

from __future__ import annotations

import datetime as dt
import re

from remiss.documents.swedish import SWEDISH_MONTHS
from remiss.reading.references import normalise_report_ref

MINISTRY_PREFIXES = (
    "Fi", "Fö", "Ju", "S", "U", "N", "A", "M", "I", "Ku", "UD", "SB", "Jo", "LI", "KN", "IJ",
    "KLI", "Ke", "Ds", "Mi", "Sb", "Kn", "Jä", "E", "Fin", "UF",
)  # fmt: skip
_MINISTRY_DNR = re.compile(
    r"(?<![\w/])(?P<dnr>(?:"
    + "|".join(sorted(MINISTRY_PREFIXES, key=len, reverse=True))
    + r")\s?/?\s?(?:19|20)[\dlIO]\s?[\dlIO]\s?/\s?[\dlIO]{2,6}"
    r"(?:\s?/\s?[A-ZÅÄÖ0-9][A-Za-zÅÄÖåäö0-9-]{0,10})*)",
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
    r"(?:vårt\s+dnr|vår\s+beteckning|vår\s+referens|diarienummer|diarienr|(?<!er )dnr|"
    r"(?<!er )beteckning)\s*\.?:?\s*(?:\d{4}-\d{2}-\d{2}\s+)?"
    r"(?P<dnr>(?:[A-ZÅÄÖ]{1,5}(?:[ /-][A-ZÅÄÖ]{1,5})?[ /-]?)?\d[\dA-Za-z.:/-]*[\dA-Za-z])",
    re.IGNORECASE,
)
_DATE_ISO = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
_MONTHS = "|".join(SWEDISH_MONTHS)
_DATE_TEXT = re.compile(rf"\b(\d{{1,2}})\s+({_MONTHS})\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_ORG_WORDS = (
    r"kommun|stad|region|regionen|landsting|myndighet|myndigheten|verket|verk|styrelsen|"
    r"nämnden|ombudsmannen|universitet|högskola|rådet|inspektionen|länsstyrelsen|kammaren|"
    r"domstol|domstolen|rätten|förbund|förbundet|institutet|kollegiet|centrum|fakulteten|"
    r"utskottet|polisen|tullverket|åklagarmyndigheten|kriminalvården|försäkringskassan|"
    r"skatteverket|arbetsförmedlingen|lantmäteriet"
)
_INVITED = re.compile(
    r"(?:^|[.!?)]\s+|\n)(?P<org>[A-ZÅÄÖ][\w\-åäöÅÄÖ ,()]{2,120}?)\s+har\s+"
    r"(?:beretts|erbjudits|anmodats|ombetts|getts|fått|inbjudits)\s+(?:tillfälle|möjlighet|"
    r"att\s+(?:yttra|lämna|inkomma)|inkomma)",
)
_ACTS = re.compile(
    r"(?:^|[.!?]\s+|\n)(?P<org>[A-ZÅÄÖ][\w\-åäöÅÄÖ ()]{2,100}?)\s+(?:tillstyrker|avstyrker|"
    r"ställer\s+sig|delar|välkomnar|yttrar\s+sig|har\s+(?:inget|inga|ingen)|finner|anser|"
    r"lämnar\s+följande|har\s+följande|är\s+positiv|instämmer|stödjer|stöder)\b",
)


def _iso(year: str, month: str, day: str) -> str | None:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _text_date(match: re.Match[str]) -> str | None:
    return _iso(match[3], str(SWEDISH_MONTHS.index(match[2].lower()) + 1), match[1])


def report_ref(text: str) -> str | None:
    return normalise_report_ref(text[:6000])


def ministry(text: str) -> str | None:
    match = _MINISTRY.search(text)
    if not match:
        return None
    name = re.sub(r"-\s+och", "- och", match[1])
    return name[0].upper() + name[1:]


def ministry_dnr(text: str) -> str | None:
    head = text[:8000]
    cue = _ISSUER_CUE.search(head)
    if cue:
        match = _MINISTRY_DNR.match(head, cue.end()) or _MINISTRY_DNR.search(
            head, cue.end(), cue.end() + 80
        )
        if match:
            return _tidy(_ocr_number(match["dnr"]))
    match = _MINISTRY_DNR.search(head)
    return _tidy(_ocr_number(match["dnr"])) if match else None


def _tidy(value: str) -> str:
    value = re.sub(r"\s*/\s*", "/", value.strip())
    return re.sub(r"\s+", " ", value).rstrip(".,;:")


def respondent_dnr(text: str, issuer_dnr: str | None) -> str | None:
    for match in _OWN_DNR.finditer(text[:6000]):
        value = _tidy(match["dnr"])
        if issuer_dnr and value.replace(" ", "").lower() == issuer_dnr.replace(" ", "").lower():
            continue
        if _MINISTRY_DNR.fullmatch(value) and issuer_dnr is None:
            continue
        if len(re.sub(r"\D", "", value)) < 3 or _DATE_ISO.fullmatch(value):
            continue
        return value
    return None


def _clean_org(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,")
    name = re.sub(r"^(?:Remissvar|Yttrande|Sammanfattning|Inledning)\s+", "", name)
    return name


_REFERRED_TO = re.compile(
    r"remitter(?:at|ats)\b[^.]{0,200}?\btill\s+(?P<org>[A-ZÅÄÖ][\w-]*(?:\s+[\wåäö-]+){0,5}?)"
    r"(?:\s+för\s+(?:yttrande|synpunkter)|\.)",
)
# "Yttrande från Sveriges Kommuner och Regioner", "Remissvar från Boverket över …"
_FROM_HEADING = re.compile(
    r"^\W*(?:yttrande|remissvar|remissyttrande|svar\s+på\s+remiss)\s+från\s+"
    r"(?P<org>[A-ZÅÄÖ][^\n.:;]{1,120}?)"
    r"(?=\s+(?:över|om|angående|gällande|avseende|på|till|med\s+anledning)\b|\s*[\n.:;]|\s*$)",
    re.IGNORECASE | re.MULTILINE,
)
_OWN_DOCUMENT = re.compile(
    r"^\W*(?P<org>[A-ZÅÄÖ][\wåäö]+?)(?:s|S)\s+(?:yttrande|remissvar|REMISSVAR|YTTRANDE)\b",
    re.MULTILINE,
)


def _looks_like_org(org: str) -> bool:
    return bool(re.search(rf"(?:{_ORG_WORDS})\b", org, re.IGNORECASE))


def _county(org: str, text: str) -> str:
    """ "Länsstyrelsen" alone is not a body: find which one ("Länsstyrelsen Stockholm")."""
    if org.lower() != "länsstyrelsen":
        return org
    match = re.search(r"Länsstyrelsen\s+(?:i\s+)?([A-ZÅÄÖ][a-zåäö]+(?:\s+län)?)", text)
    return f"Länsstyrelsen {match[1]}" if match else org


def respondent(text: str) -> str | None:
    head = text[:6000]
    match = _INVITED.search(head)
    if match:
        return _county(_clean_org(re.split(r"[.:;)]\s+", match["org"])[-1]), text)
    match = _FROM_HEADING.search(head[:1500])
    if match and len(match["org"].split()) <= 12:
        return _county(_clean_org(match["org"]), text)
    match = _REFERRED_TO.search(head)
    if match and _looks_like_org(match["org"]):
        return _clean_org(match["org"])
    match = _OWN_DOCUMENT.search(head[:300])
    if match:
        return match["org"].capitalize() if match["org"].isupper() else match["org"]
    for match in _ACTS.finditer(head):
        org = _clean_org(match["org"])
        words = org.split()
        if org.lower().endswith("beredningen"):
            continue  # a preparatory body speaks for its organisation, not as the respondent
        if len(words) <= 10 and _looks_like_org(org):
            return _county(org, text)
        if len(words) == 1 and org[0].isupper() and org.lower() not in _NOT_ORGS and len(org) > 4:
            return org
    first = re.match(r"\W*(?P<org>[A-ZÅÄÖ][^.]{3,150}?)\s+har\s", head)
    if first and _looks_like_org(first["org"]) and len(first["org"].split()) <= 12:
        return _clean_org(first["org"])
    return None


_NOT_ORGS = {
    "utredningen", "kommittén", "delegationen", "regeringen", "förslaget", "betänkandet",
    "promemorian", "staden", "kommunen", "myndigheten", "vi", "jag", "det", "detta",
    "förvaltningen", "nämnden", "styrelsen", "sammantaget", "inledningsvis", "länsstyrelsen",
}  # fmt: skip


_DEADLINE = re.compile(
    rf"(?:remisstid(?:en)?(?:\s+(?:går\s+ut|löper\s+ut|är))?|senast|svar\s+senast)\s*:?\s*"
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
    return _text_date(_DATE_TEXT.search(match["text"]))


_DECISION_DATE_CUES = re.compile(
    r"(?:beslut|beslutsdatum|datum|remissvar|yttrande|sammanträdesdatum)\s*:?\s*"
    r"(?:\d+\s*\(\d+\)\s*)?(?:datum\s*)?(?:dnr\s*)?",
    re.IGNORECASE,
)
_PLACE_DATE = re.compile(
    rf"^[A-ZÅÄÖ][a-zåäö]+(?:\s[a-zåäö]+)?\s+den\s+(\d{{1,2}})\s+({_MONTHS})\s+((?:19|20)\d\d)",
    re.IGNORECASE | re.MULTILINE,
)


def is_memo(text: str) -> bool:
    """A memo proposes a decision ("föreslår att kommunstyrelsen beslutar"): its own date is
    not the decision's."""
    return bool(re.search(r"föreslår\s+att\s+\w+\s+beslutar", text, re.IGNORECASE))


def decision_date(text: str) -> str | None:
    head = text[:3000]
    for cue in _DECISION_DATE_CUES.finditer(head):
        after = head[cue.end() : cue.end() + 40]
        iso = _DATE_ISO.match(after.strip())
        if iso:
            return _iso(*iso.groups())
    if not is_memo(text):
        place = _PLACE_DATE.search(text)
        if place:
            return _iso(place[3], str(SWEDISH_MONTHS.index(place[2].lower()) + 1), place[1])
        first_line = head[:400]
        written = _DATE_TEXT.search(first_line)
        if written:
            return _text_date(written)
    return None


_BODY = re.compile(
    r"\b(?P<body>[Kk]ommunstyrelsen|[Rr]egionstyrelsen|[Kk]ommunfullmäktige|"
    r"[Rr]egionfullmäktige|[A-ZÅÄÖ][a-zåäö]+(?:nämnden|utskottet)(?:\s+för\s+[a-zåäö]+)?)"
    r"\s+(?:beslutar|har\s+beslutat|beslöt|har\s+vid\s+sammanträde)",
)
_ON_BEHALF = re.compile(r"På\s+(\w+?)s\s+vägnar", re.IGNORECASE)
_DECISION_HEADER = re.compile(
    r"^(?P<body>[A-ZÅÄÖ][\w åäö]{3,60}?(?:nämnden|styrelsen|utskottet)(?:\s+för\s+[a-zåäö]+)?)"
    r"\s*$[\s\S]{0,400}?\bBESLUT\b",
    re.MULTILINE,
)


def decision_body(text: str) -> str | None:
    match = _BODY.search(text)
    if match:
        body = match["body"]
        return body[0].upper() + body[1:]
    match = _ON_BEHALF.search(text)
    if match:
        return match[1][0].upper() + match[1][1:]
    match = _DECISION_HEADER.search(text[:3000])
    if match:
        return match["body"].strip()
    return None


_TITLES = (
    r"vicerektor|rektor|generaldirektör|överdirektör|myndighetschef|kommundirektör|"
    r"ordförande|landshövding|stadsdirektör|regiondirektör|förvaltningschef|direktör|"
    r"avdelningschef|enhetschef|chefsjurist|kanslichef|fakultetskanslichef|ombudsman"
)
_NAME = r"[A-ZÅÄÖ][a-zåäöéü]+(?:[- ][A-ZÅÄÖ][a-zåäöéü]+){1,3}"
_NAME_THEN_TITLE = re.compile(rf"^\s*({_NAME})\s*\n\s*(?:{_TITLES})\b", re.MULTILINE | re.I)
_CAPS_NAME = re.compile(r"^\s*([A-ZÅÄÖ]{2,}(?:[ -][A-ZÅÄÖ]{2,}){1,3})\s*$", re.MULTILINE)
_DECIDED_BY = re.compile(rf"beslut(?:at|ats)\s+av\s+(?:[a-zåäö]+\s+)?({_NAME})")


def signatory(text: str) -> str | None:
    match = _DECIDED_BY.search(text)
    if match:
        return match[1]
    match = _ON_BEHALF.search(text)
    if match:
        after = re.search(rf"\s*({_NAME})", text[match.end() : match.end() + 80])
        if after:
            return after[1]
    match = _NAME_THEN_TITLE.search(text)
    if match:
        return match[1].strip()
    half = len(text) // 3
    for match in _CAPS_NAME.finditer(text, half):
        words = match[1].split()
        if 2 <= len(words) <= 4 and not any(w.lower() in _NOT_NAMES for w in words):
            return " ".join(w.capitalize() for w in words)
    return None


_NOT_NAMES = {
    "av", "och", "i", "för", "till", "om", "på", "med", "den", "det", "beslut", "yttrande",
    "remissvar", "sammanfattning", "datum", "dnr", "bilaga", "bilagor", "ärendet", "styrelsen",
    "kommun", "stad", "region", "postadress", "besöksadress", "telefon", "e-post", "fax",
    "förslag", "synpunkter", "remiss", "pm", "protokoll", "utdrag", "kommunstyrelsen", "ladda",
    "ner",
}  # fmt: skip


_STATEMENT_INTRO = re.compile(
    r"(?P<kind>Särskilt uttalande|Reservation|Ersättaryttrande|Protokollsanteckning)\s+"
    r"(?:gjordes|anfördes|lämnades)\s+av\s+(?P<who>.+?)(?:\s+enligt\s+följande|\s+med\s+"
    r"hänvisning|\.|$)",
    re.MULTILINE,
)
_KINDS = {
    "Särskilt uttalande": "special_statement",
    "Reservation": "reservation",
    "Ersättaryttrande": "substitute_statement",
    "Protokollsanteckning": "minute_note",
}


def member_statements(text: str) -> list[dict]:
    found = []
    for match in _STATEMENT_INTRO.finditer(re.sub(r"\s+", " ", text)):
        who = match["who"]
        parties = re.findall(r"\((?:båda|alla)?\s*([A-ZÅÄÖ][A-Za-zåäö]{0,3})\)", who)
        names_part = re.sub(r"\([^)]*\)", ",", who)
        names = [
            n.strip()
            for n in re.split(r",|\boch\b|\bsamt\b", names_part)
            if n.strip() and re.match(_NAME, n.strip())
        ]
        found.append({"kind": _KINDS[match["kind"]], "members": names, "parties": parties})
    return found


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
