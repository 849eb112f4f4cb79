"""The tamper-evident audit chain.

Every entry carries the SHA-256 of its predecessor over a canonical form; the head row holds the
newest hash. `verify_chain` recomputes it and names the first broken entry. Checkpoints — the
head's id and hash with an HMAC under a key kept outside the database — are appended to a file
outside the database, so a rewrite of the whole chain by someone with database access shows too.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

GENESIS = "0" * 64


def canonical(entry: Any, prev_hash: str) -> bytes:
    data = {
        "at": entry.at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_label": entry.object_label,
        "case_id": entry.case_id,
        "before": entry.before,
        "after": entry.after,
        "prev_hash": prev_hash,
    }
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_hash(entry: Any, prev_hash: str) -> str:
    return hashlib.sha256(canonical(entry, prev_hash)).hexdigest()


@dataclass(frozen=True)
class Verdict:
    ok: bool
    checked: int
    broken_id: int | None = None
    reason: str = ""


def verify_chain(*, checkpoints: Path | None = None) -> Verdict:
    """Walk the chain from the start; the first entry whose link or content does not hold is
    named. Then the head row and the signed checkpoints must agree with it."""
    from remiss.core.models import AuditChainHead, AuditEntry

    previous, previous_id, count = GENESIS, 0, 0
    hashes: dict[int, str] = {}
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != previous:
            return Verdict(False, count, entry.pk, "does not follow the entry before it")
        if entry_hash(entry, previous) != entry.hash:
            return Verdict(False, count, entry.pk, "its content was changed")
        previous, previous_id = entry.hash, entry.pk
        hashes[entry.pk] = entry.hash
        count += 1
    head = AuditChainHead.objects.first()
    if count and (head is None or head.last_hash != previous or head.last_id != previous_id):
        return Verdict(False, count, previous_id, "entries after it were removed")
    for line_number, (entry_id, digest) in enumerate(read_checkpoints(checkpoints), start=1):
        if hashes.get(entry_id) != digest:
            return Verdict(
                False, count, entry_id, f"does not match signed checkpoint {line_number}"
            )
    return Verdict(True, count)


def _key() -> bytes:
    key = os.environ.get("REMISS_AUDIT_KEY")
    if key:
        return key.encode()
    path = Path(settings.DATA_DIR) / "audit-checkpoint.key"
    if not path.exists():
        path.write_bytes(os.urandom(32).hex().encode())
        path.chmod(0o600)
    return path.read_bytes().strip()


def checkpoint_file(path: Path | None = None) -> Path:
    return Path(path or getattr(settings, "REMISS_AUDIT_CHECKPOINTS", None)
                or Path(settings.DATA_DIR) / "audit-checkpoints.log")  # fmt: skip


def _signature(entry_id: int, digest: str) -> str:
    return hmac.new(_key(), f"{entry_id}:{digest}".encode(), hashlib.sha256).hexdigest()


def write_checkpoint(path: Path | None = None) -> tuple[int, str] | None:
    """Append the head (id, hash) with its signature to the checkpoint file."""
    from remiss.core.models import AuditChainHead

    head = AuditChainHead.objects.first()
    if head is None or head.last_id == 0:
        return None
    target = checkpoint_file(path)
    with target.open("a", encoding="utf-8") as out:
        out.write(f"{head.last_id} {head.last_hash} {_signature(head.last_id, head.last_hash)}\n")
        out.flush()
        os.fsync(out.fileno())
    return head.last_id, head.last_hash


class ForgedCheckpoint(Exception):
    pass


def read_checkpoints(path: Path | None = None) -> list[tuple[int, str]]:
    target = checkpoint_file(path)
    if not target.exists():
        return []
    result = []
    for line in target.read_text(encoding="utf-8").splitlines():
        entry_id, digest, signature = line.split()
        if not hmac.compare_digest(signature, _signature(int(entry_id), digest)):
            raise ForgedCheckpoint(f"checkpoint {entry_id} is not signed with the key")
        result.append((int(entry_id), digest))
    return result
