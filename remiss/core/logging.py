"""Log filters and the request id. A reply link carries its token in the path
(/svar/<token>/); Django logs the path of every 4xx and 5xx answer, so the token is cut out
before any handler sees it — and so is anything shaped like a personal identity number or a
coordination number (personnummer, samordningsnummer) that a message carries.

Each request has an id (its X-Request-ID when a proxy gave a well-formed one, a new one
otherwise), answered in the same header and written with every log line of the request; a
task enqueued during the request carries it on to the worker (remiss.core.worker), so one
search in the logs finds the request and what it set going."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

REQUEST_ID: ContextVar[str] = ContextVar("request_id", default="")

# The reply link's path is /svar/<token>/ and a calendar address's /kalender/<token>.ics, at the
# site's root (config/urls.py): "/svar/" or "/kalender/" at the start of a path (after a space,
# a quote, an "=" or a host name) followed by a token of at least 20 characters (they have 43).
# Other paths with "svar" in them stay as they are ("/remisser/Fi/2026/3/svar/ladda-upp/",
# "/svar/12/").
_TOKEN_IN_PATH = re.compile(
    r"""(?P<before>^|[\s"'(=]|//[^/\s"']+)(?P<path>/(?:svar|kalender)/)[A-Za-z0-9_\-]{20,}"""
)


# YYMMDD or YYYYMMDD, a "-" or "+" or nothing, four digits; the day plus 60 in a coordination
# number. No check digit is asked for: a number that only looks like one is masked too.
_PERSONAL_NUMBER = re.compile(
    r"(?<![\d-])(?:19|20)?\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])"
    r"[-+]?\d{4}(?![\d-])"
)


def redact(text: str) -> str:
    text = _TOKEN_IN_PATH.sub(r"\g<before>\g<path>[token]", text)
    return _PERSONAL_NUMBER.sub("[personnummer]", text)


class RedactSecrets(logging.Filter):
    """Reply-link tokens and personal identity numbers out of the message, and a request that
    carries one in its path or query out of the record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        request = getattr(record, "request", None)
        full_path = getattr(request, "get_full_path", lambda: getattr(request, "path", ""))()
        if request is not None and redact(full_path) != full_path:
            record.request = None  # a handler would print the request, path and query and all
        return True


class RequestIdFilter(logging.Filter):
    """Writes the current request's (or task's) id on every record, "" outside both."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


_GIVEN_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_started(environ: dict[str, Any] | None = None, **kwargs: Any) -> None:
    """The id is set when the request starts and cleared when it has finished, so that Django's
    own lines about the answer ("Internal Server Error: …", written after every middleware has
    returned) carry it too. Connected in remiss.core.apps."""
    given = (environ or {}).get("HTTP_X_REQUEST_ID", "")
    REQUEST_ID.set(given if _GIVEN_ID.match(given) else uuid.uuid4().hex)


def request_finished(**kwargs: Any) -> None:
    REQUEST_ID.set("")


class RequestIdMiddleware:
    """Answers the request's id in its X-Request-ID header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not REQUEST_ID.get():  # a request not started through a handler (RequestFactory)
            request_started(request.META)
        response = self.get_response(request)
        response["X-Request-ID"] = REQUEST_ID.get()
        return response
