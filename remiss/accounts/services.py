"""A person's own settings that are not the administrator's to make: the calendar subscription."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from remiss.accounts.models import CalendarFeed, User
from remiss.core import permissions
from remiss.core.audit import audit_log, snapshot
from remiss.core.errors import NotAllowed
from remiss.core.models import AuditAction


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_feed_renew(*, actor: User) -> str:
    """A new secret for the person's calendar address, replacing any earlier one (which stops
    working at once). Returned once, to be shown once; only its hash is kept."""
    if not permissions.can_subscribe_calendar(actor):
        raise NotAllowed(_("You may not subscribe to a calendar from Remiss."))
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        calendar_feed_remove(actor=actor)  # the old address, removed in the trail too
        feed = CalendarFeed.objects.create(user=actor, token_sha256=_digest(token))
        # The hash is not written in the trail: the trail is read by more people than the owner.
        audit_log(actor=actor, action=AuditAction.CREATE, obj=feed, after=snapshot(feed, ["user"]))
    return token


def calendar_feed_remove(*, actor: User) -> None:
    with transaction.atomic():
        for feed in CalendarFeed.objects.filter(user=actor):
            audit_log(
                actor=actor, action=AuditAction.DELETE, obj=feed, before=snapshot(feed, ["user"])
            )
            feed.delete()


def calendar_feed_user(token: str) -> User | None:
    """The person whose calendar address this is, if it is one and they may still have it."""
    if not token or len(token) > 100:
        return None
    feed = CalendarFeed.objects.select_related("user").filter(token_sha256=_digest(token)).first()
    if feed is None or not permissions.can_subscribe_calendar(feed.user):
        return None
    return feed.user
