from __future__ import annotations

from django.http import HttpRequest

from remiss.core import permissions


def navigation(request: HttpRequest) -> dict[str, bool]:
    user = getattr(request, "user", None)
    organisation = getattr(user, "organisation", None)
    return {
        "nav_can_register": organisation is not None
        and permissions.can_register(user, organisation),
        "nav_can_send": organisation is not None
        and permissions.can_send_referrals(user, organisation),
        "nav_can_handle_mail": organisation is not None
        and permissions.can_handle_mail(user, organisation),
    }
