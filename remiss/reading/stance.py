"""The respondent's stance, overall and on each proposal, with the sentences that show it.
Pure Python. A wrong stance is worse than none: when the text does not show one, "unclear".

Swedish replies are formulaic. The reader looks for the respondent's own verbs of position
(tillstyrker, avstyrker, ställer sig bakom, delar bedömningen, har ingen erinran, avstår …),
handles negation ("kan inte tillstyrka"), scope ("avstyrker förslaget i avsnitt 5.2 men
tillstyrker i övrigt"), conditions ("under förutsättning att"), and ignores summaries of the
report ("Utredningen föreslår att …"), which are not positions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import Stemmer  # PyStemmer: the Snowball stemmers in C

from remiss.reading import lexicon
from remiss.reading.clean import Sentence
from remiss.reading.schema import ProposalReading, Stance

SUPPORTS, OPPOSES, MIXED = Stance.SUPPORTS, Stance.OPPOSES, Stance.MIXED
NO_OBJECTION, ABSTAINS, UNCLEAR = Stance.NO_OBJECTION, Stance.ABSTAINS, Stance.UNCLEAR


def _alternation(phrases: Sequence[lexicon.Phrase]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(p.pattern for p in phrases) + r")", re.IGNORECASE)


# The phrases of position (remiss.reading.lexicon), one pattern per stance, in the lexicon's
# order of stances.
_COMPILED = {stance: _alternation(phrases) for stance, phrases in lexicon.STANCE_PHRASES.items()}
_NEGATION_AFTER = re.compile(lexicon.NEGATION_AFTER, re.IGNORECASE)
_NEGATION_INSIDE = re.compile(lexicon.NEGATION_INSIDE, re.IGNORECASE)
_NEGATION_BEFORE = re.compile(lexicon.NEGATION_BEFORE, re.IGNORECASE)
_REPORT_SUBJECT = re.compile(lexicon.REPORT_SUBJECTS, re.IGNORECASE)
_REPORT_VERBS = re.compile(lexicon.REPORT_VERBS, re.IGNORECASE)
_SUMMING_UP = re.compile(lexicon.SUMMING_UP, re.IGNORECASE)
_INITIATIVE = re.compile(lexicon.WELCOMES_REVIEW, re.IGNORECASE)
# A welcome of the report, possibly beside agreeing with its picture of today in one clause.
_REPORT_WELCOMED = re.compile(f"{lexicon.WELCOMES_REPORT}|{lexicon.WELCOMES_REVIEW}", re.IGNORECASE)
_ANOTHER_REPLY = re.compile(lexicon.ANOTHER_REPLY)
_OWN_ALTERNATIVE = re.compile(lexicon.OWN_ALTERNATIVE, re.IGNORECASE)
_PRESENT_STATE = re.compile(lexicon.PRESENT_STATE, re.IGNORECASE)
_PARTIAL_OBJECT = re.compile(lexicon.PARTIAL_OBJECT, re.IGNORECASE)
_PARTIAL_NO_OBJECTION = re.compile(lexicon.PARTIAL_NO_OBJECTION, re.IGNORECASE)
_QUESTION_BEFORE = re.compile(lexicon.QUESTION_BEFORE, re.IGNORECASE)
_DOUBT = re.compile(lexicon.DOUBT, re.IGNORECASE)
_EARLIER_REPLY = re.compile(lexicon.EARLIER_REPLY, re.IGNORECASE)
_WHOLE = re.compile(lexicon.WHOLE_REPLY, re.IGNORECASE)
_COURTESY = re.compile(lexicon.COURTESY, re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    stance: Stance
    sentence: Sentence
    summing_up: bool
    # The clause the stance stands in, when the sentence holds more than one position
    # ("positiv till huvuddragen men avstyrker förslaget om X"): what it is linked by.
    scope: str | None = None


_LOOKBACK = 300  # characters before a phrase that can qualify it (negation, subject, question)


def classify(text: str) -> list[Stance]:
    """The stances a sentence expresses, in the order they appear (scope: "men … i övrigt")."""
    if _REPORT_SUBJECT.match(text) and _REPORT_VERBS.search(text[:80]):
        return []
    hits: list[tuple[int, Stance]] = []
    taken = bytearray(len(text))  # the characters of phrases already read
    for stance, pattern in _COMPILED.items():
        for match in pattern.finditer(text):
            if taken[match.start()]:
                continue
            found = stance
            # What stands just before the phrase, in its clause: a window, so that a long run
            # of text without a full stop costs time in proportion to its length.
            before = text[max(0, match.start() - _LOOKBACK) : match.start()]
            if stance == ABSTAINS and _OTHERS.search(before):
                continue  # "Micasa, S:t Erik och Fortum har valt att inte svara": others
            if _EARLIER_REPLY.search(before[-80:]):
                continue  # "vårt tidigare remissvar där vi tillstyrker …": another referral's
            if stance == ABSTAINS and _PARTIAL_OBJECT.match(text, match.end()):
                continue  # declines to comment on some chapters or questions, not the reply
            if stance == NO_OBJECTION and _PARTIAL_NO_OBJECTION.match(text, match.end()):
                continue  # nothing to say on one part, not on the proposals
            if _asked(before):
                continue  # "SGI frågar om myndigheterna kan ställa sig bakom …": a question
            if stance == SUPPORTS and _ANOTHER_REPLY.match(text, match.end()):
                continue  # support for another body's reply, whose positions are not here
            if stance == OPPOSES and "brist" in match[0] and _PRESENT_STATE.search(before[-120:]):
                continue  # "redan i dag finns allvarliga brister i …": the present state
            if stance == SUPPORTS and _OWN_ALTERNATIVE.match(text, match.end()):
                continue  # support for the sender's own alternative, not for what is referred
            if stance == SUPPORTS and _COURTESY.match(text, match.start()):
                continue  # "välkomnar möjligheten att lämna synpunkter": courtesy
            if stance == SUPPORTS and (
                _NEGATION_BEFORE.search(before)
                or _NEGATION_INSIDE.search(match[0])
                or _NEGATION_AFTER.match(text, match.end())
            ):
                found = OPPOSES  # "kan inte tillstyrka", "är inte positiv", "tillstyrker inte"
            hits.append((match.start(), found))
            taken[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
    return [stance for _pos, stance in sorted(hits)]


# Several bodies named together as the subject: a report on others, not the sender's position.
_OTHERS = re.compile(r"[A-ZÅÄÖ][^,]*,\s+[A-ZÅÄÖ][^,]*?\s+(?:och|samt)\s+[A-ZÅÄÖ]")


_LIST_ITEM = re.compile(r"^\s*(?:[-–•*▪]|\d+[.)]|[a-z][.)])\s+")


def findings(sentences: Sequence[Sentence]) -> list[Finding]:
    """Stance-bearing sentences. A lead-in that ends with a colon ("Länsstyrelsen
    tillstyrker:") gives its stance to the list items that follow it."""
    out: list[Finding] = []
    lead: Stance | None = None
    # A lead-in with no list after it (a quotation follows, "… avstår från att ta ställning
    # till lagförslagen: »Det saknas …«") says its position itself.
    unfollowed: Sentence | None = None
    for sentence in sentences:
        stances = list(dict.fromkeys(classify(sentence.text)))
        is_item = bool(_LIST_ITEM.match(sentence.text))
        if unfollowed is not None and not is_item:
            out.extend(_own_findings(unfollowed, list(dict.fromkeys(classify(unfollowed.text)))))
        unfollowed = None
        if lead and is_item and not stances:
            item = Sentence(_LIST_ITEM.sub("", sentence.text), sentence.page, sentence.paragraph)
            out.append(Finding(lead, item, False))
            continue
        if not is_item:
            lead = stances[-1] if stances and sentence.text.rstrip().endswith(":") else None
            if lead:
                unfollowed = sentence
                continue
        out.extend(_own_findings(sentence, stances))
    if unfollowed is not None:
        out.extend(_own_findings(unfollowed, list(dict.fromkeys(classify(unfollowed.text)))))
    return out


def _own_findings(sentence: Sentence, stances: list[Stance]) -> list[Finding]:
    """The findings of a sentence that stands on its own, by clause when it holds several."""
    if len(stances) > 1:
        return _by_clause(sentence)
    summing = bool(_SUMMING_UP.search(sentence.text))
    return [Finding(stance, sentence, summing) for stance in stances]


# Where one position ends and another begins within a sentence.
_CLAUSE_BREAK = re.compile(lexicon.CLAUSE_BREAK, re.IGNORECASE)


def _by_clause(sentence: Sentence) -> list[Finding]:
    """A sentence with several positions, each with the clause it stands in."""
    out = []
    clauses = [c for c in _CLAUSE_BREAK.split(sentence.text) if c and c.strip()]
    for clause in clauses:
        for stance in dict.fromkeys(classify(clause)):
            summing = bool(_SUMMING_UP.search(clause))
            out.append(Finding(stance, sentence, summing, scope=clause))
    if not out:  # the positions need the whole sentence to be seen
        summing = bool(_SUMMING_UP.search(sentence.text))
        out = [Finding(st, sentence, summing) for st in dict.fromkeys(classify(sentence.text))]
    return out


def overall(found: Sequence[Finding]) -> tuple[Stance, list[Finding]]:
    """The reply's overall stance and the findings that show it."""
    # Welcoming that the question is looked into is not a position on what is proposed.
    found = [f for f in found if not _welcomes_only(f)]
    if not found:
        return UNCLEAR, []
    kinds = {f.stance for f in found}
    if kinds == {ABSTAINS}:
        return ABSTAINS, [f for f in found if f.stance == ABSTAINS]
    if kinds <= {NO_OBJECTION, ABSTAINS}:
        return NO_OBJECTION, [f for f in found if f.stance == NO_OBJECTION]
    summing = [
        f for f in found if _WHOLE.search(f.sentence.text) and f.stance in (SUPPORTS, OPPOSES)
    ]
    if summing and len({f.stance for f in summing}) == 1:
        return summing[0].stance, summing
    positive = [f for f in found if f.stance == SUPPORTS]
    negative = [f for f in found if f.stance == OPPOSES]
    if positive and negative and all(_only_in(f, _REPORT_WELCOMED) for f in positive):
        # "välkomnar betänkandet … Samtidigt menar vi att lösningen inte ligger i …": the
        # rejection decides; a doubt beside a welcome is no position on the proposals
        rejections = [f for f in negative if not _doubt_only(f)]
        return (OPPOSES, rejections) if rejections else (UNCLEAR, [])
    if positive and negative:
        return MIXED, [positive[0], negative[0]]
    if positive:
        return SUPPORTS, positive
    if negative:
        # a doubt or criticism with no rejection beside it is no position (labelling guide)
        rejections = [f for f in negative if not _doubt_only(f)]
        return (OPPOSES, rejections) if rejections else (UNCLEAR, [])
    return NO_OBJECTION, [f for f in found if f.stance == NO_OBJECTION]


def _asked(before: str) -> bool:
    """The phrase stands in a question someone asks, in the same clause: "frågar om X kan
    ställa sig bakom", not "frågar sig om X är lagligt och avstyrker det"."""
    questions = list(_QUESTION_BEFORE.finditer(before))
    return bool(questions) and not re.search(r",|;|\boch\b", before[questions[-1].end() :])


def _only_in(finding: Finding, pattern: re.Pattern[str]) -> bool:
    """The finding's stance stands only inside what `pattern` matches in its clause: taken out,
    the clause no longer says it."""
    text = finding.scope or finding.sentence.text
    return pattern.search(text) is not None and finding.stance not in classify(
        pattern.sub(" ", text)
    )


def _doubt_only(finding: Finding) -> bool:
    """An opposing finding whose only opposition is a doubt ("är tveksam till")."""
    return finding.stance == OPPOSES and _only_in(finding, _DOUBT)


def _welcomes_only(finding: Finding) -> bool:
    """The finding stands only in welcoming a review or agreeing with a discussion ("välkomnar
    översynen"), not also in a position beside it ("… och tillstyrker förslagen")."""
    return _only_in(finding, _INITIATIVE)


_stemmer = Stemmer.Stemmer("swedish")
_STOP = frozenset(
    (
        "och i att det som en på är av för med till den har de inte om ett vi kan var så men "
        "ska eller från även förslag förslaget förslagen utredningen utredningens sou ds prop "
        "lag lagen kap kapitel avsnitt punkt"
    ).split()
)


@lru_cache(maxsize=4096)
def _stems(text: str) -> frozenset[str]:
    """Content words' stems; the same sentences and titles are compared many times."""
    words = [w for w in re.findall(r"[a-zåäöé]+", text.lower()) if len(w) > 2 and w not in _STOP]
    return frozenset(_stemmer.stemWords(words))


@dataclass(frozen=True)
class ProposalRef:
    id: str
    title: str
    text: str = ""


_NUMBER = r"\d+(?:\.\d+)*"
# "avsnitt 5.2", "kapitel 5 och 6", "förslag 1, 3 och 4", "avsnitten 4.2–4.3"
_NUMBERED = re.compile(
    rf"\b(?:avsnitt(?:en)?|förslag(?:en)?|kapitel|kapitlen|punkt(?:erna)?|kap\.)\s+"
    rf"((?:{_NUMBER})(?:\s*(?:,|och|samt|–|-)\s*(?:{_NUMBER}))*)",
    re.IGNORECASE,
)


# A provision of a statute: "43 kap. 24 §", "1 §", "2 a §" — in a proposal's title ("Ändring av
# 1 § lagen om …") and in the sentence on it ("avstyrker förslaget om ändring av 1 § LI").
_PROVISION = re.compile(r"(?:\b(\d+)\s*kap\.?\s*)?\b(\d+(?:\s?[a-z])?)\s*§", re.I)


def _provisions(text: str) -> set[str]:
    return {
        f"§{chapter or ''}:{section.replace(' ', '').lower()}"
        for chapter, section in _PROVISION.findall(text)
    }


def _number_mentions(text: str) -> set[str]:
    numbered = {n for match in _NUMBERED.finditer(text) for n in re.findall(_NUMBER, match[1])}
    return numbered | _provisions(text)


@lru_cache(maxsize=1024)
def _own_numbers(proposal: ProposalRef) -> frozenset[str]:
    """The numbers a proposal goes by: its id, and a section number its title opens with or
    names ("Kapitel 7 Prövningsmyndighet", "5.2 Ny lag", "Avsnitt 4.3")."""
    numbers = {proposal.id, proposal.id.lstrip("0"), proposal.id.rstrip(".")}
    opening = re.match(
        rf"\s*(?:avsnitt|kapitel|kap\.|förslag|punkt)?\s*({_NUMBER})\b", proposal.title, re.I
    )
    if opening:
        numbers.add(opening[1])
    return frozenset(numbers | _provisions(proposal.title))


@lru_cache(maxsize=1024)
def _title_stems(proposal: ProposalRef) -> frozenset[str]:
    title = re.sub(r"\([^)]*\)", " ", proposal.title)  # a bracketed gloss is not the name
    return _stems(title) or _stems(proposal.text)


def _same_word(a: str, b: str) -> bool:
    """Stems of one word in different forms: the stemmer leaves "strandskyddet" and
    "strandskydd", "upphävt" and "upphäva" apart."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and long.startswith(short) and len(long) - len(short) <= 3


def _compound_of(word: str, words: frozenset[str]) -> bool:
    """A Swedish compound in the title written apart in the sentence: "detaljnivå" for "en
    mer detaljerad nivå", "strandskyddsregler" for "regler om strandskydd"."""
    if len(word) < 8:
        return False
    for tail in words:
        if len(tail) >= 4 and word.endswith(tail) and len(word) - len(tail) >= 4:
            head = word[: -len(tail)].rstrip("s")
            if any(
                w != tail and (w.startswith(head) or head.startswith(w))
                for w in words
                if len(w) >= 4
            ):
                return True
        if len(tail) >= 4 and word.startswith(tail) and len(word) - len(tail) >= 4:
            rest = word[len(tail) :].lstrip("s")
            if any(w != tail and w.startswith(rest[:5]) for w in words if len(rest) >= 4):
                return True
    return False


@lru_cache(maxsize=65536)
def _word_score(title_word: str, words: frozenset[str]) -> float:
    """1 for the same stem in the sentence, 0.8 for another form or a compound's parts."""
    if title_word in words:
        return 1.0
    if any(_same_word(title_word, w) for w in words) or _compound_of(title_word, words):
        return 0.8
    return 0.0


def _by_words(text: str, proposals: Sequence[ProposalRef]) -> list[ProposalRef]:
    words = _stems(text)
    scored = []
    for proposal in proposals:
        title_words = _title_stems(proposal)
        if title_words:
            # A word in another form counts a little less than the same stem, so that of two
            # titles the one the sentence names more exactly wins.
            found = sum(_word_score(t, words) for t in title_words)
            scored.append((found / len(title_words), proposal))
    best = max((score for score, _p in scored), default=0.0)
    if best >= 0.5:
        return [proposal for score, proposal in scored if score == best]
    return []


# "förslaget om A och förslaget om B", "förslagen om A, B och C": the named things after it.
_NAMING = re.compile(r"\bförslag(?:et|en)?\s+(?:om|till|att|avseende|gällande|rörande)\s", re.I)
_CONJUNCTION = re.compile(r"\s*(?:,|;|\boch\b|\bsamt\b|\brespektive\b)\s*", re.I)
_NOT_A_NAME = re.compile(
    rf"^(?:{lexicon.CLAUSE_OPENERS}|{'|'.join(sorted(lexicon.ANAPHORS))})\b", re.I
)
MAX_NAME_WORDS = 8


def _by_conjuncts(text: str, proposals: Sequence[ProposalRef]) -> list[ProposalRef]:
    """The proposals a coordination of names after "förslaget om" names one by one: each
    conjunct read on its own, kept when one proposal is its best match. "Tillstyrker förslaget
    om en ny myndighet och förslaget om avgifter" names two proposals though the whole sentence
    matches the first far better than the second."""
    opening = _NAMING.search(text)
    if opening is None:
        return []
    named: list[ProposalRef] = []
    for part in _CONJUNCTION.split(text[opening.end() :].rstrip(".!? ")):
        part = _NAMING.sub(" ", part).strip()
        if not part or len(part.split()) > MAX_NAME_WORDS or _NOT_A_NAME.match(part):
            continue
        best = _by_words(part, proposals)
        if len(best) == 1 and best[0] not in named:
            named.append(best[0])
    return named


def link(
    finding: Finding,
    proposals: Sequence[ProposalRef],
    context: Sequence[Sentence] = (),
) -> list[ProposalRef]:
    """The proposals a stance-bearing sentence is about: by number or section, else by title
    words (Swedish stems; one sentence may name several), else the only proposal when the
    sentence speaks of "förslaget"."""
    text = finding.scope or finding.sentence.text
    mentioned = _number_mentions(text)
    by_number = [p for p in proposals if _own_numbers(p) & mentioned]
    if by_number:
        return by_number
    linked = _by_words(text, proposals)
    if linked:
        coordinated = _by_conjuncts(text, proposals)
        return [*linked, *(p for p in coordinated if p not in linked)]
    refers_back = re.search(r"\bförslag(?:et)?\b|\bdet\b", text, re.I) or len(text.split()) <= 8
    if refers_back and context:
        # "Staden tillstyrker förslaget.": the proposal the sentence just before speaks of, or
        # the one before that, or the heading above (nearest first).
        for previous in reversed(context):
            numbered = _HEADING_NUMBER.match(previous.text)
            if numbered:
                by_number = [p for p in proposals if numbered[1] in _own_numbers(p)]
                if by_number:
                    return by_number
            linked = _by_words(previous.text, proposals)
            if len(linked) == 1:
                return linked
            if linked:
                break
        else:
            # No one sentence names it; together they may ("stöd" … "statliga myndigheter").
            linked = _by_words(" ".join(s.text for s in context), proposals)
            if len(linked) == 1:
                return linked
    # The only proposal, when the sentence speaks of "förslaget"; a word on the report as a
    # whole ("betänkandet") counts only when nothing speaks to the proposal itself.
    if len(proposals) == 1 and re.search(r"\bförslaget\b", text, re.I):
        return [proposals[0]]
    return []


_HEADING_NUMBER = re.compile(r"^\s*(?:avsnitt\s+|kapitel\s+|förslag\s+)?(\d+(?:\.\d+)*)\.?\s", re.I)


def _is_heading(sentence: Sentence) -> bool:
    text = sentence.text.strip()
    return len(text.split()) <= 12 and not text.endswith((".", "!", "?"))


def _context(position: int, sentences: Sequence[Sentence]) -> list[Sentence]:
    """Up to three sentences before the one at `position` in the same paragraph, after the
    heading of its section when a short heading stands just above the paragraph."""
    if position < 0:
        return []
    paragraph = sentences[position].paragraph
    same = [s for s in sentences[max(0, position - 3) : position] if s.paragraph == paragraph]
    start = position
    while start > 0 and sentences[start - 1].paragraph == paragraph:
        start -= 1
    if start > 0 and _is_heading(sentences[start - 1]):
        return [sentences[start - 1], *same]
    return same


def per_proposal(
    found: Sequence[Finding],
    proposals: Sequence[ProposalRef],
    sentences: Sequence[Sentence] = (),
) -> list[ProposalReading]:
    """For each proposal its stance with evidence; "unclear" when nothing speaks to it.
    A general position ("i övrigt", "sammantaget") covers the proposals not named otherwise."""
    named: dict[str, list[Finding]] = {p.id: [] for p in proposals}
    general: list[Finding] = []
    # Positions looked up once: a long reply has thousands of sentences.
    positions = {id(sentence): index for index, sentence in enumerate(sentences)}
    for finding in found:
        context = _context(positions.get(id(finding.sentence), -1), sentences)
        targets = link(finding, proposals, context)
        for target in targets:
            named[target.id].append(finding)
        if not targets and (finding.summing_up or len(proposals) == 1):
            general.append(finding)
    result = []
    for proposal in proposals:
        evidence = named[proposal.id] or general
        # "Välkomnar att regeringen ser över X" counts only when nothing else speaks to X.
        evidence = [f for f in evidence if not _welcomes_only(f)] or evidence
        # "ställer sig skeptisk till X": a doubt about X, not that X should not be carried out
        evidence = [f for f in evidence if not _doubt_only(f)]
        kinds = {f.stance for f in evidence}
        if not evidence:
            stance = UNCLEAR
        elif len(kinds) == 1:
            stance = next(iter(kinds))
        elif kinds <= {SUPPORTS, OPPOSES}:
            stance = MIXED
        else:
            stance = overall(evidence)[0]
        first = next((f for f in evidence if f.stance == stance), evidence[0] if evidence else None)
        shown = first is not None and stance != UNCLEAR
        result.append(
            ProposalReading(
                proposal=proposal.id,
                stance=stance,
                evidence=first.sentence.text if first and shown else None,
                page=first.sentence.page if first and shown else None,
            )
        )
    return result
