"""Stored text in the register's language."""

from __future__ import annotations

import datetime as dt

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


ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December")  # fmt: skip


def date_in_words(value: dt.date | None) -> str:
    """A date in words in the language of the interface: "24 april 2020", "24 April 2020".
    (Documents are Swedish whatever the interface: they use remiss.writing.swedish.)"""
    from remiss.writing.swedish import swedish_date

    if value is not None and (translation.get_language() or "sv").startswith("en"):
        return f"{value.day} {ENGLISH_MONTHS[value.month - 1]} {value.year}"
    return swedish_date(value, with_den=False)
