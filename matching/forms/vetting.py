"""Forms of mentors: a volunteer's sign-up with their application, the vetting queue's filters, each step and the
training sessions."""

from allauth.account.forms import SignupForm
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ..dates import local_today
from ..enums import (
    Availability,
    Axis,
    Language,
    MeetingMode,
    MentorRejectReason,
    MentorState,
    MentorType,
    Sector,
    Skill,
)
from ..models import BACKGROUND_CHECK_EXPIRED, background_check_valid_on
from .common import (
    FilterStylingMixin,
    multiple_choice_field,
    person_name_field,
    postal_code_clean,
    postal_code_field,
    reason_field,
)
from .review import NoteForm


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

    def clean(self):
        cleaned = super().clean()
        checked_on = cleaned.get("checked_on")
        if cleaned.get("ok") and checked_on and not background_check_valid_on(checked_on, local_today()):
            self.add_error("checked_on", BACKGROUND_CHECK_EXPIRED)
        return cleaned


class TrainingForm(StepForm):
    trained_on = forms.DateField(
        label=_("Formation suivie le"), widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d")
    )
    trainer = forms.CharField(label=_("Formateur ou formatrice"), max_length=200)

    def clean_trained_on(self):
        return _not_in_future(self.cleaned_data["trained_on"])


class MentorRejectForm(StepForm):
    reason = reason_field(MentorRejectReason.choices)


class TrainingSessionForm(forms.Form):
    """A training session as staff schedule or change it."""

    starts_at = forms.DateTimeField(
        label=_("Date et heure"),
        widget=forms.DateTimeInput({"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    duration_minutes = forms.TypedChoiceField(
        label=_("Durée"),
        coerce=int,
        initial=120,
        choices=[(60, _("1 h")), (90, _("1 h 30")), (120, _("2 h")), (180, _("3 h")), (240, _("4 h")), (420, _("7 h"))],
    )
    place = forms.CharField(label=_("Lieu"), max_length=200, required=False, help_text=_("Adresse de la salle."))
    remote_link = forms.URLField(
        label=_("Lien de visioconférence"), max_length=500, required=False, assume_scheme="https"
    )
    trainer = forms.CharField(label=_("Formateur ou formatrice"), max_length=200)
    seats = forms.IntegerField(label=_("Places"), min_value=1, max_value=200, initial=12)

    def clean_starts_at(self):
        value = self.cleaned_data["starts_at"]
        if value <= timezone.now():
            raise forms.ValidationError(_("Choisissez une date à venir."))
        return value

    def clean(self):
        data = super().clean()
        if not (data.get("place") or data.get("remote_link")) and not self.has_error("remote_link"):
            raise forms.ValidationError(_("Indiquez un lieu, un lien de visioconférence, ou les deux."))
        return data


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(
        label=_("Présence"),
        choices=[("yes", _("Présent")), ("no", _("Absent"))],
        coerce=lambda value: value == "yes",
    )


# The same meeting modes, worded from the mentor's side.
MENTOR_MEETING_CHOICES = [
    (MeetingMode.REMOTE.value, MeetingMode.REMOTE.label),
    (MeetingMode.HOME.value, _("Près du domicile du jeune, dans un lieu public")),
    (MeetingMode.SCHOOL.value, _("Dans l'établissement scolaire du jeune")),
    (MeetingMode.ASSOCIATION.value, MeetingMode.ASSOCIATION.label),
    (MeetingMode.WORKPLACE.value, _("Sur mon lieu de travail")),
]


class MentorSignupForm(SignupForm):
    """allauth's sign-up (e-mail, password) with the mentor application on the same page."""

    first_name = person_name_field(_("Prénom"), max_length=150, autocomplete="given-name")
    last_name = person_name_field(_("Nom"), max_length=150, autocomplete="family-name")
    mentor_type = forms.ChoiceField(label=_("Vous êtes"), choices=MentorType.choices, widget=forms.RadioSelect)
    organisation = forms.CharField(label=_("Établissement ou employeur (facultatif)"), max_length=200, required=False)
    axes = multiple_choice_field(Axis.choices, _("Vous souhaitez aider un jeune pour"))
    sectors = multiple_choice_field(Sector.choices, _("Secteurs que vous connaissez"))
    skills = multiple_choice_field(Skill.choices, _("Ce que vous pouvez apporter"))
    accepts_minors = forms.TypedChoiceField(
        label=_("Acceptez-vous d'accompagner un jeune mineur ?"),
        choices=[("yes", _("Oui")), ("no", _("Non, seulement des majeurs"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        # No answer ticked beforehand: accompanying a minor is the volunteer's own choice.
        error_messages={"required": _("Dites si vous acceptez d'accompagner un jeune mineur.")},
    )
    postal_code = postal_code_field()
    meeting_modes = multiple_choice_field(MENTOR_MEETING_CHOICES, _("Comment pouvez-vous rencontrer un jeune ?"))
    availability = multiple_choice_field(Availability.choices, _("Vos disponibilités"))
    languages = multiple_choice_field(Language.choices, _("Langues que vous parlez"), initial=[Language.FR])
    capacity = forms.TypedChoiceField(
        label=_("Combien de jeunes pouvez-vous accompagner en même temps ?"),
        choices=[(1, "1"), (2, "2"), (3, "3")],
        coerce=int,
        widget=forms.RadioSelect,
        initial=1,
        help_text=_("Comptez une à deux heures par mois et par jeune, pendant au moins six mois."),
    )
    motivation = forms.CharField(
        label=_("Pourquoi voulez-vous devenir mentor ?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
    )
    consent = forms.BooleanField(
        label=_(
            "J'accepte que ces informations soient transmises à l'association qui examinera ma candidature, et je "
            "m'engage à suivre la formation de mentor et à fournir une attestation d'honorabilité."
        ),
        error_messages={"required": _("Votre accord est nécessaire pour examiner votre candidature.")},
    )

    PROFILE_FIELDS = (
        "mentor_type",
        "organisation",
        "axes",
        "sectors",
        "skills",
        "accepts_minors",
        "postal_code",
        "meeting_modes",
        "availability",
        "languages",
        "capacity",
        "motivation",
    )

    @cached_property
    def helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.layout = Layout(
            Fieldset(_("Votre compte"), "first_name", "last_name", "email", "password1", "password2"),
            Fieldset(_("Votre profil"), "mentor_type", "organisation", Div("postal_code", css_class="col-sm-4")),
            Fieldset(_("Votre mentorat"), "axes", "sectors", "skills", "accepts_minors", "capacity", "motivation"),
            Fieldset(_("Vos rencontres"), "meeting_modes", "availability", "languages"),
            Fieldset(_("Votre accord"), "consent"),
        )
        return helper

    def clean_postal_code(self):
        return postal_code_clean(self.cleaned_data["postal_code"].strip())

    def profile_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.PROFILE_FIELDS}


class MentorNoteForm(NoteForm):
    """An internal comment on a mentor's application: part of the mentor's data, not a youth's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = _("Le mentor en reçoit une copie s'il télécharge ses données.")
