"""Who wrote a reply. Pure Python.

A reply names its sender in several places, none of them always there: the letterhead, a
heading ("Yttrande från …"), the opening ("X har beretts tillfälle att yttra sig"), the
minutes ("Kommunstyrelsen i X kommun beslutar"), the sentences that take a position
("X tillstyrker …") and the signature block or e-mail footer. Each place gives candidates with
a weight; the same organisation named in several places adds up, and the best one is read
only when the evidence reaches a threshold: a wrong sender is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain

from remiss.reading import bodies, lexicon

# Lowercase words that may stand in an organisation's name ("Lunds universitet",
# "Västra Götalands län", "Myndigheten för vård- och omsorgsanalys").
_LINK_WORDS = frozenset("och i vid av på med inom mot till samt över".split())
_ORG_NOUN = lexicon.ORGANISATION_NOUNS
_ORG_TAIL = re.compile(rf"(?:{_ORG_NOUN})$", re.IGNORECASE)
_ORGANS = lexicon.MUNICIPAL_ORGANS
_MUNICIPAL_ORGAN = re.compile(rf"^(?:{_ORGANS})$", re.IGNORECASE)
# On a letterhead any deciding body, a parliamentary committee's too, stands beside the sender.
_DECIDING_BODY = re.compile(rf"^(?:{_ORGANS}|\w+utskottet|\w+beredningen)$", re.IGNORECASE)
_NOT_NAME_WORDS = lexicon.NOT_NAME_WORDS
_ANAPHORS = lexicon.ANAPHORS

_POSITION_VERBS = lexicon.POSITION_VERBS
# The nouns that end a municipality's, county's or university's name ("Härnösands kommun").
_PLACE_NOUNS = "kommun|stad|län|universitet|högskola|landsting"
_SUBJECT = re.compile(
    rf"(?:^|(?<=[.!?:])\s+|\n"
    # a section's heading run into its first sentence where a transcript lost the line breaks
    # ("… Sammanfattning Naturvårdsverket är positiva till …")
    rf"|\b(?:{lexicon.SECTION_HEADINGS})[ \t]+)"
    rf"(?:[-–•*▪]\s+)?(?P<org>[A-ZÅÄÖ][^\n.!?:;]{{1,120}}?)\s+"
    rf"(?:{_POSITION_VERBS})\b"
)
# The same, where a web transcript has run headings and sentences together: a name ending in
# "kommun", "stad", "universitet" … right before the verb, a county's "läns" within it
# ("Sammanfattning Härnösands kommun avstyrker …", "Ds 2014:19 Jämtlands läns landsting
# tillstyrker …").
_NAMED_SUBJECT = re.compile(
    rf"(?P<org>(?:[A-ZÅÄÖ][\w-]*\s+(?:läns\s+)?){{1,3}}(?:{_PLACE_NOUNS}))"
    rf"\s+(?:{_POSITION_VERBS})\b"
)
# A body taking its position in a clause joined to the sentence ("Förslaget har varit ute på
# remiss och Riksförbundet X är kritiska …"): a capitalised name right after "och" or "men"
# that follows a lowercase word — not the second of two names ("Både Forum och Famna ser …").
_CONJUNCT_SUBJECT = re.compile(
    r"\b[a-zåäö][\w-]*,?\s+(?:och|men)\s+"
    r"(?P<org>[A-ZÅÄÖ][\w-]*(?:\s+(?:[A-ZÅÄÖ][\w-]*|för|i|och)){0,5}?)"
    rf"\s+(?:{_POSITION_VERBS})\b"
)
# Several bodies listed as the subject, "också" or "även" with them: others who share the
# position the text reports ("Vårdförbundet, Sveriges Kommuner och landsting och
# Vårdföretagarna avstyrker till exempel också …"), not the sender.
_OTHERS_TOO = re.compile(
    r"(?P<list>(?:(?:Även|Också)\s+)?[A-ZÅÄÖ][^,.!?:;\n]{1,60}?(?:,\s+[A-ZÅÄÖ][^,.!?:;\n]{1,60}?)+"
    r"\s+(?:och|samt)\s+[A-ZÅÄÖ][^,.!?:;\n]{1,60}?)"
    rf"\s+(?:{_POSITION_VERBS})\b(?P<after>[^.!?]{{0,40}})"
)


_ALSO = re.compile(r"\b(?:också|även)\b", re.IGNORECASE)


def _others_spans(head: str) -> list[tuple[int, int]]:
    """Where a list of other bodies sharing a position stands as a sentence's subject."""
    return [
        match.span("list")
        for match in _OTHERS_TOO.finditer(head)
        if _ALSO.match(match["list"]) or _ALSO.search(match["after"])
    ]


