"""Forms of the respondent's workflow."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from remiss.core.forms import DateInput, MultipleFileField, PlainLabelsForm, model_choice
from remiss.meetings.models import StatementKind
from remiss.organisations.models import Body, BodyKind, Person, Unit
from remiss.referrals.models import InternalReferral, Proposal, Stance


class ReferForm(PlainLabelsForm):
    """Refer the case to several units at once: a row per unit not yet asked, each with its own
    due date; a row without a date takes the common one."""

    due_date = forms.DateField(
        label=_("Answer by (for every unit chosen)"),
        required=False,
        widget=DateInput(),
        help_text=_("A unit's own date in the table replaces it."),
    )
    message = forms.CharField(
        label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: object, organisation_id: int, case_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        asked = InternalReferral.objects.filter(case_id=case_id).values("unit_id")
        self.units = list(
            Unit.objects.filter(organisation_id=organisation_id).exclude(pk__in=asked)
            .order_by("name")
        )  # fmt: skip
        for unit in self.units:
            self.fields[f"unit_{unit.pk}"] = forms.BooleanField(label=unit.name, required=False)
            self.fields[f"due_{unit.pk}"] = forms.DateField(
                label=_("Answer by, %(unit)s") % {"unit": unit.name},
                required=False,
                widget=DateInput(),
            )

    def rows(self) -> list[tuple[Unit, forms.BoundField, forms.BoundField]]:
        return [(u, self[f"unit_{u.pk}"], self[f"due_{u.pk}"]) for u in self.units]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen: list[tuple[Unit, object]] = []
        for unit in self.units:
            if not data.get(f"unit_{unit.pk}"):
                continue
            due = data.get(f"due_{unit.pk}") or data.get("due_date")
            if due is None:
                self.add_error(f"due_{unit.pk}", _("Give %(unit)s a date to answer by.")
                               % {"unit": unit.name})  # fmt: skip
            chosen.append((unit, due))
        if not chosen:
            raise forms.ValidationError(_("Choose at least one unit."))
        data["units"] = chosen
        return data


class StatementForm(PlainLabelsForm):
    date = forms.DateField(label=_("Dated"), widget=DateInput(), initial=timezone.localdate)
    summary = forms.CharField(
        label=_("Summary for the memo"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or two sentences for the memo's preparation."),
    )
    text = forms.CharField(
        label=_("Statement"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Separate paragraphs with a blank line."),
    )
    files = MultipleFileField(label=_("Files"), required=False)


class DeclineForm(PlainLabelsForm):
    reason = forms.CharField(
        label=_("Reason (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MemoForm(PlainLabelsForm):
    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("Memo of (unit)"))
    preparatory_body = forms.ModelChoiceField(Body.objects.none(), label=_("Preparatory body"))
    deciding_body = forms.ModelChoiceField(Body.objects.none(), label=_("Deciding body"))
    matter = forms.CharField(label=_("The matter (Ärendet)"), widget=forms.Textarea)
    preparation = forms.CharField(
        label=_("Preparation (Beredning)"), required=False, widget=forms.Textarea
    )
    views = forms.CharField(label=_("My views (Mina synpunkter)"), widget=forms.Textarea)
    decision_text = forms.CharField(
        label=_("Proposed decision"), widget=forms.Textarea(attrs={"rows": 2})
    )
    compilation_matter = forms.CharField(
        label=_("The matter in the compilation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Leave empty to repeat the memo's own text."),
    )
    presenter_title = forms.CharField(label=_("Presenter's title"), initial="borgarrådet")
    place = forms.CharField(label=_("Place"))
    date = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    signatory = forms.ModelChoiceField(Person.objects.none(), label=_("Signatory"))
    attachments = forms.CharField(
        label=_("Attachments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )

    def __init__(
        self, *args: Any, organisation_id: int, proposals: Sequence[Proposal] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "unit").queryset = Unit.objects.filter(organisation_id=organisation_id)
        bodies = Body.objects.filter(organisation_id=organisation_id)
        model_choice(self, "preparatory_body").queryset = bodies.filter(kind=BodyKind.PREPARATORY)
        model_choice(self, "deciding_body").queryset = bodies.filter(kind=BodyKind.DECIDING)
        model_choice(self, "signatory").queryset = Person.objects.filter(
            organisation_id=organisation_id
        )
        self.proposals = list(proposals)
        for proposal in self.proposals:
            self.fields[f"stance_{proposal.pk}"] = forms.ChoiceField(
                label=_("Stance on %(proposal)s")
                % {"proposal": f"{proposal.number}. {proposal.title}"},
                required=False,
                choices=[("", _("Not stated")), *Stance.choices],
            )
            self.fields[f"comment_{proposal.pk}"] = forms.CharField(
                label=_("Comment on %(proposal)s")
                % {"proposal": f"{proposal.number}. {proposal.title}"},
                required=False,
                max_length=1000,
            )

    def stances(self) -> dict[int, tuple[str, str]]:
        return {
            p.pk: (self.cleaned_data[f"stance_{p.pk}"], self.cleaned_data[f"comment_{p.pk}"])
            for p in self.proposals
            if self.cleaned_data.get(f"stance_{p.pk}")
        }

    def stance_fields(self) -> list[forms.BoundField]:
        return [self[f"{kind}_{p.pk}"] for p in self.proposals for kind in ("stance", "comment")]

    def text_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith(("stance_", "comment_"))]


class DecisionForm(PlainLabelsForm):
    date = forms.DateField(label=_("Meeting date"), widget=DateInput(), initial=timezone.localdate)
    outcome = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}))


class MemberStatementForm(PlainLabelsForm):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", "–"), *StatementKind.choices]
    )
    # Checkboxes: choosing several members needs no Ctrl-click, and works on a phone.
    members = forms.ModelMultipleChoiceField(
        Person.objects.none(),
        label=_("Members"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    refers_to = forms.TypedChoiceField(
        label=_("Refers to the statement"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "–"), *((str(i), str(i + 1)) for i in range(10))],
    )

    def __init__(self, *args: object, body_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "members").queryset = Person.objects.filter(memberships__body_id=body_id)
