from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from remiss.accounts.models import User
from remiss.cases.models import CaseStatus
from remiss.core.forms import DateInput, PlainLabelsForm, model_choice
from remiss.organisations.models import Organisation, Registry


class RegisterFilters(PlainLabelsForm):
    """The filters the register and the search page share: the user's own registries, the
    year and the deadline."""

    registry = forms.ModelChoiceField(
        Registry.objects.none(), label=_("Registry"), required=False, empty_label=_("All")
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2200)
    deadline_from = forms.DateField(label=_("Deadline from"), required=False, widget=DateInput())
    deadline_to = forms.DateField(label=_("Deadline to"), required=False, widget=DateInput())

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "registry").queryset = Registry.objects.filter(
            organisation_id=user.organisation_key
        )


class CaseFilterForm(RegisterFilters):
    field_order = ["q", "registry", "year", "status", "issuer", "deadline_from", "deadline_to"]

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *CaseStatus.choices]
    )
    issuer = forms.ModelChoiceField(
        Organisation.objects.none(), label=_("Issuer"), required=False, empty_label=_("All")
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, user=user, **kwargs)
        model_choice(self, "issuer").queryset = Organisation.objects.exclude(
            pk=user.organisation_key
        )
