"""schemathesis against the API's own OpenAPI document (issue 17 §4): every operation, with
generated valid and invalid input, as anyone and with a key that may write, on the demo data —
and again with the path of a real case and referral, so that the answers with content are checked
too. No answer may be a server error or differ from what the document says (status, content type,
body schema, headers). The full run (more examples) is `make test-full`'s
REMISS_API_EXAMPLES=100."""

from __future__ import annotations

import io
import os

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from remiss.accounts.models import User
from remiss.api import tokens
from remiss.api.models import Scope
from remiss.cases import files
from remiss.cases.models import Case
from remiss.consultations.replies import replies_upload
from tests.demo_data import load_demo
from tests.documents import make_pdf
from tests.factories import ministry_referral

pytestmark = pytest.mark.django_db

# Every check but two, which ask what this API does not promise: that all schema-valid input is
# accepted (a service refuses well-formed input by the register's rules — a provision not in OSL,
# a file that is not what its name says, a duplicate reply — with 400 and its reason, as
# documented) and that every schema-violating request is refused (unknown query parameters are
# ignored, as HTTP APIs commonly do; wrong types and ranges are refused: tests/test_api.py).
NOT_CHECKED = [positive_data_acceptance, negative_data_rejection]
EXAMPLES = int(os.environ.get("REMISS_API_EXAMPLES", "12"))


@pytest.fixture
def wsgi_app(files_dir):
    """The application as a WSGI server runs it, in this test's transaction: the connection is
    not closed at the start and end of each request (as Django's own test client arranges)."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        for signal in (signals.request_started, signals.request_finished):
            signal.connect(close_old_connections)


@pytest.fixture
def demo(files_dir, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
        referral = ministry_referral(proposals=(("5.1", "Tillsyn"),), sent=True)
        staged = files.stage_upload(
            io.BytesIO(make_pdf(["Boverket", "Boverket tillstyrker förslaget i avsnitt 5.1."])),
            "Boverket.pdf",
        )
        replies_upload(
            actor=User.objects.get(username="departement"), referral=referral, staged=[staged]
        )


def _run(operation, headers: dict[str, str], mode: GenerationMode, seen: set[int], **fixed) -> None:
    @given(case=operation.as_strategy(generation_mode=mode, **fixed))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case) -> None:
        response = case.call_and_validate(headers=headers, excluded_checks=NOT_CHECKED)
        seen.add(response.status_code)

    check()


def test_every_operation_keeps_to_the_openapi_document(wsgi_app, demo):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    official = User.objects.get(username="departement")
    _token, key = tokens.token_create(actor=official, name="schemathesis", scope=Scope.WRITE)
    with_key = {"Authorization": f"Bearer {key}"}
    referral = Case.objects.get(outgoing_referral__report_title="Bättre tillsyn")
    real_paths = {
        "org": referral.registry.organisation_id,
        "prefix": referral.registry.prefix,
        "year": referral.year,
        "serial": referral.serial,
    }
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    answered: dict[str, set[int]] = {}
    for operation in operations:
        seen = answered.setdefault(operation.label, set())
        names = {p.name for p in operation.path_parameters}
        _run(operation, with_key, GenerationMode.POSITIVE, seen)
        if names or len(operation.query) or len(operation.body):  # something to get wrong
            _run(operation, with_key, GenerationMode.NEGATIVE, seen)
        _run(operation, {}, GenerationMode.POSITIVE, seen)  # no key: 401 where one is needed
        if names:
            fixed = {k: v for k, v in real_paths.items() if k in names}
            _run(operation, with_key, GenerationMode.POSITIVE, seen, path_parameters=fixed)
    # The run reached the content, not only the refusals: every reading operation answered
    # with content at least once, and every operation that needs a key refused one without.
    for label, statuses in answered.items():
        if label.startswith("GET"):
            assert 200 in statuses, (label, statuses)
        if "/public/" not in label:
            assert 401 in statuses, (label, statuses)
