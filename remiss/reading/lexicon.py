"""Every Swedish phrase the reader knows, once, in tables with their meaning: the phrases of
position with the stance they show and how firmly, the hedges, negators, concessive markers and
summaries of the report that qualify them, and the words of bodies and their organs. The
modules that use them (stance, respondent) compile them once, when they are imported.

Patterns are regular-expression fragments matched case-insensitively at a word boundary unless
a module says otherwise. docs/reading.md names the labelling rules they serve.
"""

from __future__ import annotations

from dataclasses import dataclass

from remiss.reading.schema import Stance

FIRM, HEDGED = "firm", "hedged"


@dataclass(frozen=True)
class Phrase:
    """A phrase of position: its pattern and how firmly it takes the position — FIRM
    ("tillstyrker") or HEDGED, indirect or softened ("kan acceptera", "är positiv",
    "ifrågasätter"), which by the labelling guide still counts."""

    pattern: str
    strength: str


# A reflexive verb's pronoun follows its subject: "motsätter sig", "motsätter oss",
# "ställer vi oss"; after an infinitive without the subject: "ställa oss bakom".
REFLEXIVE = r"(?:sig|oss|mig|vi\s+oss)"
REFLEXIVE_INF = r"(?:sig|oss|mig)"

# What a reply is called. Spelt out: "remissvar" is "remiss" + "var", so "(?:remiss)?svar" misses
# it.
REPLY_NOUNS = r"(?:remissvar|remissyttrande|yttrande|svar)"

# "menar att lösningen inte främst ligger i en ny organisationsmodell": not mainly there — a
# doubt about what is proposed, not a rejection ("inte enbart" is no doubt at all)
_NOT_MAINLY = r"(?:främst|i\s+första\s+hand|huvudsakligen|primärt)"
NOT_MAINLY_THERE = (
    rf"lösningen\s+(?:inte\s+{_NOT_MAINLY}\s+ligger|ligger\s+inte\s+{_NOT_MAINLY})\s+i\b"
)
# Hedges: words that soften a position without changing it — by the labelling guide hedged
# support is support ("ställer sig i huvudsak bakom", "har i huvudsak inget att invända").
HEDGES = r"i\s+huvudsak|i\s+stort|i\s+allt\s+väsentligt|i\s+grunden|principiellt|generellt"
# An adverb may stand between the verb and its object: "delar däremot bedömningen".
ADVERB = (
    rf"(?:(?:dock|däremot|också|även|därför|därmed|{HEDGES}|helt|fullt\s+ut|sammantaget|"
    r"således|överlag|mycket)\s+)?"
)

