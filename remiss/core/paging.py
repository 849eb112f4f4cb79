"""Paging of every list a page shows (issue 13.5: a case can hold thousands of records, a
referral a thousand replies). Each list has its own query parameter, so that one page can
page several lists; "last" is understood as the last page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def page_of(
    request: HttpRequest, items: QuerySet[Any] | Sequence[Any], param: str, per_page: int
) -> Page[Any]:
    """The page of `items` that the request's `param` asks for: a number, "last", or the
    first page for anything else."""
    paginator = Paginator(items, per_page)
    number = request.GET.get(param)
    return paginator.get_page(paginator.num_pages if number == "last" else number)
