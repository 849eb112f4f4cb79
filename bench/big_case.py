"""Benchmark of a big case and a big referral (issue 13.5).

Fills the demo's referral of Finansdepartementet with 1,000 bodies that replied through their
reply links (each reply a record with a read PDF) and 4,000 further records — a case with 5,000
records and a referral with 1,000 replies (remiss.demo.big) — then times, as the official, the
case page, the referral page, the compilation page and its CSV and XLSX exports through
Django's test client, against a hello-world view. SQLite always, PostgreSQL too when
DATABASE_URL points at one (in a separate `<name>_bench` database).

    .venv/bin/python bench/big_case.py [--quick]     # --quick: 20 requests per page, not 100

Before the fix these pages answered 500 ("Expression tree is too large"). Goal on these
machines: p95 <= 300 ms for every page on both backends. Last line: {"bench": "big_case",
"results": [{page, backend, p50_ms, p95_ms, baseline_p95_ms, goal_ms, records, replies}, ...]}.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.register import bench_parser, prepare_demo, report, run_all, time_pages  # noqa: E402

REPLIES = 1000
OTHER_RECORDS = 4000


def measure(backend: str, quick: bool) -> list[dict]:
    prepare_demo()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from remiss.accounts.models import User
    from remiss.consultations.models import OutgoingReferral
    from remiss.demo.big import fill_big_referral

    referral = OutgoingReferral.objects.select_related("case__registry").get()
    if referral.replies.count() < REPLIES:
        fill_big_referral(referral, replies=REPLIES, other_records=OTHER_RECORDS)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after a bulk load
    case = referral.case
    number = {"prefix": case.registry.prefix, "year": case.year, "serial": case.serial}
    pages = {
        "case": case.get_absolute_url(),
        "case_last_records": f"{case.get_absolute_url()}?handlingar=last",
        "referral": reverse("consultations:detail", kwargs=number),
        "compilation": reverse("consultations:compilation", kwargs=number),
        "compilation_csv": reverse(
            "consultations:compilation_download", kwargs={**number, "fmt": "csv"}
        ),
        "compilation_xlsx": reverse(
            "consultations:compilation_download", kwargs={**number, "fmt": "xlsx"}
        ),
    }
    client = Client()
    client.force_login(User.objects.get(username="departement"))
    records = case.records.count()
    return time_pages(
        client,
        pages,
        backend,
        20 if quick else 100,
        goal_ms=300,
        records=records,
        replies=referral.replies.count(),
    )


def main() -> None:
    args = bench_parser(__doc__.splitlines()[0], "20 requests per page").parse_args()
    results = run_all(args, measure, __file__)
    if results is not None:
        report("big_case", results)


if __name__ == "__main__":
    main()
