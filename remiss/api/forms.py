from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from remiss.api.models import Scope
from remiss.api.tokens import DEFAULT_DAYS, MAX_DAYS
from remiss.core.forms import PlainLabelsForm


class TokenForm(PlainLabelsForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the key is for, e.g. the system that will use it."),
    )
    scope = forms.ChoiceField(
        label=_("May"), choices=Scope.choices, initial=Scope.READ, widget=forms.RadioSelect
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=MAX_DAYS, initial=DEFAULT_DAYS
    )
