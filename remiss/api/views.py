"""The pages around the API: what it offers (/api/, public) and a person's keys (/api/nycklar/)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from remiss.accounts.http import AuthenticatedRequest
from remiss.api import tokens
from remiss.api.endpoints import api
from remiss.api.forms import TokenForm
from remiss.api.models import ApiToken
from remiss.core import permissions
from remiss.core.errors import ServiceError
from remiss.core.forms import show_service_error

METHODS = ("get", "post", "put", "patch", "delete")


def _operations() -> list[dict[str, Any]]:
    """Every operation of the OpenAPI document, in its order, for the page."""
    document = api.get_openapi_schema()
    found = []
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                operation = item[method]
                found.append(
                    {
                        "method": method.upper(),
                        "path": f"/api/v1{path}" if not path.startswith("/api/") else path,
                        "summary": operation.get("summary", ""),
                        "public": not operation.get("security"),
                        "writes": method != "get",
                    }
                )
    return found


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "api/index.html", {"operations": _operations()})


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: AuthenticatedRequest) -> HttpResponse:
    """A person's keys: make one (shown once), see when each was last used, revoke it."""
    user = request.user
    if not permissions.can_use_api(user):
        raise Http404
    form = TokenForm(request.POST or None)
    key = ""
    if request.method == "POST" and form.is_valid():
        try:
            token, key = tokens.token_create(
                actor=user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                days=form.cleaned_data["days"],
            )
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(request, _("The key “%(name)s” was made.") % {"name": token.name})
            form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {"form": form, "key": key, "tokens": ApiToken.objects.filter(user=user)},
    )


@login_required
@require_POST
def token_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.select_related("user"), pk=pk)
    try:
        tokens.token_revoke(actor=request.user, token=token)
    except ServiceError as exc:
        raise Http404 from exc
    messages.success(
        request, _("The key “%(name)s” was revoked; it no longer works.") % {"name": token.name}
    )
    return redirect("api_tokens")
