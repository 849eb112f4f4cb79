"""Benchmark of the register's pages on a large database (issue 2).

Fills a database with 100,000 cases and 1,000,000 records (--quick: 10,000 and 100,000), then
times the register list (with and without filters), the start page and the case page through
Django's test client, against a hello-world view on the same stack. Runs SQLite always and
PostgreSQL too when DATABASE_URL points at one (in a separate `<name>_bench` database).

    .venv/bin/python bench/register.py [--quick]

Last line: {"bench": "register", "results": [{page, backend, p50_ms, p95_ms,
baseline_p95_ms}, ...]}. Goal on these machines: p95 <= 150 ms for every page on both backends.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def run_backend(backend: str, quick: bool, keep: str | None, script: str = __file__) -> list[dict]:
    """Run the measurement of `script` (its --child) in a child process configured for one
    database."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory(prefix="remiss-bench-") as data_dir:
        env["REMISS_DATA_DIR"] = keep if keep and backend == "sqlite" else data_dir
        if keep:  # PostgreSQL keeps its <name>_bench database too
            env["REMISS_BENCH_KEEP"] = "1"
        pg_url = os.environ.get("DATABASE_URL", "")
        if backend == "sqlite":
            env.pop("DATABASE_URL", None)
        else:
            parsed = urlparse(pg_url)
            bench_db = f"{parsed.path.lstrip('/') or 'postgres'}_bench"
            env["DATABASE_URL"] = parsed._replace(path=f"/{bench_db}").geturl()
            env["REMISS_BENCH_ADMIN_URL"] = pg_url
        command = [sys.executable, script, "--child", backend, *(["--quick"] if quick else [])]
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        sys.stderr.write(result.stderr)
        if result.returncode != 0:
            raise SystemExit(f"{backend} run failed")
        return json.loads(result.stdout.strip().splitlines()[-1])


def _pg_recreate(admin_url: str, name: str, drop_only: bool = False, keep: bool = False) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if keep and exists:
            return
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{name}"')


def child(
    backend: str, quick: bool, measure: Callable[[str, bool], list[dict]] | None = None
) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    admin_url = os.environ.get("REMISS_BENCH_ADMIN_URL")
    bench_db = urlparse(os.environ.get("DATABASE_URL", "")).path.lstrip("/")
    keep = bool(os.environ.get("REMISS_BENCH_KEEP"))
    if backend == "postgresql":
        _pg_recreate(admin_url, bench_db, keep=keep)
    try:
        print(json.dumps((measure or measure_register)(backend, quick)))
    finally:
        if backend == "postgresql":
            from django.db import connections

            connections.close_all()
            _pg_recreate(admin_url, bench_db, drop_only=True, keep=keep)


