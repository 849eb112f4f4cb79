"""`remiss backup FILE` and `remiss restore FILE`: the database, the stored files and the audit
checkpoints in one archive with a manifest of SHA-256 checksums.

SQLite is copied with its online backup API (consistent while the application writes);
PostgreSQL with pg_dump (a consistent snapshot). A restore checks every checksum first and only
then writes, into an empty database and data folder.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

FORMAT = "remiss-backup-1"


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _pg_args() -> list[str]:
    db = settings.DATABASES["default"]
    args = ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["-U", db["USER"]]
    return [*args, db["NAME"]]


def _dump_database(target: Path) -> str:
    if connection.vendor == "sqlite":
        source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        return "sqlite"
    if connection.vendor == "postgresql":
        with target.open("wb") as out:
            subprocess.run(["pg_dump", "--format=custom", *_pg_args()], stdout=out, check=True,
                           env=_pg_env())  # fmt: skip
        return "postgresql"
    raise BackupError(f"unsupported database: {connection.vendor}")


def backup(archive: Path) -> dict[str, Any]:
    """Write the archive; returns its manifest."""
    from remiss.cases import files
    from remiss.core.chain import checkpoint_file

    with tempfile.TemporaryDirectory(prefix="remiss-backup-") as work:
        work_dir = Path(work)
        members: dict[str, Path] = {}
        # The signed checkpoints are copied first: every entry they sign is then in the
        # database dumped next (the trail only grows), so the restored chain verifies.
        checkpoints = checkpoint_file()
        if checkpoints.exists():
            members["audit-checkpoints.log"] = work_dir / "audit-checkpoints.log"
            shutil.copyfile(checkpoints, members["audit-checkpoints.log"])
        database = work_dir / "database"
        vendor = _dump_database(database)
        members["database"] = database
        # Files after the database: a row in the dump has its file in place, or still pending
        # (its request had committed but not yet moved it). Pending files are copied before
        # the listing, so one moved meanwhile is found in the listing instead; the restore
        # moves pending files whose row it has into place.
        (work_dir / "pending").mkdir()
        for path in files.pending_paths():
            copy = work_dir / "pending" / path.name
            try:
                shutil.copyfile(path, copy)
            except FileNotFoundError:
                continue
            members[f"files/.pending/{path.name}"] = copy
        # From a folder the files go into the archive as they lie; from a bucket each is
        # copied here first (the archive is written from local files).
        for sha256 in files.stored_hashes():
            name = f"files/{files.stored_name(sha256)}"
            members[name] = (
                files.copy_stored_to(sha256, work_dir / name)
                if files.uses_object_storage()
                else Path(settings.FILES_DIR) / files.stored_name(sha256)
            )
        manifest = {
            "format": FORMAT,
            "database": vendor,
            "members": {name: _sha256(path) for name, path in members.items()},
        }
        partial = archive.with_name(archive.name + ".part")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            for name, path in members.items():
                tar.add(path, arcname=name)
        os.replace(partial, archive)
    return manifest


_SAFE_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_DIGEST = re.compile(r"[0-9a-f]{64}")


def _checked_manifest(manifest: object) -> dict[str, str]:
    """The archive's members by name, each name one this program writes ("database",
    "audit-checkpoints.log", "files/…" of plain parts), each with a SHA-256. Anything else —
    a path with "..", an absolute path, an odd character — refuses the whole archive before
    anything is written."""
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("inte en säkerhetskopia från Remiss / not a Remiss backup")
    members = manifest.get("members")
    if not isinstance(members, dict) or "database" not in members:
        raise BackupError("arkivets innehållsförteckning är ofullständig / incomplete manifest")
    if manifest.get("database") not in ("sqlite", "postgresql"):
        raise BackupError("okänd databas i arkivet / unknown database in the archive")
    for name, digest in members.items():
        parts = str(name).split("/")
        safe = name in ("database", "audit-checkpoints.log") or (
            parts[0] == "files"
            and len(parts) >= 2
            and all(_SAFE_PART.fullmatch(part) for part in parts[1:] if part != ".pending")
            and parts[-1] != ".pending"
        )
        if not safe:
            raise BackupError(
                f"otillåten sökväg i arkivet / unsafe path in the archive: {str(name)[:200]!r}"
            )
        if not isinstance(digest, str) or not _DIGEST.fullmatch(digest):
            raise BackupError(f"ogiltig kontrollsumma / invalid checksum: {name}")
    return members


def _check_signed_by_our_key(checkpoints: Path) -> None:
    """The archive's checkpoints must verify with the key here, or the restored trail could
    never be verified: refused before anything is written, with what to do."""
    from remiss.core.chain import ForgedCheckpoint, MissingAuditKey, read_checkpoints

    try:
        read_checkpoints(checkpoints)
    except MissingAuditKey as exc:
        raise BackupError(str(exc)) from exc
    except ForgedCheckpoint as exc:
        raise BackupError(
            "arkivets kontrollpunkter är signerade med en annan nyckel än den som finns här; "
            "ange den ursprungliga nyckeln (REMISS_AUDIT_KEY eller REMISS_AUDIT_KEY_FILE) / "
            "the archive's audit checkpoints are signed with another key than the one here; "
            f"supply the original key (REMISS_AUDIT_KEY or REMISS_AUDIT_KEY_FILE): {exc}"
        ) from exc


def _database_is_empty() -> bool:
    """True for a database never migrated (no tables yet) as well as for one without records."""
    from remiss.cases.models import Case
    from remiss.core.models import AuditEntry

    tables = set(connection.introspection.table_names())
    return all(
        model._meta.db_table not in tables or not model.objects.exists()
        for model in (Case, AuditEntry)
    )


def restore(archive: Path) -> dict[str, Any]:
    """Restore into an empty database and file store, after checking every checksum."""
    from remiss.cases import files
    from remiss.core.chain import checkpoint_file

    with tempfile.TemporaryDirectory(prefix="remiss-restore-") as work:
        work_dir = Path(work)
        try:
            with tarfile.open(archive, "r:gz") as tar:
                tar.extractall(work_dir, filter="data")
            manifest = json.loads((work_dir / "manifest.json").read_text())
        except (OSError, tarfile.TarError, ValueError) as exc:
            raise BackupError(
                f"arkivet kan inte läsas / the archive cannot be read: {type(exc).__name__}"
            ) from exc
        members = _checked_manifest(manifest)
        for name, digest in members.items():
            member = work_dir / name
            if not member.is_file() or _sha256(member) != digest:
                raise BackupError(f"checksum mismatch: {name}")
        if "audit-checkpoints.log" in members:
            _check_signed_by_our_key(work_dir / "audit-checkpoints.log")
        if manifest["database"] != connection.vendor:
            raise BackupError(f"the backup is of {manifest['database']}, not {connection.vendor}")
        if next(files.stored_hashes(), None) is not None or files.pending_paths():
            raise BackupError("the file store already holds files: restore into a fresh one")
        if connection.vendor == "sqlite":
            target = Path(settings.DATABASES["default"]["NAME"])
            connection.close()
            if target.exists() and target.stat().st_size > 0:
                check = sqlite3.connect(target)
                try:
                    tables = check.execute(
                        "SELECT count(*) FROM sqlite_master WHERE name = 'cases_case'"
                    ).fetchone()[0]
                    has_rows = (
                        tables and check.execute("SELECT count(*) FROM cases_case").fetchone()[0]
                    )
                finally:
                    check.close()
                if has_rows:
                    raise BackupError("the database is not empty: restore into a fresh one")
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(work_dir / "database", target)
        else:
            if not _database_is_empty():
                raise BackupError("the database is not empty: restore into a fresh one")
            connection.close()
            subprocess.run(
                ["pg_restore", "--clean", "--if-exists", "--no-owner", "-d",
                 *_pg_args()[-1:], *_pg_args()[:-1], str(work_dir / "database")],
                check=True, env=_pg_env(), capture_output=True,
            )  # fmt: skip
        for name in manifest["members"]:
            if name.startswith("files/.pending/"):
                target = Path(settings.FILES_DIR) / name.removeprefix("files/")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(work_dir / name, target)
            elif name.startswith("files/"):
                files.store_copy(name.rsplit("/", 1)[-1], work_dir / name)
        if "audit-checkpoints.log" in manifest["members"]:
            shutil.copyfile(work_dir / "audit-checkpoints.log", checkpoint_file())
    from remiss.cases.services import recover_files

    recover_files(older_than_seconds=0)
    return dict(manifest)
