"""Writing the audit trail. Every service calls `audit_log` inside its own transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.db import models

from remiss.core.models import AuditAction, AuditEntry


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
    return AuditEntry.objects.create(
        actor=user,
        actor_label=label,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_label=str(obj)[:300],
        case=case,
        before=before,
        after=after,
    )
