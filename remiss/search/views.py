"""The search page: one box over everything the user may see (docs/search.md)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from remiss.accounts.http import AuthenticatedRequest
from remiss.organisations.models import Organisation
from remiss.referrals.models import Stance
from remiss.search import service
from remiss.search.forms import SearchForm
from remiss.search.models import EntryKind


@login_required
@require_GET
def search_page(request: AuthenticatedRequest) -> HttpResponse:
    form = SearchForm(request.GET or None, user=request.user)
    results = None
    pager = None
    if form.is_valid() and form.cleaned_data.get("q", "").strip():
        try:
            number = int(request.GET.get("sida", "1"))
        except ValueError:
            number = 1
        results = service.search(request.user, form.cleaned_data["q"], form.filters(), page=number)
        # The pager's links, over the ranked matches.
        pager = Paginator(range(results.total), service.PER_PAGE).get_page(results.page)
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "results": results,
            "pager": pager,
            "facets": _facets(request, results) if results else [],
        },
    )


def _facets(request: AuthenticatedRequest, results: service.Results) -> list[Facet]:
    """Each facet with a heading and its values as links that narrow the search to them.
    Every user searches in their own organisation (core.permissions.search_scope): an
    organisation facet would have one value, so it is not shown; the bodies are."""
    kinds, stances = dict(EntryKind.choices), dict(Stance.choices)
    bodies = Organisation.objects.in_bulk([pk for pk, _count in results.facets.get("body", [])])
    labelled = [
        ("kind", _("Kind"), [(v, kinds.get(v, v), n) for v, n in results.facets.get("kind", [])]),
        ("year", _("Year"), [(v, str(v), n) for v, n in results.facets.get("year", [])]),
        ("body", _("Body"), [
            (pk, bodies[pk].name, n) for pk, n in results.facets.get("body", []) if pk in bodies
        ]),
        ("stance", _("Stance"), [
            (v, stances.get(v, v), n) for v, n in results.facets.get("stance", [])
        ]),
    ]  # fmt: skip
    facets = []
    for param, heading, values in labelled:
        links = []
        for value, label, count in values:
            query = request.GET.copy()
            query[param] = str(value)
            query.pop("sida", None)  # a narrower search starts at its first page
            links.append(FacetLink(f"?{query.urlencode()}", label, count))
        if links:
            facets.append(Facet(heading, links))
    return facets


@dataclass(frozen=True)
class FacetLink:
    href: str
    label: str
    count: int


@dataclass(frozen=True)
class Facet:
    heading: str
    links: list[FacetLink]
