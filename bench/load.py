"""Load benchmark (issues 5 and 18): locust against the server `make run` starts (`remiss
serve`: gunicorn, two web processes with eight threads each, DEBUG off) and two task workers
(`remiss worker`: readings, search text, e-mail) on 127.0.0.1 with the demo data. Registrars
and case officers log in, browse, search the register and the full text, open cases and memos,
register referrals and upload documents (bench/_locustfile.py).

- S tier: SQLite, 25 users for 5 minutes;
- L tier: PostgreSQL (when DATABASE_URL points at one; a new database on that server),
  200 users for 10 minutes.

    .venv/bin/python bench/load.py [--quick] [--only sqlite|postgresql]
        [--users-sqlite 25] [--users-pg 200] [--minutes-sqlite 5] [--minutes-pg 10] [--workers 2]

Users arrive over the first 50 seconds (as a morning does, not all in one second: a log-in
hashes its password with Argon2 on purpose slowly). Per page it prints requests, p50 and p95;
then one summary per backend. Last line:
{"bench": "load", "results": [{tier, backend, users, minutes, workers, rps, p95_ms, errors,
locked}, ...]}.
Goal: 0 errors, 0 "database is locked", p95 <= 500 ms.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.instance import Instances  # noqa: E402


def _start_workers(instance, count: int) -> list[subprocess.Popen]:
    log = (instance.data / "worker.log").open("ab")
    env = {**instance.env(), "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    return [
        subprocess.Popen(
            [sys.executable, "-m", "remiss", "worker"],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        for _ in range(count)
    ]


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def run(backend: str, users: int, seconds: int, work: Path, workers: int = 2) -> dict:
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
        task_workers = _start_workers(instance, workers)
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
        _stop(task_workers)
        worker_log = (instance.data / "worker.log").read_text(errors="replace")
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
        "tier": "S" if backend == "sqlite" else "L",
        "backend": backend,
        "users": users,
        "minutes": round(seconds / 60, 1),
        "workers": workers,
        "rps": round(float(total["Requests/s"]), 1),
        "p95_ms": float(total["95%"]),
        "errors": int(total["Failure Count"]),
        "locked": log.count("database is locked") + failures.count("database is locked"),
        "task_errors": worker_log.count("Traceback"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="30 s, 10 and 20 users")
    parser.add_argument("--users-sqlite", type=int, default=25)
    parser.add_argument("--users-pg", type=int, default=200)
    parser.add_argument("--minutes-sqlite", type=float, default=5)
    parser.add_argument("--minutes-pg", type=float, default=10)
    parser.add_argument("--workers", type=int, default=2, help="task workers beside the server")
    parser.add_argument("--only", choices=["sqlite", "postgresql"], help="one backend only")
    args = parser.parse_args()
    pg = os.environ.get("DATABASE_URL", "")
    results = []
    with tempfile.TemporaryDirectory(prefix="remiss-load-") as work:
        if args.only != "postgresql":
            users = 10 if args.quick else args.users_sqlite
            seconds = 30 if args.quick else int(args.minutes_sqlite * 60)
            results.append(run("sqlite", users, seconds, Path(work), args.workers))
        if pg.startswith(("postgres://", "postgresql://")) and args.only != "sqlite":
            os.environ["DATABASE_URL"] = pg
            users = 20 if args.quick else args.users_pg
            seconds = 30 if args.quick else int(args.minutes_pg * 60)
            results.append(run("postgresql", users, seconds, Path(work), args.workers))
    for result in results:
        print(result)
    print(json.dumps({"bench": "load", "results": results}))


if __name__ == "__main__":
    main()
