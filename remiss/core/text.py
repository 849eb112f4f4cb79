"""Swedish forms of dates and stored text."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise

SWEDISH_MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip


def swedish_date(value: dt.date | None, *, with_den: bool = True) -> str:
    """ "den 24 april 2020", as Swedish documents write dates."""
    if value is None:
        return ""
    text = f"{value.day} {SWEDISH_MONTHS[value.month - 1]} {value.year}"
    return f"den {text}" if with_den else text


def register_text(message: str | Promise, **params: object) -> str:
    """Text stored in the register is written in the register's language, whatever the
    language of the person's interface."""
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message)
        return text % params if params else text