# The phrases of position, per stance, in the order they are tried (a longer phrase before the
# shorter one it contains).
SUPPORT_PHRASES = (  # supports
    Phrase(
        # "biträder utredningens förslag", "ansluter sig till utredningens bedömning"
        rf"(?:biträder|ansluter\s+{REFLEXIVE}\s+till)\s+(?:[\w:-]+\s+){{0,2}}?(?:förslag\w*|"
        r"bedömning\w*|uppfattning\w*|slutsats\w*|ställningstagande\w*)",
        FIRM,
    ),
    Phrase(
        r"förordar\s+(?:[\w:-]+s\s+)?förslag(?:e[nt])?\b",  # not "förordar att …", a wish
        HEDGED,
    ),
    Phrase(
        r"är\s+(?:\w+\s+)?enig\w*\s+med\s+(?:utredningen|utredaren|kommittén|promemorian)",
        FIRM,
    ),
    Phrase(
        r"säger\s+(?:\w+\s+)?ja\s+till",  # "säger ja till förslaget om …"
        FIRM,
    ),
    Phrase(
        r"tillstyrk\w*",
        FIRM,
    ),
    Phrase(
        rf"ställer\s+{REFLEXIVE}\s+{ADVERB}(?:bakom|positiv\w*)",
        FIRM,
    ),
    Phrase(
        rf"ser\s+{ADVERB}(?:mycket\s+)?positivt\s+på",
        FIRM,
    ),
    Phrase(
        # "förslag som vi ser som positiva"
        r"\bser\s+(?:\w+\s+)?som\s+(?:mycket\s+)?positiva?\b",
        FIRM,
    ),
    Phrase(
        r"(?<!skulle\s)välkomna\w*",  # "vi skulle välkomna X": a wish for other rules
        FIRM,
    ),
    Phrase(
        r"(?:är|var)\s+(?:\w+\s+){0,4}?positiv\w*",
        HEDGED,
    ),
    Phrase(
        rf"ställt\s+{REFLEXIVE}\s+(?:\w+\s+)?bakom",
        FIRM,
    ),
    Phrase(
        # "X kan ställa sig bakom rapporten": hedged, but support (the negated form is
        # opposition, among the opposing phrases)
        rf"(?:kan|vill)\s+(?:(?!inte\b|ej\b)\w+\s+)?ställa\s+{REFLEXIVE_INF}\s+{ADVERB}bakom",
        HEDGED,
    ),
    Phrase(
        r"(?:det\s+)?är\s+(?:mycket\s+)?bra\s+att",
        HEDGED,
    ),
    Phrase(
        r"tycker\s+(?:\w+\s+){0,3}?(?:är\s+)?(?:ett\s+|en\s+|mycket\s+)?bra",
        HEDGED,
    ),
    Phrase(
        r"(?:har\s+lämnat|lämnar)\s+(?:\w+\s+){0,2}?bra\s+förslag",
        HEDGED,
    ),
    Phrase(
        r"håller\s+med\s+om",
        HEDGED,
    ),
    Phrase(
        r"(?:är\s+)?glädjande\s+(?:med|att)",
        HEDGED,
    ),
    Phrase(
        # whose assessment: any genitive ("utredningens", "Ansvarskommitténs", "SKR:s")
        rf"delar\s+{ADVERB}(?:[\w-]+:?s\s+)?(?:bedömning\w*|uppfattning\w*|analys\w*|"
        r"slutsats\w*|syn\w*|bild\w*)",
        FIRM,
    ),
    Phrase(
        r"delar\s+de\s+analyser",
        FIRM,
    ),
    Phrase(
        # "anser att utredningen i allt väsentligt gjort välgrundade avvägningar": the inquiry's
        # judgements endorsed, as "delar bedömningen" does
        r"(?<!inte\s)(?:har\s+)?gjort\s+(?:\w+\s+)?(?:välgrundade|väl\s*avvägda|rimliga|goda|"
        r"träffande|väl\s*underbyggda)\s+(?:avvägningar|bedömningar|överväganden|ställningstaganden)",
        HEDGED,
    ),
    Phrase(
        r"instämmer",
        FIRM,
    ),
    Phrase(
        r"stödjer",
        FIRM,
    ),
    Phrase(
        r"stöder",
        FIRM,
    ),
    Phrase(
        r"bejakar",
        FIRM,
    ),
    Phrase(
        r"uttalar\s+(?:\w+\s+){0,2}?stöd\s+för",  # "uttalar visst stöd för Ansvarsmodellen"
        HEDGED,
    ),
    Phrase(
        r"bifaller\s+(?:\w+\s+)?förslag\w*",
        FIRM,
    ),
    Phrase(
        r"(?:ser|finns)\s+(?:ett\s+)?(?:stort\s+)?värde\s+i",
        HEDGED,
    ),
    Phrase(
        r"anser\s+att\s+förslage[nt]\s+(?:är\s+(?:bra|rimlig\w*|väl\s+avvägd\w*)|bör\s+gen"
        r"omföras)",
        FIRM,
    ),
    Phrase(
        # "de flesta förslagen är i huvudsak bra": the proposals judged good
        r"(?<!inte\s)förslage[nt]\s+(?:är|var)\s+(?:\w+\s+){0,3}?(?:bra|rimlig\w*|väl\s*avvägd\w*|"
        r"ändamålsenlig\w*|välgrundad\w*)\b",
        HEDGED,
    ),
    Phrase(
        r"kan\s+(?:därför\s+)?(?:acceptera|godta)",
        HEDGED,
    ),
    Phrase(
        r"godtar",
        HEDGED,
    ),
    Phrase(
        r"accepterar",
        HEDGED,
    ),
    Phrase(
        r"(?:är|vore)\s+(?:\w+\s+)?välkom(?:men|met|na)",
        HEDGED,
    ),
)

