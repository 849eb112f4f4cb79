"""Load benchmark (issue 5): locust against the server `make run` starts (`remiss serve`:
gunicorn, two workers with eight threads each, DEBUG off) on 127.0.0.1 with the demo data.
Registrars and case officers log in, browse, search, open cases and memos, register referrals
and upload documents (bench/_locustfile.py). 25 users for 5 minutes on SQLite; 100 users on
PostgreSQL too when DATABASE_URL points at one (a new database on that server).

    .venv/bin/python bench/load.py [--quick] [--users-sqlite 25] [--users-pg 100] [--minutes 5]

Users arrive over the first 50 seconds (as a morning does, not all in one second: a log-in
hashes its password with Argon2 on purpose slowly). Per page it prints requests, p50 and p95;
then one summary per backend. Last line:
{"bench": "load", "results": [{backend, users, rps, p95_ms, errors, locked}, ...]}.
Goal: 0 errors, 0 "database is locked", p95 <= 500 ms.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.instance import Instances  # noqa: E402


def run(backend: str, users: int, seconds: int, work: Path) -> dict:
    if backend == "sqlite":
        os.environ.pop("DATABASE_URL", None)
    made = Instances(work / backend)
    try:
        instance = made.new("last")
        instance.extra_env["DEBUG"] = "0"
        instance.remiss("migrate", "-v", "0")
        instance.remiss("demo")
        instance.remiss("collectstatic", "--noinput", "-v", "0")
        instance.start_server()
        prefix = work / f"{backend}-locust"
        locust = subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(ROOT / "bench/_locustfile.py"),
             "--headless", "--users", str(users), "--spawn-rate", str(max(1, users // 50)),
             "--run-time", f"{seconds}s", "--host", instance.url, "--csv", str(prefix),
             "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "30"],
            cwd=ROOT, check=False, capture_output=True, text=True,
        )  # fmt: skip
        if locust.returncode not in (0, 1):  # 1: some requests failed, counted below
            raise SystemExit(f"locust failed:\n{locust.stderr[-3000:]}")
        log = (instance.data / "server.log").read_text(errors="replace")
    finally:
        made.close()
    rows = list(csv.DictReader((prefix.parent / f"{prefix.name}_stats.csv").open()))
    failures_file = prefix.parent / f"{prefix.name}_failures.csv"
    failures = failures_file.read_text() if failures_file.exists() else ""
    total = next(r for r in rows if r["Name"] == "Aggregated")
    print(f"\n{backend}, {users} users, {seconds} s")
    print(f"{'page':<40} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
    for row in rows:
        print(
            f"{row['Name'][:40]:<40} {row['Request Count']:>8} {row['50%']:>8} "
            f"{row['95%']:>8} {row['Failure Count']:>7}"
        )
    return {
        "backend": backend,
        "users": users,
        "rps": round(float(total["Requests/s"]), 1),
        "p95_ms": float(total["95%"]),
        "errors": int(total["Failure Count"]),
        "locked": log.count("database is locked") + failures.count("database is locked"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="30 s, 10 and 20 users")
    parser.add_argument("--users-sqlite", type=int, default=25)
    parser.add_argument("--users-pg", type=int, default=100)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--only", choices=["sqlite", "postgresql"], help="one backend only")
    args = parser.parse_args()
    seconds = 30 if args.quick else int(args.minutes * 60)
    pg = os.environ.get("DATABASE_URL", "")
    results = []
    with tempfile.TemporaryDirectory(prefix="remiss-load-") as work:
        if args.only != "postgresql":
            users = 10 if args.quick else args.users_sqlite
            results.append(run("sqlite", users, seconds, Path(work)))
        if pg.startswith(("postgres://", "postgresql://")) and args.only != "sqlite":
            os.environ["DATABASE_URL"] = pg
            results.append(
                run("postgresql", 20 if args.quick else args.users_pg, seconds, Path(work))
            )
    for result in results:
        print(result)
    print(json.dumps({"bench": "load", "results": results}))


if __name__ == "__main__":
    main()
