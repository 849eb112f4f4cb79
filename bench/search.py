"""Benchmark of search (issue 16).

Fills a database with N synthetic Swedish documents (default 100,000; --quick 10,000) made from
the sentences of the real replies in tests/data (the corpus and the real set) and the seed's
vocabulary, spread over cases of the demo organisation, a few on secret records; then runs 200
mixed queries (1–3 words, phrases, prefixes, references, filtered) through the application's
search function as a typical case officer (remiss.search.service.search: permission filter,
compound words, ranking, facets, snippets), and the bare engine query on the same data (FTS5
MATCH … ORDER BY rank LIMIT 20; PostgreSQL tsvector @@ tsquery ORDER BY ts_rank LIMIT 20) as
the baseline. SQLite always; PostgreSQL too when DATABASE_URL points at one.

    .venv/bin/python bench/search.py [--docs N] [--quick]

Last line: {"bench": "search", "results": [{backend, docs, build_s, index_mb, p50_ms, p95_ms,
raw_p95_ms, ratio}, ...]}. Goal at N = 1,000,000: p95 <= 50 ms on both backends and <= 1.5 x
the bare engine.
"""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.register import bench_parser, fill, percentile, prepare_demo, run_all  # noqa: E402

QUERIES = 200
DOC_CHARS = 1800  # about a page of a reply


def sentences() -> list[str]:
    """Sentences of real replies (tests/data) and of the seed case."""
    from remiss.demo import seed_texts

    texts = [
        path.read_text(encoding="utf-8", errors="replace")
        for folder in ("tests/data/real-replies", "tests/data/corpus/remissvar")
        for path in sorted((ROOT / folder).rglob("*.txt"))
    ]
    texts += [v for v in vars(seed_texts).values() if isinstance(v, str) and len(v) > 200]
    found = []
    for text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+", re.sub(r"\s+", " ", text)):
            if 40 <= len(sentence) <= 400:
                found.append(sentence)
    return found


