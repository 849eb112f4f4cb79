"""Sessions end when they are left idle: a log-in left open on a shared computer in a town hall
does not stay open for the rest of the day. The absolute age is SESSION_COOKIE_AGE."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

LAST_SEEN = "remiss_last_seen"


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN)
            if last_seen is not None and now - int(last_seen) > settings.SESSION_IDLE_SECONDS:
                logout(request)
                messages.info(request, _("You were logged out after a while without activity."))
                return redirect_to_login(request.get_full_path())
            # Written at most once a minute: not a session write on every request.
            if last_seen is None or now - int(last_seen) >= 60:
                request.session[LAST_SEEN] = now
        return self.get_response(request)
