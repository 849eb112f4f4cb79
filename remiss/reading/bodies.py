"""A gazetteer of Swedish bodies that answer referrals: municipalities, regions, county
administrative boards, state agencies, courts, universities and the organisations of the
government's referral lists (data/bodies.txt). Pure Python.

The reader uses it to recognise a sender named once, or only by a short form, where a name it
does not know would need more evidence."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data") / "bodies.txt"


def _norm(name: str) -> str:
    return re.sub(r"\s+", " ", written_form(name)).strip().casefold()


@cache
def _entries() -> dict[str, str]:
    """Every name and short form, normalised, to the body's first (full) name."""
    names: dict[str, str] = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        forms = [form.strip() for form in line.split("|")]
        for form in forms:
            names.setdefault(_norm(form), forms[0])
    return names


# Bodies the application's register knows besides the gazetteer, while one reply is read
# (also_known): a context variable, so that readings in other threads are not touched.
_REGISTER: ContextVar[frozenset[str]] = ContextVar("register_bodies", default=frozenset())


@contextmanager
def also_known(names: Iterable[str]) -> Iterator[None]:
    """Within the block, the register's bodies count as known like the gazetteer's."""
    token = _REGISTER.set(frozenset(n.strip() for n in names if n and len(n.strip()) > 2))
    try:
        yield
    finally:
        _REGISTER.reset(token)


@lru_cache(maxsize=4)
def _register_index(names: frozenset[str]) -> dict[str, str]:
    return {_norm(name): name for name in names}


@lru_cache(maxsize=4)
def _register_pattern(names: frozenset[str]) -> re.Pattern[str] | None:
    full = sorted((n for n in names if len(n) > 4 and not _entries().get(_norm(n))), key=len)
    if not full:
        return None
    alternatives = "|".join(map(re.escape, reversed(full)))
    return re.compile(r"(?<![\wåäöÅÄÖ])(?:" + alternatives + r")(?![\wåäö])")


def known(name: str) -> str | None:
    """The body's full name if `name` is one of its names or short forms — in the gazetteer,
    or in the application's register while also_known is in force."""
    found = _entries().get(_norm(name))
    register = _REGISTER.get()
    if found is None and register:
        found = _register_index(register).get(_norm(name))
    return found


@cache
def _by_genitive_head() -> dict[str, str]:
    """Names that end in a place's genitive and "län", "kommun" or "stad" ("Länsstyrelsen i
    Norrbottens län"), by the words before it; words that begin two bodies' names are left
    out."""
    heads: dict[str, str | None] = {}
    for form, full in _entries().items():
        head, _, last = form.rpartition(" ")
        if head.endswith("s") and last in ("län", "kommun", "stad"):
            heads[head] = full if heads.get(head, full) == full else None
    return {head: full for head, full in heads.items() if full is not None}


def completed(name: str) -> str:
    """A name that ends in a genitive with its noun left out ("Länsstyrelsen i Norrbottens är
    positiva …"), completed when one known body's name goes on from it; otherwise unchanged."""
    if known(name) is not None or not name.endswith("s"):
        return name
    return _by_genitive_head().get(_norm(name), name)


@cache
def _sections() -> dict[str, str]:
    """Each body's full name to the gazetteer's section it stands in ("kommuner",
    "regioner", "länsstyrelser", "statliga myndigheter och domstolar", …)."""
    section = ""
    found: dict[str, str] = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("## "):
            section = line[3:].strip()
        elif line and not line.startswith("#"):
            found.setdefault(line.split("|")[0].strip(), section)
    return found


def gazetteer_entry(name: str) -> tuple[str, str] | None:
    """The body's full name and its section in the gazetteer, if it is there by any of its
    names ("PTS" → ("Post- och telestyrelsen", "statliga myndigheter och domstolar"))."""
    full = _entries().get(_norm(name))
    if full is None:
        return None
    return full, _sections().get(full, "")


# The hyphen of a shared ending, however a letter spaces it ("Havs-och", "Havs-  och").
_SHARED_ENDING = re.compile(r"(?<=\w)-\s*(och|eller)\s+")


def written_form(name: str) -> str:
    """The hyphen of a shared ending written as Swedish writes it ("Havs-och
    vattenmyndigheten" → "Havs- och vattenmyndigheten")."""
    return _SHARED_ENDING.sub(r"- \1 ", name)


@cache
def _full_names() -> re.Pattern[str]:
    full = sorted({name for name in _entries().values() if len(name) > 4}, key=len, reverse=True)
    return re.compile(r"(?<![\wåäöÅÄÖ])(?:" + "|".join(map(_as_written, full)) + r")(?![\wåäö])")


