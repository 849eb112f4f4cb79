from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from remiss.core.text import date_in_words

register = template.Library()


@register.filter
def sv_date(value: dt.date | None) -> str:
    """The date in words in the user's language: "24 april 2020", "24 April 2020"."""
    return date_in_words(value)


@register.filter
def days_left(deadline: dt.date | None) -> int | None:
    if deadline is None:
        return None
    return (deadline - timezone.localdate()).days


@register.filter
def absolute(value: int) -> int:
    return abs(value)


@register.simple_tag(takes_context=True)
def query_with(context: template.Context, **changes: object) -> str:
    """The current query string with some parameters changed (for sorting and paging links)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return str(query.urlencode())


@register.simple_tag(takes_context=True)
def page_query(context: template.Context, param: str, number: int) -> str:
    """The current query string with one page parameter changed (includes/pager.html: a page
    can have several paged lists, each with its own parameter)."""
    return query_with(context, **{param: number})


@register.filter
def get_item(mapping: dict[object, object], key: object) -> object:
    return mapping.get(key) if mapping else None
