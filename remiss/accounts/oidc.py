"""Single sign-on: the OpenID Connect provider says who the person is; Remiss decides what they
may do. Only an existing, active user whose e-mail address the provider confirms is logged in;
nobody is created or given a role by the provider."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

logger = logging.getLogger("remiss.oidc")


class ExistingUsersOnly(OIDCAuthenticationBackend):  # type: ignore[misc]  # an untyped library
    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:  # the library's QuerySet
        email = (claims.get("email") or "").strip()
        if not email or claims.get("email_verified") is False:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("email")) and super().verify_claims(claims)


class Callback(OIDCAuthenticationCallbackView):  # type: ignore[misc]  # an untyped library
    """A forged or replayed answer from the provider (wrong state, a signature that does not
    verify) ends on the log-in page with the same message as any failed sign-on, not on an
    error page; the reason goes to the log."""

    http_method_names = ["get"]

    def get(self, request: HttpRequest) -> Any:  # the library's response
        try:
            return super().get(request)
        except SuspiciousOperation as exc:
            logger.warning("single sign-on refused: %s", exc)
            return self.login_failure()
