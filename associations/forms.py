from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import AccessSubject, ServedAxis, StaffRole
from .geography import DEPARTMENTS
from .models import Association


class AssociationForm(forms.ModelForm):
    departments = forms.CharField(
        label=_("Départements couverts"),
        required=False,
        help_text=_("Codes séparés par des virgules, par exemple : 75, 92, 93, 2A, 971."),
    )
    axes = forms.MultipleChoiceField(label=_("Axes"), choices=ServedAxis.choices, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Association
        fields = [
            "name",
            "description",
            "contact_email",
            "contact_phone",
            "departments",
            "remote_national",
            "axes",
            "min_age",
            "max_age",
            "takes_minors",
            "intake_capacity",
            "mentor_capacity",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["departments"] = ", ".join(self.instance.departments)

    def clean_departments(self):

        codes = [code.strip().upper() for code in self.cleaned_data["departments"].replace(";", ",").split(",")]
        codes = [code for code in codes if code]
        unknown = [code for code in codes if code not in DEPARTMENTS]
        if unknown:
            raise forms.ValidationError(_("Départements inconnus : %(codes)s") % {"codes": ", ".join(unknown)})
        return sorted(set(codes))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("departments") and not cleaned.get("remote_national"):
            self.add_error("departments", _("Indiquez au moins un département, ou l'accompagnement à distance."))
        if cleaned.get("min_age") and cleaned.get("max_age") and cleaned["min_age"] > cleaned["max_age"]:
            self.add_error("max_age", _("L'âge maximum doit être au moins égal à l'âge minimum."))
        return cleaned


# The criteria of the mentor suggestions, with their default weights (the same as matching.scoring.Weights).
CRITERIA_DEFAULTS = {
    "axis": (_("Besoin (éducation ou emploi)"), 3.0),
    "sectors": (_("Secteurs en commun"), 2.0),
    "geography": (_("Proximité géographique"), 2.0),
    "availability": (_("Disponibilités en commun"), 1.5),
    "mentor_type": (_("Profil du mentor adapté"), 1.0),
    "capacity": (_("Places libres du mentor (répartir la charge)"), 1.0),
}


class WeightsForm(forms.Form):
    """How much each criterion counts in the suggestions: 0 (ignored) to 10."""

    def __init__(self, *args, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (label, default) in CRITERIA_DEFAULTS.items():
            self.fields[name] = forms.DecimalField(
                label=label, min_value=0, max_value=10, decimal_places=1, initial=current.get(name, default)
            )

    def clean(self):
        cleaned = super().clean()
        if self.is_valid() and not any(cleaned.values()):
            raise forms.ValidationError(_("Au moins un critère doit compter."))
        return cleaned

    def weights(self) -> dict[str, float]:
        return {name: float(value) for name, value in self.cleaned_data.items()}


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Adresse e-mail"))
    role = forms.ChoiceField(label=_("Rôle"), choices=StaffRole.choices, initial=StaffRole.COORDINATOR)


class AccessLogFilterForm(forms.Form):
    """The access log's filters (all optional): who, which kind of file, between which dates."""

    user = forms.TypedChoiceField(label=_("Qui"), required=False, coerce=int, empty_value=None)
    subject = forms.ChoiceField(label=_("Fiche"), required=False, choices=[("", "—"), *AccessSubject.choices])
    since = forms.DateField(label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", "—"), *((m.user_id, m.user.email) for m in team)]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {
            "user_id": self.cleaned_data["user"],
            "subject": self.cleaned_data["subject"],
            "since": self.cleaned_data["since"],
            "until": self.cleaned_data["until"],
        }


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=_("Nom de la clé"), max_length=100, help_text=_("Pour vous y retrouver : l'outil qui l'utilise.")
    )
    read_only = forms.BooleanField(
        label=_("Lecture seule"), required=False, help_text=_("La clé lit les données mais ne change rien.")
    )
