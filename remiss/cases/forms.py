"""Forms of the case page: register a document, mark secrecy, assign the case."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from remiss.accounts.models import Role, User
from remiss.cases.models import Direction
from remiss.core.forms import DateInput, MultipleFileField, PlainLabelsForm, model_choice
from remiss.organisations.models import Person, Unit

SECRECY_HELP = _(
    "Only when the document holds secret information, e.g. OSL 21 kap. 7 § or OSL 26 kap. 1 §."
)
PUBLIC_SUBJECT_HELP = _(
    "What the public register shows instead of the subject while the document is secret."
)


class RecordForm(PlainLabelsForm):
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    document_date = forms.DateField(
        label=_("Received or sent"), widget=DateInput(), initial=timezone.localdate
    )
    counterpart = forms.CharField(label=_("Sender or recipient"), max_length=300)
    subject = forms.CharField(label=_("Subject"), max_length=500)
    files = MultipleFileField(label=_("Files"), required=False)
    secrecy_provision = forms.CharField(
        label=_("Secrecy provision"), required=False, max_length=100, help_text=SECRECY_HELP
    )
    public_subject = forms.CharField(
        label=_("Public subject"), required=False, max_length=500, help_text=PUBLIC_SUBJECT_HELP
    )

    def __init__(self, *args: object, may_mark_secrecy: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not may_mark_secrecy:
            del self.fields["secrecy_provision"]
            del self.fields["public_subject"]


class SecrecyForm(PlainLabelsForm):
    secrecy_provision = forms.CharField(
        label=_("Secrecy provision"),
        required=False,
        max_length=100,
        help_text=_("Leave empty to lift the secrecy marking."),
    )
    public_subject = forms.CharField(
        label=_("Public subject"), required=False, max_length=500, help_text=PUBLIC_SUBJECT_HELP
    )


class AssignmentForm(PlainLabelsForm):
    responsible_unit = forms.ModelChoiceField(
        Unit.objects.none(), label=_("Responsible unit"), required=False
    )
    case_officer = forms.ModelChoiceField(
        User.objects.none(), label=_("Case officer"), required=False
    )
    presenter = forms.ModelChoiceField(Person.objects.none(), label=_("Presenter"), required=False)

    def __init__(self, *args: object, organisation_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "responsible_unit").queryset = Unit.objects.filter(
            organisation_id=organisation_id
        )
        model_choice(self, "case_officer").queryset = User.objects.filter(
            organisation_id=organisation_id, role=Role.CASE_OFFICER, is_active=True
        )
        model_choice(self, "presenter").queryset = Person.objects.filter(
            organisation_id=organisation_id
        )
