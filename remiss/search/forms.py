from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from remiss.accounts.models import User
from remiss.core.forms import DateInput, PlainLabelsForm, model_choice
from remiss.organisations.models import Registry
from remiss.referrals.models import Stance
from remiss.search.models import EntryKind
from remiss.search.service import Filters


class SearchForm(PlainLabelsForm):
    # Longer text is accepted and cut by the search itself, with a note (remiss.search.text).
    q = forms.CharField(label=_("Search for"), required=False, max_length=20_000)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *EntryKind.choices]
    )
    registry = forms.ModelChoiceField(
        Registry.objects.none(), label=_("Registry"), required=False, empty_label=_("All")
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2200)
    stance = forms.ChoiceField(
        label=_("Stance"), required=False, choices=[("", _("All")), *Stance.choices]
    )
    deadline_from = forms.DateField(label=_("Deadline from"), required=False, widget=DateInput())
    deadline_to = forms.DateField(label=_("Deadline to"), required=False, widget=DateInput())

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "registry").queryset = Registry.objects.filter(
            organisation_id=user.organisation_key
        )

    def filters(self) -> Filters:
        data = self.cleaned_data
        registry = data.get("registry")
        return Filters(
            kind=data.get("kind") or "",
            year=data.get("year"),
            registry=registry.pk if registry else None,
            stance=data.get("stance") or "",
            deadline_from=data.get("deadline_from"),
            deadline_to=data.get("deadline_to"),
        )
