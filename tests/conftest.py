from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from django.core.management.commands import flush
from django.db import connections

from remiss.accounts.models import Role
from tests.factories import MinistryFactory, OrganisationFactory, RegistryFactory, UserFactory

_original_flush = flush.Command.handle


def _set_audit_guard(alias: str, enabled: int) -> None:
    with connections[alias].cursor() as cursor:
        cursor.execute("UPDATE core_audit_guard SET enabled = %s", [enabled])


def _flush_with_guard_lifted(self, **options):
    """Transactional tests empty the database between tests; the append-only guard on the
    audit trail is lifted for that flush only, as a database administrator could."""
    alias = options.get("database", "default")
    _set_audit_guard(alias, 0)
    try:
        return _original_flush(self, **options)
    finally:
        _set_audit_guard(alias, 1)


flush.Command.handle = _flush_with_guard_lifted


def _sqlite_test_database() -> Path | None:
    from django.db import connection

    if connection.vendor != "sqlite":
        return None
    return Path(connection.settings_dict["TEST"]["NAME"])


@pytest.fixture(scope="session")
def django_db_keepdb(request, django_db_modify_db_settings) -> bool:
    """On SQLite the test database starts as a copy of one an earlier run migrated with the
    same migrations and packages (tests/migrated.py), kept as it is: then Django finds every
    migration applied. Otherwise pytest-django's --reuse-db decides."""
    from tests import migrated

    if (path := _sqlite_test_database()) is not None and migrated.kept("test").exists():
        migrated.copy(migrated.kept("test"), path)
        request.config.stash[_COPIED_TEST_DATABASE] = path
        return True
    return bool(request.config.getvalue("reuse_db"))


_COPIED_TEST_DATABASE = pytest.StashKey[Path]()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """pytest-django's set-up; a database it migrated is kept for the next run, and a copy
    used instead is removed at the end."""
    from django.db import connection

    from tests import migrated

    copied = request.config.stash.get(_COPIED_TEST_DATABASE, None)
    if copied is None and _sqlite_test_database() is not None:
        with django_db_blocker.unblock():
            connection.ensure_connection()
            migrated.keep(connection.connection, "test")
    yield
    if copied is not None:
        for leftover in (copied, *copied.parent.glob(copied.name + "-*")):  # -wal, -shm
            leftover.unlink(missing_ok=True)


@pytest.fixture
def city(db):
    return OrganisationFactory(name="Uppsala kommun")


@pytest.fixture
def ministry(db):
    return MinistryFactory(name="Finansdepartementet", case_prefix="Fi")


@pytest.fixture
def registry(city):
    return RegistryFactory(organisation=city, prefix="KS")


@pytest.fixture
def registrar(city):
    return UserFactory(username="registrator", role=Role.REGISTRAR, organisation=city)


@pytest.fixture
def files_dir(settings, tmp_path):
    settings.FILES_DIR = tmp_path / "files"
    return settings.FILES_DIR


@pytest.fixture(autouse=True)
def _own_audit_checkpoints(settings, tmp_path):
    """Each test's database is new, so are its signed checkpoints of the audit chain."""
    settings.REMISS_AUDIT_CHECKPOINTS = tmp_path / "audit-checkpoints.log"


@pytest.fixture(autouse=True)
def _own_folder_in_the_bucket(settings):
    """When the suite keeps files on object storage (`make test-s3`), each test has its own
    folder in the bucket, as it has its own data folder otherwise."""
    if "files" in settings.STORAGES:
        import uuid

        files = settings.STORAGES["files"]
        options = {**files["OPTIONS"], "location": f"test-{uuid.uuid4().hex}"}
        settings.STORAGES = {**settings.STORAGES, "files": {**files, "OPTIONS": options}}


@pytest.fixture(scope="session")
def s3_server():
    """A real S3 API server (moto) on the loopback with an empty bucket, for this run."""
    from tests import s3server

    server = s3server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def imap_server():
    """A real IMAP server (pymap) on the loopback, for this run (tests/imapserver.py)."""
    from tests import imapserver

    server = imapserver.start()
    yield server
    server.stop()


@pytest.fixture
def s3_bucket(settings, files_dir, s3_server):
    """Files kept in a bucket of `s3_server` (a folder of its own for this test), as an
    installation with REMISS_S3_BUCKET keeps them; uploads still staged in `files_dir`."""
    import uuid

    settings.STORAGES = {
        **settings.STORAGES,
        "files": s3_server.storage(location=f"test-{uuid.uuid4().hex}"),
    }
    return s3_server


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on a free local port; Django sends to it over SMTP.
    `.messages` holds what arrived, parsed."""
    import email
    import socket
    from email import policy

    from aiosmtpd.controller import Controller

    class Collect:
        def __init__(self) -> None:
            self.messages: list[email.message.EmailMessage] = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
            return "250 Message accepted for delivery"

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    yield handler
    controller.stop()


_SET_ASIDE: list[asyncio.AbstractEventLoop | None] = []  # the loop a running test set aside


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    """pytest-playwright's sync API leaves its event loop marked as running in a worker's main
    thread once a browser test has run in that worker; Django's test client can then not call
    an async view (/ready). A test marked `async_views` has the loop set aside from before its
    first fixture to after its last: Django keeps one connection while a loop runs and another
    while none does, so a transaction the database fixture opened with the loop in place would
    hold the write lock against the test's own queries (seen as "database is locked")."""
    if item.get_closest_marker("async_views") is None:
        return (yield)
    _SET_ASIDE.append(asyncio._get_running_loop())
    asyncio._set_running_loop(None)
    try:
        return (yield)
    finally:
        put_back_event_loop()


def put_back_event_loop() -> None:
    """The loop set aside goes back (also before pytest-playwright's own teardown, which needs
    it and may come in the teardown of a test that set it aside)."""
    if _SET_ASIDE:
        asyncio._set_running_loop(_SET_ASIDE.pop())


REPLY = [
    "Yttrande över Med tillit följer bättre resultat (SOU 2019:43)\n"
    "Er beteckning: Fi2019/03441/SFÖ\n\n"
    "Sala kommun har beretts tillfälle att yttra sig över betänkandet.\n\n"
    "Kommunen tillstyrker förslaget om stöd till statliga myndigheter.\n\n"
    "Kommunen avstyrker förslaget om en regeringsnära utvecklingsmiljö.",
]


@pytest.fixture
def reply_file(registrar, registry, ministry, files_dir, django_capture_on_commit_callbacks):
    """Sala kommun's reply to SOU 2019:43 (a PDF; REPLY) registered on a referral with two
    proposals; with `s3_bucket` asked for first, it is stored in the bucket."""
    import io

    from remiss.cases import files
    from remiss.cases.models import Direction
    from remiss.cases.services import record_add
    from remiss.referrals.services import ProposalInput, referral_register
    from tests.documents import make_pdf
    from tests.factories import referral_kwargs

    referral = referral_register(
        actor=registrar,
        registry=registry,
        issuer=ministry,
        proposals=[
            ProposalInput("1", "Stöd till statliga myndigheter"),
            ProposalInput("2", "En regeringsnära utvecklingsmiljö"),
        ],
        **referral_kwargs(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        staged = files.stage_upload(io.BytesIO(make_pdf(REPLY)), "Fi2019-03441 Sala kommun.pdf")
        record = record_add(
            actor=registrar,
            case=referral.case,
            direction=Direction.INCOMING,
            document_date=referral.received_date,
            counterpart="Sala kommun",
            subject="Remissvar från Sala kommun",
            staged_files=[staged],
        )
    return record.files.get()
