"""Forms of the issuer's side."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from remiss.accounts.models import User
from remiss.consultations.feedback import MAX_FLAG
from remiss.consultations.models import (
    OutgoingProposal,
    OutgoingReferral,
    Recipient,
    RejectionReason,
)
from remiss.core.forms import (
    DateInput,
    MultipleFileField,
    PlainLabelsForm,
    choice_field,
    model_choice,
)
from remiss.organisations.models import Organisation, OrganisationKind, Registry
from remiss.referrals.forms import proposals_from_text
from remiss.referrals.models import Stance
from remiss.referrals.services import ProposalInput


class OutgoingReferralForm(PlainLabelsForm):
    registry = forms.ModelChoiceField(Registry.objects.none(), label=_("Registry"))
    report_ref = forms.CharField(
        label=_("Report reference"),
        required=False,
        max_length=40,
        help_text=_("For example SOU 2019:43, Ds 2022:9 or prop. 2017/18:186."),
    )
    report_title = forms.CharField(label=_("Report title"), max_length=500)
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())
    reminder_days = forms.IntegerField(
        label=_("Remind, days before the deadline"),
        min_value=0,
        max_value=60,
        initial=7,
        help_text=_("Those who have not replied get an e-mail then (0: no reminder)."),
    )
    files = MultipleFileField(
        label=_("The report"), required=False, help_text=_("PDF or Word, sent with the letter.")
    )
    proposals_text = forms.CharField(
        label=_("The proposals, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Number or section first, e.g. “1. En ny myndighet” or “4.3 Avgifter”."),
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        registry = model_choice(self, "registry")
        registry.queryset = Registry.objects.filter(organisation=user.organisation)
        registry.empty_label = None

    def clean_proposals_text(self) -> list[ProposalInput]:
        return proposals_from_text(self.cleaned_data.get("proposals_text", ""))


class OutgoingChangeForm(PlainLabelsForm):
    deadline = forms.DateField(
        label=_("Deadline"),
        widget=DateInput(),
        help_text=_(
            "Once the referral is sent, the deadline can only be extended: bodies that use "
            "Remiss get the new date in their register, the others by e-mail."
        ),
    )
    reminder_days = forms.IntegerField(
        label=_("Remind, days before the deadline"), min_value=0, max_value=60
    )


class ReferralListForm(PlainLabelsForm):
    text = forms.CharField(
        label=_("Paste the list of bodies (remissinstanser)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("One body per line, as ministries publish them; numbers are fine."),
    )
    file = forms.FileField(
        label=_("…or upload it"),
        required=False,
        help_text=_("A text, CSV or Word file with one body per line."),
    )


class NewBodyForm(PlainLabelsForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Functional mailbox"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)


class RepliesUploadForm(PlainLabelsForm):
    files = MultipleFileField(
        label=_("Reply files"),
        help_text=_(
            "Choose many at once, as saved from the mailbox: PDF, Word, OpenDocument, RTF, "
            "e-mail (.eml, .msg), web page or text."
        ),
    )


class ReplyLinkForm(PlainLabelsForm):
    files = MultipleFileField(
        label=_("Your reply"), help_text=_("Both the PDF and the Word version, if you have them.")
    )


STANCE_CHOICES = [(value, label) for value, label in Stance.choices]


class ReplyConfirmForm(PlainLabelsForm):
    recipient = forms.ChoiceField(label=_("Sent by"))
    overall_stance = forms.ChoiceField(label=_("Overall stance"), choices=STANCE_CHOICES)
    counted = forms.BooleanField(
        label=_("Count this reply in the compilation"), required=False, initial=True
    )

    def __init__(
        self,
        *args: Any,
        referral: OutgoingReferral,
        recipients: Iterable[Recipient],
        proposals: Iterable[OutgoingProposal],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [(f"r{r.pk}", r.organisation.name) for r in recipients]
        # A subquery, not the ids: a referral can have a thousand recipients (issue 13.5).
        others = Organisation.objects.exclude(pk__in=referral.recipients.values("organisation_id"))
        choices += [(f"o{o.pk}", _("%(name)s (not asked)") % {"name": o.name}) for o in others]
        choice_field(self, "recipient").choices = choices
        self.proposal_fields = []
        for proposal in proposals:
            name = f"proposal_{proposal.pk}"
            self.fields[name] = forms.ChoiceField(
                label=_("Proposal %(number)s: %(title)s")
                % {"number": proposal.number, "title": proposal.title},
                choices=STANCE_CHOICES,
            )
            self.proposal_fields.append(name)


class ReplyRejectForm(PlainLabelsForm):
    reason = forms.ChoiceField(label=_("Why"), choices=RejectionReason.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        help_text=_("Required for another reason; kept with the reply in the register."),
    )


class MailUploadForm(PlainLabelsForm):
    files = MultipleFileField(
        label=_("E-mails"),
        help_text=_(
            "Messages saved from Outlook (.msg) or another mail program (.eml), many at once. "
            "Each is registered as a reply when the referral it answers can be found."
        ),
    )


class ReferralChoiceField(forms.ModelChoiceField[OutgoingReferral]):
    def label_from_instance(self, obj: OutgoingReferral) -> str:
        return f"{obj.case.number} {obj.report_title}"


class AssignForm(PlainLabelsForm):
    referral = ReferralChoiceField(
        label=_("The referral it replies to"), queryset=OutgoingReferral.objects.none()
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["referral"]
        assert isinstance(field, ReferralChoiceField)
        field.queryset = (
            OutgoingReferral.objects.filter(
                case__registry__organisation_id=organisation_id, sent_at__isnull=False
            )
            .select_related("case__registry")
            .order_by("-sent_at")
        )


class DiscardForm(PlainLabelsForm):
    note = forms.CharField(
        label=_("Why it is not a reply"),
        max_length=500,
        help_text=_("For example: a question about the referral, spam, sent to us by mistake."),
    )


class MisreadingForm(forms.Form):
    flag = forms.CharField(
        label=_("What did we read wrongly?"),
        help_text=_("Name the proposal and what your reply says about it."),
        max_length=MAX_FLAG,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