def make_documents(n: int, pool: list[str], rng: random.Random) -> list[str]:
    documents = []
    for _ in range(n):
        parts: list[str] = []
        size = 0
        target = rng.randint(DOC_CHARS // 3, DOC_CHARS * 2)
        while size < target:
            sentence = rng.choice(pool)
            parts.append(sentence)
            size += len(sentence) + 1
        documents.append(" ".join(parts))
    return documents


def build(n_docs: int, rng: random.Random) -> tuple[float, list[str]]:
    """N entries over cases of the demo's city; returns the seconds it took and the texts."""
    from django.db import connection, transaction

    from remiss.cases.models import Case, Record
    from remiss.search.index import entry_terms
    from remiss.search.models import EntryKind, SearchEntry, SearchTerm
    from remiss.search.text import MIN_COMPOUND

    n_cases = max(100, n_docs // 20)
    fill(n_cases, 1)
    cases = list(Case.objects.filter(serial__gte=10_000).select_related("registry"))
    records = {r.case_id: r for r in Record.objects.filter(case__in=cases)}
    secret = [r.pk for r in rng.sample(list(records.values()), len(records) // 50)]
    Record.objects.filter(pk__in=secret).update(secrecy_provision="OSL 21 kap. 7 §")
    pool = sentences()
    kinds = [k for k, _label in EntryKind.choices]
    texts: list[str] = []
    start = time.perf_counter()
    made = 0
    with transaction.atomic():
        while made < n_docs:
            batch = make_documents(min(5000, n_docs - made), pool, rng)
            rows = []
            vocabulary: set[str] = set()
            for text in batch:
                case = rng.choice(cases)
                kind = rng.choice(kinds)
                terms = entry_terms(
                    kind=kind,
                    year=case.year,
                    organisation_id=case.registry.organisation_id,
                    stance="",
                    text=f"{text[:80]}\n{text}",
                ).split()
                vocabulary.update(t for t in terms if len(t) >= MIN_COMPOUND and t.isalpha())
                rows.append(
                    SearchEntry(
                        key=f"bench:{made}",
                        kind=kind,
                        case=case,
                        record=records.get(case.pk) if kind in ("record", "file") else None,
                        organisation_id=case.registry.organisation_id,
                        year=case.year,
                        page=1 if kind == "file" else None,
                        title=text[:80],
                        text=text,
                        terms=" ".join(terms),
                    )
                )
                made += 1
            SearchEntry.objects.bulk_create(rows, batch_size=1000)
            SearchTerm.objects.bulk_create(
                [SearchTerm(term=t, reversed=t[::-1]) for t in vocabulary],
                ignore_conflicts=True,
                batch_size=5000,
            )
            texts.extend(batch[:50])
            sys.stderr.write(f"\r[{connection.vendor}] {made} documents")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    sys.stderr.write("\n")
    return time.perf_counter() - start, texts


def index_mb() -> float:
    """The full text index's size: FTS5's shadow tables, or the GIN index and tsvector column."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_relation_size('search_searchentry_tsv') + "
                "(SELECT coalesce(sum(pg_column_size(tsv)), 0) FROM search_searchentry)"
            )
        else:
            cursor.execute(
                "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_fts%' "
                "AND name != 'search_fts'"
            )
        return round((cursor.fetchone()[0] or 0) / 1e6, 1)


def queries(texts: list[str], rng: random.Random) -> list[tuple[str, dict]]:
    """200 mixed queries, from the documents' own words."""
    from remiss.search.models import EntryKind

    words = [w for text in texts for w in re.findall(r"[a-zåäöéA-ZÅÄÖ]{4,}", text)]
    found: list[tuple[str, dict]] = []
    while len(found) < QUERIES:
        shape = len(found) % 8
        if shape in (0, 1):  # one word
            found.append((rng.choice(words), {}))
        elif shape == 2:  # two words
            found.append((" ".join(rng.sample(words, 2)), {}))
        elif shape == 3:  # three words
            found.append((" ".join(rng.sample(words, 3)), {}))
        elif shape == 4:  # a phrase from a text
            sentence = rng.choice(texts).split()
            at = rng.randrange(max(1, len(sentence) - 2))
            found.append((f'"{" ".join(sentence[at : at + 2])}"', {}))
        elif shape == 5:  # a prefix
            found.append((rng.choice(words)[:5] + "*", {}))
        elif shape == 6:  # a reference
            found.append((f"SOU 20{rng.randint(10, 26)}:{rng.randint(1, 9)}", {}))
        else:  # filtered by kind and year
            found.append(
                (rng.choice(words), {"kind": EntryKind.MEMO, "year": rng.randint(2010, 2026)})
            )
    return found


def measure(backend: str, quick: bool) -> list[dict]:
    prepare_demo()
    from django.db import connection

    from remiss.accounts.models import User
    from remiss.search import service
    from remiss.search.text import fts5_match, parse, tsquery

    n_docs = int(os.environ.get("REMISS_BENCH_DOCS") or (10_000 if quick else 100_000))
    rng = random.Random(16)
    build_s, texts = build(n_docs, rng)
    officer = User.objects.get(username="handlaggare")
    mixed = queries(texts, rng)
    for text, filters in mixed[:10]:  # warm up
        service.search(officer, text, service.Filters(**filters))
    timings, raw = [], []
    for text, filters in mixed:
        start = time.perf_counter()
        service.search(officer, text, service.Filters(**filters))
        timings.append((time.perf_counter() - start) * 1000)
        query = parse(text)
        if query.empty:  # only common words: the search says so without asking the engine
            continue
        with connection.cursor() as cursor:
            start = time.perf_counter()
            if backend == "postgresql":
                cursor.execute(
                    "SELECT id FROM search_searchentry WHERE tsv @@ to_tsquery('simple', %s) "
                    "ORDER BY ts_rank(tsv, to_tsquery('simple', %s)) DESC LIMIT 20",
                    [tsquery(query, {}), tsquery(query, {})],
                )
            else:
                cursor.execute(
                    "SELECT rowid FROM search_fts WHERE search_fts MATCH %s ORDER BY rank LIMIT 20",
                    [fts5_match(query, {})],
                )
            cursor.fetchall()
            raw.append((time.perf_counter() - start) * 1000)
    p95, raw_p95 = percentile(timings, 0.95), percentile(raw, 0.95)
    row = {
        "backend": backend,
        "docs": n_docs,
        "build_s": round(build_s, 1),
        "index_mb": index_mb(),
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(p95, 2),
        "raw_p95_ms": round(raw_p95, 2),
        "ratio": round(p95 / raw_p95, 2) if raw_p95 else None,
    }
    sys.stderr.write(f"[{backend}] {row}\n")
    return [row]


def main() -> None:
    parser = bench_parser(__doc__.splitlines()[0], "10,000 documents")
    parser.add_argument("--docs", type=int, help="documents to index (default 100,000)")
    args = parser.parse_args()
    if args.docs:
        os.environ["REMISS_BENCH_DOCS"] = str(args.docs)
    results = run_all(args, measure, __file__)
    for row in results or []:
        goal = row["p95_ms"] <= 50 and (row["ratio"] or 0) <= 1.5
        print(
            f"{row['backend']:<10} {row['docs']:>9} docs  build {row['build_s']:7.1f} s  "
            f"index {row['index_mb']:8.1f} MB  p50 {row['p50_ms']:6.1f}  "
            f"p95 {row['p95_ms']:6.1f} ms  bare p95 {row['raw_p95_ms']:6.1f} ms  "
            f"ratio {row['ratio']}  "
            f"{'ok' if goal else 'OVER GOAL'}"
        )
    if results is not None:
        print(json.dumps({"bench": "search", "results": results}))


if __name__ == "__main__":
    main()
