"""Swedish text for search, in plain Python (no Django): the words of a text as the index keeps
them, a person's query as terms, and the snippet that shows why a text was found.

Both backends index the same terms (docs/search.md): each word lower-cased, its Swedish Snowball
stem (the algorithm of PostgreSQL's `swedish` configuration), å, ä and ö kept distinct; numbers as
they are, so that "KS 2020/13" is the terms ks, 2020, 13 in a row and a reference is a phrase.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import Stemmer  # PyStemmer: the Snowball stemmers in C

# Letters and digits; "_" and every other character separate words (as FTS5's unicode61 does).
_WORD = re.compile(r"[^\W_]+")
# Words too common to find anything by; left out of the index and the query alike, so that a
# phrase around them still matches ("tillit och kontroll").
STOP_WORDS = frozenset(
    "och i att det som en på är av för med till den har de om ett vi var så men eller från även "
    "the and of".split()
)
MAX_WORD = 60  # longer "words" are noise (a hash, a run of letters) and are not indexed
MAX_QUERY = 500  # characters of a query that are read; the rest is ignored
MAX_TERMS = 12  # terms of a query that are searched for
MIN_COMPOUND = 4  # a word of at least this many letters also finds compounds ending in it

_stemmer = Stemmer.Stemmer("swedish")


def normalise(text: str) -> str:
    """NFC, so that an "ä" written as "a" and a combining dot is the same letter."""
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=65536)
def term(word: str) -> str:
    """The index term of one word (already lower-cased): its stem; a word with a digit as it is."""
    if any(ch.isdigit() for ch in word):
        return word
    return str(_stemmer.stemWord(word))


def words(text: str) -> list[tuple[int, int, str]]:
    """The words of a text with their positions: (start, end, lower-cased word)."""
    return [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]


def index_terms(text: str) -> list[str]:
    """The terms the index keeps for a text, in order."""
    return [
        term(word)
        for _s, _e, word in words(normalise(text))
        if len(word) <= MAX_WORD and word not in STOP_WORDS
    ]


def facet_term(name: str, value: object) -> str:
    """A term that marks an entry's kind, year, organisation or stance in the index itself, so
    that a filtered search is one more term for the engine to intersect, not a check of every
    match's row. Starts with a digit and holds letters: no Swedish word looks like it."""
    return "0" + name + "".join(ch for ch in str(value).lower() if ch.isalnum())


@dataclass(frozen=True)
class Term:
    """One thing a query asks for: a word, or a phrase (several terms in a row); `prefix`: its
    last term may be the start of a longer one."""

    terms: tuple[str, ...]
    prefix: bool = False
    raw: str = ""

    @property
    def is_word(self) -> bool:
        return len(self.terms) == 1 and not self.prefix


@dataclass
class Query:
    """Every group must match (AND); a group matches when one of its terms does (OR); no
    excluded term may match."""

    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.groups

    def terms(self) -> list[Term]:
        return [t for group in self.groups for t in group]


# A reference's number: digits with "/" or ":" ("2020/132", "2019:43", "Fi2019/03090/SF").
_REFERENCE = re.compile(r"^\w*\d\w*[/:]|[/:]\w*\d")
# The short name that stands before a reference's number ("KS 2020/13", "SOU 2019:43", "Dir.").
_REFERENCE_HEAD = re.compile(r"^[A-Za-zÅÄÖåäö]{1,5}\.?$")
_ITEM = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def parse(text: str) -> Query:
    """A person's query as terms: words AND by default, "a phrase" in quotes, OR between two
    items, -word or -"phrase" left out, word* as a prefix; a reference ("KS 2020/13", "SOU
    2019:4", "Fi2019/") is a phrase whose last part is a prefix. Never fails: what cannot be
    read is ignored (an unbalanced quote closes at the end)."""
    text = normalise(text[:MAX_QUERY])
    items: list[tuple[bool, Term]] = []  # (excluded, term)
    or_next = False
    query = Query()
    raw_items = list(_ITEM.finditer(text))
    skip = False
    for index, match in enumerate(raw_items):
        if skip:
            skip = False
            continue
        minus, quoted, bare = match.group(1), match.group(2), match.group(3)
        if bare == "OR" or bare == "ELLER":
            or_next = bool(query.groups)
            continue
        excluded = False
        if quoted is not None:
            found = _phrase(quoted, prefix=False)
            excluded = bool(minus)
        else:
            if bare.startswith("-") and len(bare) > 1:
                excluded, bare = True, bare[1:]
            following = raw_items[index + 1].group(3) if index + 1 < len(raw_items) else None
            if (
                following
                and _REFERENCE_HEAD.match(bare)
                and _REFERENCE.search(following)
                and not excluded
            ):
                found = _phrase(f"{bare} {following}", prefix=True)
                skip = True
            elif _REFERENCE.search(bare):
                found = _phrase(bare, prefix=True)
            else:
                found = _phrase(bare.rstrip("*"), prefix=bare.endswith("*"))
        if found is None:
            continue
        if excluded:
            query.excluded.append(found)
        elif or_next and query.groups:
            query.groups[-1].append(found)
        else:
            query.groups.append([found])
        or_next = False
        items.append((excluded, found))
        if len(items) >= MAX_TERMS:
            break
    return query


