"""The tamper-evident audit chains.

The trail is one chain per organisation (and one for the installation, chain 0), so that one
organisation's writes never wait for another's. Every entry carries the SHA-256 of its
predecessor in its chain over a canonical form that names the chain; each chain's head row holds
its newest hash. `verify_chain` recomputes them all and names the first broken entry.
Checkpoints — a head's id and hash with an HMAC under a key kept outside the database — are
appended to a file outside the database after every transaction that appends entries, for each
chain it appended to, so a rewrite of a chain by someone with database access shows too, and so
does removing or changing the newest entries.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Iterable
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
    # Entries of the installation's chain (0), and all written before there were several
    # chains, are hashed as they always were; any other names its chain, so that moving an
    # entry to another chain changes its hash.
    chain = getattr(entry, "chain", 0)
    if chain:
        data["chain"] = chain
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
    """Walk every chain from its start (the entries in the order they were written); the first
    entry whose link or content does not hold is named. Then each chain's head row and the
    signed checkpoints must agree with them."""
    from remiss.core.models import AuditChainHead, AuditEntry

    newest: dict[int, tuple[int, str]] = {}  # chain: (id, hash) of its newest entry so far
    count = 0
    hashes: dict[int, str] = {}
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        previous = newest.get(entry.chain, (0, GENESIS))[1]
        if entry.prev_hash != previous:
            return Verdict(False, count, entry.pk, "does not follow the entry before it")
        if entry_hash(entry, previous) != entry.hash:
            return Verdict(False, count, entry.pk, "its content was changed")
        newest[entry.chain] = (entry.pk, entry.hash)
        hashes[entry.pk] = entry.hash
        count += 1
    for head in AuditChainHead.objects.order_by("chain"):
        last_id, last_hash = newest.pop(head.chain, (0, GENESIS))
        if (head.last_id, head.last_hash) != (last_id, last_hash):
            return Verdict(False, count, last_id or head.last_id, "entries after it were removed")
    if newest:  # entries of a chain whose head row is gone
        last_id = min(entry_id for entry_id, _digest in newest.values())
        return Verdict(False, count, last_id, "entries after it were removed")
    for line_number, (entry_id, digest) in enumerate(read_checkpoints(checkpoints), start=1):
        if entry_id not in hashes:
            return Verdict(
                False, count, entry_id, f"was removed after signed checkpoint {line_number}"
            )
        if hashes[entry_id] != digest:
            return Verdict(
                False, count, entry_id, f"does not match signed checkpoint {line_number}"
            )
    return Verdict(True, count)


class MissingAuditKey(Exception):
    """The key that signed the checkpoints is not here: nothing can be verified without it."""


def key_file() -> Path:
    """Where the key is kept when REMISS_AUDIT_KEY does not give it: REMISS_AUDIT_KEY_FILE, or
    (for a laptop) a file in the data folder. Production requires one of the two settings."""
    configured = os.environ.get("REMISS_AUDIT_KEY_FILE")
    return Path(configured) if configured else Path(settings.DATA_DIR) / "audit-checkpoint.key"


def _key(*, create: bool = False) -> bytes:
    """The signing key. A new one is made only for a chain that has no checkpoints yet: a key
    made later could not verify the checkpoints signed before it."""
    key = os.environ.get("REMISS_AUDIT_KEY")
    if key:
        return key.encode()
    path = key_file()
    if path.exists():
        return path.read_bytes().strip()
    if not create or _has_checkpoints():
        raise MissingAuditKey(
            "Nyckeln som signerar ändringsloggens kontrollpunkter saknas. Ange den ursprungliga "
            f"nyckeln med REMISS_AUDIT_KEY eller som filen {path} (REMISS_AUDIT_KEY_FILE). / "
            "The key that signed the audit checkpoints is missing. Supply the original key in "
            f"REMISS_AUDIT_KEY or as the file {path} (REMISS_AUDIT_KEY_FILE)."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(os.urandom(32).hex().encode())
    return path.read_bytes().strip()


def _has_checkpoints() -> bool:
    target = checkpoint_file()
    return target.exists() and target.stat().st_size > 0


CHECKPOINT_FILE_NAME = "audit-checkpoints.log"  # in the data folder unless configured


def checkpoint_file(path: Path | None = None) -> Path:
    return Path(path or getattr(settings, "REMISS_AUDIT_CHECKPOINTS", None)
                or Path(settings.DATA_DIR) / CHECKPOINT_FILE_NAME)  # fmt: skip


def _signature(entry_id: int, digest: str, *, key: bytes) -> str:
    return hmac.new(key, f"{entry_id}:{digest}".encode(), hashlib.sha256).hexdigest()


def write_checkpoint(
    path: Path | None = None, *, chains: Iterable[int] | None = None
) -> list[tuple[int, str]]:
    """Append the heads (id, hash) of the chains given (all when none are) with their
    signatures to the checkpoint file; returns what was written."""
    from remiss.core.models import AuditChainHead

    heads = AuditChainHead.objects.filter(last_id__gt=0).order_by("chain")
    if chains is not None:
        heads = heads.filter(chain__in=list(chains))
    written = [(head.last_id, head.last_hash) for head in heads]
    if not written:
        return []
    key = _key(create=True)
    target = checkpoint_file(path)
    with target.open("a", encoding="utf-8") as out:
        for last_id, last_hash in written:
            out.write(f"{last_id} {last_hash} {_signature(last_id, last_hash, key=key)}\n")
        out.flush()
        os.fsync(out.fileno())
    return written


class ForgedCheckpoint(Exception):
    pass


def read_checkpoints(path: Path | None = None) -> list[tuple[int, str]]:
    target = checkpoint_file(path)
    if not target.exists():
        return []
    lines = target.read_text(encoding="utf-8").splitlines()
    if not lines:
        return []
    key = _key()
    result = []
    for line in lines:
        try:
            entry_id, digest, signature = line.split()
            expected = _signature(int(entry_id), digest, key=key)
        except ValueError as exc:
            raise ForgedCheckpoint(
                f"a line of the checkpoint file is not a checkpoint: {line[:80]!r}"
            ) from exc
        if not hmac.compare_digest(signature, expected):
            raise ForgedCheckpoint(
                f"checkpoint {entry_id} is not signed with this key (another key, or forged)"
            )
        result.append((int(entry_id), digest))
    return result
