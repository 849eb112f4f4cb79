"""Log-in throttling: django-axes locks one user name from one address after
AXES_FAILURE_LIMIT failures; this handler adds a lock on the address itself after
REMISS_LOGIN_FAILURES_PER_ADDRESS failures across any user names within the cool-off time —
password spraying tries one password on many names. The number is high by default (an office
behind one address shares it)."""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def _address_locked(request: HttpRequest) -> bool:
    address = getattr(request, "axes_ip_address", None)
    if not address:
        return False
    failures = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return (failures or 0) >= settings.REMISS_LOGIN_FAILURES_PER_ADDRESS


class AddressThrottledHandler(AxesDatabaseHandler):  # type: ignore[misc]
    def is_locked(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        """Asked before a log-in is tried: refused when the name or the address is locked."""
        return bool(super().is_locked(request, credentials)) or _address_locked(request)

    def user_login_failed(
        self, sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None,
        **kwargs: Any,
    ) -> None:  # fmt: skip
        """After a failure is recorded: the page answers "locked" (429) for an address too."""
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and _address_locked(request):
            request.axes_locked_out = True  # type: ignore[attr-defined]