OPPOSE_PHRASES = (  # opposes
    Phrase(
        rf"ser\s+{ADVERB}(?:mycket\s+)?negativt\s+på",
        FIRM,
    ),
    Phrase(
        r"tar\s+(?:\w+\s+)?avstånd\s+från|vänder\s+(?:sig|oss)\s+(?:\w+\s+)?mot",
        FIRM,
    ),
    Phrase(
        r"är\s+(?:\w+\s+)?emot\s+(?:förslag\w*|den\s+föreslagna|det\s+föreslagna|"
        r"de\s+föreslagna|att)",
        FIRM,
    ),
    Phrase(
        # "ser inte något behov av den föreslagna regleringen"
        r"ser\s+(?:\w+\s+)?(?:inte\s+)?(?:något|inget|ingen)\s+behov\s+av\s+(?:den|det|de)\s+"
        r"föreslagna",
        HEDGED,
    ),
    Phrase(
        r"säger\s+(?:\w+\s+)?nej\s+till",  # "säger också nej till förslaget om …"
        FIRM,
    ),
    Phrase(
        # "Att genomföra förslagen skulle försvåra …": carrying them out would do harm
        r"(?:att\s+genomföra|ett\s+genomförande\s+av)\s+(?:\w+\s+){0,2}?förslage[nt]\s+skulle\s+"
        r"(?:\w+\s+){0,2}?(?:försvåra|försämra|skada|urholka|hota|omöjliggöra|motverka|undergräva)",
        HEDGED,
    ),
    Phrase(
        r"avstyrk\w*",
        FIRM,
    ),
    Phrase(
        r"avfärdar",  # "avfärdar bestämt den s.k. Verksamhetsmodellen"
        FIRM,
    ),
    Phrase(
        # "anser det olämpligt att införa …": an evaluative word for opposition
        r"anser\s+(?:det|att\s+det\s+(?:är|vore))\s+(?:\w+\s+)?olämpligt\s+att",
        HEDGED,
    ),
    # a doubt (DOUBT): opposition only for the reply as a whole
    Phrase(NOT_MAINLY_THERE, HEDGED),
    Phrase(
        # "menar att lösningen inte ligger i en ny myndighet" — not "inte främst", "inte enbart"
        r"lösningen\s+(?:inte\s+ligger|ligger\s+inte)\s+i\b",
        HEDGED,
    ),
    Phrase(
        rf"motsätter\s+{REFLEXIVE}",
        FIRM,
    ),
    Phrase(
        # "är vi mycket negativa till förslaget"
        rf"(?:är|ställer\s+{REFLEXIVE})\s+(?:\w+\s+)?(?:mycket\s+|starkt\s+|helt\s+)?negativ\w*",
        HEDGED,
    ),
    Phrase(
        r"avvisa\w*",
        FIRM,
    ),
    Phrase(
        r"ifrågasätter",
        HEDGED,
    ),
    Phrase(
        rf"(?:är|ställer\s+{REFLEXIVE})\s+(?:\w+\s+)?skeptisk\w*",
        HEDGED,
    ),
    Phrase(
        r"(?:ett\s+)?(?:uruselt|dåligt|olämpligt|felaktigt)\s+förslag",
        FIRM,
    ),
    Phrase(
        # not a doubt whether something will come of it or can be done ("det är tveksamt om
        # det går att …", "är tveksam till om … kommer att leda till"): a comment, no position
        # (labelling guide)
        rf"(?:är|ställer\s+{REFLEXIVE})\s+(?:\w+\s+)?tveksam\w*\b(?!\s+(?:till\s+)?(?:om|huruvida)\b)",
        HEDGED,
    ),
    Phrase(
        rf"kan\s+inte\s+(?:tillstyrka|ställa\s+{REFLEXIVE_INF}\s+bakom|stödja|acceptera|godta|"
        r"dela)",
        FIRM,
    ),
    Phrase(
        r"inte\s+tillstyrk\w*",
        FIRM,
    ),
    Phrase(
        r"uppfyller\s+inte\s+kraven",
        HEDGED,
    ),
    Phrase(
        r"(?:har\s+)?(?:flera\s+)?allvarliga\s+brister",
        HEDGED,
    ),
    Phrase(
        r"är\s+(?:\w+\s+)?kritisk\w*\s+(?:till|mot)",
        HEDGED,
    ),
    Phrase(
        r"avråd\w*\s+från",
        FIRM,
    ),
    Phrase(
        r"delar\s+inte",
        HEDGED,
    ),
    Phrase(
        r"avslå\w*",
        FIRM,
    ),
    Phrase(
        rf"inte\s+(?:kan\s+)?ställa\s+{REFLEXIVE_INF}\s+bakom",
        FIRM,
    ),
    Phrase(
        # that it should not be carried out, or is not fit to be: a position; that it does
        # something badly ("anser inte att förslaget på ett adekvat sätt preciserar kraven") is
        # criticism without one (the labelling guide)
        r"anser\s+inte\s+att\s+förslage[nt]\s+(?:(?:\w+\s+){0,2}?(?:bör|ska|kan)\s+"
        r"(?:genomföras|införas|antas|godtas|accepteras|tillstyrkas)|(?:är|vore)\s+(?:\w+\s+)?"
        r"(?:lämplig|ändamålsenlig|rimlig|motiverad|godtagbar|acceptabel|bra|väl\s*avvägd|"
        r"tillräcklig|nödvändig)\w*)",
        FIRM,
    ),
    Phrase(
        rf"ställer\s+{REFLEXIVE}\s+{ADVERB}inte\s+(?:bakom|positiv\w*)",
        FIRM,
    ),
    Phrase(
        rf"ställer\s+{REFLEXIVE}\s+(?:\w+\s+)?avvisande",
        FIRM,
    ),
    Phrase(
        rf"vänder\s+{REFLEXIVE}\s+mot",
        HEDGED,
    ),
    Phrase(
        r"anser\s+att\s+förslage[nt]\s+inte\s+(?:bör|ska)\s+genomföras",
        FIRM,
    ),
    Phrase(
        r"förslage[nt]\s+(?:bör|ska)\s+inte\s+genomföras",
        FIRM,
    ),
    Phrase(
        # "anser att regeringen bör avvakta med att inrätta en ny myndighet": not to be carried
        # out now. Waiting with a date or a detail ("avvakta med ikraftträdandet") is no position.
        r"(?:bör|borde)\s+(?:\w+\s+){0,2}?avvakta\s+med\s+(?:att\s+(?:genomföra|införa|inrätta|"
        r"besluta\s+om|lagstifta|gå\s+vidare)|förslage[nt]|(?:ett\s+)?genomförande\s+av\s+"
        r"förslage[nt])",
        HEDGED,
    ),
)

NO_OBJECTION_PHRASES = (  # no objection
    Phrase(
        r"(?:har\s+)?(?:inga|inte\s+några|inget|inte\s+något|ingenting)\s+(?:allvarliga\s+|större\s+"
        r"|övriga\s+)?(?:synpunkter|invändningar|erinringar|att\s+(?:invända|erinra|anföra"
        r"|tillägga|anmärka|kommentera))",
        FIRM,
    ),
    Phrase(
        r"ingen\s+erinran",
        FIRM,
    ),
    Phrase(
        r"(?:inte\s+funnit|finner\s+inte)\s+(?:någon\s+)?anledning\s+till\s+erinran",
        FIRM,
    ),
    Phrase(
        r"utan\s+erinran",
        FIRM,
    ),
    Phrase(
        r"lämnar\s+förslage[nt]\s+utan\s+invändning",
        FIRM,
    ),
    Phrase(
        r"ser\s+(?:\w+\s+)?inga\s+hinder",
        FIRM,
    ),
    Phrase(
        r"har\s+ingen\s+invändning",
        FIRM,
    ),
    Phrase(
        # "har inte i sig någon invändning mot de föreslagna ändringarna"
        r"har\s+inte\s+(?:i\s+sig\s+|heller\s+|egentligen\s+)?(?:någon|några)\s+"
        r"(?:invändning|erinran|synpunkt)\w*\s+mot",
        FIRM,
    ),
    Phrase(
        r"(?<!inte\s)uppfyller\s+kraven",
        FIRM,
    ),
)

