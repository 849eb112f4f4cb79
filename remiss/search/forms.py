from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from remiss.cases.filters import RegisterFilters
from remiss.referrals.models import Stance
from remiss.search.models import EntryKind
from remiss.search.service import Filters


class SearchForm(RegisterFilters):
    field_order = ["q", "kind", "registry", "year", "stance", "deadline_from", "deadline_to"]

    # Longer text is accepted and cut by the search itself, with a note (remiss.search.text).
    q = forms.CharField(label=_("Search for"), required=False, max_length=20_000)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *EntryKind.choices]
    )
    stance = forms.ChoiceField(
        label=_("Stance"), required=False, choices=[("", _("All")), *Stance.choices]
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
