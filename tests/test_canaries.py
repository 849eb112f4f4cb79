"""Canaries: unique strings planted in a secret record, its file and another organisation's
case never reach a user without access — not in any page, header or download a crawl of the
whole site reaches as that user."""

from __future__ import annotations

import io
import re
from collections import deque
from urllib.parse import urljoin, urlparse

import pytest
from django.core.management import call_command

from remiss.accounts.models import User
from remiss.cases import files
from remiss.cases.models import Case
from remiss.cases.services import record_add
from remiss.referrals.services import referral_register
from tests.documents import make_pdf
from tests.factories import OrganisationFactory, RegistryFactory, UserFactory, referral_kwargs

pytestmark = pytest.mark.django_db

SECRET_SUBJECT = "KANARIE-AMNE-5b1f"
SECRET_FILE_NAME = "KANARIE-FILNAMN-77c2.pdf"
SECRET_FILE_TEXT = "KANARIE-FILTEXT-0d93"
FOREIGN_TITLE = "KANARIE-ANNAN-ORG-a4e6"
CANARIES = [SECRET_SUBJECT, SECRET_FILE_NAME, SECRET_FILE_TEXT, FOREIGN_TITLE]
SKIP = ("/logga-ut/", "/i18n/", "/admin/")


@pytest.fixture
def planted(files_dir, django_capture_on_commit_callbacks):
    call_command("demo", stdout=io.StringIO())
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
    other = OrganisationFactory(name="Sala kommun")
    referral_register(
        actor=UserFactory(role="registrar", organisation=other),
        registry=RegistryFactory(organisation=other, prefix="KS"),
        issuer=case.referral.issuer,
        **referral_kwargs(report_title=FOREIGN_TITLE),
    )
    return case


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


@pytest.mark.parametrize("who", ["handlaggare", "kontor", "politiker", "departement"])
def test_no_canary_reaches_a_user_without_access(client, planted, who):
    client.force_login(User.objects.get(username=who))
    pages, hits = crawl(client)
    assert pages > 5
    assert hits == []


def test_the_canaries_are_reachable_for_those_with_access(client, planted):
    """The crawl would see them: the registrar, cleared for secrets, finds the secret ones."""
    client.force_login(User.objects.get(username="registrator"))
    _pages, hits = crawl(client)
    found = {hit.split(" in ")[0] for hit in hits}
    assert {SECRET_SUBJECT, SECRET_FILE_NAME, SECRET_FILE_TEXT} <= found
    assert FOREIGN_TITLE not in found
