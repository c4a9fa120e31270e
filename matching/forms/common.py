"""What the forms share: the filter bars' styling, multiple-choice and postal-code fields."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from associations.geography import UnknownPostalCode, communes_for_postal_code

from ..validators import validate_person_name

ANY = [("", _("Tous"))]
# A posted id: ASCII digits, at most 18 of them (a 64-bit primary key; "²" or 10**30 are not ids).
ID = re.compile(r"^[0-9]{1,18}$")


class ListedChoiceIterator(forms.models.ModelChoiceIterator):
    """The choices of a ``ModelChoiceField`` read in one plain query. The default iterator streams them with
    ``QuerySet.iterator()``, which on PostgreSQL opens a server-side cursor (DECLARE, FETCH, CLOSE: three round
    trips) to read a handful of rows; a field's ``iterator`` is the documented place to change that."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ListedModelChoiceField(forms.ModelChoiceField):
    """A ``ModelChoiceField`` for a short list of choices shown in a page (``ListedChoiceIterator``)."""

    iterator = ListedChoiceIterator


class FilterStylingMixin:
    """Compact Bootstrap controls for the filter bars (rendered field by field, not through crispy)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = (
                "form-select form-select-sm" if isinstance(field, forms.ChoiceField) else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)


def multiple_choice_field(choices, label, *, required=True, help_text="", initial=None):
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        required=required,
        help_text=help_text,
        initial=initial,
    )


def reason_field(choices) -> forms.ChoiceField:
    """A required reason to pick from a list, none picked beforehand: a reason nobody chose is never recorded."""
    return forms.ChoiceField(
        label=_("Motif"),
        choices=[("", _("Choisissez un motif")), *choices],
        error_messages={"required": _("Choisissez un motif.")},
    )


def postal_code_field(**attrs):
    return forms.CharField(
        label=_("Code postal"),
        max_length=5,
        min_length=5,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "postal-code", "pattern": "[0-9]{5}", **attrs}
        ),
        error_messages={"min_length": _("Un code postal compte 5 chiffres.")},
    )


def postal_code_clean(value: str) -> str:
    try:
        communes_for_postal_code(value)
    except UnknownPostalCode:
        raise forms.ValidationError(
            _(
                "Code postal non reconnu : il faut les 5 chiffres d'un code postal de France métropolitaine, "
                "de Corse, d'un département d'outre-mer, de Saint-Pierre-et-Miquelon, de Saint-Barthélemy ou de "
                "Saint-Martin."
            ),
            code="unknown_postal_code",
        ) from None
    return value


def person_name_field(label, *, max_length: int, autocomplete: str, required: bool = True) -> forms.CharField:
    """A person's name: letters, spaces, hyphens and apostrophes only (names are written into e-mails)."""
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        validators=[validate_person_name],
        widget=forms.TextInput({"autocomplete": autocomplete}),
    )
