"""Forms of the platform administrators' pages: the monthly targets, closing a request no association takes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..enums import DeclineReason
from .common import reason_field
from .review import DeclineForm


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


# Why no association takes a request, in the words the youth's e-mail then uses (not "unreachable" nor an
# association's age range: no association has had the request).
UNROUTED_DECLINE_REASONS = [
    (reason.value, reason.label)
    for reason in (
        DeclineReason.OUTSIDE_TERRITORY,
        DeclineReason.NOT_MENTORING,
        DeclineReason.DUPLICATE,
        DeclineReason.OTHER,
    )
]


class UnroutedDeclineForm(DeclineForm):
    reason = reason_field(UNROUTED_DECLINE_REASONS)
