"""A real Remiss instance for tests that need one outside the test database: its own data
folder, its own database (SQLite in the folder, or a new PostgreSQL database on the server of
DATABASE_URL when the suite runs on PostgreSQL), `remiss` commands and a gunicorn server."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = SERVER_URL.startswith(("postgres://", "postgresql://"))
AUDIT_KEY = "test-nyckel"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Instance:
    data: Path
    database_url: str = ""
    server: subprocess.Popen | None = None
    port: int = 0
    extra_env: dict[str, str] = field(default_factory=dict)
    # Its own folder in the suite's bucket when the suite keeps files on object storage.
    s3_prefix: str = field(default_factory=lambda: f"instance-{uuid.uuid4().hex}")

    def env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
        }
        env.update({"REMISS_DATA_DIR": str(self.data), "REMISS_AUDIT_KEY": AUDIT_KEY})
        env.update(self.extra_env)
        if env.get("REMISS_S3_BUCKET"):
            env["REMISS_S3_PREFIX"] = self.s3_prefix
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    def migrate(self, *, demo: bool = False) -> None:
        """`remiss migrate` (and `remiss demo`), or on SQLite a copy of a database this process
        made so once (the same commands; they take seconds, a copy milliseconds), with the audit
        checkpoints the demo signed (every instance here has the same key)."""
        from remiss.core.chain import CHECKPOINT_FILE_NAME
        from tests import migrated

        if self.database_url:
            self.remiss("migrate", "-v", "0")
            if demo:
                self.remiss("demo")
            return
        template = _demo_instance() if demo else _migrated_instance()
        migrated.copy(template.data / "remiss.sqlite3", self.data / "remiss.sqlite3")
        if demo:
            shutil.copyfile(template.data / CHECKPOINT_FILE_NAME, self.data / CHECKPOINT_FILE_NAME)

    def remiss(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run([sys.executable, "-m", "remiss", *args], env=self.env(),
                                cwd=ROOT, capture_output=True, text=True)  # fmt: skip
        assert not check or result.returncode == 0, f"remiss {' '.join(args)}: {result.stderr}"
        return result

    def query(self, sql: str) -> list[tuple]:
        if self.database_url:
            import psycopg

            with psycopg.connect(self.database_url) as db:
                return db.execute(sql).fetchall()
        with sqlite3.connect(self.data / "remiss.sqlite3") as db:
            return db.execute(sql).fetchall()

    def stored_hashes(self) -> set[str]:
        """The files in the instance's file store (its folder, or its folder in the bucket)."""
        from django.conf import settings
        from django.test import override_settings

        from config.settings.storage import s3_storage
        from remiss.cases import files

        storages = {k: v for k, v in settings.STORAGES.items() if k != "files"}
        if (bucket := s3_storage(self.env())) is not None:
            storages["files"] = bucket
        with override_settings(FILES_DIR=self.data / "files", STORAGES=storages):
            return set(files.stored_hashes())

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start_server(self, workers: int = 2, threads: int = 8) -> None:
        """`remiss serve` (gunicorn) in its own process group: a kill takes the workers too."""
        self.port = free_port()
        log = (self.data / "server.log").open("ab")
        self.server = subprocess.Popen(
            [sys.executable, "-m", "remiss", "serve", "--port", str(self.port),
             "--workers", str(workers), "--threads", str(threads)],
            env={**self.env(), "DJANGO_SETTINGS_MODULE": "config.settings.dev"},
            cwd=ROOT, stdout=log, stderr=log, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                if self.server.poll() is not None:
                    break
                time.sleep(0.2)
        raise RuntimeError((self.data / "server.log").read_text())

    def kill_server(self) -> None:
        """SIGKILL to the whole server: no clean-up, no on-commit hooks, nothing flushed."""
        if self.server and self.server.poll() is None:
            os.killpg(self.server.pid, signal.SIGKILL)
            self.server.wait(timeout=30)

    def stop_server(self) -> None:
        if self.server and self.server.poll() is None:
            os.killpg(self.server.pid, signal.SIGTERM)
            try:
                self.server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill_server()


def _template(prefix: str) -> Instance:
    """An instance in a folder of its own that is removed when the test process ends."""
    import atexit
    import tempfile

    folder = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, folder, ignore_errors=True)  # not left behind in /tmp
    return Instance(Path(folder))


_MIGRATED: Instance | None = None
_DEMO: Instance | None = None


def _migrated_instance() -> Instance:
    """Migrated by `remiss migrate` once, and kept for later runs (tests/migrated.py)."""
    from tests import migrated

    global _MIGRATED
    if _MIGRATED is None:
        _MIGRATED = _template("remiss-migrated-")
        database = _MIGRATED.data / "remiss.sqlite3"
        if migrated.kept("instance").exists():
            migrated.copy(migrated.kept("instance"), database)
        else:
            _MIGRATED.remiss("migrate", "-v", "0")
            migrated.keep(database, "instance")
    return _MIGRATED


def _demo_instance() -> Instance:
    global _DEMO
    if _DEMO is None:
        _DEMO = _template("remiss-demo-")
        _DEMO.migrate()
        _DEMO.remiss("demo")
    return _DEMO


class Instances:
    """Creates instances and, on PostgreSQL, their databases; `close` drops them."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.created: list[Instance] = []

    def new(self, name: str) -> Instance:
        instance = Instance(self.base / name)
        instance.data.mkdir(parents=True, exist_ok=True)
        if ON_POSTGRES:
            import psycopg

            safe_name = re.sub(r"\W", "_", name)  # PostgreSQL names: letters, digits, _
            database = f"remiss_{safe_name}_{uuid.uuid4().hex[:10]}"
            with psycopg.connect(SERVER_URL, autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{database}"')
            instance.database_url = SERVER_URL.rsplit("/", 1)[0] + "/" + database
        self.created.append(instance)
        return instance

    def close(self) -> None:
        for instance in self.created:
            instance.stop_server()
        dropped = [i.database_url.rsplit("/", 1)[1] for i in self.created if i.database_url]
        if dropped:
            import psycopg

            with psycopg.connect(SERVER_URL, autocommit=True) as admin:
                for database in dropped:
                    admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