ABSTAIN_PHRASES = (  # abstains
    Phrase(
        # "har inte möjlighet att kommentera förslaget i dess helhet"
        r"har\s+inte\s+(?:\w+\s+)?möjlighet\s+att\s+(?:kommentera|ta\s+ställning\s+till|"
        rf"yttra\s+{REFLEXIVE_INF}\s+(?:över|om))\s+(?:förslage[nt]|betänkandet|remissen|promemorian)",
        FIRM,
    ),
    Phrase(
        # "kan varken avstyrka eller tillstyrka förslaget": neither position, before either
        # verb is read alone
        r"varken\s+(?:tillstyrka|avstyrka|stödja)\s+eller\s+(?:tillstyrka|avstyrka|motsätta\s+"
        rf"{REFLEXIVE_INF})",
        FIRM,
    ),
    Phrase(
        r"avböjer\s+att\s+(?:yttra|lämna|svara|besvara|kommentera)|"
        r"(?:har\s+)?beslutat\s+att\s+inte\s+(?:lämna|avge|yttra|svara|besvara)",
        FIRM,
    ),
    Phrase(
        # the subject may stand between ("Därför avstår förbundet från att lämna …")
        r"avstår\s+(?:(?:vi|jag|[a-zåäö]+(?:en|et|na)|[A-ZÅÄÖ][\w-]*)\s+)?från\s+att\s+"
        r"(?:yttra|lämna|kommentera|ta\s+ställning)\w*",
        FIRM,
    ),
    Phrase(
        r"(?:väljer|har\s+valt)\s+att\s+(?:inte|avstå\s+från\s+att)\s+(?:yttra|lämna|besva"
        r"ra|svara|kommentera)",
        FIRM,
    ),
    Phrase(
        rf"avstår\s+från\s+att\s+(?:yttra\s+{REFLEXIVE_INF}|svara|besvara)",
        FIRM,
    ),
    Phrase(
        r"lämnar\s+inget\s+yttrande",
        FIRM,
    ),
    Phrase(
        # "kan i nuläget inte ta ställning till förslaget", "ser stora problem med att besvara
        # förslaget", "tar inte ställning till förslagen": no position on what is referred
        r"(?:(?:kan|vill)\s+(?:\w+\s+){0,2}?inte|tar\s+(?:\w+\s+)?inte|ser\s+(?:\w+\s+)?problem"
        r"\s+med\s+att)\s+(?:besvara|svara\s+på|ta\s+ställning\s+till|"
        rf"yttra\s+{REFLEXIVE_INF}\s+över|"
        r"ställning\s+till)\s+(?:remissen|förslage[nt]|promemorian|betänkandet|utredningens\s+"
        # or the question the proposal answers: "tar inte ställning till hur staten …"
        r"förslag|hur|huruvida|vilke[nt]|vilka)\b",
        FIRM,
    ),
    Phrase(
        rf"yttrar\s+{REFLEXIVE}\s+(?:\w+\s+){{0,2}}?inte\s+(?:om|över|kring)\s+(?:de\s+)?enskilda",
        FIRM,
    ),
    Phrase(
        r"har\s+(?:därför\s+)?ingen\s+samlad\s+(?:syn|uppfattning|ståndpunkt)",
        FIRM,
    ),
    Phrase(
        r"(?:inte\s+funnit|finner\s+inte|ser\s+inte)\s+(?:någon\s+)?anledning\s+att\s+(?:y"
        r"ttra|lämna|kommentera|ta\s+ställning)",
        FIRM,
    ),
    Phrase(
        r"inte\s+[^.]{0,80}?\bav\s+sådan\s+(?:betydelse|vikt|omfattning)\b[^.]{0,60}?\batt"
        rf"\s+(?:\w+\s+){{1,3}}?yttrar\s+{REFLEXIVE}",
        FIRM,
    ),
)

STANCE_PHRASES: dict[Stance, tuple[Phrase, ...]] = {
    # The order stances are looked for: a span taken by one is not read again as another.
    Stance.ABSTAINS: ABSTAIN_PHRASES,
    Stance.OPPOSES: OPPOSE_PHRASES,
    Stance.NO_OBJECTION: NO_OBJECTION_PHRASES,
    Stance.SUPPORTS: SUPPORT_PHRASES,
}


# Negators and their scope: after the verb ("tillstyrker inte"), inside the phrase ("är inte
# positiv") and just before it ("kan inte tillstyrka"), but not "inte bara X utan även Y".
NEGATION_AFTER = (
    r"\s+(?:heller\s+)?(?:inte|ej|icke)\b(?!\s+(?:bara|enbart|endast|minst|heller\s+bara))"
)
NEGATION_INSIDE = r"\b(?:inte|ej|icke)\b(?!\s+(?:bara|enbart|endast|minst))"
NEGATION_BEFORE = r"\b(?:inte|ej|icke|knappast|aldrig)\s+(?:\w+\s+){0,2}$"

