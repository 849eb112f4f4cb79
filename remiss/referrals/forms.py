"""The one form that registers an incoming referral."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from remiss.accounts.models import Role, User
from remiss.core.errors import ServiceError
from remiss.core.forms import DateInput, MultipleFileField, PlainLabelsForm, model_choice
from remiss.organisations.models import Organisation, Person, Registry, Unit
from remiss.reading.proposals import ProposalListError, parse_proposal_list
from remiss.reading.references import CaseNumber, parse_case_number
from remiss.referrals.services import ProposalInput, clean_report_ref


def proposals_from_text(text: str) -> list[ProposalInput]:
    """A pasted numbered list of proposals, or a form error naming the line it could not read."""
    try:
        parsed = parse_proposal_list(text)
    except ProposalListError as exc:
        raise forms.ValidationError(
            _(
                "Line %(line)s could not be read as a proposal: “%(content)s”. Start each "
                "proposal with its number, e.g. “1.” or “4.3”, and give each number once."
            ),
            params={"line": exc.line, "content": exc.content},
        ) from exc
    return [ProposalInput(p.number, p.title, p.text) for p in parsed]


class ReferralFieldsForm(PlainLabelsForm):
    """The referral's own facts, as registered and as changed later."""

    issuer_dnr = forms.CharField(
        label=_("Issuer's case number"),
        required=False,
        max_length=60,
        help_text=_("For example Fi2019/03090."),
    )
    report_ref = forms.CharField(
        label=_("Report reference"),
        required=False,
        max_length=40,
        help_text=_("For example SOU 2019:43, Ds 2022:9 or prop. 2017/18:186."),
    )
    report_title = forms.CharField(label=_("Report title"), max_length=500)
    received_date = forms.DateField(label=_("Received"), widget=DateInput())
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())
    reply_addresses = forms.CharField(
        label=_("Addresses for the reply"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "The e-mail addresses the referral letter names for replies, one per line, e.g. "
            "fi.remissvar@regeringskansliet.se. Empty: the issuer's mailbox in the register."
        ),
    )

    def clean_report_ref(self) -> str:
        try:
            return clean_report_ref(self.cleaned_data.get("report_ref", ""))
        except ServiceError as exc:
            raise forms.ValidationError(str(exc.message)) from exc

    def clean_reply_addresses(self) -> list[str]:
        addresses = self.cleaned_data.get("reply_addresses", "").replace(",", "\n").split()
        for address in addresses:
            try:
                validate_email(address)
            except forms.ValidationError as exc:
                raise forms.ValidationError(
                    _("“%(value)s” is not an e-mail address."), params={"value": address}
                ) from exc
        return list(dict.fromkeys(addresses))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        received, deadline = data.get("received_date"), data.get("deadline")
        if received and deadline and deadline < received:
            self.add_error("deadline", _("The deadline is before the date received."))
        return data


class ReferralEditForm(ReferralFieldsForm):
    """Change a registered referral (audited): the case's title, the issuer, a number or an
    address added from the letter."""

    title = forms.CharField(
        label=_("Case title"),
        max_length=500,
        help_text=_("As the register shows it. It follows the report's title until you change it."),
    )
    issuer = forms.ModelChoiceField(
        Organisation.objects.none(),
        label=_("Issuer"),
        help_text=_("The ministry or body that sent the referral: the case's party."),
    )
    field_order = ["title", "issuer"]

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "issuer").queryset = Organisation.objects.exclude(
            pk=user.organisation_key
        )

    def clean_reply_addresses(self) -> str:  # type: ignore[override]
        return "\n".join(super().clean_reply_addresses())


class ReferralRegisterForm(ReferralFieldsForm):
    registry = forms.ModelChoiceField(Registry.objects.none(), label=_("Registry"))
    issuer = forms.ModelChoiceField(
        Organisation.objects.none(),
        label=_("Issuer"),
        help_text=_("The ministry or body that sent the referral."),
    )
    responsible_unit = forms.ModelChoiceField(
        Unit.objects.none(), label=_("Responsible unit"), required=False
    )
    case_officer = forms.ModelChoiceField(
        User.objects.none(), label=_("Case officer"), required=False
    )
    presenter = forms.ModelChoiceField(Person.objects.none(), label=_("Presenter"), required=False)
    earlier_number = forms.CharField(
        label=_("Earlier case number"),
        required=False,
        max_length=30,
        help_text=_(
            "Only for a case carried over from an earlier register, e.g. KS 2019/87. "
            "Leave empty and the case gets the registry's next number."
        ),
    )
    files: Any = MultipleFileField(  # "files" typed as in PlainLabelsForm, one class further down
        label=_("Files"),
        required=False,
        help_text=_("The referral letter and the report: PDF, Word or text."),
    )
    proposals_text = forms.CharField(
        label=_("Paste a numbered list of proposals"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One proposal per line, e.g. “1. Stöd till statliga myndigheter”."),
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        organisation = user.organisation
        model_choice(self, "registry").queryset = Registry.objects.filter(organisation=organisation)
        model_choice(self, "issuer").queryset = Organisation.objects.exclude(
            pk=user.organisation_key
        )
        model_choice(self, "responsible_unit").queryset = Unit.objects.filter(
            organisation=organisation
        )
        model_choice(self, "case_officer").queryset = User.objects.filter(
            organisation=organisation, role=Role.CASE_OFFICER, is_active=True
        )
        model_choice(self, "presenter").queryset = Person.objects.filter(organisation=organisation)
        if not self.is_bound:
            self.initial.setdefault("received_date", timezone.localdate())
            registries = model_choice(self, "registry").queryset
            # One query: the only registry, if there is exactly one.
            only = list(registries[:2]) if registries is not None else []
            if len(only) == 1:
                self.initial.setdefault("registry", only[0])

    def clean_earlier_number(self) -> CaseNumber | None:
        text = self.cleaned_data.get("earlier_number", "").strip()
        if not text:
            return None
        number = parse_case_number(text)
        if number is None:
            raise forms.ValidationError(
                _("“%(value)s” is not a case number. Write it as for example KS 2019/87."),
                params={"value": text},
            )
        return number

    def clean_proposals_text(self) -> list[ProposalInput]:
        return proposals_from_text(self.cleaned_data.get("proposals_text", ""))


class ProposalRowForm(PlainLabelsForm):
    number = forms.CharField(label=_("Number or section"), max_length=20, required=False)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("number") or data.get("text")) and not data.get("title"):
            self.add_error("title", _("Every proposal needs a title."))
        return data


ProposalFormSet = forms.formset_factory(ProposalRowForm, extra=2, max_num=200)
ProposalRowsPlusOne = forms.formset_factory(ProposalRowForm, extra=1, max_num=200)
