"""Paging of every list a page shows (issue 13.5: a case can hold thousands of records, a
referral a thousand replies). Each list has its own query parameter, so that one page can
page several lists; "last" is understood as the last page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


class _TailPaginator(Paginator):  # type: ignore[type-arg]
    """Pages past the middle are read in the reverse order from the end, then turned back:
    the database skips the rows after the page rather than the (many more) before it — the
    register's last page of 100,000 cases. Only for a query whose order is total (a unique
    last key), or the two directions would disagree on ties."""

    def page(self, number: Any) -> Page[Any]:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if not isinstance(self.object_list, QuerySet) or bottom <= self.count // 2:
            return super().page(number)
        from_end = self.object_list.reverse()[self.count - top : self.count - bottom]
        return Page(list(from_end)[::-1], number, self)


def page_of(
    request: HttpRequest,
    items: QuerySet[Any] | Sequence[Any],
    param: str,
    per_page: int,
    *,
    total_order: bool = False,
) -> Page[Any]:
    """The page of `items` that the request's `param` asks for: a number, "last", or the
    first page for anything else. `total_order`: the query's order has a unique last key, so
    a page past the middle may be read from the end."""
    paginator = (_TailPaginator if total_order else Paginator)(items, per_page)
    number = request.GET.get(param)
    return paginator.get_page(paginator.num_pages if number == "last" else number)
