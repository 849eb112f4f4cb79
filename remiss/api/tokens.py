"""Making, revoking and checking API keys (docs/api.md). A key is `remiss_` and 43 random
URL-safe characters; only its SHA-256 is kept, so a copy of the database gives no working key."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from remiss.accounts.models import User
from remiss.api.models import ApiToken, Scope
from remiss.core import permissions
from remiss.core.audit import audit_log, snapshot
from remiss.core.errors import NotAllowed, ServiceError
from remiss.core.models import AuditAction

KEY_START = "remiss_"
DEFAULT_DAYS = 365
MAX_DAYS = 730
# The time a key's use is recorded to: one write a minute at most, not one per request.
LAST_USED_GRANULARITY = dt.timedelta(minutes=1)
AUDITED_FIELDS = ["user", "name", "prefix", "scope", "expires_at", "revoked_at"]


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()


def token_create(
    *, actor: User, name: str, scope: str = Scope.READ, days: int = DEFAULT_DAYS
) -> tuple[ApiToken, str]:
    """A new key for the actor; the key itself is returned once and never kept."""
    if not permissions.can_use_api(actor):
        raise NotAllowed(_("You may not make API keys."))
    name = name.strip()
    if not name:
        raise ServiceError(
            _("Give the key a name, e.g. the system that will use it."), field="name"
        )
    if scope not in Scope.values:
        raise ServiceError(_("Choose what the key may do."), field="scope")
    if not 1 <= days <= MAX_DAYS:
        raise ServiceError(
            _("A key is valid for 1 to %(days)s days.") % {"days": MAX_DAYS}, field="days"
        )
    key = KEY_START + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor,
            name=name[:100],
            prefix=key[: len(KEY_START) + 6],
            key_hash=key_hash(key),
            scope=scope,
            expires_at=timezone.now() + dt.timedelta(days=days),
        )
        audit_log(
            actor=actor, action=AuditAction.CREATE, obj=token,
            after=snapshot(token, AUDITED_FIELDS),
        )  # fmt: skip
    return token, key


def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if not permissions.can_manage_api_token(actor, token):
        raise NotAllowed(_("You may not revoke this key."))
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            return token
        before = snapshot(token, AUDITED_FIELDS)
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_log(
            actor=actor, action=AuditAction.UPDATE, obj=token,
            before=before, after=snapshot(token, AUDITED_FIELDS),
        )  # fmt: skip
    return token


def user_for_key(key: str) -> tuple[User, ApiToken] | None:
    """The person a key acts for, or None for an unknown, revoked or expired key or a person who
    may no longer use it (left, made inactive)."""
    if not key.startswith(KEY_START) or len(key) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=key_hash(key)).first()
    if token is None or not token.is_valid or not permissions.can_use_api(token.user):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user, token
