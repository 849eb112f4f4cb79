"""From raw page text to paragraphs and sentences, each knowing its page. Pure Python.

Joins words hyphenated across lines, drops repeated headers, footers and page numbers and the
boilerplate of web pages, keeps paragraph boundaries, normalises quotes and whitespace.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Sentence:
    text: str
    page: int
    paragraph: int


_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# "stads-\nbyggnad" → "stadsbyggnad", but "hälso-\noch sjukvård" keeps its dash.
_HYPHENATED = re.compile(r"(\w)[-\u00ad]\n(?!(?:och|eller|samt|till|som)\b)([a-zåäöé])")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:\(?\d{1,4}\)?|\d{1,4}\s*\(\d{1,4}\)|sida\s+\d+(?:\s+av\s+\d+)?|page\s+\d+"
    r"(?:\s+of\s+\d+)?|-\s*\d{1,4}\s*-)\s*$",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"^\s*(?:ladda ner.*|download.*|dela|skriv ut|copied!|loading\.*.*|no results found|n/a|"
    r"protected|full text|academic year:.*|share\s+\".*|storlek:.*|starta visningen.*|"
    r"transkript|sidan senast uppdaterad.*|senast (?:uppdaterad|ändrad).*|publiceringsdatum.*|"
    r"publicerad:?\s.*\d|remissyttrande|till toppen|•\s*no results found|\(view fulltext now\)|"
    r"lyssna|läs upp|kontakta oss|\(\d+\)|"
    # a web page's cookie banner's buttons (its sentence: _cookie_banner), the menu's words
    r"jag förstår|godkänn(?: alla)?(?: kakor)?|acceptera(?: alla)?(?: kakor)?|neka(?: alla)?|"
    r"meny|sök|start|hem|nyheter|kontakt|om oss|logga in|english|lättläst|teckenspråk|"
    # and its footer
    r"relaterat|relaterade länkar|fler (?:remissvar|nyheter|yttranden)|(?:©|copyright)\s.*|"
    r"telefon(?: \(växel\))?:?\s*[\d +()-]{6,})\s*$",
    re.IGNORECASE,
)
# A web page's cookie banner: a line about cookies that asks the visitor for consent (not a
# reply's sentence about the rules for cookies). Separate searches, not one pattern with ".*"
# between them, so that a long line costs time in proportion to its length.
_COOKIE_WORD = re.compile(r"\b(?:kakor|cookies?)\b", re.IGNORECASE)
_CONSENT_WORD = re.compile(
    r"\b(?:använder|godkänn\w*|accepter\w*|samtyck\w*|inställningar)\b", re.IGNORECASE
)


_VISITOR_WORD = re.compile(r"\b(?:du|dig|din|ditt|webbplatsen|vår webbplats)\b", re.IGNORECASE)


def _cookie_banner(line: str) -> bool:
    return len(line) <= 400 and all(
        word.search(line) for word in (_COOKIE_WORD, _CONSENT_WORD, _VISITOR_WORD)
    )


# A document-hosting site's list of other documents ("Relevanta dokument": other bodies' replies
# with their numbers), up to the document's own text, if it follows ("Transkript").
_RELATED_LIST = re.compile(r"^(?:relevanta|relaterade|liknande)\s+dokument\s*$", re.IGNORECASE)
_TRANSCRIPT_START = re.compile(r"^(?:transkript|transcript|full text)\s*$", re.IGNORECASE)
_TRANSCRIPT_PAGE = re.compile(r"^\d{1,3}\s+(?=[A-ZÅÄÖ])")
# Markup left in text copied from web pages ("<strong>Länsstyrelsen</strong> i …<br />"):
# tags that end a line become line breaks, the others go.
_HTML_BREAK = re.compile(r"<(?:br|/p|/li|/div|/h[1-6]|/tr)\s*/?>", re.IGNORECASE)
_HTML_TAG = re.compile(
    r"</?(?:p|strong|b|i|em|u|span|div|sup|sub|li|ul|ol|h[1-6]|a|font|tr|td|th|table)"
    r"(?:\s[^<>\n]{0,300})?\s*/?>",
    re.IGNORECASE,
)
# A web page's skip link, often run into its title line ("Remissvar på X - Svenskt Vatten Hoppa
# till huvudinnehåll").
# ("till innehållet i bilagan" in a sentence stays: only "huvudinnehåll" after a bare "till").
_SKIP_LINK = re.compile(
    r"\s*\b(?:(?:hoppa|gå)\s+till\s+(?:sidans\s+)?(?:huvud)?innehåll(?:et)?|"
    r"till\s+(?:sidans\s+)?huvudinnehåll(?:et)?)\b",
    re.IGNORECASE,
)
_QUOTES = str.maketrans({"“": "”", "„": "”", "‘": "’", "«": "”", "»": "”"})
# Typographic hyphens (U+2010 hyphen, U+2011 non-breaking, U+2012 figure dash, U+2212 minus)
# in dates and case numbers ("2007‐09‐26", "dnr 2007‐799") are the plain hyphen; the en dash
# of a range ("2019–2021") stays.
HYPHENS = "\u2010\u2011\u2012\u2212"
TYPOGRAPHIC_HYPHENS = str.maketrans(dict.fromkeys(HYPHENS, "-"))
# A heading in capitals run into the number after it when a web page lost its line break
# ("REMISSVAR16 november 2020", "YTTRANDE2019-05-03"). Five capitals or more, so that case
# numbers ("KS2020/13", "SOU2019") keep their form.
_GLUED_HEADING = re.compile(r"\b([A-ZÅÄÖ]{5,})(?=\d)")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_QUOTES).translate(TYPOGRAPHIC_HYPHENS)
    text = _GLUED_HEADING.sub(r"\1 ", text)
    # pdfium marks a word hyphenated at a line end with U+FFFE (or STX); soft hyphens likewise.
    text = re.sub("[\u00ad\ufffe\x02]\n?", "", text)
    text = _HTML_TAG.sub("", _HTML_BREAK.sub("\n", text))
    text = _SKIP_LINK.sub("", text)
    return _SPACES.sub(" ", text)


def _repeated_lines(pages: list[list[str]]) -> set[str]:
    """Lines at the top or bottom of most pages: running headers and footers."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        content = [line.strip() for line in lines if line.strip()]
        if len(content) < 6:
            continue  # too short a page to tell a running header from the text
        edge = content[:2] + content[-2:]
        counts.update(set(re.sub(r"\d+", "#", line) for line in edge))
    threshold = max(2, int(len(pages) * 0.6))
    return {line for line, n in counts.items() if n >= threshold and len(line) < 120}


