"""The public register's pages: no log-in, read only, and only through remiss.cases.public."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from remiss.cases import public


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
