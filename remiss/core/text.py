"""Stored text in the register's language."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise


def register_text(message: str | Promise, **params: object) -> str:
    """Text stored in the register is written in the register's language, whatever the
    language of the person's interface."""
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message)
        return text % params if params else text
