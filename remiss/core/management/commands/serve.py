"""`remiss serve`: the web server (gunicorn, threads in a few worker processes), after moving
uploads that a crash left between commit and move into place, and — in production, where the
static files are served from a manifest — after collecting the static files."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from remiss.cases.services import recover_files


class Command(BaseCommand):
    help = "Serve Remiss with gunicorn (after recovering uploads a crash left pending)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", 2)))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", 8)))

    def handle(self, *args: Any, **options: Any) -> None:
        recover_files()
        if settings.STORAGES["staticfiles"]["BACKEND"].endswith("ManifestStaticFilesStorage"):
            # Without the manifest every page would answer 500; unchanged files are skipped.
            call_command("collectstatic", interactive=False, verbosity=0)
        # Each gunicorn process counts its requests in files here; /metrics sums them
        # (remiss.core.metrics). Emptied first: counts of processes gone are not summed again.
        metrics_dir = Path(settings.DATA_DIR) / "metrics"
        shutil.rmtree(metrics_dir, ignore_errors=True)
        metrics_dir.mkdir(parents=True)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
        command = [
            sys.executable, "-m", "gunicorn", "config.wsgi:application",
            "--bind", f"{options['host']}:{options['port']}",
            "--workers", str(options["workers"]), "--threads", str(options["threads"]),
            "--timeout", "120",  # no access log: reply links carry their token in the path
            "--no-control-socket",  # unused; one per user's home would clash between instances
        ]  # fmt: skip
        sys.stdout.flush()
        os.execv(sys.executable, command)  # noqa: S606 - a fixed command, no shell
