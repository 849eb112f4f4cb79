"""A big case and a big referral (issue 13.5): about 1,400 files arriving through reply links
made the case page, the compilation and its exports answer 500 ("Expression tree is too large"
on SQLite: an IN-list of every record's id). Every list is paged, every query bounded; the
figures at 5,000 records and 1,000 replies are bench/big_case.py's."""

from __future__ import annotations

import csv
import io
import re
from contextlib import contextmanager

import openpyxl
import pytest
from django.db import connection
from django.urls import reverse

from remiss.accounts.models import User
from remiss.consultations.models import OutgoingReferral
from remiss.demo.big import fill_big_referral
from tests.demo_data import load_demo

REPLIES = 1200
OTHER_RECORDS = 300


@contextmanager
def bounded_queries(most: int):
    """At most `most` queries, none with more than a hundred parameters: no query per row and
    no IN-list of the ids of thousands of rows."""
    seen: list[int] = []

    def check(execute, sql, params, many, context):
        seen.append(len(params or ()))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(check):
        yield
    assert len(seen) <= most, f"{len(seen)} queries"
    assert max(seen, default=0) <= 100, f"a query with {max(seen)} parameters"


@pytest.fixture
def big(db, files_dir, client):
    load_demo()
    referral = OutgoingReferral.objects.select_related("case__registry").get()
    fill_big_referral(referral, replies=REPLIES, other_records=OTHER_RECORDS)
    client.force_login(User.objects.get(username="departement"))
    case = referral.case
    number = {"prefix": case.registry.prefix, "year": case.year, "serial": case.serial}
    return referral, number