# Concessive and contrasting markers: where one position of a sentence ends and another begins
# ("positiv till huvuddragen men avstyrker förslaget om X").
CLAUSE_VERBS = r"avstyrker|tillstyrker|välkomnar|ställer|ser"
CLAUSE_BREAK = (
    r"(?:,?\s+(?=men\b|medan\b|samtidigt\s+som\b)|;\s+|,\s+(?=och\s+\w+\s+"
    rf"(?:{CLAUSE_VERBS})\b))"
)

# The report being summarised, not the respondent's view ("Utredningen föreslår att …").
REPORT_SUBJECTS = (
    r"^\s*(?:utredningen|utredaren|kommittén|delegationen|regeringen|departementet|"
    r"promemorian|betänkandet|i\s+(?:betänkandet|promemorian|utredningen)|förslaget\s+innebär|"
    r"enligt\s+(?:utredningen|förslaget|promemorian))\b"
)
REPORT_VERBS = (
    r"\b(?:föreslår|föreslås|bedömer|anser|menar|konstaterar|lämnar|redovisar|beskriver)\b"
)
# What a body declines to comment on when it is a part of the referral, not the whole ("avstår
# från att kommentera kapitlen 3–12", "avstår från att svara på de konkreta frågor som
# bifogats"): no abstention from the reply. The individual proposals are not a part: declining
# to comment on them is declining a position ("yttrar sig inte över de enskilda förslagen").
PARTIAL_OBJECT = (
    r"\s+(?:(?:på|om|över|till|kring)\s+)?(?:(?:de|den|det|vissa|övriga|enskilda|konkreta|"
    r"följande|samtliga)\s+)*(?:frågor\w*|frågeställning\w*|kapitl\w*|kapitel\w*|avsnitt\w*|"
    r"delar\w*|bilag\w*)"
    # "valt att inte kommentera det remitterade förslaget i alla delar": not every part
    r"|[^.;]{0,60}?\bi\s+(?:alla|samtliga)\s+(?:dess\s+)?delar\b"
)

# No objection to one part named by where it stands ("inga synpunkter på preciseringarna för
# detta mål"): not a position on the proposals as a whole.
PARTIAL_NO_OBJECTION = (
    r"\s+(?:på|mot|om|kring|i)\s+[^.;:,]{0,60}?\b(?:för\s+(?:detta|denna|det\s+här|den\s+här)"
    r"\s+\w+|(?:kapitl|kapitel|avsnitt|bilag)\w*)"
)

