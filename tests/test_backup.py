"""Back up a running instance while it takes writes; restore into a fresh data folder; every
case committed before the backup is there, every file is there, and the audit chain holds."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WRITER = """
import django, time, sys
django.setup()
from remiss.accounts.models import User
from remiss.organisations.models import Registry
from remiss.cases.services import case_register
user = User.objects.get(username="registrator")
registry = Registry.objects.get(prefix="KS", organisation=user.organisation)
end = time.time() + float(sys.argv[1])
while time.time() < end:
    case_register(actor=user, registry=registry, title="Skrivs under säkerhetskopieringen")
"""


def remiss(data: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(REMISS_DATA_DIR=str(data), REMISS_AUDIT_KEY="test-nyckel")
    return subprocess.run([sys.executable, "-m", "remiss", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, check=check)  # fmt: skip


def cases(data: Path) -> set[tuple[int, int]]:
    with sqlite3.connect(data / "remiss.sqlite3") as db:
        return set(db.execute("SELECT year, serial FROM cases_case"))


def test_backup_while_writing_and_restore(tmp_path):
    source, target = tmp_path / "kalla", tmp_path / "mal"
    remiss(source, "migrate", "-v", "0")
    remiss(source, "demo")
    remiss(source, "audit", "checkpoint")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        REMISS_DATA_DIR=str(source),
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        REMISS_AUDIT_KEY="test-nyckel",
    )
    writer = subprocess.Popen([sys.executable, "-c", WRITER, "6"], env=env, cwd=ROOT)
    try:
        time.sleep(2)
        committed = cases(source)
        archive = tmp_path / "remiss.tar.gz"
        remiss(source, "backup", str(archive))
    finally:
        writer.wait(timeout=60)
    assert writer.returncode == 0
    result = remiss(target, "restore", str(archive))
    assert "the audit chain holds" in result.stdout
    restored = cases(target)
    assert committed <= restored  # 0 lost
    assert len(restored) > 14  # the demo's cases and some written during the backup
    with sqlite3.connect(target / "remiss.sqlite3") as db:
        hashes = [row[0] for row in db.execute("SELECT sha256 FROM cases_storedfile")]
    for digest in hashes:
        assert (target / "files" / digest[:2] / digest[2:4] / digest).exists()
    remiss(target, "audit", "verify")
    refused = remiss(target, "restore", str(archive), check=False)
    assert refused.returncode != 0 and "not empty" in refused.stderr


def test_a_damaged_archive_is_refused(tmp_path):
    source, target = tmp_path / "kalla", tmp_path / "mal"
    remiss(source, "migrate", "-v", "0")
    archive = tmp_path / "remiss.tar.gz"
    remiss(source, "backup", str(archive))
    import tarfile

    damaged = tmp_path / "skadad.tar.gz"
    with tarfile.open(archive) as original, tarfile.open(damaged, "w:gz") as copy:
        for member in original.getmembers():
            data = original.extractfile(member).read() if member.isfile() else None
            if member.name == "database":
                data = data[:-10] + b"0123456789"
            import io

            copy.addfile(member, io.BytesIO(data) if data is not None else None)
    result = remiss(target, "restore", str(damaged), check=False)
    assert result.returncode != 0 and "checksum mismatch: database" in result.stderr