def fill(n_cases: int, records_per_case: int) -> None:
    import datetime as dt
    import random
    from zoneinfo import ZoneInfo

    from django.db import connection, transaction

    from remiss.cases.models import Case, CaseNumberSequence, CaseStatus, Record
    from remiss.organisations.models import Organisation, Registry, Unit
    from remiss.referrals.models import IncomingReferral

    random.seed(43)
    tz = ZoneInfo("Europe/Stockholm")
    city = Organisation.objects.get(name="Stockholms stad")
    registry = Registry.objects.get(organisation=city, prefix="KS")
    issuers = list(Organisation.objects.exclude(pk=city.pk))
    units = list(Unit.objects.filter(organisation=city))
    years = list(range(2010, 2027))
    per_year = n_cases // len(years) + 1
    open_statuses = [s for s in CaseStatus.values if s != CaseStatus.CLOSED]
    this_year = years[-1]
    batch = 5000
    serial_start = 10_000  # clear of the demo's own numbers
    t0 = time.perf_counter()
    made = 0
    with transaction.atomic():
        while made < n_cases:
            cases = []
            for _ in range(min(batch, n_cases - made)):
                year = years[made // per_year]
                serial = serial_start + made % per_year
                registered = dt.datetime(year, 1, 1, 9, tzinfo=tz) + dt.timedelta(
                    minutes=(made % per_year) * 3
                )
                cases.append(
                    Case(
                        registry=registry,
                        year=year,
                        serial=serial,
                        title=f"Remiss {made}: betänkande om {random.choice(WORDS)} och "
                        f"{random.choice(WORDS)}",
                        # As in a real register: earlier years closed, this year's still open.
                        status=random.choice(open_statuses)
                        if year == this_year
                        else CaseStatus.CLOSED,
                        registered_at=registered,
                        deadline=registered.date() + dt.timedelta(days=90),
                        responsible_unit=random.choice(units),
                    )
                )
                made += 1
            Case.objects.bulk_create(cases)
            cases = list(
                Case.objects.filter(registry=registry, serial__gte=serial_start).order_by("-id")[
                    : len(cases)
                ]
            )
            records = []
            for case in cases:
                for r in range(1, records_per_case + 1):
                    records.append(
                        Record(
                            case=case,
                            serial=r,
                            direction="incoming" if r == 1 else "internal",
                            registered_at=case.registered_at,
                            document_date=case.registered_at.date(),
                            counterpart="Finansdepartementet"
                            if r == 1
                            else "Stadsledningskontoret",
                            subject=f"Handling {r} i ärendet",
                        )
                    )
            Record.objects.bulk_create(records, batch_size=10_000)
            firsts = {
                rec.case_id: rec
                for rec in Record.objects.filter(case__in=cases, serial=1).only("id", "case_id")
            }
            IncomingReferral.objects.bulk_create(
                [
                    IncomingReferral(
                        case=case,
                        record=firsts[case.pk],
                        issuer=random.choice(issuers),
                        issuer_dnr=f"Fi{case.year}/{case.serial:05d}",
                        issuer_dnr_key=f"fi{case.year}/{case.serial:05d}",
                        report_ref=f"SOU {case.year}:{case.serial % 100}",
                        report_title=case.title,
                        received_date=case.registered_at.date(),
                        deadline=case.registered_at.date() + dt.timedelta(days=90),
                    )
                    for case in cases
                ]
            )
        for year in years:
            CaseNumberSequence.objects.update_or_create(
                registry=registry, year=year, defaults={"last_number": serial_start + per_year}
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    sys.stderr.write(
        f"[{connection.vendor}] filled {n_cases} cases, {n_cases * records_per_case} records "
        f"in {time.perf_counter() - t0:.0f} s\n"
    )


WORDS = ["tillit", "styrning", "bostäder", "skola", "klimat", "vården", "trafik", "kultur",
         "upphandling", "beredskap", "digitalisering", "socialtjänst"]  # fmt: skip


def timed(client, url: str, n: int) -> list[float]:
    for _ in range(3):  # warm up
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, url
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def prepare_demo() -> None:
    """Django set up for measuring (the hello-world baseline's URLs, no debug), the database
    migrated and the demo data loaded."""
    import django
    from django.conf import settings

    django.setup()
    settings.ROOT_URLCONF = "bench._urls"
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def measure_register(backend: str, quick: bool) -> list[dict]:
    prepare_demo()
    from django.test import Client

    from remiss.accounts.models import User
    from remiss.cases.models import Case
    from remiss.organisations.models import Organisation

    n_cases = 10_000 if quick else 100_000
    if Case.objects.filter(serial__gte=10_000).count() != n_cases:  # --keep reuses a fill
        fill(n_cases, 10)
    client = Client()
    client.force_login(User.objects.get(username="registrator"))
    n = 40 if quick else 200
    issuer = Organisation.objects.get(name="Finansdepartementet").pk
    sample = Case.objects.filter(serial__gte=10_000).order_by("?").first()
    pages = {
        "register": "/arenden/",
        "register_filtered": f"/arenden/?status=registered&issuer={issuer}"
        "&deadline_from=2015-01-01&deadline_to=2024-12-31",
        "register_search_sorted": "/arenden/?q=klimat&sort=deadline",
        "register_last_page": "/arenden/?page=last&sort=title",
        "case": sample.get_absolute_url(),
        "start": "/",
    }
    return time_pages(client, pages, backend, n, goal_ms=150, cases=n_cases, records=n_cases * 10)


def time_pages(client, pages: dict[str, str], backend: str, n: int, **extra: object) -> list[dict]:
    """p50 and p95 of each page over n requests, beside the hello-world baseline's p95."""
    baseline = timed(client, "/bench-hello/", n)
    baseline_p95 = round(percentile(baseline, 0.95), 2)
    results = []
    for page, url in pages.items():
        times = timed(client, url, n)
        results.append(
            {
                "page": page,
                "backend": backend,
                "p50_ms": round(statistics.median(times), 2),
                "p95_ms": round(percentile(times, 0.95), 2),
                "baseline_p95_ms": baseline_p95,
                **extra,
            }
        )
        sys.stderr.write(
            f"[{backend}] {page:<24} p50 {results[-1]['p50_ms']:7.1f} ms  "
            f"p95 {results[-1]['p95_ms']:7.1f} ms  (baseline p95 {baseline_p95} ms)\n"
        )
    return results


def bench_parser(description: str, quick_help: str) -> argparse.ArgumentParser:
    """The options every database benchmark takes: --quick, and --child for its own runs."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help=quick_help)
    parser.add_argument("--child", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    return parser


def run_all(
    args: argparse.Namespace, measure: Callable[[str, bool], list[dict]], script: str
) -> list[dict] | None:
    """In a child: measure one backend and print its rows (None is returned). Otherwise run
    `script` once per backend and return every row."""
    if args.child:
        child(args.child, args.quick, measure)
        return None
    return [row for backend in backends() for row in run_backend(backend, args.quick, None, script)]


def backends() -> list[str]:
    """SQLite always; PostgreSQL too when DATABASE_URL points at one."""
    found = ["sqlite"]
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        found.append("postgresql")
    return found


def report(name: str, results: list[dict]) -> None:
    for row in results:
        verdict = "ok" if row["p95_ms"] <= row["goal_ms"] else "OVER GOAL"
        print(
            f"{row['backend']:<10} {row['page']:<24} p50 {row['p50_ms']:7.1f}  "
            f"p95 {row['p95_ms']:7.1f} ms  baseline p95 {row['baseline_p95_ms']} ms  {verdict}"
        )
    print(json.dumps({"bench": name, "results": results}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 cases; under a minute")
    parser.add_argument(
        "--keep", metavar="DIR", help="keep the databases (SQLite in DIR) and reuse them"
    )
    parser.add_argument("--child", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.quick)
        return
    results = []
    for backend in backends():
        results.extend(run_backend(backend, args.quick, args.keep))
    report("register", results)


if __name__ == "__main__":
    main()