def test_the_case_page_of_a_big_case_shows_its_records_a_page_at_a_time(big, client):
    referral, _number = big
    url = referral.case.get_absolute_url()
    with bounded_queries(40):  # not one per record or file
        first = client.get(url)
    assert first.status_code == 200
    page = first.content.decode()
    records = referral.case.records.count()
    pages = -(-records // 100)
    assert f"{records} handlingar" in page  # all of them counted
    assert f"Sida 1 av {pages}" in page
    assert "Remissvar från Remissinstans" in page
    assert page.count('<th scope="row">') < 150  # the first hundred records, not 1,500
    last = client.get(url, {"handlingar": "last"}).content.decode()  # or the number
    assert f"Sida {pages} av {pages}" in last
    assert "Tjänsteanteckning 300 om remissvaren" in last
    assert "Tjänsteanteckning 300 om remissvaren" not in page


def test_the_referral_page_pages_its_bodies_and_replies(big, client):
    referral, number = big
    url = reverse("consultations:detail", kwargs=number)
    with bounded_queries(30):
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    # The counts are of all bodies, the lists of one page each.
    bodies = referral.recipients.count()  # the demo's four and the thousand
    assert re.search(rf"{bodies} remissinstanser:\s+svarat {REPLIES},", page)
    assert f"Sida 1 av {-(-bodies // 100)}" in page
    assert f"Sida 1 av {REPLIES // 100}" in page
    second = client.get(url, {"svar": "2", "instanser": "3"}).content.decode()
    assert f"Sida 2 av {REPLIES // 100}" in second
    assert f"Sida 3 av {-(-bodies // 100)}" in second


def test_the_compilation_and_its_exports_of_a_thousand_replies_answer(big, client):
    referral, number = big
    with bounded_queries(30):  # one query per kind of row, none per reply
        page = client.get(reverse("consultations:compilation", kwargs=number))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Sida 1 av 12" in text  # the bodies' table is paged
    proposals = list(referral.proposals.values_list("number", flat=True))
    assert f"Förslag {proposals[0]}:" in text
    chosen = client.get(
        reverse("consultations:compilation", kwargs=number), {"forslag": proposals[-1]}
    ).content.decode()
    assert f'aria-current="page">Förslag {proposals[-1]}<' in chosen

    sheet = client.get(
        reverse("consultations:compilation_download", kwargs={**number, "fmt": "csv"})
    )
    assert sheet.status_code == 200
    rows = list(csv.reader(io.StringIO(sheet.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == REPLIES + 1
    workbook = client.get(
        reverse("consultations:compilation_download", kwargs={**number, "fmt": "xlsx"})
    )
    assert workbook.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(workbook.content)).active
    assert book.max_row == REPLIES + 1
    assert book.freeze_panes == "B2"
    assert book["A1"].font.bold


def test_a_reply_of_a_big_referral_can_be_confirmed(big, client):
    """The confirm page offers every recipient and every other body of the register; the
    recipients are left out of the others by a subquery, not by a list of a thousand ids."""
    referral, number = big
    reply = referral.replies.order_by("pk").last()
    url = reverse("consultations:reply", kwargs={**number, "pk": reply.pk})
    with bounded_queries(30):
        page = client.get(url)
    assert page.status_code == 200
    assert f'value="r{reply.recipient_id}" selected' in page.content.decode()


def test_the_bodies_chosen_and_the_list_of_referrals_are_paged(big, client):
    referral, number = big
    url = reverse("consultations:recipients", kwargs=number)
    with bounded_queries(30):
        page = client.get(url).content.decode()
    bodies = referral.recipients.count()
    assert f"{bodies} remissinstanser" in page
    assert f"Sida 1 av {-(-bodies // 100)}" in page
    assert page.count("<li>") < 150  # one page of the thousand
    with bounded_queries(20):
        assert client.get(reverse("consultations:list")).status_code == 200


def test_a_big_compilation_is_typeset_in_the_background_for_its_requester_only(
    big, client, settings, django_capture_on_commit_callbacks
):
    """Word and PDF of a thousand replies take seconds: above REMISS_EXPORT_REPLIES_IN_REQUEST
    they are made by a task, as the requester sees the replies, and only they fetch the file."""
    from remiss.accounts.models import Role
    from remiss.consultations.models import CompilationExport
    from tests.factories import UserFactory

    referral, number = big
    settings.REMISS_EXPORT_REPLIES_IN_REQUEST = 1000
    # Word here: the same path as PDF, without typesetting a thousand replies in the suite.
    url = reverse("consultations:compilation_download", kwargs={**number, "fmt": "docx"})
    with django_capture_on_commit_callbacks(execute=False) as queued:
        asked = client.get(url)
    export = CompilationExport.objects.get()
    assert asked.status_code == 302
    assert asked["Location"] == reverse("consultations:export", kwargs={**number, "pk": export.pk})
    waiting = client.get(asked["Location"]).content.decode()
    assert "Sammanställningen skapas" in waiting
    assert "Titta igen" in waiting
    file_url = reverse("consultations:export_file", kwargs={**number, "pk": export.pk})
    assert client.get(file_url).status_code == 404  # not made yet
    with django_capture_on_commit_callbacks(execute=True):  # the file is published on commit
        for callback in queued:
            callback()  # the task, as the worker runs it (the immediate backend in tests)
    ready = client.get(asked["Location"]).content.decode()
    assert "Sammanställningen är klar" in ready
    assert "Titta igen" not in ready
    made = client.get(file_url)
    assert made["Content-Disposition"].endswith("Remissammanst%C3%A4llning.docx")
    assert b"".join(made.streaming_content).startswith(b"PK")
    colleague = UserFactory(
        role=Role.ISSUER_OFFICIAL, organisation=referral.case.registry.organisation
    )
    client.force_login(colleague)
    assert client.get(asked["Location"]).status_code == 404  # another's export
    assert client.get(file_url).status_code == 404
    # Below the limit, the same download is made in the request.
    settings.REMISS_EXPORT_REPLIES_IN_REQUEST = REPLIES
    client.force_login(export.requested_by)
    docx = client.get(
        reverse("consultations:compilation_download", kwargs={**number, "fmt": "docx"})
    )
    assert docx.status_code == 200
    assert docx.content.startswith(b"PK")
