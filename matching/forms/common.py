"""What the staff forms share: the filter bars' styling."""

from django import forms
from django.utils.translation import gettext_lazy as _

ANY = [("", _("Tous"))]


class FilterStylingMixin:
    """Compact Bootstrap controls for the filter bars (rendered field by field, not through crispy)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = (
                "form-select form-select-sm" if isinstance(field, forms.ChoiceField) else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)