def _phrase(text: str, *, prefix: bool) -> Term | None:
    found = [w for _s, _e, w in words(text) if len(w) <= MAX_WORD and w not in STOP_WORDS]
    if not found:
        return None
    # A prefix is matched on the word as written, not its stem ("tillitsb*").
    terms = (*tuple(term(w) for w in found[:-1]), found[-1] if prefix else term(found[-1]))
    return Term(terms=terms, prefix=prefix, raw=text.strip())


@dataclass(frozen=True)
class Snippet:
    """A piece of a text around what was found: (text, found?) parts, ready to be marked."""

    parts: tuple[tuple[str, bool], ...]

    @property
    def text(self) -> str:
        return "".join(part for part, _ in self.parts)


def matcher(query: Query, compounds: Iterable[str] = ()) -> MatchTerms:
    """What marks a word as found in a snippet: the query's terms, prefixes and compounds."""
    whole: set[str] = set(compounds)
    prefixes: set[str] = set()
    for t in query.terms():
        whole.update(t.terms[:-1])
        (prefixes if t.prefix else whole).add(t.terms[-1])
    return MatchTerms(frozenset(whole), tuple(sorted(prefixes)))


@dataclass(frozen=True)
class MatchTerms:
    whole: frozenset[str]
    prefixes: tuple[str, ...]

    def matches(self, word: str) -> bool:
        lowered = word.lower()
        if term(lowered) in self.whole:
            return True
        return any(lowered.startswith(p) for p in self.prefixes)

    @property
    def candidates(self) -> re.Pattern[str] | None:
        """The words that may match, found by one scan: a Snowball stem is the start of its
        word (only endings are taken off), so every match begins with a term or a prefix."""
        starts = sorted(self.whole | set(self.prefixes), key=len, reverse=True)
        if not starts:
            return None
        alternatives = "|".join(re.escape(s) for s in starts)
        return re.compile(rf"(?<![^\W_])(?:{alternatives})[^\W_]*", re.IGNORECASE)


def snippet(text: str, match: MatchTerms, *, length: int = 240) -> Snippet:
    """The part of `text` (about `length` characters) with the most found words, starting at a
    word; the found words marked. Without a found word, the text's beginning."""
    text = normalise(text)
    pattern = match.candidates
    found = (
        [(m.start(), m.end()) for m in pattern.finditer(text) if match.matches(m.group())]
        if pattern
        else []
    )
    if not found:
        return Snippet(((_shorten(text, length), False),))
    # The window that holds the most found words, starting a little before the first of them.
    best_start, best_count = found[0][0], 0
    for i, (start, _end) in enumerate(found):
        count = sum(1 for s, _e in found[i:] if s < start + length - 40)
        if count > best_count:
            best_start, best_count = start, count
    begin = max(0, best_start - 60)
    space = text.rfind(" ", 0, begin + 1) if begin else -1
    begin = space + 1 if begin and space >= 0 else begin
    end = min(len(text), begin + length)
    parts: list[tuple[str, bool]] = []
    if begin:
        parts.append(("…", False))
    cursor = begin
    for s, e in found:
        if s < begin or e > end:
            continue
        if s > cursor:
            parts.append((_flat(text[cursor:s]), False))
        parts.append((text[s:e], True))
        cursor = e
    if cursor < end:
        parts.append((_flat(text[cursor:end]), False))
    if end < len(text):
        parts.append(("…", False))
    return Snippet(tuple(parts))


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _shorten(text: str, length: int) -> str:
    flat = _flat(text).strip()
    return flat if len(flat) <= length else flat[:length].rsplit(" ", 1)[0] + " …"


def fts5_match(
    query: Query, compounds: Mapping[Term, Sequence[str]], required: Sequence[str] = ()
) -> str:
    """The query as an SQLite FTS5 expression. Every term is quoted (terms are letters and
    digits only), so nothing a person types is FTS5 syntax."""

    def one(t: Term) -> str:
        return f'"{" ".join(t.terms)}"' + ("*" if t.prefix else "")

    def alternatives(t: Term) -> list[str]:
        return [one(t), *(f'"{c}"' for c in compounds.get(t, ()))]

    groups = [
        "(" + " OR ".join(a for t in group for a in alternatives(t)) + ")" for group in query.groups
    ]
    expression = " AND ".join([*groups, *(f'"{r}"' for r in required)])
    for t in query.excluded:
        expression += f" NOT {one(t)}"
    return expression


def tsquery(
    query: Query, compounds: Mapping[Term, Sequence[str]], required: Sequence[str] = ()
) -> str:
    """The query as a PostgreSQL tsquery (for to_tsquery('simple', …)); terms are letters and
    digits only, so nothing a person types is tsquery syntax."""

    def one(t: Term) -> str:
        last = t.terms[-1] + (":*" if t.prefix else "")
        return " <-> ".join([*t.terms[:-1], last]) if len(t.terms) > 1 else last

    def alternatives(t: Term) -> list[str]:
        return [f"({one(t)})", *compounds.get(t, ())]

    groups = [
        "(" + " | ".join(a for t in group for a in alternatives(t)) + ")" for group in query.groups
    ]
    expression = " & ".join([*groups, *required])
    for t in query.excluded:
        expression += f" & !({one(t)})"
    return expression