_KIND_TAIL = re.compile(r"(.+) (kommun|stad|region|län)$")


def _as_written(name: str) -> str:
    """A name as a pattern; a municipality's own capital letter on its kind is allowed ("Borås
    Stad", "Göteborgs Stad" in their letterheads)."""
    tail = _KIND_TAIL.fullmatch(name)
    if not tail:
        return re.escape(name)
    return f"{re.escape(tail[1])} (?i:{tail[2]})"


def full_names_in(text: str) -> list[tuple[str, int]]:
    """The known bodies written out in full in `text`, with where they stand."""
    found = [(match[0], match.start()) for match in _full_names().finditer(text)]
    register = _REGISTER.get()
    pattern = _register_pattern(register) if register else None
    if pattern is not None:
        found += [(match[0], match.start()) for match in pattern.finditer(text)]
        found.sort(key=lambda item: item[1])
    return found


@cache
def _towns() -> dict[str, str]:
    """A municipality's town ("Ludvika") to its body ("Ludvika kommun")."""
    towns: dict[str, str] = {}
    for name in set(_entries().values()):
        match = re.fullmatch(r"(.+?)s?\s+(?:kommun|stad)", name)
        if match:
            towns[match[1]] = name
            towns[name.rsplit(" ", 1)[0]] = name
    return towns


def towns_in(text: str) -> list[tuple[str, str]]:
    """Municipalities named only by their town, in order: [(town, body)]."""
    found = []
    for word in re.finditer(r"[A-ZÅÄÖ][\wåäö-]+(?:\s[A-ZÅÄÖ][\wåäö-]+)?", text):
        # "Upplands Väsby" as two words, or "Ludvika" in "Ludvika Dag och tid".
        for name in (word[0], word[0].split()[0]):
            body = _towns().get(name)
            if body:
                found.append((name, body))
                break
    return found


def _squash(name: str) -> str:
    """A name as a web address writes it: lower case, å/ä → a, ö → o, no spaces or signs
    ("Naturvårdsverket" → "naturvardsverket", "Svensk Handel" → "svenskhandel")."""
    plain = name.casefold().translate(str.maketrans("åäöéü", "aaoeu"))
    return re.sub(r"[^a-z0-9]", "", plain)


@cache
def _by_name_label() -> dict[str, str]:
    """A body's names and short forms squashed ("sveahovratt" → Svea hovrätt)."""
    labels: dict[str, str] = {}
    for form, body in _entries().items():
        labels.setdefault(_squash(form), body)
    return labels


@cache
def _by_domain_label() -> dict[str, str]:
    """A web address's name part to the body: its names and short forms squashed, and a
    municipality's town ("jonkoping" → Jönköpings kommun)."""
    labels = dict(_by_name_label())
    for town, body in _towns().items():
        labels.setdefault(_squash(town), body)
    return labels


_ADDRESS = re.compile(
    r"(?:(?P<mailbox>[a-z0-9.-]+)?@|\bwww\.|https?://(?:www\.)?)(?:[a-z0-9-]+\.)*?"
    r"(?P<label>[a-z0-9-]+)\.se\b(?:/(?P<path>[a-z0-9-]+))?",
    re.IGNORECASE,
)


def named_by_address(text: str) -> list[str]:
    """The known bodies whose web address or e-mail domain the text gives
    ("registrator@naturvardsverket.se", "www.svenskhandel.se"), in order. Where bodies share
    a domain, the body is in the mailbox or the path ("svea.hovratt@dom.se",
    "www.domstol.se/svea-hovratt")."""
    found = []
    for match in _ADDRESS.finditer(text):
        body = _by_domain_label().get(match["label"].casefold().replace("-", ""))
        # a mailbox or path names a body by its name, never by a town ("stockholm@…")
        for part in (match["mailbox"], match["path"]):
            if part and not body:
                body = _by_name_label().get(re.sub(r"[.-]", "", part.casefold()))
        if body:
            found.append(body)
    return found


@cache
def _forms() -> dict[str, tuple[str, ...]]:
    """A body's full name to every name and short form the gazetteer gives it."""
    forms: dict[str, list[str]] = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            names = [form.strip() for form in line.split("|")]
            forms.setdefault(names[0], []).extend(names[1:])
    return {name: tuple(dict.fromkeys(others)) for name, others in forms.items()}


def other_names(name: str) -> tuple[str, ...]:
    """The other names and short forms of the body `name` is one of the names of ("Post- och
    telestyrelsen" → ("PTS",)); () for a body the gazetteer does not know."""
    body = known(name)
    if body is None:
        return ()
    return tuple(form for form in (body, *_forms().get(body, ())) if _norm(form) != _norm(name))
