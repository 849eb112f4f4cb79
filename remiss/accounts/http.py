"""The request as the pages see it after log-in (typing only)."""

from __future__ import annotations

from django.http import HttpRequest

from remiss.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """A request to a view behind `login_required`: its user is a signed-in `User`, never
    the anonymous one (the pattern django-stubs documents for typed views)."""

    user: User
