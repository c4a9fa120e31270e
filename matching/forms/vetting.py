"""Forms of the mentor vetting queue: its filters and each step of the pipeline."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..dates import local_today
from ..enums import MentorRejectReason, MentorState
from .common import FilterStylingMixin


class MentorQueueFilterForm(FilterStylingMixin, forms.Form):
    state = forms.ChoiceField(
        label=_("Statut"), required=False, choices=[("", _("À traiter")), *list(MentorState.choices)]
    )
    q = forms.CharField(label=_("Nom ou e-mail"), required=False, max_length=100)
    sort = forms.ChoiceField(
        label=_("Tri"), required=False, choices=[("oldest", _("Plus anciennes")), ("newest", _("Plus récentes"))]
    )

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "states": [data["state"]] if data.get("state") else None,
            "q": data.get("q", ""),
            "sort": data.get("sort") or "oldest",
        }


class StepForm(forms.Form):
    note = forms.CharField(
        label=_("Note (facultatif)"), required=False, max_length=1000, widget=forms.Textarea({"rows": 2})
    )


def _not_in_future(value):
    if value > local_today():
        raise forms.ValidationError(_("Cette date est dans le futur."))
    return value


class BackgroundCheckForm(StepForm):
    ok = forms.TypedChoiceField(
        label=_("Attestation d'honorabilité"),
        choices=[("yes", _("Vue et conforme")), ("no", _("Non fournie ou non conforme"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text=_("Ne joignez jamais le document : seule la vérification est enregistrée."),
    )
    checked_on = forms.DateField(label=_("Vérifiée le"), widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d"))

    def clean_checked_on(self):
        return _not_in_future(self.cleaned_data["checked_on"])


class TrainingForm(StepForm):
    trained_on = forms.DateField(
        label=_("Formation suivie le"), widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d")
    )
    trainer = forms.CharField(label=_("Formateur ou formatrice"), max_length=200)

    def clean_trained_on(self):
        return _not_in_future(self.cleaned_data["trained_on"])


class MentorRejectForm(StepForm):
    reason = forms.ChoiceField(label=_("Motif"), choices=MentorRejectReason.choices)
