"""The shared register of bodies: entries proposed by officials are approved by an
administrator (docs/permissions.md)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from remiss.core import permissions
from remiss.core.audit import audited_update
from remiss.core.errors import NotAllowed
from remiss.organisations.models import Organisation


def organisation_approve(*, actor: Any, organisation: Organisation) -> Organisation:
    """An administrator approves a proposed body: referrals may then be sent to it."""
    if not permissions.can_edit_register(actor):
        raise NotAllowed(_("Only an administrator approves bodies in the register."))
    with transaction.atomic():
        return audited_update(
            actor=actor, obj=organisation, changes={"approved": True},
            editable=("approved",), case=None,
        )  # fmt: skip
