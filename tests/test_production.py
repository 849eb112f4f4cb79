"""A production installation as an operator starts it (issue 13, items 10–13): static files
prepared by `remiss serve` itself, log lines redacted without touching other paths, and the
reader's internal error text kept off the pages."""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from remiss.core.logging import RedactSecrets, redact
from remiss.documents.reader_notes import describe
from tests.instance import ROOT, free_port
from tests.test_security import production

TOKEN = "k3Jd9_aQ-Zx81LmNoPqRsTuVwXyZ0123456789abcde"  # the shape of token_urlsafe(32)


@pytest.mark.slow
def test_remiss_serve_prepares_the_static_files_in_production(tmp_path):
    env = production(tmp_path, REMISS_SSL_REDIRECT="0")
    migrate = subprocess.run(
        [sys.executable, "-m", "remiss", "migrate", "-v", "0"], env=env, cwd=ROOT,
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert migrate.returncode == 0, migrate.stderr
    port = free_port()
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "remiss", "serve", "--port", str(port), "--workers", "1"],
        env=env, cwd=ROOT, stdout=log, stderr=log, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.3)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/logga-in/", timeout=30) as page:
            html = page.read().decode()
            assert page.status == 200
        # The stylesheet is served under its hashed name from the manifest.
        [stylesheet] = [
            part.split('"')[0] for part in html.split('href="')[1:] if ".css" in part.split('"')[0]
        ]
        assert stylesheet.startswith("/static/remiss/remiss.")
        assert stylesheet != "/static/remiss/remiss.css"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{stylesheet}", timeout=30) as css:
            assert css.status == 200
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    assert (tmp_path / "data" / "static" / "staticfiles.json").exists()


def test_log_redaction_cuts_tokens_and_leaves_other_paths():
    assert redact(f"Not Found: /svar/{TOKEN}/") == "Not Found: /svar/[token]/"
    assert redact(f'"GET /svar/{TOKEN}/ HTTP/1.1" 410') == '"GET /svar/[token]/ HTTP/1.1" 410'
    assert redact(f"https://remiss.example.se/svar/{TOKEN}/") == (
        "https://remiss.example.se/svar/[token]/"
    )
    for unrelated in (
        "Not Found: /remisser/Fi/2026/3/svar/ladda-upp/",
        "Not Found: /remisser/Fi/2026/3/svar/12/",
        "Not Found: /arenden/KS/2020/132/remissvar.pdf",
        "Not Found: /svar/12/",
    ):
        assert redact(unrelated) == unrelated


def test_the_log_filter_drops_the_request_of_a_reply_link_only():
    class Request:
        def __init__(self, path: str) -> None:
            self.path = path

    link = logging.LogRecord(
        "django.request", 30, __file__, 1, "Gone: %s", (f"/svar/{TOKEN}/",), None
    )
    link.request = Request(f"/svar/{TOKEN}/")
    other = logging.LogRecord("django.request", 30, __file__, 1, "Not Found: %s", ("/x/",), None)
    other.request = Request("/remisser/Fi/2026/3/svar/ladda-upp/")
    RedactSecrets().filter(link)
    RedactSecrets().filter(other)
    assert TOKEN not in link.getMessage()
    assert link.request is None
    assert other.request is not None


@pytest.mark.parametrize(
    "warning",
    [
        # lxml's message for a Word file with an external entity names what it tried to read
        "unreadable: not a Word document (Entity 'xxe' failed to load: file:///etc/passwd)",
        "unreadable: the PDF cannot be opened (Failed to load document (PDFium: Data format "
        "error) /tmp/remiss-probe-x1/secret-path.pdf)",
        "unreadable: [Errno 13] Permission denied: '/var/lib/remiss/files/ab/cd/abcd'",
        'some-new-code: Traceback (most recent call last): File "/srv/remiss/x.py"',
    ],
)
def test_the_readers_internal_error_text_never_reaches_the_page(warning):
    shown = describe(warning)
    for internal in ("/etc/passwd", "/tmp/", "/var/lib", "Traceback", "Errno", "PDFium", "xxe"):
        assert internal not in shown
    assert shown  # a sentence a person can act on
