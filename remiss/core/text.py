"""Stored text in the register's language."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise, lazy


def register_text(message: str | Promise, **params: object) -> str:
    """Text stored in the register is written in the register's language, whatever the
    language of the person's interface."""
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message)
        return text % params if params else text


def lazy_text(message: str | Promise, **params: object) -> Promise:
    """A message with its values, translated only when it is shown: one error can then be said
    in Swedish and in English (a command line's "svenska / English")."""

    def render() -> str:
        text = str(message)
        return text % params if params else text

    return lazy(render, str)()  # type: ignore[return-value]
