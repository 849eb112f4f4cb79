"""The search page: one box over everything the user may see (docs/search.md)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
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
    kinds = dict(EntryKind.choices)
    stances = dict(Stance.choices)
    body_counts = results.facets.get("body", []) if results else []
    # Every user searches in their own organisation (core.permissions.search_scope): the
    # organisation facet would have one value, so it is not shown; the bodies are.
    bodies = Organisation.objects.in_bulk([pk for pk, _count in body_counts])
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "results": results,
            "pager": pager,
            "kind_facet": [
                (value, kinds.get(value, value), count)
                for value, count in (results.facets.get("kind", []) if results else [])
            ],
            "year_facet": results.facets.get("year", []) if results else [],
            "body_facet": [
                (pk, bodies[pk].name, count) for pk, count in body_counts if pk in bodies
            ],
            "stance_facet": [
                (value, stances.get(value, value), count)
                for value, count in (results.facets.get("stance", []) if results else [])
            ],
        },
    )