# An acronym right before a verb of position, wherever the sentence begins.
_ACRONYM_SUBJECT = re.compile(rf"(?<![\w-])(?P<org>[A-ZÅÄÖ]{{2,6}})\s+(?:{_POSITION_VERBS})\b")
_INVITED = re.compile(
    r"(?:^|(?<=[.!?:)])\s+|\n)(?P<org>[A-ZÅÄÖ][^\n.!?:;]{2,160}?)\s+har\s+(?:[\w\s,]{0,40}?\s)?"
    r"(?:beretts|erbjudits|anmodats|ombetts|getts|givits|fått|inbjudits|bjudits\s+in|inkommit)"
    r"\s+(?:som\s+remissinstans|"
    r"tillfälle|möjlighet|att\s+(?:yttra|lämna|inkomma|svara)|inkomma|"
    r"(?:\w+\s+){0,4}?(?:på\s+remiss|för\s+yttrande|för\s+synpunkter|remitterat))",
)
_TAKEN_NOTE = re.compile(
    r"(?:^|(?<=[.!?:)])\s+|\n)(?P<org>[A-ZÅÄÖ][^\n.!?:;]{2,120}?)\s+har\s+(?:tagit\s+del\s+av|mottagit)"
)
_FROM_HEADING = re.compile(
    r"^\W*(?:yttrande|remissvar|remissyttrande|svar\s+på\s+remiss|synpunkter)\s+från\s+"
    r"(?P<org>[A-ZÅÄÖ][^\n.:;]{1,120}?)"
    r"(?=\s+(?:över|om|angående|gällande|avseende|på|till|med\s+anledning)\b|\s*[\n.:;]|\s*$)",
    re.IGNORECASE | re.MULTILINE,
)
_REFERRED_TO = re.compile(
    r"remitter(?:at|ats)\b[^.]{0,200}?\btill\s+(?P<org>[A-ZÅÄÖ][\w-]*(?:\s+[\wåäö-]+){0,5}?)"
    r"(?:\s+för\s+(?:yttrande|synpunkter)|\s*\.)",
)
_OWN_DOCUMENT = re.compile(
    r"^\W*(?P<org>[A-ZÅÄÖ][\wåäö]+?)(?P<gen>s|S)\s+(?:yttrande|remissvar|REMISSVAR|YTTRANDE)\b",
    re.MULTILINE,
)
# "Kommunstyrelsen i Falköpings kommun beslutar", "Regionfullmäktige i Region Skåne …"
_BODY_OF = re.compile(
    r"\b(?:[Kk]ommunstyrelsen|[Rr]egionstyrelsen|[Kk]ommunfullmäktige|[Rr]egionfullmäktige|"
    r"[A-ZÅÄÖ]?[a-zåäö]+nämnden)\s+i\s+(?P<org>(?:[A-ZÅÄÖ][\w-]+\s+(?:kommun|stad|län))|"
    r"Region\s+[A-ZÅÄÖ][\w-]+(?:\s+[A-ZÅÄÖ][\w-]+)?)\b"
)
# The document's first words: "Myndigheten för vårdanalys har enligt sin instruktion …"
_OPENING = re.compile(r"\W*(?P<org>[A-ZÅÄÖ][^.\n]{3,150}?)\s+(?:har|är)\s")
# A letter's or e-mail's sender field: "Från: Vårdförbundet", "Avsändare: Boverket".
_FROM_FIELD = re.compile(
    r"^\s*(?:från|avsändare|from|remissinstans|organisation|myndighet|instans)\s*:\s*"
    r"(?P<org>[^\n<@:]{2,80}?)\s*(?:<[^>\n]*>)?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
# "Vi på Unionen har tagit del av …", "Vi inom Region X anser …"
_WE_AT = re.compile(
    r"\b[Vv]i\s+(?:på|inom|vid|i)\s+(?P<org>[A-ZÅÄÖ][\w-]*(?:\s+[A-ZÅÄÖ][\w-]*){0,4})"
)
# The letterhead of minutes in capitals: "KOMMUNFULLMÄKTIGE I VELLINGE KOMMUN".
_BODY_OF_CAPS = re.compile(
    r"^\s*(?:KOMMUNSTYRELSEN|KOMMUNFULLMÄKTIGE|REGIONSTYRELSEN|REGIONFULLMÄKTIGE|[A-ZÅÄÖ]+NÄMNDEN)"
    r"\s+I\s+(?P<org>[A-ZÅÄÖ-]+\s+(?:KOMMUN|STAD)|REGION\s+[A-ZÅÄÖ-]+)\s*$",
    re.MULTILINE,
)
# A signature block's first line: "För Djurskyddet Sverige," with the names under it.
_ON_BEHALF_OF = re.compile(r"^\s*För\s+(?P<org>[A-ZÅÄÖ][^\n,:]{1,80}?),?\s*$", re.MULTILINE)
_CLOSING = re.compile(
    r"^\s*(?:med\s+vänlig(?:a)?\s+hälsning(?:ar)?|vänliga\s+hälsningar|hälsningar|mvh)\W*$",
    re.IGNORECASE | re.MULTILINE,
)


# "LOs yttrande", "Sollentuna kommuns yttrande över", "SKR:s remissvar", "MFKs
# remissyttrande": the reply named in the genitive of its sender.
_GENITIVE_REPLY = re.compile(
    r"(?:^|(?<=[\s(\"”'«]))(?P<org>(?:[A-ZÅÄÖ][\w.-]*[ \t]+){0,4}?[A-ZÅÄÖ]?[\w.-]+?)(?::s|s)\s+"
    # "Konkurrensverkets huvudsakliga synpunkter": an adjective between
    r"(?:[a-zåäö]+[ae]\s+)?(?:remissvar|remissyttrande|yttrande|svar\s+på|synpunkter|"
    # the noun with a slip of the pen ("Xs yttrnade"): the stem and a letter more or less
    r"yttr[a-zåäö]{3,5}|remissv[a-zåäö]{1,3})\b"
)
# "Enligt Regelrådets uppfattning kan dessa godtas": a body's own view, in its genitive
# (Candidates keeps it only for a body of the gazetteer).
_VIEW_OF = re.compile(
    r"\b[Ee]nligt\s+(?P<org>(?:[A-ZÅÄÖ][\w.-]*[ \t]+){0,4}?[A-ZÅÄÖ][\w.-]+?)(?::s|s)\s+"
    r"(?:uppfattning|bedömning|mening)\b"
)
# "Byggnadsvårdsföreningen har skrivit ett remissyttrande", "Riksarkivet lämnade sitt
# remissvar", "X har svarat på remiss": the sender said to have replied.
_REPLIED = re.compile(
    r"(?:^|(?<=[.!?:)])\s+|\n|\d\s)(?P<org>[A-ZÅÄÖ][^\n.!?:;]{1,160}?)\s+(?:har\s+)?"
    r"(?:skrivit|lämnat(?:\s+in)?|lämnade|lämnar|skickat(?:\s+in)?|avgett|avgivit|avger|"
    r"(?:ska|vill|kommer\s+att)\s+(?:\w+\s+){0,2}?(?:skicka|lämna|avlämna|avge)|skriver\s+i|"
    r"svarat\s+på|svarar\s+på|remissvarade\s+på|inkommit\s+med|redovisar|redovisade|framför|"
    r"framförde|(?:får|vill)\s+(?:härmed\s+)?överlämna|överlämnar(?:\s+härmed)?)\s+"
    r"(?:här\s+|nedan\s+|i\s+det\s+följande\s+)?"
    r"(?:ett\s+|sitt\s+|sina\s+|in\s+|följande\s+|synpunkter\s+på\s+)?"
    r"(?:remissvar|remissyttrande|yttrande|svar|remiss|synpunkter)\b"
    # "SKR har yttrat sig över utredningen": the same, said without the noun.
    r"|(?:^|(?<=[.!?:)])\s+|\n|\d\s)(?P<org2>[A-ZÅÄÖ][^\n.!?:;]{1,100}?)\s+(?:har|hade)\s+"
    r"yttrat\s+sig\s+(?:över|om|kring|i)\b"
)
# "… skriver Sveriges Byggindustrier (BI) att", "I sitt remissvar skriver Kommunal att",
# "Det slår SKL fast i sitt yttrande".
_SAYS = re.compile(
    r"\b(?:skriver|menar|anser|konstaterar|framhåller|påpekar|slår|uttrycker|efterlyser|"
    r"betonar|understryker|varnar)\s+"
    # a name may end in a lower-case word of an organisation ("Sveriges hembygdsförbund")
    rf"(?P<org>[A-ZÅÄÖ][\w.-]*(?:\s+(?:[A-ZÅÄÖ][\w.-]*|och|för|i|[a-zåäö]+(?:{_ORG_NOUN})))*?)"
    # "Det uttrycker X i sitt yttrande", "konstaterar X som efterlyser …"
    r"(?=\s+(?:\([A-ZÅÄÖ]{2,6}\)\s+)?(?:att|i\s+sitt|fast|bland\s+annat|som)\b)"
)
# A web page's title naming its site after a dash, when the page is a reply: "Remissvar på
# Dricksvattenutredningen - Svenskt Vatten".
_SITE_TITLE = re.compile(
    r"\A\s*(?P<title>[^\n]{0,150}?\b(?i:remissvar|remissyttrande|yttrande|synpunkter|svar\s+på)"
    r"\b[^\n]{0,150}?)[ \t]+[-–|][ \t]+(?P<org>[A-ZÅÄÖ][\w&.-]*(?:[ \t]+(?:[A-ZÅÄÖ][\w&.-]*|och|"
    r"för|i)){0,5})[ \t]*$",
    re.MULTILINE,
)
# A quotation's speaker: "”… svår att förstå” skriver Folkbildningsrådet."; and the subject
# after the verb in a sentence about the reply: "I remissvaret har Svenska kyrkan valt att …",
# "I sitt yttrande skriver Kommunal …".
_QUOTED = re.compile(
    r"[”\"]\s*,?\s*(?:skriver|säger|menar|konstaterar|framhåller|påpekar)\s+"
    r"(?P<org>[A-ZÅÄÖ][\w.-]*(?:\s+(?:[A-ZÅÄÖ][\w.-]*|och|för|i)){0,5}?)\s*[.,]"
    rf"|(?:^|(?<=[.!?])\s+|\n)I\s+(?:sitt\s+|vårt\s+)?{lexicon.REPLY_NOUNS}(?:et|t)?\s+"
    r"(?:har|skriver|anser|framhåller|betonar|understryker|"
    r"påpekar|konstaterar|lyfter)\s+(?P<org2>[A-ZÅÄÖ][\w.-]*(?:\s+(?:[A-ZÅÄÖ][\w.-]*|och|för|i))"
    r"{0,5}?)(?=\s+[a-zåäö])"
)
# "Idag lämnar UNICEF Sverige över sitt remissvar": the verb before its subject.
_HANDS_OVER = re.compile(
    r"\b(?:lämnar|skickar|avger|lämnade|skickade)\s+(?P<org>[A-ZÅÄÖ][\w.-]*(?:\s+[A-ZÅÄÖ][\w.-]*){0,4})"
    r"\s+(?:över\s+|in\s+)?(?:sitt|ett|nu\s+sitt)\s+(?:remissvar|remissyttrande|yttrande|svar)\b"
)
# "Då valde Allians för Skåne att skicka in ett eget yttrande": the verb before its subject.
_CHOSE_TO_REPLY = re.compile(
    r"\b(?:valde|väljer|har\s+valt|beslutade|beslutar)\s+"
    r"(?P<org>[A-ZÅÄÖ][\w.-]*(?:\s+(?:[A-ZÅÄÖ][\w.-]*|för|i|och)){0,5})\s+att\s+"
    r"(?:skicka|lämna|avge)\s+(?:in\s+)?(?:ett\s+|sitt\s+)?(?:eget\s+)?"
    r"(?:remissvar|remissyttrande|yttrande|svar)\b"
)
# The verb before its subject after an opening adverbial: "Sammanfattningsvis tillstyrker
# Världsnaturfonden WWF Naturvårdsverkets förslag", "Därför avstyrker Kommunal förslaget".
_INVERTED_POSITION = re.compile(
    r"(?:^|(?<=[.!?:])\s+|\n)(?:Sammanfattningsvis|Sammantaget|Därför|Sålunda|Således|"
    r"Avslutningsvis|Slutligen|Härmed|Mot\s+(?:den|denna)\s+bakgrund|Med\s+detta|"
    # a clause adverb first: "Däremot avstyrker Konkurrensverket förslaget att …"
    r"Däremot|Dock|Vidare|Dessutom|Därutöver|Därtill|Likaså|Samtidigt|Emellertid|Också|Även|"
    r"Inledningsvis|Följaktligen|Generellt|Principiellt|I\s+stället|Istället|"
    # a fronted adverbial of place or time, which may hold a relative clause: "I remissvaret,
    # som behandlades på regionfullmäktige, ställer sig Region Örebro län positiv …"
    rf"(?:{lexicon.FRONTED_PREPOSITIONS})\s+(?:(?!\batt\b)[^\n.!?]){{1,120}}?)\s+"
    r"(?:tillstyrker|avstyrker|avvisar|anser|välkomnar|delar|stödjer|stöder|ställer\s+sig|"
    r"bedömer|föreslår|förordar|motsätter\s+sig|vill)\s+"
    r"(?P<org>[A-ZÅÄÖ][\w.-]*(?:\s+(?:[A-ZÅÄÖ][\w.-]*|och|för|i)){0,5}?"
    # the noun that ends a county's, town's or university's name ("Region Örebro län")
    rf"(?:\s+(?:{_PLACE_NOUNS}))?)"
    r"(?=\s+(?:[a-zåäö]|[A-ZÅÄÖ][\w-]*s\b))"
)
# Mid-sentence, "även" or "också" after the verb puts the subject after it: "I det remissvar
# som lämnats avstyrker även Almega förslaget" — not a genitive ("tillstyrker även Boverkets
# förslag").
_ALSO_INVERTED = re.compile(
    r"\b(?:tillstyrker|avstyrker|avvisar|välkomnar|kritiserar|ifrågasätter)\s+(?:även|också)\s+"
    r"(?P<org>[A-ZÅÄÖ][\w.-]*(?:\s+(?:[A-ZÅÄÖ][\w.-]*|och|för|i)){0,5}?)(?<!s)"
    r"(?=\s+(?:förslag\w*|utredningens|promemorians|betänkandets|regeringens|den|det|de)\b)"
)
# Two bodies that reply together name themselves as one: "Famna och Forum är glada att kunna
# lämna ett gemensamt remissvar", "Det anser Famna och Forum i sitt gemensamma remissvar",
# a heading "Forum och Famna i gemensamt remissvar", "Svenska Bankföreningen och Svenska
# Fondhandlareföreningen, nedan kallade ”föreningarna”, avger detta gemensamma remissyttrande".
_JOINT_NAME = r"[A-ZÅÄÖ][\w.&-]*(?:[ \t]+[A-ZÅÄÖ][\w.&-]*){0,3}"  # on one line
_JOINT_REPLY = re.compile(
    # after any space: a heading run into the sentence ("… Idéburen välfärd Famna och Forum är
    # glada att kunna lämna ett gemensamt remissvar") where a transcript lost its line breaks
    r"(?:^|(?<=\s))(?:(?:Det|Detta|Så)\s+(?:anser|skriver|menar|konstaterar)\s+)?"
    rf"(?P<org>{_JOINT_NAME}[ \t]+och[ \t]+{_JOINT_NAME})(?!\s+[A-ZÅÄÖ])[\s,]+[^\n.!?]{{0,80}}?"
    rf"\bgemensamm?(?:a|t)?\s+{lexicon.REPLY_NOUNS}"
)
_MUNICIPALITY_SPEAKS = re.compile(
    r"\bKommunen\s+(?:är\s+remissinstans|har\s+(?:beretts|fått)|tillstyrker|avstyrker|"
    r"anser|ställer\s+sig|delar|ser\s+positivt|lämnar|har\s+inga?\b)"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n\s*)$")
_SPEAKS = re.compile(rf"\s+(?:{lexicon.SPEAKING_VERBS})\b")
_TAKES_POSITION = re.compile(rf"\s+(?:{_POSITION_VERBS})\b")
# A body written out in full near the top, unless cited ("enligt Diskrimineringsombudsmannen").
_CITED_BEFORE = re.compile(r"(?:enligt|till|från|av|hos|med|om|mot|och|att)\s*$", re.IGNORECASE)
# "Sveriges Byggindustrier (BI)": a name and the short form the text will use.
# A word of a name, or two joined by a shared ending ("Säkerhets- och försvarsföretagen").
_NAME_CHUNK = r"(?:[A-ZÅÄÖ][\w.&-]*-\s+(?:och|eller)\s+[a-zåäö][\w-]*|[A-ZÅÄÖ][\w.&-]*)"
# "Remissvaret från Sveriges Arkitekter på regeringens förslag är kritiskt": the reply's
# sender named after "från" in prose — not a reply the sender agrees with ("instämmer i
# yttrandet från Länsstyrelsen").
_REPLY_FROM = re.compile(
    rf"(?<!instämmer i )(?<!hänvisar till )(?<!stödjer )(?<!delar )\b(?:[Rr]emissvar|"
    rf"[Rr]emissyttrande|[Yy]ttrande)(?:et|t)?\s+från\s+"
    rf"(?P<org>{_NAME_CHUNK}(?:\s+(?:{_NAME_CHUNK}|och|för|i|vid|av)){{0,6}}?)"
    r"(?=\s+(?:på|över|om|angående|gällande|till|är|har|var)\b|\s*[.,:;\n])"
)
# "TU – Medier i Sverige (TU)", "Riksgäldskontoret (fortsättningsvis Riksgälden)": the short
# form the text goes on to use, defined in brackets after the full name.
_DEFINED = re.compile(
    # a word in lower case after "för", "med", "inom": "Kompetensforum för civilsamhället"
    # on one line: a menu's last word above it is no part of the name
    rf"(?P<full>{_NAME_CHUNK}(?:[ \t]+(?:{_NAME_CHUNK}|och|i|vid|av|–|(?:för|med|inom)[ \t]+"
    r"[a-zåäöé][\w-]*)){0,8})[ \t]+"
    r"\((?:(?:nedan|fortsättningsvis|härefter|i\s+fortsättningen)(?:\s+kallad[et]?)?\s+)?"
    r"[”\"]?(?P<short>[A-ZÅÄÖ][A-ZÅÄÖa-zåäö&]{1,15})[”\"]?\)"
)
# The short form defined in words: "Säkerhets- och försvarsföretagen, nedan SOFF, har …".
_DEFINED_BELOW = re.compile(
    rf"(?P<full>{_NAME_CHUNK}(?:\s+(?:{_NAME_CHUNK}|och|för|i|vid|av)){{0,8}}),\s+"
    r"nedan(?:\s+kallad[et]?)?\s+[”\"]?(?P<short>[A-ZÅÄÖ][\w&-]{1,15})\b"
)
# Only one city has borgarråd: a memo of its Borgarrådsberedningen is Stockholm's.
_STOCKHOLM_ORGAN = re.compile(r"\bBorgarrådsberedningen\b|\bborgarrådet\b")
# Minutes of a municipality's boards: "Plats och tid: Stadshuset, sessionssalen, Ludvika".
_MINUTES = re.compile(
    r"sammanträdesprotokoll|protokollsutdrag|kommunstyrelsens\s+arbetsutskott|justerare|"
    r"plats\s+och\s+tid",
    re.IGNORECASE,
)
# Who never replies: the ministry or government that sent the referral.
_MUNICIPALITY_NAME = re.compile(r"\s(?:kommun|stad)$")
_LEADING_ISSUER = re.compile(
    r"^(?:Regeringskansliet\s+)?(?:[A-ZÅÄÖ][\wåäö-]*departementet|Regeringskansliet)\s+(?=[A-ZÅÄÖ])"
)
_ISSUER = re.compile(r"departementet$|^regeringskansliet$|^regeringen$", re.IGNORECASE)


def _nominative(genitive: str, text: str) -> str:
    """ "Sollentuna kommuns" → "Sollentuna kommun", "LOs" → "LO", "SKR:s" → "SKR"; a name
    that ends in s itself ("Roks") stays when the text uses it so."""
    if genitive.endswith(":s"):
        return genitive[:-2]
    bare = genitive[:-1] if genitive.endswith("s") else genitive
    if re.search(
        rf"(?<![\w]){re.escape(genitive)}(?!\s+(?:remissvar|yttrande|remissyttrande))\b", text
    ) and not re.search(rf"(?<![\w]){re.escape(bare)}\b", text.replace(genitive, "")):
        return genitive
    return bare


def name_shaped(text: str) -> bool:
    """True for what can be an organisation's name: capitalised words, linking words, nouns
    such as "kommun" or "universitet", anything after "för" ("Myndigheten för vårdanalys")."""
    words = text.split()
    if not 1 <= len(words) <= 10 or not words[0][:1].isupper() or re.search(r"[:@\d]", text):
        return False
    first = words[0].strip("(),")
    if first.lower() in _NOT_NAME_WORDS or re.fullmatch(lexicon.FRONTED_PREPOSITIONS, first):
        return False  # "I remissvaret", "På mötet": an adverbial before the verb, not a name
    if text.rstrip().endswith(("!", "?")) or any(
        w.endswith((".", "!", "?")) and len(w) > 6 for w in words
    ):
        return False  # a sentence, not a name ("Kungl." and "m.fl." are abbreviations)
    plain = [w.strip("(),") for w in words if not w.startswith("(")]
    if (
        2 <= len(plain) <= 6
        and _ORG_TAIL.search(plain[-1].lower())
        and plain[0][:1].isupper()
        and not _DECIDING_BODY.match(plain[0])
        and not any(w.lower() in _NOT_NAME_WORDS for w in plain[1:])
        and not any(re.search(r"(?:ar|er|ir|ur|or)$", w) and w.islower() for w in plain[1:-1])
        and "–" not in plain  # "Behåll riksintressesystemet – förbättra …": a heading
    ):
        return True  # "Statens medicinsk-etiska råd", "Stockholms läns landsting"
    for index, word in enumerate(words[1:], start=1):
        bare = word.strip("(),")
        if not bare:
            continue
        previous = words[index - 1].strip("(),")
        after_genitive = previous[:1].isupper() and previous.endswith("s")
        if (
            index == len(words) - 1
            and len(words) <= 3
            and bare.isalpha()
            # a verb ("Socialnämnden beslutar") — but never after a genitive: a plural noun
            # ("Sveriges socialchefer")
            and (after_genitive or not re.search(r"(?:ar|er|ir|ur|ör)$", bare))
        ):
            continue  # "Svenska kraftnät", "Svensk handel": a name may end in a common noun
        if bare.lower() == "för":
            return len(words) <= 10
        if bare[:1].isupper() or bare in _LINK_WORDS or _ORG_TAIL.search(bare):
            continue
        if bare.endswith("-"):
            continue  # the first half of "universitets- och högskoleförbund"
        if word.startswith("(") or word.endswith(")"):
            continue
        return False
    return True


# "Sveriges Åkeriföretag", "Svenska Bankföreningen", "Svensk Vindenergi": a national body's name.
_NATIONAL_NAME = re.compile(r"^(?:Sveriges|Svenska|Svensk|Svenskt)\s+[A-ZÅÄÖ]")


def has_org_word(text: str) -> bool:
    return bool(_NATIONAL_NAME.match(text)) or any(
        _ORG_TAIL.search(word.strip("(),").lower()) for word in text.split()
    )


# A short form defined after the name: "Säkerhets- och försvarsföretagen, nedan SOFF,".
_DEFINITION_AFTER = re.compile(
    r",?\s*\(?(?:nedan|fortsättningsvis|härefter|i\s+fortsättningen)(?:\s+kallad[et]?)?\s+\S+?\)?$"
)


# A verb that ends a line after the name ("Folkbildningsrådet föreslår", a list's lead-in):
# no part of the name.
_VERB_WORDS = frozenset(
    word for word in re.findall(r"[a-zåäö]+", lexicon.SPEAKING_VERBS) if len(word) > 3
)


def _tidy(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,-–")
    name = _DEFINITION_AFTER.sub("", name).strip(" ,")
    words = name.split()
    dropped = ""
    while words and words[0].lower() in _NOT_NAME_WORDS:
        dropped, words = words[0].lower(), words[1:]
    if dropped in ("och", "i", "för") and len(words) == 1:
        return ""  # "Hem och Skola": the end of a name whose head was taken for a menu word
    if len(words) > 1 and words[-1] in _VERB_WORDS:
        words = words[:-1]
    return " ".join(words)


_AN_ACRONYM = re.compile(r"[A-ZÅÄÖ]{2,6}")


def _heading_tail(name: str) -> str:
    """The organisation's name that ends a run of heading words: the shortest tail after a
    lower-case word that is name-shaped and has an organisation's word in it, or "" ."""
    words = name.split()
    for start in range(len(words) - 1, 0, -1):
        previous = words[start - 1]
        if (
            not words[start][:1].isupper()
            or not (
                previous[:1].islower()
                or re.search(r"\d", previous)  # "Remissvar 2021-04-09 TCO"
                or (previous.isupper() and words[start][1:2].islower())  # "… 13:50 CEST Sveriges …"
            )
        ):
            continue
        if _CITED_BEFORE.fullmatch(words[start - 1]) or words[start - 1] in _LINK_WORDS:
            continue  # a sentence that cites the body ("… och enligt X"), not a heading
        if _DECIDING_BODY.match(words[start]):
            continue  # "Regionstyrelsen i Jönköping": an organ of the sender, not the sender
        # without a short form defined after it ("Trafikverket (TRV)")
        tail = re.sub(r"\s*\([^)]*\)$", "", " ".join(words[start:]))
        if name_shaped(tail) and (
            has_org_word(tail) or bodies.known(tail) or _AN_ACRONYM.fullmatch(tail)
        ):
            return tail
    return ""


def _display(name: str, text: str) -> str:
    """A name printed in capitals takes the form the text uses elsewhere, or sentence case."""
    if not name.isupper():
        return name
    for match in re.finditer(re.escape(name), text, re.IGNORECASE):
        if not match[0].isupper():
            return match[0]
    words = name.lower().split()
    return " ".join([words[0].capitalize(), *words[1:]])


def key(name: str) -> frozenset[str]:
    """One organisation however it is written: "Juridiska fakulteten vid Lunds universitet"
    and "Lunds universitet, Juridiska fakulteten"; "Advokatsamfundet" and "Sveriges
    advokatsamfund" are matched by `_related`."""
    name = re.sub(r"\([^)]*\)", " ", name.casefold())
    # "Länsstyrelsen i Stockholms län" = "Länsstyrelsen Stockholm".
    name = re.sub(r"\blänsstyrelsen\s+(?:i\s+)?(.+?)s?\s+län\b", r"länsstyrelsen \1", name)
    parts = re.split(r",|\bvid\b", name)
    return frozenset(re.sub(r"\s+", " ", p).strip() for p in parts if p.strip())


def _stem(word: str) -> str:
    return re.sub(r"(?:et|en|n)$", "", word.casefold()) if len(word) > 5 else word.casefold()


def _in_order(letters: str, text: str) -> bool:
    position = 0
    for letter in letters:
        position = text.find(letter, position) + 1
        if not position:
            return False
    return True


def _related(short: str, long: str) -> bool:
    """ "Advokatsamfundet" refers to "Sveriges advokatsamfund"; "Länsstyrelsen" to
    "Länsstyrelsen Västra Götalands län"."""
    if short.isupper() and 2 <= len(short) <= 6:
        # An abbreviation: "SKR" for "Sveriges Kommuner och Regioner", "MSB" for "Myndigheten
        # för samhällsskydd och beredskap".
        words = [w for w in re.sub(r"\([^)]*\)", " ", long).split() if w not in _LINK_WORDS]
        initials = "".join(w[0] for w in words if w[:1].isalpha()).upper()
        if (
            initials == short
            or "".join(w[0] for w in words if w[:1].isupper()).upper() == short
            or f"({short})" in long
        ):
            return True
        # Or from a compound's parts: "TLV" for "Tandvårds- och läkemedelsförmånsverket".
        return (
            len(short) >= 3
            and long[:1].upper() == short[0]
            and _in_order(short.lower(), long.lower())
        )
    short_stems = [_stem(w) for w in short.split()]
    long_stems = [_stem(w) for w in re.sub(r"[,()]", " ", long).split()]
    if not short_stems or len(short_stems) >= len(long_stems):
        return False
    return all(
        any(s == w or (w.endswith(s) and len(s) > 5) for w in long_stems) for s in short_stems
    )


# The committee that wrote the report, not a body that replies to it.
_REPORT_AUTHOR = re.compile(
    r"(?:delegationen|kommittén|utredningen|utredaren|beredningen|gruppen)$", re.IGNORECASE
)
_POSITION_CAP = 3
# A municipality, region or county: a body of its own wherever it stands.
_PUBLIC_BODY = re.compile(r"^(?:Region\s+\S+.*|.+\s+(?:kommun|stad|län))$")
_UNIVERSITY = re.compile(r"universitet|högskola|högskolan|akademi", re.IGNORECASE)
_ACADEMIC_UNIT = re.compile(
    r"fakultet|institution|områdesnämnd|fakultetsnämnd|vetenskapsområde", re.IGNORECASE
)


# How much each place a reply names a body counts for that body being the sender, in one
# table: the strongest are the reply's own statements of who answers.
CUE_WEIGHTS: dict[str, float] = {
    "heading": 6,  # "Yttrande från X", "Från: X" as the heading
    "invited": 6,  # "X har beretts tillfälle att yttra sig"
    "replied": 5,  # "X har lämnat ett yttrande", "lämnar X sitt remissvar", "valde X att skicka in"
    "referred to": 4,  # "remissen till X"
    "body of": 4,  # "Kommunstyrelsen i X kommun"
    "we at": 4,  # "Vi på X"
    "on behalf": 4,  # "För X," above the signatures
    "genitive": 4,  # "Xs yttrande", "N kommuns remissvar"
    "joint": 4,  # "X och Y lämnar ett gemensamt remissvar"
    "taken note": 3,  # "X har tagit del av"
    "own document": 3,  # "X:s remissvar" opening the document
    "from field": 3,  # an e-mail's "Från: X"
    "says": 3,  # "skriver X att", "menar X att"
    "site title": 3,  # a web page's title "Remissvar på X - Svenskt Vatten"
    "letterhead": 2,  # the short lines at the top
    "position": 2,  # the subject of a stance verb: "X tillstyrker"
    "opening": 2,  # the first sentence's subject
    "known at top": 2,  # a body of the gazetteer written out near the top
    "known subject": 1,  # a body of the gazetteer opening a sentence it speaks in
    "town of the minutes": 2,  # minutes that name only their town
    "organ": 2,  # an organ only the city of Stockholm has
    "signature": 1,  # an organisation among the last lines
    "site footer": 2,  # a known body in the page's "Kontaktformulär X", "© X"
    "view": 2,  # "enligt Regelrådets uppfattning": a known body's own view
    "address": 1,  # its e-mail domain or web address ("registrator@pts.se"): when nothing else
}
WEAK_NAME_WEIGHT = 1.0  # a cue whose name has no word of an organisation in it


@dataclass
class Candidate:
    name: str
    score: float = 0.0
    sources: list[str] = field(default_factory=list)


class Candidates:
    def __init__(self) -> None:
        self.by_key: dict[frozenset[str], Candidate] = {}

    def add(self, name: str, source: str, *, prefer: bool = False, weak: bool = False) -> None:
        """Evidence for `name` from one kind of place (CUE_WEIGHTS); `weak` when the name
        found there has no word of an organisation in it."""
        weight = WEAK_NAME_WEIGHT if weak else CUE_WEIGHTS[source]
        # A known body keeps its whole name ("Hem och Skola" begins with a web menu's word).
        name = name.strip() if bodies.known(name.strip()) else _tidy(name)
        if not name or name.casefold() in _ANAPHORS:
            return
        name = _known_ending(name)
        words = name.split()
        if len(words) % 2 == 0 and words[: len(words) // 2] == words[len(words) // 2 :]:
            # "Svenskt Vatten Svenskt Vatten": a heading run into the sentence it names
            name = " ".join(words[: len(words) // 2])
        if not name_shaped(name) and not bodies.known(name):
            # "Branschorganisationen Säkerhets- och försvarsföretagen": the name after its
            # descriptor.
            described = _DESCRIBED.match(name)
            before_comma = name.split(",", 1)[0].strip()
            if described and name_shaped(described["name"]):
                name = described["name"]
            elif "," in name and name_shaped(before_comma):
                # "IT&Telekomföretagen, Sveriges största branschorganisation …, vill …": the
                # name before its apposition.
                name = before_comma
            elif tail := _heading_tail(name):
                # "Länsstyrelsens yttrande Länsstyrelsen i Norrbottens": a heading run into the
                # sentence where a transcript lost its line breaks; the name that ends it.
                name = tail
            else:
                return
        # "Till: Justitiedepartementet Rättsmedicinalverket (RMV), som …": the addressee run
        # into the sender's name where a transcript lost its line breaks
        name = _LEADING_ISSUER.sub("", name)
        if _REPORT_AUTHOR.search(name):
            return  # "Tillitsdelegationen lämnar …": the committee whose report it is
        if _ISSUER.search(name):
            return  # the ministry the reply is addressed to
        if _MUNICIPAL_ORGAN.match(name):
            return  # "Stadsledningskontoret bedömer …": an organ of the sender, not the sender
        entry = self.by_key.setdefault(key(name), Candidate(name))
        if source == "position":
            # Many sentences of one body's positions are one piece of evidence, not many.
            weight = min(weight, _POSITION_CAP - sum(1 for s in entry.sources if s == source))
            if weight <= 0:
                return
        entry.score += weight
        entry.sources.append(source)
        if prefer or (len(name) > len(entry.name) and not name.isupper()):
            entry.name = name

    def best(
        self, threshold: float, definitions: dict[str, str] | None = None, text: str = ""
    ) -> Candidate | None:
        for abbreviation, full_name in (definitions or {}).items():
            # "Sveriges Byggindustrier (BI)": what the text says of BI counts for the name.
            found = self.by_key.get(key(abbreviation))
            if found and key(full_name) != key(abbreviation):
                target = self.by_key.setdefault(key(full_name), Candidate(full_name))
                target.score += found.score
                target.sources += found.sources
                found.score = 0
        by_body: dict[str, list[Candidate]] = {}
        for entry in self.by_key.values():
            body = bodies.known(entry.name)
            if body and entry.score:
                by_body.setdefault(body, []).append(entry)
        for body, forms in by_body.items():
            # "Saco" and "Sveriges akademikers centralorganisation" are one body: its evidence
            # together, under the fullest name the text gives.
            fullest = max(forms, key=lambda c: (c.name.casefold() == body.casefold(), len(c.name)))
            for other in forms:
                if other is not fullest:
                    fullest.score += other.score
                    fullest.sources += other.sources
                    other.score = 0
            fullest.score += 1  # a body that answers referrals, named as it is known
        entries = list(self.by_key.values())
        for joint in [c for c in entries if "joint" in c.sources]:
            # Each of two bodies replying together counts for the pair.
            members = {key(part) for part in re.split(r"\s+och\s+", joint.name)}
            for member in entries:
                if member is not joint and key(member.name) in members:
                    joint.score += member.score
                    member.score = 0
        # "Preciseringar för Begränsad klimatpåverkan Transportstyrelsen har inga synpunkter": a
        # heading run into the sentence whose subject the text names on its own elsewhere.
        run_into = [
            (run_in, name)
            for run_in in entries
            for name in entries
            if name is not run_in and _heading_run_into(run_in.name, name.name, text)
        ]
        run_into_ids = {(id(run_in), id(name)) for run_in, name in run_into}
        for run_in, name in run_into:
            name.score += run_in.score
            name.sources += run_in.sources
            run_in.score = 0
        # A short form counts for the long one it abbreviates — when the long one is a body's
        # name ("Vision" is not short for "Vision Direkt", the union's telephone service) or
        # extends it in a shape no person's name has ("WWF" of "Världsnaturfonden WWF").
        for short in entries:
            for long in entries:
                if (
                    short is not long
                    and (id(long), id(short)) not in run_into_ids
                    and (
                        _extends(short.name, long.name)
                        or (_related(short.name, long.name) and _body_like(long.name))
                    )
                ):
                    long.score += short.score
                    short.score = 0
        # Equal evidence: the one named in more kinds of places.
        ranked = sorted(entries, key=lambda c: (-c.score, -len(set(c.sources))))
        if ranked and ranked[0].score < threshold and _sole_speaker(ranked):
            # "Naturvetarna är på det stora hela positiva …" on a page that names no one else:
            # the one name that takes a position speaks for the reply.
            return ranked[0]
        if not ranked or ranked[0].score < threshold:
            return None
        first, second = ranked[0], ranked[1] if len(ranked) > 1 else None
        if second and (second.score, len(set(second.sources))) == (
            first.score,
            len(set(first.sources)),
        ):
            return None  # two senders equally likely: say neither
        return first


def _heading_run_into(run_in: str, name: str, text: str = "") -> bool:
    """`run_in` is heading words, then `name`: words ending in a lower-case one, not a name
    that ends in another ("Sveriges Kommuner och Regioner"); or words no name begins with
    ("Nyhetsarkiv Riksantikvarieämbetet", "Samverkan X") written once, where the text writes
    the name on its own more often — or the name twice over."""
    if not run_in.endswith(f" {name}"):
        return False
    head = run_in[: -len(name)].strip()
    before = head.split()
    if before[-1].islower() and before[-1] not in _LINK_WORDS | {"för"}:
        return True
    if head == name:
        return True  # "Sveriges Ingenjörer Sveriges Ingenjörer": a heading and the sentence
    if not text or len(name) < 4 or name.isupper() or _NATIONAL_NAME.match(run_in):
        return False  # "Världsnaturfonden WWF": a name may end in the acronym it goes by
    if has_org_word(before[-1]) and re.search(r"(?:et|en|na)$", before[-1]):
        return False  # "Riksförbundet Hem och Skola": a body's own word begins its name
    together = len(re.findall(rf"(?<![\w-]){re.escape(run_in)}(?![\w-])", text))
    alone = len(re.findall(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)) - together
    return together <= 1 and alone >= 2


def _extends(short: str, name: str) -> bool:
    """ "WWF" written as a word of "Världsnaturfonden WWF", "UNICEF" of "UNICEF Sverige": a
    name of the shape no person has — not "Ledarna Direkt", the union's telephone service."""
    return short in name.split() and len(name.split()) > 1 and _organisation_shaped(name)


def _sole_speaker(ranked: list[Candidate]) -> bool:
    """Only one name in the text, and it is the subject of a position."""
    first, others = ranked[0], [c for c in ranked[1:] if c.score > 0]
    return (
        not others
        and first.score >= WEAK_NAME_WEIGHT
        and "position" in first.sources
        and _organisation_shaped(first.name)
    )


# One word, not an acronym (a law's "PBL") nor a person's two names ("Anna Berg").
_ONE_WORD_NAME = re.compile(r"[A-ZÅÄÖ][a-zåäö]{3,}(?:-[a-zåäö]+)?")
# Words no person's name has: an acronym ("UNICEF Sverige", "Världsnaturfonden WWF") or the
# country ("Funktionsrätt Sverige", "Svensk Handel").
_NOT_A_PERSONS_NAME = re.compile(r"\b(?:[A-ZÅÄÖ]{2,6}|Sverige|Sveriges|Svensk|Svenska|Svenskt)\b")


def _organisation_shaped(name: str) -> bool:
    """One word, or two to four of which one no person's name has."""
    if _ONE_WORD_NAME.fullmatch(name):
        return True
    words = name.split()
    return 2 <= len(words) <= 4 and _NOT_A_PERSONS_NAME.search(name) is not None


_BARE_ACRONYM = re.compile(r"[A-ZÅÄÖ]{2,6}")


def _body_word(name: str) -> bool:
    """A name with a word of an organisation in it, or an acronym that is no law, series or
    organ ("SBF avstyrker …", not "PBL", "SOU", "KS")."""
    return has_org_word(name) or (
        bool(_BARE_ACRONYM.fullmatch(name)) and name.casefold() not in lexicon.NOT_BODY_ACRONYMS
    )


_HEAD_WORDS = frozenset({"För", "Från", "Till", "Hos"})


def _known_ending(name: str) -> str:
    """A flattened heading run into the subject ("Preciseringar för Begränsad klimatpåverkan
    Transportstyrelsen har inga synpunkter", "103 33 Stockholm Transportstyrelsens svar"):
    the known body that ends it. Not a unit of it ("Juridiska fakulteten vid Lunds
    universitet") nor a body with a descriptor of one word ("Fackförbundet ST")."""
    if bodies.known(name):
        return name
    for body, at in bodies.full_names_in(name):
        before = name[:at].split()
        if (
            at + len(body) == len(name)
            and before
            # the address's town, a preposition heading the line ("För Trafikverket"), the
            # addressee or OCR debris before it ("Justitiedepartementet Barnombudsmannen", "L7")
            and (
                len(before) > 1
                or bodies.towns_in(before[0])
                or before[0] in _HEAD_WORDS
                or before[0].endswith("departementet")
                or re.search(r"\d", before[0])
            )
            and before[-1] not in _LINK_WORDS
            and not before[-1].endswith((",", "-"))
        ):
            return body
    return name


def _body_like(name: str) -> bool:
    return bool(has_org_word(name) or bodies.known(name) or _PUBLIC_BODY.match(name))


def _letterhead_lines(text: str) -> Iterator[str]:
    """The short lines at the top of the document, before its first sentence."""
    lines = [line.strip() for line in text[:800].split("\n")]
    seen = 0
    for line in lines:
        if not line:
            continue
        seen += 1
        if seen > 8 or len(line) > 70 or (len(line) > 40 and re.search(r"[.!?]\s", line + " ")):
            return
        yield line


def _letterhead(text: str, candidates: Candidates) -> None:
    previous: str | None = None
    for line in _letterhead_lines(text):
        line = _tidy(line) or line  # "Följ Friskolornas riksförbund": a web word before it
        if (
            re.search(r"\d|@|:|departementet\b|regeringskansliet", line, re.IGNORECASE)
            or not name_shaped(line)
            or line.casefold() in _ANAPHORS
        ):
            previous = None
            continue
        name = _display(line, text)
        if _DECIDING_BODY.match(name):
            previous = None  # "Kommunstyrelsen" above or below "Umeå kommun" is not the sender
            continue
        if previous and previous.casefold() == "länsstyrelsen":
            candidates.add(f"Länsstyrelsen {name}", "letterhead")
        elif previous and _ACADEMIC_UNIT.search(name) and _UNIVERSITY.search(previous):
            # A faculty speaks for itself: "Lunds universitet, Juridiska fakulteten".
            candidates.add(f"{previous}, {name}", "letterhead")
        elif previous and has_org_word(name) and not _PUBLIC_BODY.match(name):
            pass  # a department or unit under the name: the drafting office, not the sender
        else:
            candidates.add(name, "letterhead", weak=not (has_org_word(name) or line.isupper()))
        previous = name


def _signature(text: str, candidates: Candidates) -> None:
    """An organisation's name among the last lines, or after "Med vänlig hälsning"."""
    closings = list(_CLOSING.finditer(text))
    if closings:
        tail = [line.strip() for line in text[closings[-1].end() :].split("\n")]
        tail = [line for line in tail if line][:8]
    else:
        # the last lines, but none of the letterhead's: in a short page the two meet, and a
        # title line at the top is not also a signature
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        top = sum(1 for _line in _letterhead_lines(text))
        tail = lines[max(top, len(lines) - 6) :]
    for line in tail:
        if not name_shaped(line):
            continue
        name = _display(line, text)
        if has_org_word(name) or key(name) in candidates.by_key:
            candidates.add(name, "signature")


_TITLE_OF_A_REPLY = re.compile(
    r"\b(?:YTTRANDE\w*|REMISSVAR\w*|REMISSYTTRANDE\w*|SYNPUNKTER|SVAR|KRITISERAR|VÄLKOMNAR|"
    r"TILLSTYRKER|AVSTYRKER)\b"
)


def _title_in_its_own_case(text: str) -> str:
    """A title line printed in capitals ("GÖTEBORGS UNIVERSITETS YTTRANDE ÖVER …", "FORUM OCH
    FAMNA I GEMENSAMT REMISSVAR") in the case the text itself writes its words, so that the cues
    that read a title read it: a word the text writes capitalised elsewhere keeps its capital,
    one it writes in lower case loses it, a short word written nowhere else stays an acronym."""
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    line = text[start:end]
    if len(line) > 150 or len(line.split()) < 3 or not line.isupper():
        return text
    if not _TITLE_OF_A_REPLY.search(line):
        return text  # a letterhead in capitals ("KOMMUNFULLMÄKTIGE I VELLINGE KOMMUN") stays
    rest = text[end:]
    words = []
    for index, word in enumerate(line.split(" ")):
        bare = word.strip("\"'“”:,.!?()–-")
        if not bare.isalpha():
            words.append(word)
            continue
        written = re.findall(rf"(?<![\w-]){re.escape(bare)}(?![\w-])", rest, re.IGNORECASE)
        forms = [w for w in written if not w.isupper()]
        if any(w[0].isupper() for w in forms):
            form = bare.capitalize()
        elif not forms and len(bare) <= 5:
            form = bare  # an acronym the text writes nowhere else ("IFFS")
        else:
            form = bare.capitalize() if index == 0 else bare.lower()
        words.append(word.replace(bare, form))
    return text[:start] + " ".join(words) + rest


# A postal address's town run into what follows where a transcript lost its line breaks ("103 33
# Stockholm Transportstyrelsens svar på remiss …"): the town ends the address's line.
_POSTAL_TOWN_RUN_ON = re.compile(
    r"(\b\d{3} ?\d{2}[ \t]+[A-ZÅÄÖ][a-zåäöA-ZÅÄÖ]+)[ \t]+(?=[A-ZÅÄÖ][a-zåäö])"
)


def respondent(text: str) -> str | None:
    text = _POSTAL_TOWN_RUN_ON.sub(r"\1\n", _title_in_its_own_case(text))
    head = text[:6000]
    candidates = Candidates()
    for match in _FROM_HEADING.finditer(head[:1500]):
        candidates.add(match["org"], "heading", prefer=True)
    for match in _INVITED.finditer(head):
        org = re.split(r"[.:;)]\s+", match["org"])[-1]
        candidates.add(org, "invited", prefer=True)
    for match in _TAKEN_NOTE.finditer(head):
        candidates.add(match["org"], "taken note")
    for match in _REFERRED_TO.finditer(head):
        if has_org_word(match["org"]):
            candidates.add(match["org"], "referred to")
    for match in _BODY_OF.finditer(head):
        candidates.add(match["org"], "body of")
    for match in _WE_AT.finditer(head):
        if _genitive_of_known(match["org"]):
            continue  # "ser vi i Boverkets förslag problem": a body's proposal, not "vi på X"
        candidates.add(match["org"], "we at")
    for match in _BODY_OF_CAPS.finditer(head[:600]):
        candidates.add(_display(match["org"], text), "body of")
    site = _SITE_TITLE.match(head)
    if site:
        candidates.add(site["org"], "site title")
    own = _OWN_DOCUMENT.search(head[:300])
    if own:
        org = _own_name(own, head)
        candidates.add(org.capitalize() if org.isupper() else org, "own document")
    seen_subjects = set()  # where each subject ends, so that one sentence counts once
    subject_names = set()
    others = _others_spans(head)

    def among_others(position: int) -> bool:
        return any(start <= position < end for start, end in others)

    for match in _SUBJECT.finditer(head):
        seen_subjects.add(match.end("org"))
        if among_others(match.start("org")):
            continue
        subject_names.add(_tidy(match["org"]))
        org = match["org"]
        if org.lower().endswith("beredningen"):
            continue  # a preparatory body speaks for its organisation, not as the sender
        candidates.add(org, "position", weak=not _body_word(_tidy(org)))
    for match in chain(_INVERTED_POSITION.finditer(head), _ALSO_INVERTED.finditer(head)):
        candidates.add(match["org"], "position", weak=not _body_word(_tidy(match["org"])))
    _anaphoric_subjects(head, candidates)
    if head[:1500].count("\n") < 3:
        # A transcript without line breaks: the name that ends the words before a verb of
        # position, after the heading or date run into it ("… 2020-01-02 Styrkraft i
        # funktionshinderspolitiken Studieförbundet Vuxenskolan tycker att …").
        for match in _TAKES_POSITION.finditer(head):
            before = head[max(0, match.start() - 150) : match.start()].split()
            if not before or not (before[-1][:1].isupper() or has_org_word(before[-1])):
                continue  # "… som tillstyrker", "…, men instämmer": no name before the verb
            tail = _heading_tail(" ".join(before))
            if (
                tail
                and "," not in tail
                and match.start() not in seen_subjects
                and not among_others(match.start())
            ):
                candidates.add(tail, "position", weak=not _body_word(tail))
    for match in _FROM_FIELD.finditer(head[:1500]):
        candidates.add(match["org"], "from field")
    for match in _NAMED_SUBJECT.finditer(head):
        if match.end("org") not in seen_subjects and not among_others(match.start("org")):
            candidates.add(match["org"], "position")
    for match in _CONJUNCT_SUBJECT.finditer(head):
        org = _tidy(match["org"])
        # not again when the sentence's subject was this name itself
        if (
            org not in subject_names
            and (has_org_word(org) or bodies.known(org))
            and not among_others(match.start("org"))
        ):
            candidates.add(match["org"], "position")
    for match in _ACRONYM_SUBJECT.finditer(head):
        # "… bostadsbyggandet SBF avstyrker …": a heading run into the sentence
        if (
            match["org"] not in subject_names
            and _body_word(match["org"])
            and not among_others(match.start("org"))
        ):
            candidates.add(match["org"], "position")
    opening = _OPENING.match(head)
    if opening and has_org_word(opening["org"]):
        candidates.add(opening["org"], "opening")
    for match in _JOINT_REPLY.finditer(head[:2500]):
        candidates.add(match["org"], "joint", prefer=True)
    for match in _REPLY_FROM.finditer(head[:2500]):
        candidates.add(match["org"], "genitive")
    for match in _GENITIVE_REPLY.finditer(head[:2500]):
        candidates.add(_nominative(match["org"], text), "genitive")
    for match in _REPLIED.finditer(head):
        # a flattened heading run into it ("… Dnr Nf Svenska Jägareförbundet får härmed
        # överlämna …"): Candidates.add takes the known body that ends it
        candidates.add(re.split(r"[.:;)]\s+", match["org"] or match["org2"])[-1], "replied")
    for match in _VIEW_OF.finditer(head):
        name = _nominative(match["org"], text)
        if bodies.known(name):
            candidates.add(name, "view")
    for match in _SAYS.finditer(head):
        candidates.add(match["org"], "says")
    for match in _QUOTED.finditer(head):
        candidates.add(match["org"] or match["org2"], "says")
    for match in _HANDS_OVER.finditer(head):
        candidates.add(match["org"], "replied")
    for match in _CHOSE_TO_REPLY.finditer(head):
        candidates.add(match["org"], "replied")
    for name, position in bodies.full_names_in(head[:3000]):  # the gazetteer, scanned once
        end = position + len(name)
        if (
            end <= 300
            and not _CITED_BEFORE.search(head[max(0, position - 12) : position])
            and not _AUTHOR_OF_PROPOSAL.match(head, end)
            and not among_others(position)
        ):
            candidates.add(name, "known at top")
        # "… Universitetskanslersämbetet har förståelse för …": a known body that opens a
        # sentence and speaks in it, whatever its verb.
        if _SENTENCE_START.search(head[max(0, position - 3) : position]) and _SPEAKS.match(
            head, end
        ):
            candidates.add(name, "known subject")
        elif (
            end not in seen_subjects
            and _TAKES_POSITION.match(head, end)
            and not among_others(position)
        ):
            # "Sammanfattning Naturvårdsverket är positiva …": a heading run into the sentence
            # whose subject is a known body
            candidates.add(name, "position")
    if _MINUTES.search(head[:1500]):
        # Minutes name their town, not their municipality; "Kommunen är remissinstans",
        # "Kommunen tillstyrker" then speak for it.
        town = next(iter(bodies.towns_in(head[:600])), None)
        if town and _MUNICIPALITY_SPEAKS.search(head):
            candidates.add(town[1], "body of")
        elif town and not candidates.by_key:
            candidates.add(town[1], "town of the minutes")
        elif not candidates.by_key:
            # Minutes whose heading names no town: the municipality an item of their list
            # names ("Årsredovisning för Kramfors kommun 2017") is theirs.
            named = [name for name, _at in bodies.full_names_in(head[:3000])
                     if _MUNICIPALITY_NAME.search(name)]  # fmt: skip
            if named:
                candidates.add(named[0], "town of the minutes")
    if _STOCKHOLM_ORGAN.search(head) and not candidates.by_key:
        candidates.add("Stockholms stad", "organ")
    footer_names = {m["org"] for m in _CONTACT_LINE.finditer(text) if bodies.known(m["org"])}
    for match in _FORM_OR_COPYRIGHT.finditer(text):
        # on its own line or run into a flattened page: the longest known name it begins with
        words = match["org"].split()
        for count in range(len(words), 0, -1):
            if bodies.known(" ".join(words[:count])):
                footer_names.add(" ".join(words[:count]))
                break
    for name in footer_names:
        # The page's own contact form or copyright names the body whose page it is, when the
        # page's text calls it only "förbundet".
        candidates.add(name, "site footer")
    for body in dict.fromkeys(bodies.named_by_address(text)):
        # Evidence for the name the text gives the body ("PTS"), or its name when the address
        # is all the text gives.
        named = [c.name for c in candidates.by_key.values() if bodies.known(c.name) == body]
        candidates.add(named[0] if named else body, "address")
    definitions = {
        **acronyms(head),
        **{m["short"]: _defined_name(m["full"]) for m in _DEFINED.finditer(head)},
        **{m["short"]: _defined_name(m["full"]) for m in _DEFINED_BELOW.finditer(head)},
    }
    # "Ju2020/01879/L7 Diskrimineringsombudsmannen (DO)": the known body the definition ends in
    definitions = {short: _known_ending(full) for short, full in definitions.items()}
    for match in _ON_BEHALF_OF.finditer(text, max(0, len(text) - 1500)):
        candidates.add(match["org"], "on behalf")
    _letterhead(text, candidates)
    _signature(text, candidates)
    # Never the addressee: "Boverket vill …" in a reply to Boverket's own referral, or the body
    # whose proposal the reply takes a position on ("Svensk Försäkring tillstyrker i huvudsak
    # Finansinspektionens förslag").
    referrer = referring_body(text)
    addressees = {bodies.known(referrer)} if referrer else set()
    addressees |= {
        bodies.known(_nominative(match["org"], head))
        for match in _POSITION_ON_PROPOSAL_OF.finditer(head)
    }
    addressees.discard(None)
    for entry in candidates.by_key.values():
        if bodies.known(entry.name) in addressees:
            entry.score = 0
    best = candidates.best(threshold=2, definitions=definitions, text=head)
    if not best:
        return None
    name = _royal(_county(_without_descriptor(_long_of_pair(best.name, text)), text), text)
    return bodies.written_form(_full_form_in_text(bodies.completed(name), text))


def _full_form_in_text(name: str, text: str) -> str:
    """A known body named by its short form ("Saco") whose full name the text also writes
    ("Sveriges akademikers centralorganisation", in a signature): the full form, as the text
    writes it (labelling guide)."""
    full = bodies.known(name)
    if not full or len(full.split()) <= len(name.split()) or key(full) <= key(name):
        return name  # not a longer form ("Riksgälden" is not Riksgäldskontoret's full name)
    written = re.search(rf"(?<![\w-]){re.escape(full)}(?![\w-])", text, re.IGNORECASE)
    return written[0] if written else name


# A page's "Kontakta X" line (the whole line: "Kontakta Skatteverket för …" in prose is no
# footer).
_CONTACT_LINE = re.compile(
    r"^\s*Kontakta\s+(?P<org>[A-ZÅÄÖ][\w&.:-]*(?:\s+[\wåäöÅÄÖ&-]+){0,4}?)\s*$", re.MULTILINE
)


# What an agency, region or other body sends out itself: "Boverkets extraremiss", "Boverkets
# förslag till nya föreskrifter", "Länsstyrelsens förslag till regler".
_REFERRED_BY_BODY = re.compile(
    r"\b(?P<org>[A-ZÅÄÖ][\w-]*(?:\s+[\w-]+){0,3}?)(?::s|s)\s+(?:(?:nya|reviderade|remitterade)\s+)?"
    r"(?:extraremiss|remiss\b|föreskriftsförslag|förslag\s+till\s+(?:nya\s+|ändrade\s+)?"
    r"(?:föreskrifter|byggregler|regler|allmänna\s+råd))"
)
_ANY_MINISTRY = re.compile(r"departementet|regeringskansliet", re.IGNORECASE)


def referring_body(text: str) -> str | None:
    """The body that sent the referral when it is not a ministry: a known body whose own
    referral or draft regulations the reply answers, in a text that names no ministry. Never
    the respondent."""
    head = text[:6000]
    if _ANY_MINISTRY.search(head):
        return None
    for match in _REFERRED_BY_BODY.finditer(head):
        words = match["org"].split()
        for start in range(len(words)):
            body = bodies.known(" ".join(words[start:]))
            if body:
                return " ".join(words[start:])
    return None


_FORM_OR_COPYRIGHT = re.compile(
    r"\b(?:Kontaktformulär|©|Copyright(?:\s+©)?)\s+(?:(?:19|20)\d\d\s+)?"
    r"(?P<org>[A-ZÅÄÖ][\w&.:-]*(?:\s+[\wåäöÅÄÖ&-]+){0,4})"
)


def _royal(name: str, text: str) -> str:
    """ "Kungl. Skogs- och Lantbruksakademien": the royal title is part of the name, though the
    cues, which stop at a full stop, find the name without it."""
    titled = re.search(rf"\b(?:Kungl\.|Kungliga)\s+{re.escape(name)}", text)
    return titled[0] if titled and not name.startswith(("Kungl", "Kungliga")) else name


# "Boverkets förslag till föreskrifter": the body whose proposal is referred, the addressee.
_AUTHOR_OF_PROPOSAL = re.compile(
    r"(?::s|s)\s+(?:\w+\s+)?(?:förslag|föreskrifter|promemoria|rapport|remiss)\b"
    r"|\s+(?:ett|sitt|sina)\s+(?:\w+\s+)?förslag\b"  # "presenterade Boverket ett förslag"
)


_POSITION_ON_PROPOSAL_OF = re.compile(
    r"\b(?:tillstyrker|avstyrker|välkomnar|stödjer|stöder|avvisar)\s+(?:[a-zåäö]+\s+){0,3}?"
    r"(?P<org>[A-ZÅÄÖ][\w-]*(?:\s+[A-ZÅÄÖ][\w-]*){0,3}(?::s|s))\s+(?:\w+\s+)?"
    r"(?:förslag|föreskriftsförslag|promemoria|rapport)\b"
)


def _genitive_of_known(name: str) -> bool:
    """ "Boverkets", "SKR:s": the genitive of a body the gazetteer knows, not a name."""
    bare = re.sub(r"(?::s|s)$", "", name)
    return bare != name and bodies.known(bare) is not None and bodies.known(name) is None


def _defined_name(full: str) -> str:
    """The name a short form is defined for, without the words before it that are not the name
    ("Om", a descriptor such as "Branschorganisationen")."""
    words = full.split()
    while len(words) > 1 and words[0].lower() in _NOT_NAME_WORDS | {"om"}:
        words = words[1:]
    rest = " ".join(words)
    described = _DESCRIBED.match(rest)
    return described["name"] if described else rest


def _long_of_pair(name: str, text: str) -> str:
    """ "Roks, Riksorganisationen för kvinnojourer …" where the text also writes "Riksorganisationen
    för kvinnojourer …, Roks," or "… (Roks)": one body under its short and its full name — the
    full one."""
    parts = [part.strip() for part in name.split(",")]
    if len(parts) != 2:
        return name
    short, full = sorted(parts, key=len)
    if " " in short or " " not in full:
        return name
    pair = rf"{re.escape(full)}\s*(?:,\s*{re.escape(short)}\s*,|\(\s*{re.escape(short)}\s*\))"
    return full if re.search(pair, text) else name


_DESCRIBED = re.compile(rf"^(?:{lexicon.APPOSITIVE_DESCRIPTOR})\s+(?P<name>[A-ZÅÄÖ].*)$")


def _without_descriptor(name: str) -> str:
    """ "Bransch- och arbetsgivarorganisationen Svensk Handel" → "Svensk Handel", when the rest is
    a body known by exactly that name; "Föreningen Sveriges socialchefer" stays as it is."""
    match = _DESCRIBED.match(name)
    if match and bodies.known(match["name"]) == match["name"]:
        return match["name"]
    return name


# Nouns for a non-governmental body: what they refer back to is a sender, whatever its name.
_ORGANISATION_ANAPHORS = frozenset("förbundet föreningen organisationen samfundet".split())


def _anaphoric_subjects(head: str, candidates: Candidates) -> None:
    """ "Kollegiet ställer sig frågande", "Verket tillstyrker": the definite noun takes a position
    for the one known body in the text whose name ends in it (Kammarkollegiet, Naturvårdsverket);
    "Villaägarna är positiva … Förbundet tillstyrker …": an association's noun for the name last
    seen as a subject before it, now known to be an organisation."""
    known = {name for name, _position in bodies.full_names_in(head)}
    last_named: str | None = None
    for match in _SUBJECT.finditer(head):
        noun = match["org"].casefold()
        if noun not in _ANAPHORS:
            if name_shaped(_tidy(match["org"])):
                last_named = match["org"]
            continue
        # the last one-word name before it that ends in the noun ("Läkarförbundets ordförande
        # … Förbundet vänder sig …"), not a body named only further on
        prior = _last_name_ending_in(noun, head[: match.start("org")])
        ending = [
            name for name in known if name.casefold().endswith(noun) and len(name) > len(noun)
        ]
        signed = _last_name_ending_in(noun, "\n".join(head.rstrip().split("\n")[-8:]))
        if prior:
            candidates.add(prior, "position")
        elif len(ending) == 1:
            candidates.add(ending[0], "position")
        elif not ending and noun in _ORGANISATION_ANAPHORS and last_named:
            candidates.add(last_named, "position")
        elif not ending and signed:
            # "Förbundet tillstyrker …" above the signature "Skärgårdsförbundet": the body
            # that signs, a name no list holds
            candidates.add(signed, "position")


def _last_name_ending_in(noun: str, before: str) -> str | None:
    """The last capitalised word in `before` that ends in `noun` ("Läkarförbundet" for
    "förbundet"), in the nominative."""
    names = re.findall(rf"\b([A-ZÅÄÖ][\w-]*?(?i:{re.escape(noun)}))(?::s|s)?\b", before)
    names = [name for name in names if name.casefold() != noun]
    return names[-1] if names else None


def _own_name(own: re.Match[str], text: str) -> str:
    """ "FSS remissvar": the name is FSS, not a genitive of FS, when the text goes on to use
    "FSS" and never "FS"; "Sollentunas remissvar" is Sollentuna's."""
    token, rest = own["org"] + own["gen"], text[own.end() :]
    used = re.search(rf"(?<![\w]){re.escape(token)}(?![\w:])", rest)
    if used and not re.search(rf"(?<![\w]){re.escape(own['org'])}(?![\w])", rest):
        return token
    return own["org"]


# The short form in brackets, or between commas: "Riksförbundet för sexuell upplysning, RFSU, är …".
_ACRONYM = re.compile(r"\((?P<short>[A-ZÅÄÖ]{2,7})\)|,\s+(?P<short2>[A-ZÅÄÖ]{2,7}),")
_SKIPPED_IN_ACRONYMS = frozenset("och för i av vid på med till".split())


def acronyms(text: str) -> dict[str, str]:
    """ "Föreningen Sveriges socialchefer (FSS)", "Riksförbundet för sexuell upplysning, RFSU,":
    the words before a short form in brackets or between commas whose initials spell it, in
    order (the link words may be skipped) — the name it stands for."""
    found: dict[str, str] = {}
    for match in _ACRONYM.finditer(text):
        short = match["short"] or match["short2"]
        words = text[max(0, match.start() - 200) : match.start()].split()
        letters = list(short.lower())
        taken: list[str] = []
        for word in reversed(words):
            bare = word.strip(",;:")
            if not bare or not bare[0].isalpha() or bare != word.rstrip():
                break
            if letters and bare[0].lower() == letters[-1]:
                letters.pop()
                taken.append(bare)
                if not letters:
                    break
            elif bare.lower() in _SKIPPED_IN_ACRONYMS and taken:
                taken.append(bare)
            else:
                break
        if not letters and taken and taken[-1][0].isupper():
            found[short] = " ".join(reversed(taken))
    return found


def _county(org: str, text: str) -> str:
    """ "Länsstyrelsen" alone is not a body: find which one ("Länsstyrelsen Stockholm")."""
    if org.lower() != "länsstyrelsen":
        return org
    match = re.search(r"Länsstyrelsen\s+(i\s+)?([A-ZÅÄÖ][a-zåäö]+(?:\s+län)?)", text)
    # "Länsstyrelsen i Norrbottens" as written, completed from the gazetteer afterwards
    return f"Länsstyrelsen {match[1] or ''}{match[2]}" if match else org