# A document-hosting site's download button quotes the document's opening words with their
# numbers ('Download "YTTRANDE 2014-09-25 Ärendenr: NV-05012-14."'); its page title drops them
# ("YTTRANDE Ärendenr: NV").
_DOWNLOAD_TITLE = re.compile(r'^\s*download\s+"(?P<title>[^"\n]+)"\s*$', re.IGNORECASE)
_DIGITS_AND_MARKS = re.compile(r"[\d\W_]+")


def _title_with_numbers(lines: list[str]) -> list[str]:
    """The page's title line replaced by the download button's quotation of it when that is
    the same words with the numbers the title lost."""
    for at, line in enumerate(lines[:60]):
        quoted = _DOWNLOAD_TITLE.match(line)
        if not quoted:
            continue
        full = quoted["title"].strip()
        bare_full = _DIGITS_AND_MARKS.sub("", full)
        for before in range(at - 1, max(-1, at - 12), -1):
            title = lines[before].strip()
            bare_title = _DIGITS_AND_MARKS.sub("", title)
            if len(bare_title) >= 6 and bare_full.startswith(bare_title):
                if title != full:
                    return [*lines[:before], full, *lines[before + 1 :]]
                break
        break
    return lines


def clean_pages(pages: list[str], *, keep_first_header: bool = False) -> list[str]:
    """Each page without running headers, footers, page numbers and web boilerplate, words
    hyphenated across lines joined; lines kept. With `keep_first_header` the first page keeps
    its running header: the letterhead, date and case number a letter prints on every page
    are read once, as a letter's heading."""
    split_pages = [normalise(page).split("\n") for page in pages]
    if split_pages:
        split_pages[0] = _title_with_numbers(split_pages[0])
    repeated = _repeated_lines(split_pages)
    cleaned = []
    transcript = False  # after a hosting site's "Transkript": its page numbers open lines
    for number, lines in enumerate(split_pages):
        running = set() if keep_first_header and number == 0 else repeated
        kept = []
        related = False  # inside a hosting site's list of other documents
        for line in lines:
            stripped = line.strip()
            if _RELATED_LIST.match(stripped):
                related = True
            elif _TRANSCRIPT_START.match(stripped):
                related = False
                transcript = True
            if related:
                continue
            if transcript:
                # "1 Synskadades riksförbund avstyrker …": the transcript's page number
                stripped = _TRANSCRIPT_PAGE.sub("", stripped)
            if not stripped:
                kept.append("")
                continue
            if (
                _PAGE_NUMBER.match(stripped)
                or _BOILERPLATE.match(stripped)
                or _cookie_banner(stripped)
            ):
                continue
            if re.sub(r"\d+", "#", stripped) in running:
                continue
            kept.append(stripped)
        cleaned.append(_HYPHENATED.sub(r"\1\2", "\n".join(kept)))
    return cleaned