# A position on the whole reply ("sammantaget"), or on all the proposals not named ("i övrigt").
SUMMING_UP = (
    r"\b(?:sammantaget|sammanfattningsvis|överlag|i\s+huvudsak|i\s+stort|i\s+övrigt|"
    r"övergripande|på\s+det\s+hela)\b"
)
WHOLE_REPLY = (
    r"\b(?:sammantaget|sammanfattningsvis|överlag|på\s+det\s+hela)\b"
    # a conclusion drawn on the proposal as a whole: "Vi avstyrker därför förslaget till
    # förordning", "Därför tillstyrker förbundet förslagen" — not one part ("förslaget om X")
    r"|\b(?:(?:avstyrker|tillstyrker)\s+(?:\w+\s+)?därför|därför\s+(?:avstyrker|tillstyrker)"
    r"\s+(?:\w+\s+)?)\s*(?:(?:hela|samtliga)\s+)?(?:förslaget|förslagen|promemorian|betänkandet|"
    r"remissen)\b(?!\s+(?:om|att|i|på|avseende|rörande|gällande)\b)"
)
# Welcoming that a question is looked into, or agreeing that something is needed: no position
# on what is proposed.
WELCOMES_REVIEW = (
    # "har skarpa invändningar … men ställer sig bakom syftet": the aim, not the proposals
    r"\bställer\s+(?:sig|oss)\s+(?:\w+\s+)?bakom\s+(?:[\w-]+:?s\s+)?(?:syfte[nt]?|intentione\w*|"
    r"målsättningen)\b|"
    r"\bvälkomna(?:r|de)\s+(?:\w+\s+)?(?:att\s+(?:regeringen|utredningen|departementet|frågan|"
    r"frågorna|man)\s+(?:\w+\s+){0,2}?(?:ser\s+över|utreds|utreder|har\s+utrett|tar\s+upp|"
    r"lyfter|uppmärksammar|har\s+tillsatt|tagit\s+initiativ|har\s+tagit\s+initiativ|"
    # what the inquiry finds or stresses, which is not what it proposes
    r"fastslår|konstaterar|betonar|belyser|understryker|framhåller)|"
    # "… måste ses över och vi välkomnar att så har skett": what has already happened (the
    # review), not what is proposed, which has not ("välkomnar att så sker" may be support)
    r"(?:översynen|initiativet|att\s+frågan\s+(?:har\s+)?utreds|att\s+en\s+översyn|"
    r"att\s+så\s+(?:har\s+|nu\s+)?skett|"
    # "välkomnar att det görs en översyn av …": that the question is looked into
    r"att\s+det\s+(?:görs|genomförs|har\s+gjorts|tillsätts|har\s+tillsatts|"
    r"(?:skulle|ska)\s+(?:tillsättas|göras|genomföras))\s+(?:en\s+)?"
    r"(?:\w+\s+){0,2}\w*(?:översyn|utredning|kartläggning|analys)|"
    # the effort and its aims ("välkomnar arbetet med stärkt samordning")
    r"ambitionen|ambitionerna|syftet|intentionerna|målsättningen|arbetet\s+(?:med|för|mot)))|"
    # whose aim: "positiva till utredningens ambition", "till syftet"
    r"positiv\w*\s+till\s+(?:den\s+politiska\s+vilja\w*|(?:[\w-]+:?s\s+)?(?:"
    r"syftet|ambitionen|intentionerna|syfte|ambition|ambitioner|intentioner|målsättning)\b)|"
    # an aim in a comparative ("positiva till ett starkare skydd för visselblåsare"), not a
    # proposal ("positiva till utredningens förslag om …")
    r"positiv\w*\s+till\s+(?:en|ett)\s+(?:starkare|stärkt|bättre|förbättrad|förbättrat|tydligare|"
    r"tryggare|säkrare|effektivare)\s+[a-zåäö]+\b(?!\s+(?:som|enligt)\s+(?:utredningen|"
    r"förslag\w*|föreslås))|"
    # the process, not the proposals ("Det är välkommet att remisstiden utsträcktes")
    r"\bvälkom\w*\s+att\s+remisstiden\b|"
    # agreeing that something is needed or matters ("instämmer i behovet av att samverka")
    r"\b(?:instämmer\s+i|delar)\s+(?:\w+\s+)?(?:behovet|behoven|vikten|betydelsen)\s+av\b|"
    # agreeing with the report's picture of today ("delar bilden av att dagens system har
    # betydande utmaningar"): a description of the present state, not what is proposed
    r"\b(?:instämmer\s+i|delar)\s+(?:[\w:-]+\s+){0,2}?(?:bild\w*|analys\w*|beskrivning\w*)\s+"
    r"(?:av|om)\s+att\s+(?:dagens|nuvarande|det\s+(?:i\s*dag|redan|finns|råder|saknas))\b|"
    # agreeing with a discussion or a description of the problem, not with what is proposed
    r"\b(?:instämmer\s+i|delar)\s+(?:[\w:-]+\s+){0,2}?(?:diskussion\w*|problembeskrivning\w*|"
    r"problemformulering\w*|verklighetsbeskrivning\w*)"
)
# Welcoming the report itself ("välkomnar betänkandet", "välkomnar Vårdansvarskommitténs
# betänkande"): support only while nothing rejects the main proposal; a rejection beside it
# decides (the welcoming opening is courtesy to the work, not a position on what it proposes).
WELCOMES_REPORT = (
    r"\bvälkomna(?:r|de)\s+(?:[\w-]+:?s\s+)?(?:betänkande[nt]?|utredningen|rapporten|"
    r"promemorian|delbetänkandet|slutbetänkandet)\b"
)
# Criticism of the present state, not of what is proposed: "redan i dag finns allvarliga brister
# i tillsynen", "dagens system har stora brister" — no opposition (labelling guide).
PRESENT_STATE = (
    r"(?:\b(?:redan\s+)?i\s*dag\s+(?:finns|föreligger|råder|har)|\b(?:dagens|nuvarande)\s+[\w-]+"
    r"(?:\s+\w+)?\s+(?:har|uppvisar|präglas\s+av))[^.;:]{0,40}$"
)
# Doubt, and criticism of the inquiry's work rather than of what it proposes ("är tveksam till",
# "betänkandet präglas av allvarliga brister"; "förslaget har allvarliga brister" rejects it):
# beside support they make the reply mixed; alone, or for one proposal, they are no position,
# not that it should not be carried out (labelling guide): unclear there.
DOUBT = (
    rf"(?:är|ställer\s+{REFLEXIVE})\s+(?:\w+\s+)?(?:skeptisk|tveksam)\w*|{NOT_MAINLY_THERE}"
    r"|(?:utredning|betänkande|promemoria|analys|underlag)\w*[^.;:]{0,60}?allvarliga\s+brister"
)
# A question someone else asks is no position ("SGI frågar särskilt om myndigheterna kan
# ställa sig bakom …").
QUESTION_BEFORE = r"\b(?:frågar|undrar)\s+(?:\w+\s+){0,2}?(?:om|huruvida)\b"

# Courtesy, not a position: welcoming the chance to reply, or being asked ("välkomnar
# möjligheten att lämna synpunkter", "välkomnar att vi tillhör de organisationer som …").
COURTESY = (
    r"välkomna(?:r|de)\s+(?:\w+\s+)?(?:möjligheten|tillfället|inbjudan)\s+att\s+(?:få\s+)?"
    r"(?:lämna|yttra|svara|kommentera|ge|delta)|"
    r"välkomna(?:r|de)\s+att\s+\w+\s+(?:tillhör|finns\s+med\s+bland|är\s+en\s+av)\s+(?:de\s+)?"
    r"(?:organisationer|remissinstanser|instanser)|"
    r"välkomna(?:r|de)\s+att\s+(?:ha\s+)?(?:fått|få)\s+(?:remissen|möjlighet(?:en)?\s+att\s+"
    r"(?:lämna|yttra|svara))"
)

