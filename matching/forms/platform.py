"""Forms of the platform administrators' pages: the monthly targets."""

from django import forms
from django.utils.translation import gettext_lazy as _


class MonthlyTargetForm(forms.Form):
    starts_on = forms.DateField(
        label=_("À partir du mois de"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput({"type": "month"}, format="%Y-%m"),
        help_text=_("Les objectifs valent pour ce mois et les suivants, jusqu'au prochain objectif fixé."),
    )
    intake = forms.IntegerField(label=_("Demandes reçues par mois"), min_value=0, max_value=1_000_000)
    matches = forms.IntegerField(label=_("Binômes formés par mois"), min_value=0, max_value=1_000_000)
    completions = forms.IntegerField(
        label=_("Accompagnements menés à terme par mois"), min_value=0, max_value=1_000_000
    )
