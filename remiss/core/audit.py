"""Writing the audit trail. Every service calls `audit_log` inside its own transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone

from remiss.core.chain import GENESIS, entry_hash, write_checkpoint
from remiss.core.models import AuditAction, AuditChainHead, AuditEntry


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """A JSON-safe copy of the object's concrete fields (foreign keys by id)."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        data[field.attname] = _json_value(getattr(obj, field.attname))
    return data


def audit_log(
    *,
    actor: Any,
    action: AuditAction,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    case: Any = None,
) -> AuditEntry:
    """Append one entry. Call inside the transaction that makes the change."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = (user.get_full_name() or user.get_username()) if user else "system"
    entry = AuditEntry(
        at=timezone.now(),
        actor=user,
        actor_label=label,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_label=str(obj)[:300],
        case=case,
        before=_round_trip(before),
        after=_round_trip(after),
    )
    entry.chain = chain_of(case, user)
    with transaction.atomic():
        # The head row is its chain's lock: one append at a time to a chain, so no fork and no
        # gap; other organisations' chains are not locked.
        AuditChainHead.objects.bulk_create(
            [AuditChainHead(chain=entry.chain, last_id=0, last_hash=GENESIS)],
            ignore_conflicts=True,
        )
        head = AuditChainHead.objects.select_for_update().get(chain=entry.chain)
        entry.prev_hash = head.last_hash
        entry.hash = entry_hash(entry, head.last_hash)
        entry.save()
        AuditChainHead.objects.filter(pk=head.pk).update(last_id=entry.pk, last_hash=entry.hash)
    _checkpoint_on_commit(entry.chain)
    return entry


def chain_of(case: Any, user: Any) -> int:
    """The chain an entry goes in: the organisation of its case, or of the person acting; the
    installation's own chain (0) for what belongs to no organisation."""
    if case is not None:
        return int(case.registry.organisation_id)
    return int(getattr(user, "organisation_id", None) or 0)


class _Checkpoint:
    """The chains a transaction appended to, signed once it commits."""

    def __init__(self) -> None:
        self.chains: set[int] = set()

    def __call__(self) -> None:
        write_checkpoint(chains=self.chains)


def _checkpoint_on_commit(chain: int) -> None:
    """Sign the heads of the chains a transaction appended to into the file outside the
    database once it commits: then no committed entry, the newest included, can be removed or
    changed without `verify_chain` seeing it (docs/security.md). Once per transaction."""
    connection = transaction.get_connection()
    queued = (callback for _savepoints, callback, _robust in connection.run_on_commit)
    pending = next((callback for callback in queued if isinstance(callback, _Checkpoint)), None)
    if pending is None:
        pending = _Checkpoint()
        transaction.on_commit(pending)
    pending.chains.add(chain)


def _round_trip(value: Any) -> Any:
    """The value as the JSON column will give it back, so that the hash can be recomputed."""
    return None if value is None else json.loads(json.dumps(value))


M = TypeVar("M", bound=models.Model)


def audited_create(model: type[M], *, actor: Any, audit_case: Any, **fields: Any) -> M:
    """Create one object and write its audit entry, in the caller's transaction."""
    obj = model._default_manager.create(**fields)
    audit_log(actor=actor, action=AuditAction.CREATE, obj=obj, after=snapshot(obj), case=audit_case)
    return obj


def audited_update(
    *,
    actor: Any,
    obj: M,
    changes: dict[str, Any],
    editable: tuple[str, ...],
    case: Any,
    clean: Callable[[M], None] | None = None,
) -> M:
    """Change some fields of a locked, fresh copy of `obj`, check it with `clean`, save it and
    log before and after — one transaction; nothing is logged when nothing changed."""
    unknown = set(changes) - set(editable)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    with transaction.atomic():
        obj = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        before = snapshot(obj)
        for name, value in changes.items():
            setattr(obj, name, value)
        if clean is not None:
            clean(obj)
        obj.save()
        after = snapshot(obj)
        if after != before:
            audit_log(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=obj,
                before=before,
                after=after,
                case=case,
            )
    return obj
