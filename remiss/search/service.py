"""Searching: one function for the search page and the register (and the API to come), over either
backend (docs/search.md). What a user may find is decided by core.permissions.search_scope, in
the query itself, so that nothing they may not see is counted, ranked, faceted or shown."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from remiss.core import permissions
from remiss.referrals.models import IncomingReferral
from remiss.search.models import EntryKind, SearchEntry, SearchTerm
from remiss.search.text import (
    MAX_QUERY,
    MIN_COMPOUND,
    Query,
    Snippet,
    Term,
    facet_term,
    fts5_match,
    matcher,
    parse,
    snippet,
    tsquery,
)

# The newest matches a search ranks and counts: ranking every match of a frequent word is the
# slow tail of full text search (docs/search.md). Beyond it the count is shown as "more than".
CANDIDATES = 1000
PER_PAGE = 20
COMPOUNDS_PER_WORD = 20
# PostgreSQL estimates a phrase as if its words only had to stand in the same entry; on the real
# replies a phrase (or a reference) matches about a third to a tenth of that (docs/search.md).
PHRASE_OVERESTIMATE = 4


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    year: int | None = None
    organisation: int | None = None
    registry: int | None = None
    stance: str = ""
    body: int | None = None  # the body a reply is from, or that issued the referral
    deadline_from: dt.date | None = None
    deadline_to: dt.date | None = None

    def as_q(self) -> Q:
        q = Q()
        if self.kind:
            q &= Q(kind=self.kind)
        if self.year:
            q &= Q(year=self.year)
        if self.organisation:
            q &= Q(organisation_id=self.organisation)
        if self.registry:
            q &= Q(case__registry_id=self.registry)
        if self.stance:
            q &= Q(stance=self.stance)
        if self.body:
            q &= Q(body_id=self.body) | Q(body_id=None, case__referral__issuer_id=self.body)
        if self.deadline_from:
            q &= Q(case__deadline__gte=self.deadline_from)
        if self.deadline_to:
            q &= Q(case__deadline__lte=self.deadline_to)
        return q

    def terms(self) -> list[str]:
        """The filters the index holds as terms (remiss.search.index.entry_terms): the engine
        intersects them with the query's, instead of checking every match's row."""
        return [
            facet_term(name, value)
            for name, value in (
                ("k", self.kind),
                ("y", self.year),
                ("o", self.organisation),
                ("s", self.stance),
            )
            if value
        ]


@dataclass(frozen=True)
class Hit:
    entry: SearchEntry
    snippet: Snippet
    url: str

    @property
    def case_number(self) -> str:
        return self.entry.case.number

    @property
    def snippet_html(self) -> SafeString:
        """The snippet with the found words in <mark>, everything escaped."""
        return format_html_join(
            "",
            "{}",
            (
                (format_html("<mark>{}</mark>", part) if found else part,)
                for part, found in self.snippet.parts
            ),
        )


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    more: bool = False  # `total` is the number ranked; there are more matches than that
    page: int = 1
    pages: int = 0
    facets: dict[str, list[tuple[Any, int]]] = field(default_factory=dict)
    message: str = ""
    notes: list[str] = field(default_factory=list)


def compounds(query: Query) -> dict[Term, list[str]]:
    """For each plain word of at least MIN_COMPOUND letters, the longer terms of the index that
    end in it ("styrning" → "tillitsstyrning"): a prefix of the reversed terms, an index range."""
    found: dict[Term, list[str]] = {}
    for t in query.terms():
        word = t.terms[0]
        if not t.is_word or len(word) < MIN_COMPOUND or not word.isalpha():
            continue
        backwards = word[::-1]
        terms = SearchTerm.objects.all()
        if connection.vendor == "postgresql":  # LIKE 'x%' on the pattern index Django made
            terms = terms.filter(reversed__startswith=backwards)
        else:  # a range on the B-tree (SQLite's LIKE ignores case and so the index)
            terms = terms.filter(reversed__gte=backwards, reversed__lt=backwards + "\U0010ffff")
        longer = [
            term
            for term in terms.values_list("term", flat=True)[: COMPOUNDS_PER_WORD * 3]
            if len(term) >= len(word) + 3
        ]
        if longer:
            found[t] = longer[:COMPOUNDS_PER_WORD]
    return found


def matching(
    entries: QuerySet[SearchEntry],
    query: Query,
    extra: dict[Term, list[str]],
    required: Sequence[str] = (),
    *,
    limit: int = CANDIDATES,
) -> Any:
    """The entries that match the query (and hold the `required` facet terms), newest first;
    `limit`: how many of them will be read."""
    if connection.vendor == "postgresql":
        query_text = tsquery(query, extra, required)
        found = entries.extra(
            where=["search_searchentry.tsv @@ to_tsquery('simple', %s)"], params=[query_text]
        )
        if _newest_first(query, query_text, limit):
            return found.order_by("-id")
        # Ordering by an expression keeps the planner off the primary key: every match comes
        # from the GIN index, and the newest `limit` are sorted out of them.
        return found.order_by((F("id") + 0).desc())
    return entries.extra(
        tables=["search_fts"],
        where=["search_fts.rowid = search_searchentry.id", "search_fts MATCH %s"],
        params=[fts5_match(query, extra, required)],
        select={"fts_rowid": "search_fts.rowid"},
    ).order_by("-fts_rowid")


_FACETS = ("id", "kind", "year", "organisation_id", "stance", "body_id", "case_id")


def candidates(
    entries: QuerySet[SearchEntry],
    query: Query,
    extra: dict[Term, list[str]],
    limit: int,
    required: Sequence[str] = (),
) -> list[tuple[Any, ...]]:
    """The newest `limit` matches as (id, kind, year, organisation, stance, body, case, rank),
    the rank (lower is better) computed for those only: ranking every match of a frequent word
    is the slow tail."""
    found = matching(entries, query, extra, required, limit=limit)
    if connection.vendor == "postgresql":
        sql, params = found.values_list(*_FACETS)[:limit].query.sql_with_params()
        with connection.cursor() as cursor:
            # `sql` is the ORM's own query text; every value in it and here is a parameter.
            cursor.execute(
                f"SELECT found.*, -ts_rank(e.tsv, to_tsquery('simple', %s)) FROM ({sql}) found "  # noqa: S608
                "JOIN search_searchentry e ON e.id = found.id",
                [tsquery(query, extra), *params],
            )
            return [tuple(row) for row in cursor.fetchall()]
    ranked = found.extra(select={"rank": "search_fts.rank"})
    return [tuple(row) for row in ranked.values_list(*_FACETS, "rank")[:limit]]


def _newest_first(query: Query, query_text: str, limit: int) -> bool:
    """PostgreSQL: whether walking the entries newest first finds `limit` matches sooner than
    the GIN index finds every match. The walk reads about limit / share entries, the index
    share × all of them: the walk wins when share² × all ≥ limit. The planner judges this by
    itself, but on estimates that are far too high for phrases, and then walks the whole table
    for a phrase that is rare (docs/search.md, "Speed")."""
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN (FORMAT JSON) SELECT 1 FROM search_searchentry "
            "WHERE tsv @@ to_tsquery('simple', %s)",
            [query_text],
        )
        estimate = float(cursor.fetchone()[0][0]["Plan"]["Plan Rows"])
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'search_searchentry'")
        row = cursor.fetchone()
    total = max(float(row[0]) if row else 0.0, estimate, 1.0)
    if any(len(t.terms) > 1 for t in query.terms()):
        estimate /= PHRASE_OVERESTIMATE
    return estimate * estimate >= limit * total


def search(
    user: Any, text: str, filters: Filters = Filters(), *, page: int = 1, per_page: int = PER_PAGE
) -> Results:
    """The entries the user may see that match `text`, best first, a page at a time, with
    facets of the ranked matches."""
    results = Results(query=text)
    if len(text) > MAX_QUERY:
        results.notes.append(
            _("Only the first %(count)d characters of the search were used.") % {"count": MAX_QUERY}
        )
    query = parse(text)
    if query.empty:
        results.message = (
            _("Write at least one word to find, not only words to leave out.")
            if query.excluded
            else _("Write one or more words to search for.")
        )
        return results
    extra = compounds(query)
    scoped = SearchEntry.objects.filter(permissions.search_scope(user))
    rows = candidates(scoped.filter(filters.as_q()), query, extra, CANDIDATES + 1, filters.terms())
    results.more = len(rows) > CANDIDATES
    rows = sorted(rows, key=lambda r: r[0], reverse=True)[:CANDIDATES]  # the newest
    results.total = len(rows)
    issuers = dict(
        IncomingReferral.objects.filter(
            case_id__in={r[6] for r in rows if r[5] is None}
        ).values_list("case_id", "issuer_id")
    )
    results.facets = {
        "kind": Counter(r[1] for r in rows).most_common(),
        "year": sorted(Counter(r[2] for r in rows).items(), reverse=True),
        "organisation": Counter(r[3] for r in rows).most_common(),
        "stance": Counter(r[4] for r in rows if r[4]).most_common(),
        "body": Counter(body for r in rows if (body := r[5] or issuers.get(r[6]))).most_common(),
    }
    ranked = sorted(rows, key=lambda r: (r[7], -r[0]))
    results.pages = max(1, -(-len(ranked) // per_page))
    results.page = min(max(1, page), results.pages)
    shown = [r[0] for r in ranked[(results.page - 1) * per_page : results.page * per_page]]
    entries = SearchEntry.objects.select_related("case__registry").in_bulk(shown)
    marks = matcher(query, [c for found in extra.values() for c in found])
    results.hits = [
        Hit(entries[pk], snippet(entries[pk].text, marks), url_of(entries[pk]))
        for pk in shown
        if pk in entries
    ]
    return results


def url_of(entry: SearchEntry) -> str:
    """Where a hit leads: a file's page in the file itself, everything else to its case."""
    if entry.kind == EntryKind.FILE:
        record_file_id = int(entry.key.split(":")[1])
        return reverse("cases:file", args=[record_file_id]) + f"#page={entry.page}"
    return entry.case.get_absolute_url()


def case_ids(user: Any, text: str) -> Sequence[int]:
    """The cases (at most CANDIDATES) in which the user finds `text`: for the register's
    search box."""
    query = parse(text)
    if query.empty:
        return []
    scoped = SearchEntry.objects.filter(permissions.search_scope(user))
    ids = matching(scoped, query, compounds(query)).values_list("case_id", flat=True)
    return list(dict.fromkeys(ids[:CANDIDATES]))
