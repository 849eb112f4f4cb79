"""Form widgets and fields shared by the apps."""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.files.uploadedfile import UploadedFile

from remiss.core.errors import ServiceError


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: object, initial: object = None) -> list[UploadedFile[Any]]:
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items if item]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class PlainLabels:
    """Labels without a trailing colon, as Swedish public-sector forms write them."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class PlainLabelsForm(PlainLabels, forms.Form):
    # Several forms have a field named "files"; the form metaclass takes declared fields out of
    # the class, so it does not hide `BaseForm.files` (the uploads) at run time. Typed loosely
    # here so that mypy accepts the declaration.
    files: Any


class LoginForm(PlainLabels, AuthenticationForm):
    pass


def show_service_error(form: forms.BaseForm, exc: ServiceError) -> None:
    """A service's refusal shown on the form: on the field it names, else above the form."""
    form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))


FieldT = TypeVar("FieldT", bound=forms.Field)


def _field_of(form: forms.BaseForm, name: str, kind: type[FieldT]) -> FieldT:
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{name} is not a {kind.__name__}")
    return field


def model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's model choice field `name`, typed as one (`form.fields` holds plain fields):
    what a form narrows to the user's organisation."""
    return _field_of(form, name, forms.ModelChoiceField)


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's choice field `name`, typed as one: for choices set when the form is made."""
    return _field_of(form, name, forms.ChoiceField)
