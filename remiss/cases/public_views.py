"""The public register's pages, published replies and feeds: no log-in, read only, and only
through remiss.cases.public."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from remiss.cases import public
from remiss.cases.views import stored_download
from remiss.writing.calendar import DayEvent, to_ics


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value else default
    except ValueError:
        return default


@require_GET
def register_index(request: HttpRequest) -> HttpResponse:
    return render(request, "public/index.html", {"organisations": public.organisations()})


@require_GET
def register_list(request: HttpRequest, org: int) -> HttpResponse:
    organisation = public.organisation(org)
    query = request.GET.get("q", "")[:200]
    year = _int(request.GET.get("ar"))
    result = public.search(org, query=query, year=year, page=_int(request.GET.get("sida"), 1) or 1)
    return render(
        request,
        "public/list.html",
        {
            "organisation": organisation,
            "result": result,
            "query": query,
            "year": year,
            "years": public.years(org),
        },
    )


@require_GET
def register_case(
    request: HttpRequest, org: int, prefix: str, year: int, serial: int
) -> HttpResponse:
    organisation = public.organisation(org)
    return render(
        request,
        "public/case.html",
        {"organisation": organisation, "case": public.case(org, prefix, year, serial)},
    )


@require_GET
def published_list(request: HttpRequest, org: int) -> HttpResponse:
    organisation = public.organisation(org)
    return render(
        request,
        "public/published.html",
        {"organisation": organisation, "publications": public.publications(org)},
    )


@require_GET
def published_download(
    request: HttpRequest, org: int, pk: int, file_pk: int
) -> HttpResponse | FileResponse:
    try:
        found = public.published_file(org, pk, file_pk)
    except public.Withdrawn:
        response = render(
            request, "public/withdrawn.html", {"organisation": public.organisation(org)}
        )
        response.status_code = 410
        return response
    return stored_download(found.sha256, found.name, found.content_type)


FEED_TITLES = {
    "remisser": gettext_lazy("Referrals"),
    "beslut": gettext_lazy("Decisions"),
    "publicerat": gettext_lazy("Published replies"),
}


class OrganisationFeed(Feed):  # type: ignore[type-arg]
    """An Atom feed of one organisation: referrals, decisions or what it published."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, org: int, name: str) -> tuple[Any, str]:
        if name not in public.FEEDS:
            raise Http404
        return public.organisation(org), name

    def title(self, obj: tuple[Any, str]) -> str:
        organisation, name = obj
        return f"{organisation.name}: {FEED_TITLES[name]}"

    def link(self, obj: tuple[Any, str]) -> str:
        return reverse("public_list", kwargs={"org": obj[0].pk})

    def subtitle(self, obj: tuple[Any, str]) -> str:
        return str(_("From the public register of %(name)s") % {"name": obj[0].name})

    def items(self, obj: tuple[Any, str]) -> list[public.FeedItem]:
        organisation, name = obj
        return public.feed(organisation.pk, name)

    def item_title(self, item: public.FeedItem) -> str:
        return item.title

    def item_description(self, item: public.FeedItem) -> str:
        return item.description

    def item_link(self, item: public.FeedItem) -> str:
        # With the entry's key as fragment: the link is also the entry's unique id.
        prefix, year, serial = item.case_path
        return reverse(
            "public_case",
            kwargs={"org": item.organisation_id, "prefix": prefix, "year": year,
                    "serial": serial},
        ) + f"#{item.key}"  # fmt: skip

    def item_pubdate(self, item: public.FeedItem) -> Any:
        return item.at

    def item_updateddate(self, item: public.FeedItem) -> Any:
        return item.at


organisation_feed = require_GET(OrganisationFeed())


@require_GET
def organisation_calendar(request: HttpRequest, org: int) -> HttpResponse:
    """The organisation's public dates as an iCalendar subscription (Outlook: Add calendar →
    Subscribe from web): deadlines of referrals answered and sent, and meetings."""
    organisation = public.organisation(org)
    base = settings.REMISS_BASE_URL
    host = base.split("//", 1)[-1]
    list_url = base + reverse("public_list", kwargs={"org": org})
    events = []
    for item in public.calendar(org):
        url = list_url
        if item.case_path is not None:
            prefix, year, serial = item.case_path
            url = base + reverse(
                "public_case",
                kwargs={"org": org, "prefix": prefix, "year": year, "serial": serial},
            )
        if item.kind == "reply_due":
            summary = _("Reply due to %(issuer)s: %(number)s %(title)s")
        elif item.kind == "replies_due":
            summary = _("Replies due on the referral %(number)s %(title)s")
        else:
            summary = _("Meeting: %(body)s")
        summary %= {"issuer": item.name, "body": item.name, "number": item.number,
                    "title": item.title}  # fmt: skip
        events.append(DayEvent(uid=f"public-{org}-{item.key}@{host}", day=item.day,
                               summary=summary, url=url))  # fmt: skip
    name = _("%(name)s: dates of the register") % {"name": organisation.name}
    response = HttpResponse(
        to_ics(events, name=name, stamp=timezone.now()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="remiss-diarium.ics"'
    return response
