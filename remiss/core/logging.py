"""Log filters. A reply link carries its token in the path (/svar/<token>/); Django logs the
path of every 4xx and 5xx answer, so the token is cut out before any handler sees it."""

from __future__ import annotations

import logging
import re

# The reply link's path is /svar/<token>/ at the site's root (config/urls.py): "/svar/" at the
# start of a path (after a space, a quote, an "=" or a host name) followed by a token of at
# least 20 characters (they have 43). Other paths with "svar" in them stay as they are
# ("/remisser/Fi/2026/3/svar/ladda-upp/", "/svar/12/").
_TOKEN_IN_PATH = re.compile(
    r"""(?P<before>^|[\s"'(=]|//[^/\s"']+)(?P<path>/svar/)[A-Za-z0-9_\-]{20,}"""
)


def redact(text: str) -> str:
    return _TOKEN_IN_PATH.sub(r"\g<before>\g<path>[token]", text)


class RedactReplyTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        request = getattr(record, "request", None)
        if request is not None and redact(getattr(request, "path", "")) != request.path:
            record.request = None  # Django's handlers would print the request, path and all
        return True
