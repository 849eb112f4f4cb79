from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from remiss.accounts.models import User
from remiss.cases.filters import RegisterFilters
from remiss.core.forms import model_choice
from remiss.organisations.models import Organisation
from remiss.referrals.models import Stance
from remiss.search.models import EntryKind
from remiss.search.service import Filters


class SearchForm(RegisterFilters):
    field_order = [
        "q", "kind", "registry", "year", "body", "stance", "deadline_from", "deadline_to"
    ]  # fmt: skip

    # Longer text is accepted and cut by the search itself, with a note (remiss.search.text).
    q = forms.CharField(label=_("Search for"), required=False, max_length=20_000)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *EntryKind.choices]
    )
    stance = forms.ChoiceField(
        label=_("Stance"), required=False, choices=[("", _("All")), *Stance.choices]
    )
    # The other party: the body a reply came from, or the issuer of a referral received.
    body = forms.ModelChoiceField(
        Organisation.objects.none(), label=_("Body"), required=False, empty_label=_("All")
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, user=user, **kwargs)
        model_choice(self, "body").queryset = Organisation.objects.exclude(
            pk=user.organisation_key
        ).order_by("name")

    def filters(self) -> Filters:
        data = self.cleaned_data
        registry = data.get("registry")
        body = data.get("body")
        return Filters(
            kind=data.get("kind") or "",
            year=data.get("year"),
            registry=registry.pk if registry else None,
            stance=data.get("stance") or "",
            body=body.pk if body else None,
            deadline_from=data.get("deadline_from"),
            deadline_to=data.get("deadline_to"),
        )
