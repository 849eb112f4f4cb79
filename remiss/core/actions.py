"""One-button actions (mark ready, close, approve, decline, take off a list): the page calls a
service and shows its answer as a message. Not allowed answers 404, like a missing object."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest

from remiss.core.errors import NotAllowed, ServiceError


def perform(request: HttpRequest, action: Callable[[], object], success: str) -> bool:
    """Run the action; its refusal becomes the page's error message. True when it was done."""
    try:
        action()
    except NotAllowed as exc:
        raise Http404 from exc
    except ServiceError as exc:
        messages.error(request, str(exc.message))
        return False
    messages.success(request, success)
    return True
