"""Forms of the months of a mentorship."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import MeetingMode

DURATIONS = [(Decimal(h) / 2, f"{Decimal(h) / 2:g} h") for h in range(1, 9)]  # 0.5 to 4 hours


class SessionLogForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d"))
    duration_hours = forms.TypedChoiceField(label=_("Durée"), choices=DURATIONS, coerce=Decimal, initial=Decimal("1"))
    mode = forms.ChoiceField(label=_("Mode"), choices=MeetingMode.choices)
    topics = forms.CharField(label=_("Sujets abordés"), max_length=2000, widget=forms.Textarea({"rows": 2}))
    private_note = forms.CharField(
        label=_("Note pour l'association (le jeune ne la voit pas)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 2}),
    )

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("Cette date est dans le futur."))
        return held_on


class FeedbackForm(forms.Form):
    text = forms.CharField(label=_("Ton retour sur cette séance"), max_length=2000, widget=forms.Textarea({"rows": 2}))