# The verbs a body takes a position with, as the subject of its sentence ("X tillstyrker"):
# the cue to the sender.
POSITION_VERBS = (
    rf"tillstyrker|avstyrker|avvisar|ställer\s+{REFLEXIVE}|delar|välkomnar|yttrar\s+{REFLEXIVE}|"
    r"har\s+(?:inget|inga|ingen|följande|tagit\s+del)|finner|anser|bedömer|lämnar|avstår|"
    # the neuter too: "Förbundet är positivt", "WWF är också positivt"
    r"är\s+positiv[at]?|"
    r"är\s+kritisk[at]?|är\s+tveksamma?|är\s+tveksamt|är\s+negativ[at]?|instämmer|stödjer|stöder|ser\s+positivt|"
    r"ser\s+inga|"
    # "X ser stora problem med förslaget", "X ser risker"
    r"ser\s+(?:\w+\s+){0,2}?(?:problem|risker|brister|svårigheter|fördelar)\b|"
    # "vill inledningsvis tydliggöra", "vill särskilt påpeka"
    rf"motsätter\s+{REFLEXIVE}|vill\s+(?:[a-zåäö]+\s+)?(?:framhålla|understryka|betona|lyfta|"
    r"tydliggöra|påpeka|poängtera|framföra|uppmärksamma)|kan\s+inte|"
    rf"ifrågasätter|vänder\s+{REFLEXIVE}|tar\s+inte\s+ställning|konstaterar|ogillar|efterlyser|"
    r"har\s+förståelse|"
    r"saknar|beklagar|tycker|menar|kritiserar|understryker|betonar|delar\s+inte|avfärdar|"
    r"uttalar\s+(?:\w+\s+)?stöd|"
    r"är\s+(?:\w+\s+){1,4}?(?:positiv[at]?|kritisk[at]?|tveksam|tveksamma|tveksamt|negativ[at]?)\b|"
    r"har\s+(?:\w+\s+){1,4}?(?:inga|inget|ingen)\s+(?:invändningar|synpunkter|erinran)"
)
# The verbs a body known to the gazetteer speaks with when it opens a sentence.
SPEAKING_VERBS = (
    r"har|är|anser|ser|vill|delar|bedömer|menar|saknar|välkomnar|konstaterar|lämnar|avvisar|"
    r"tillstyrker|avstyrker|ställer|instämmer|stödjer|motsätter|yttrar|noterar|understryker|"
    r"betonar|framhåller|påpekar|önskar|föreslår|kan|kommer|avser|ifrågasätter"
)
# What opens a clause of its own after "och" ("… och anser att tillsynen …", "… och staden
# vill …", "… och det är …"): a speaking or position verb, a pronoun, a sentence adverb — or a
# definite noun standing for the sender (ANAPHORS). Such a conjunct names no proposal.
CLAUSE_OPENERS = rf"{SPEAKING_VERBS}|{POSITION_VERBS}|det|den|detta|vi|därför|dock|men|även|också"

