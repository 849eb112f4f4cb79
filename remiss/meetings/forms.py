"""Forms of the meetings: a new meeting, a case put on its agenda."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import pgettext_lazy

from remiss.accounts.models import User
from remiss.core.forms import DateInput, PlainLabelsForm, model_choice
from remiss.organisations.models import Body


class MeetingForm(PlainLabelsForm):
    body = forms.ModelChoiceField(
        Body.objects.none(), label=pgettext_lazy("a collegial body", "Body")
    )
    date = forms.DateField(label=_l("Date"), widget=DateInput())

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "body").queryset = Body.objects.filter(
            organisation_id=user.organisation_key
        ).order_by("name")


class AgendaItemForm(PlainLabelsForm):
    case_number = forms.CharField(
        label=_l("Case number"), max_length=30, help_text=_l("For example KS 2026/5.")
    )
