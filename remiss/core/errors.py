"""Errors raised by services, carrying a translated message for the person who caused them."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.functional import Promise


class ServiceError(Exception):
    """A refused operation. `message` is a gettext (lazy) string; `field` names the form field."""

    def __init__(self, message: str | Promise, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


class NotAllowed(ServiceError):
    """The actor may not do this; views answer 404 so that existence is not revealed."""


def normalised_or_refused(
    value: str,
    normalise: Callable[[str], str | None],
    message: str | Promise,
    *,
    field: str,
) -> str:
    """ "" for nothing given; the normalised form; or a ServiceError with `message` (which may
    use %(value)s) when the value cannot be normalised."""
    value = (value or "").strip()
    if not value:
        return ""
    normalised = normalise(value)
    if normalised is None:
        raise ServiceError(message % {"value": value}, field=field)
    return normalised
