"""Forms of the documents app: sending the decided reply."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from remiss.core.forms import DateInput, PlainLabelsForm, choice_field
from remiss.documents.models import DeliveryChannel


class ReplySendForm(PlainLabelsForm):
    channel = forms.ChoiceField(label=_("How the reply goes"), widget=forms.RadioSelect)
    sent_date = forms.DateField(
        label=_("Sent"),
        widget=DateInput(),
        initial=timezone.localdate,
        help_text=_(
            "Only for a reply sent in another way; a reply sent from Remiss is dated today."
        ),
    )
    override_reason = forms.CharField(
        label=_("Reason for sending despite the warnings"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the reply's record, e.g. “The ministry allowed a later reply.”"),
    )

    def __init__(self, *args: object, default_channel: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        first = (DeliveryChannel.REMISS, _("Send through Remiss (the issuer uses Remiss)"))
        if default_channel == DeliveryChannel.EMAIL:
            first = (DeliveryChannel.EMAIL, _("Send by e-mail from Remiss, both files attached"))
        choice_field(self, "channel").choices = [
            first,
            (DeliveryChannel.OTHER, _("Register as sent in another way")),
        ]
        self.fields["channel"].initial = default_channel

    def clean_sent_date(self) -> dt.date:
        value: dt.date = self.cleaned_data["sent_date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("A reply cannot be sent in the future."))
        return value