# A line that opens a list item starts a paragraph of its own, so that the items of a bullet
# list written on consecutive lines are not read as one sentence.
_ITEM_START = re.compile(r"\n(?=[•▪●◦*–-]\s)")


def paragraphs(pages: list[str]) -> list[tuple[str, int]]:
    """(paragraph text, page number) in reading order."""
    result: list[tuple[str, int]] = []
    for number, text in enumerate(clean_pages(pages), start=1):
        for block in re.split(r"\n\s*\n", _ITEM_START.sub("\n\n", text)):
            joined = " ".join(part.strip() for part in block.split("\n") if part.strip())
            if joined:
                result.append((joined, number))
    return result


_ABBREVIATIONS = (
    "bl.a", "t.ex", "m.fl", "m.m", "s.k", "d.v.s", "dvs", "jfr", "kap", "prop", "dnr", "ca",
    "resp", "inkl", "exkl", "nr", "st", "p", "s", "f", "ff", "o.d", "t.o.m", "fr.o.m", "m.a.o",
    "osv", "etc", "bet", "skr", "dir", "pkt", "avd", "tel", "e.d", "a.a", "art", "mom", "jfr",
)  # fmt: skip
_SENTENCE_END = re.compile(r"(?<=[.!?])[”’\"]?\s+(?=[\"”(]?[A-ZÅÄÖÉ0-9])")


def split_sentences(paragraph: str) -> list[str]:
    pieces = _SENTENCE_END.split(paragraph)
    sentences: list[str] = []
    for piece in pieces:
        if sentences:
            previous = sentences[-1]
            last_word = previous.rsplit(" ", 1)[-1].rstrip(".").lower()
            if last_word in _ABBREVIATIONS or (
                re.search(r"\b\d{1,2}\.$", previous) and len(previous) < 6
            ):
                sentences[-1] = f"{previous} {piece}"
                continue
        sentences.append(piece.strip())
    return [s for s in sentences if s]


def sentences(pages: list[str]) -> list[Sentence]:
    out: list[Sentence] = []
    for index, (text, page) in enumerate(paragraphs(pages)):
        for sentence in split_sentences(text):
            out.append(Sentence(sentence, page, index))
    return out
