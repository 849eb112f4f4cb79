"""Paging: a page past the middle of a long list is read from the end (the register's last page
of 100,000 cases); it holds exactly what reading from the start would give, for every sort of
the register, ties and empty deadlines included."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import RequestFactory

from remiss.cases.models import Case
from remiss.cases.services import case_register
from remiss.cases.views import SORTS
from remiss.core.paging import page_of

pytestmark = pytest.mark.django_db
PER_PAGE = 4


@pytest.fixture
def cases(registrar, registry):
    titles = ["Remiss om tillit", "Remiss om vatten", "Remiss om tillit", "Ärende om skola"]
    for n in range(23):
        case_register(actor=registrar, registry=registry, title=titles[n % len(titles)])
    for n, case in enumerate(Case.objects.order_by("id")):
        deadline = None if n % 5 == 0 else dt.date(2026, 1, 1) + dt.timedelta(days=n % 7)
        Case.objects.filter(pk=case.pk).update(deadline=deadline)
    return Case.objects.all()


@pytest.mark.parametrize("sort", sorted(SORTS))
def test_every_page_read_from_the_end_equals_the_page_read_from_the_start(cases, sort):
    ordered = cases.order_by(*SORTS[sort])
    expected = list(ordered)
    pages = -(-len(expected) // PER_PAGE)
    for number in [*range(1, pages + 1), "last"]:
        request = RequestFactory().get("/", {"page": number})
        page = page_of(request, ordered, "page", PER_PAGE, total_order=True)
        n = pages if number == "last" else number
        assert list(page.object_list) == expected[(n - 1) * PER_PAGE : n * PER_PAGE], (sort, n)
        assert page.number == n
