"""A person's calendar subscription: the page that makes its address, and the feed itself."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from remiss.accounts import services
from remiss.accounts.http import AuthenticatedRequest
from remiss.accounts.models import CalendarFeed
from remiss.core import permissions
from remiss.meetings.calendar import events_for
from remiss.writing.calendar import to_ics


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def calendar_page(request: AuthenticatedRequest) -> HttpResponse:
    """Make, replace or remove the address. A new address is shown once, in the answer to the
    request that made it; only its hash is kept."""
    user = request.user
    if not permissions.can_subscribe_calendar(user):
        raise Http404
    address = ""
    if request.method == "POST":
        if request.POST.get("action") == "remove":
            services.calendar_feed_remove(actor=user)
            messages.success(request, _("The calendar address was removed; it no longer works."))
            return redirect("calendar")
        token = services.calendar_feed_renew(actor=user)
        address = request.build_absolute_uri(reverse("calendar_feed", args=[token]))
    return render(
        request,
        "accounts/calendar.html",
        {
            "address": address,
            "feed": CalendarFeed.objects.filter(user=user).first(),
            "events": events_for(user)[:10],
        },
    )


@never_cache
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The calendar, for whoever holds the address (a calendar program cannot log in): what the
    person may see now, or 404 for an address that was replaced, removed or never made."""
    user = services.calendar_feed_user(token)
    if user is None:
        raise Http404
    name = _("Remiss – %(name)s") % {"name": user.get_full_name() or user.username}
    response = HttpResponse(
        to_ics(events_for(user), name=name, stamp=timezone.now()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="remiss.ics"'
    return response