# Words an organisation's name ends with ("Lunds universitet", "Statens kulturråd").
ORGANISATION_NOUNS = (
    r"kommun|stad|län|region|regionen|landsting|landstinget|universitet|universitetet|"
    r"högskola|högskolan|lärosäte|myndighet|myndigheten|verk|verket|styrelse|styrelsen|"
    r"nämnd|nämnden|förvaltning|förvaltningen|kontor|kontoret|inspektion|inspektionen|"
    r"råd|rådet|samfund|samfundet|förbund|förbundet|förening|föreningen|kollegium|kollegiet|"
    r"institut|institutet|domstol|domstolen|rätt|rätten|ombudsman|ombudsmannen|ombudsmän|fakultet|"
    r"fakulteten|institution|institutionen|avdelning|avdelningen|enhet|enheten|utskott|"
    r"utskottet|centrum|kammare|kammaren|bolag|bolaget|organisation|organisationen|akademi|"
    r"akademien|museum|museet|bibliotek|biblioteket|polis|polisen|arkiv|arkivet|stiftelse|"
    r"stiftelsen|kansli|kansliet|ämbete|ämbetet|delegation|delegationen|byrå|byrån|"
    r"tjänst|tjänsten|kassa|kassan|förmedling|förmedlingen|mäteri|mäteriet|vård|vården|"
    r"försvaret|makten|fullmäktige|beredning|beredningen|sekretariat|sekretariatet|"
    r"riksdag|riksdagen|rådgivning|service|partner|gruppen|rörelsen|nätverk|nätverket|"
    r"federation|federationen|union|unionen|sällskap|sällskapet|samverkan|kooperation"
)
# A municipality's or region's own organs: its boards, committees and offices speak for it and
# are never the sender themselves ("Stadsledningskontoret bedömer …").
MUNICIPAL_ORGANS = (
    r"kommunstyrelsen|regionstyrelsen|kommunfullmäktige|regionfullmäktige|"
    r"(?:stadslednings|kommunlednings|stadsbyggnads|stads|region|kommun|miljö|fastighets|"
    r"exploaterings|trafik|kultur|utbildnings|social)kontoret|"
    r"\w*förvaltningen|\w+nämnden|borgarrådsberedningen"
)
# Acronyms that name a law, a series, a union of states or an organ of the sender, never the
# sender itself ("PBL innebär", "KS beslutar").
NOT_BODY_ACRONYMS = frozenset(
    "sou ds eu fn pbl bbr eks lss lou las osl sfs rf tf ygl ks kf au rs ksau bu nja hfd "
    "eg eeg efta ees gdpr".split()
)
# Words that begin a heading or a sentence, never a name.
NOT_NAME_WORDS = frozenset(
    (
        "yttrande remissvar remissyttrande remissunderlag remiss sammanfattning inledning "
        "synpunkter beslut "
        "om oss bakgrund ärendet ärende datum diarienummer dnr sida till från ämne skickat "
        "protokoll protokollsutdrag sammanträdesprotokoll tjänsteutlåtande tjänsteskrivelse pm "
        "promemoria betänkandet promemorian förslaget förslagen utredningen kommittén regeringen "
        "departementet övergripande allmänt allmänna generellt slutsats avslutning vi jag det "
        "detta denna dessa här där den de som även också dock men och sammantaget "
        "inledningsvis avslutningsvis slutligen vidare därför mot med enligt hoppa meny sök "
        "start hem följ publicerad senast kontakt kontakta kontaktformulär pressjour presskontakt "
        "presstjänst besöksadress postadress telefon e-post fax "
        "organisationsnummer box www bilaga bilagor godkänd justerare justering ordförande "
        "sekreterare kommentarer kommentar avsnitt kapitel förslag reservation "
        "protokollsanteckning motivering registrator registraturen gå läs både såväl dessutom "
        "likaså nedan ovan härmed härvid därefter sedan nu remisser däremot frågor därtill "
        "därutöver samtidigt emellertid följaktligen principiellt istället sålunda således "
        "sammanfattningsvis"
    ).split()
)
# The one-word headings a reply's sections open with.
SECTION_HEADINGS = r"Sammanfattning|Inledning|Bakgrund|Allmänt|Synpunkter|Yttrande|Remissvar"
# Prepositions that open a fronted adverbial ("I remissvaret …", "På sitt sammanträde …"): the
# verb follows it and the subject after the verb; no body's name begins with one of them.
FRONTED_PREPOSITIONS = r"I|På|Inom|Efter|Vid|Under|Genom|Utifrån|Enligt|Bland|Hos"
# A descriptor set before a body's name ("Bransch- och arbetsgivarorganisationen Svensk Handel",
# "Föreningen Svenskt Näringsliv"): an apposition, not part of the name when the rest is a body
# known by that name.
APPOSITIVE_DESCRIPTOR = (
    r"(?:[A-ZÅÄÖ][a-zåäö]+-\s+och\s+[a-zåäö]*|[A-ZÅÄÖ][a-zåäö]*)organisationen|Föreningen"
)
# A definite noun alone refers back to the sender ("Myndigheten anser"): not its name.
ANAPHORS = frozenset(
    (
        "myndigheten verket kommunen staden regionen fakulteten universitetet högskolan "
        "nämnden styrelsen förvaltningen domstolen rätten inspektionen hovrätten tingsrätten "
        "kammarrätten förvaltningsrätten "
        "ombudsmannen kollegiet institutet rådet utskottet förbundet föreningen samfundet "
        "organisationen kontoret enheten avdelningen institutionen centrum landstinget "
        "utredningen kommittén delegationen regeringen departementet förslaget betänkandet "
        "promemorian kommunstyrelsen regionstyrelsen sammanfattningsvis affärsverket "
        "förvaltningsmyndigheten tillsynsmyndigheten ämbetet nätverket kassan "
        # a kind of body in the definite form, alone: a descriptor, never a name
        "branschorganisationen intresseorganisationen arbetsgivarorganisationen "
        "arbetstagarorganisationen medlemsorganisationen paraplyorganisationen "
        "huvudorganisationen centralorganisationen riksorganisationen fackförbundet "
        "riksförbundet fackföreningen branschföreningen intresseföreningen "
        "arbetsgivarförbundet "
        # plural: a group the text speaks of, not a sender ("Medlemmarnas synpunkter")
        "medlemmarna nämnderna förvaltningarna kommunerna regionerna myndigheterna parterna "
        "ledamöterna remissinstanserna"
    ).split()
)

# A position told of an earlier reply ("vårt tidigare remissvar där vi tillstyrker en
# nomineringskommitté"): that referral's, not this one's.
EARLIER_REPLY = (
    rf"\btidigare\s+{REPLY_NOUNS}\w*\s+(?:där|i\s+vilket|som)\s+"
    r"(?:vi|[a-zåäö]+(?:en|et|na)|[A-ZÅÄÖ][\w-]*)\s+$"
)

# Support for another body's reply ("stödjer innehållet i remissvaret från Näringslivets
# Transportråd", "ställer sig bakom SKR:s yttrande"): its positions are not in this text.
ANOTHER_REPLY = (
    r"[^.;]{0,60}?(?:(?:remissvaret|yttrandet|remissyttrandet|svaret)\s+från\s+[A-ZÅÄÖ]"
    r"|[A-ZÅÄÖ][\w-]*(?::s|s)\s+(?:remissvar|yttrande|remissyttrande)\b"
    # "de synpunkter som framförs i Säkerhets- och försvarsföretagen (SOFF) remissvar"
    r"|\b(?:framförs|framförts|lämnas|anförs)\s+i\s+[^.;]{0,80}?\b(?:remissvar|yttrande)"
    # a member's special statement annexed to the report ("det särskilda yttrande som bifogas")
    r"|\bdet\s+särskilda\s+yttrande)"
)
# The sender's own alternative after a phrase of support, not what is referred ("tillstyrker
# sitt eget alternativ").
OWN_ALTERNATIVE = (
    r"\s+(?:\w+\s+)?(?:sitt|vårt|deras)\s+(?:eget\s+|egna\s+)?(?:alternativ|alternativa\s+"
    r"förslag|motförslag)\b"
)
