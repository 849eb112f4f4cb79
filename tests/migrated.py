"""Migrated SQLite databases kept between test runs, so that a run does not apply every migration
again in each test process (four seconds each time, in a suite that aims at four minutes).

A kept database is named by a digest of what decides its schema — every migration file of the
project, the version of every installed package (their migrations), SQLite's and Python's — so
a changed migration or an upgraded package makes a new one; `make clean` (or deleting
`.test-cache/`) removes them. PostgreSQL runs migrate as before.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import tempfile
from functools import cache
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".test-cache"


@cache
def schema_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("remiss/**/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    packages = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    digest.update("\n".join(packages).encode())
    digest.update(f"{sqlite3.sqlite_version} {sys.version}".encode())
    return digest.hexdigest()[:16]


def kept(kind: str) -> Path:
    """Where the migrated database of this kind ("test": the suite's own, "instance": one made
    by `remiss migrate` for tests/instance.py) is kept."""
    return CACHE / f"{kind}-{schema_digest()}.sqlite3"


def copy(source: Path | sqlite3.Connection, target: Path) -> None:
    """A consistent copy through SQLite's backup API (the source may be open elsewhere)."""
    reading = sqlite3.connect(source) if isinstance(source, Path) else source
    destination = sqlite3.connect(target)
    try:
        reading.backup(destination)
    finally:
        destination.close()
        if reading is not source:
            reading.close()


def keep(source: Path | sqlite3.Connection, kind: str) -> None:
    """Keep a copy of a freshly migrated database; written beside and renamed into place, so a
    second test process doing the same at once leaves one whole file."""
    CACHE.mkdir(exist_ok=True)
    descriptor, partial = tempfile.mkstemp(dir=CACHE, suffix=".part")
    os.close(descriptor)
    try:
        copy(source, Path(partial))
        os.replace(partial, kept(kind))
    finally:
        Path(partial).unlink(missing_ok=True)
