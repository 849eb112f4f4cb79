"""Canaries: unique strings planted in a secret record, its file and another organisation's
case (outside that organisation's public register) never reach a user without access — not in
any page, header or download a crawl of the whole site reaches as that user, not in a search,
its count or its suggestions; and never in a log line, a stored task result or an e-mail, which
operators read without clearance."""

from __future__ import annotations

import io
import logging
import re
from collections import deque
from urllib.parse import urljoin, urlparse

import pytest
from django.core import mail

from remiss.accounts.models import User
from remiss.cases import files
from remiss.cases.models import Case
from remiss.cases.services import record_add
from remiss.core.worker import LeasedWorker
from remiss.documents.models import FileReading, ReadingStatus
from remiss.documents.readings import reading_request
from remiss.referrals.services import referral_register
from tests.demo_data import load_demo
from tests.documents import make_pdf
from tests.factories import OrganisationFactory, RegistryFactory, UserFactory, referral_kwargs

pytestmark = pytest.mark.django_db

SECRET_SUBJECT = "KANARIE-AMNE-5b1f"
SECRET_FILE_NAME = "KANARIE-FILNAMN-77c2.pdf"
SECRET_FILE_TEXT = "KANARIE-FILTEXT-0d93"
FOREIGN_TITLE = "KANARIE-ANNAN-ORG-a4e6"
CANARIES = [SECRET_SUBJECT, SECRET_FILE_NAME, SECRET_FILE_TEXT, FOREIGN_TITLE]
SKIP = ("/logga-ut/", "/i18n/", "/admin/")
# The public register (remiss.cases.public) shows every organisation's case titles to anyone;
# the secret canaries are still looked for there (and in tests/test_public_register.py).
PUBLIC_REGISTER = "/diarium/"


@pytest.fixture
def planted(files_dir, django_capture_on_commit_callbacks, settings, caplog):
    caplog.set_level(logging.DEBUG)  # every logger, every level: grepped by the tests
    # Tasks go through the database backend here, as in production, so that their stored
    # results can be searched too; a batch worker runs them.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    load_demo()
    registrar = User.objects.get(username="registrator")
    case = Case.objects.get(
        referral__report_title="Promemorian Ett enklare regelverk för färdtjänst"
    )
    with django_capture_on_commit_callbacks(execute=True):
        staged = files.stage_upload(io.BytesIO(make_pdf([SECRET_FILE_TEXT])), SECRET_FILE_NAME)
        record_add(
            actor=registrar,
            case=case,
            direction="incoming",
            document_date=case.referral.received_date,
            counterpart="Privatperson",
            subject=SECRET_SUBJECT,
            staged_files=[staged],
            secrecy_provision="OSL 26 kap. 1 §",
        )
    secret_file = case.records.get(subject=SECRET_SUBJECT).files.get()
    with django_capture_on_commit_callbacks(execute=True):
        reading_request(actor=registrar, record_file=secret_file)
    run_queued_tasks()
    assert FileReading.objects.get(record_file=secret_file).status == ReadingStatus.DONE
    other = OrganisationFactory(name="Sala kommun")
    referral_register(
        actor=UserFactory(role="registrar", organisation=other),
        registry=RegistryFactory(organisation=other, prefix="KS"),
        issuer=case.referral.issuer,
        **referral_kwargs(report_title=FOREIGN_TITLE),
    )
    return case


def run_queued_tasks() -> None:
    """What `remiss worker` does with each queued task, inside the test's transaction."""
    from django_tasks_db.models import DBTaskResult

    worker = LeasedWorker(
        queue_names=["default"], excluded_queue_names=[], interval=0, batch=True,
        backend_name="default", startup_delay=False, max_tasks=None, worker_id="kanarie",
    )  # fmt: skip
    while (queued := DBTaskResult.objects.ready().get_locked()) is not None:
        queued.claim(worker.worker_id)
        worker.run_task(queued)


def crawl(client, limit: int = 400) -> tuple[int, list[str]]:
    seen, queue, hits = set(), deque(["/"]), []
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen or url.startswith(SKIP):
            continue
        seen.add(url)
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", errors="replace")
        headers = " ".join(f"{k}: {v}" for k, v in response.items())
        for canary in CANARIES:
            if canary == FOREIGN_TITLE and url.startswith(PUBLIC_REGISTER):
                continue  # a case's title is in its organisation's public register, by law
            if canary in text or canary in headers or canary.encode() in body:
                hits.append(f"{canary} in {url}")
        if "text/html" in response.get("Content-Type", ""):
            for link in re.findall(r'href="([^"#]+)"', text):
                target = urlparse(urljoin(url, link.replace("&amp;", "&")))
                if not target.netloc and target.path.startswith("/"):
                    path = target.path + (f"?{target.query}" if target.query else "")
                    if "page=" not in path or path.count("page=") == 1:
                        queue.append(path)
    return len(seen), hits


def searches(client) -> list[str]:
    """Search for each canary and for its first part: the page echoes what was typed, but
    neither the results nor their count may show the canary."""
    hits = []
    for canary in CANARIES:
        for query in (canary, canary[:12]):
            text = client.get("/arenden/", {"q": query}).content.decode()
            if query != canary and canary in text:
                hits.append(f"{canary} in a search for {query}")
            if not re.search(r"\b0 (ärenden|cases)\b", text):
                hits.append(f"a search for {query} counts something")
    return hits


def in_logs_tasks_and_mail(caplog) -> list[str]:
    from django_tasks_db.models import DBTaskResult

    stored = [
        " ".join(str(v) for v in row)
        for row in DBTaskResult.objects.values_list(
            "args_kwargs", "return_value", "exception_class_path", "traceback"
        )
    ]
    assert stored  # the reading of the secret file ran as a stored task
    places = {
        "a log line": [record.getMessage() for record in caplog.records],
        "a task result": stored,
        "an e-mail": [f"{m.subject} {m.body} {m.to}" for m in mail.outbox],
    }
    return [
        f"{canary} in {place}"
        for place, texts in places.items()
        for text in texts
        for canary in CANARIES
        if canary in text
    ]


@pytest.mark.parametrize("who", ["handlaggare", "kontor", "politiker", "departement"])
def test_no_canary_reaches_a_user_without_access(client, planted, who, caplog):
    client.force_login(User.objects.get(username=who))
    pages, hits = crawl(client)
    assert pages > 5
    assert hits == []
    assert searches(client) == []
    assert in_logs_tasks_and_mail(caplog) == []


def test_the_canaries_are_reachable_for_those_with_access(client, planted):
    """The crawl would see them: the registrar, cleared for secrets, finds the secret ones."""
    client.force_login(User.objects.get(username="registrator"))
    _pages, hits = crawl(client)
    found = {hit.split(" in ")[0] for hit in hits}
    assert {SECRET_SUBJECT, SECRET_FILE_NAME, SECRET_FILE_TEXT} <= found
    assert FOREIGN_TITLE not in found
    # The search finds by title, so the other organisation's registrar finds that case.
    other = User.objects.get(organisation__name="Sala kommun")
    client.force_login(other)
    text = client.get("/arenden/", {"q": FOREIGN_TITLE[:12]}).content.decode()
    assert FOREIGN_TITLE in text
    assert re.search(r"\b1 (ärende|case)\b", text)
