"""Log filters. A reply link carries its token in the path (/svar/<token>/); Django logs the
path of every 4xx and 5xx answer, so the token is cut out before any handler sees it."""

from __future__ import annotations

import logging
import re

_TOKEN_IN_PATH = re.compile(r"(/svar/)[A-Za-z0-9_\-]+")


def redact(text: str) -> str:
    return _TOKEN_IN_PATH.sub(r"\1[token]", text)


class RedactReplyTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        request = getattr(record, "request", None)
        if request is not None and "/svar/" in getattr(request, "path", ""):
            record.request = None  # Django's handlers would print the request, path and all
        return True
