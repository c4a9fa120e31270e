"""Forms of the follow-up of a mentorship: a session, feedback, a goal, a check-in, a pause, the completion or an early
end; a concern or a question for the association; an alert's note and resolution; a youth's choice of reminders."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from ..dates import local_today
from ..enums import (
    OUTCOMES_BY_AXIS,
    AlertKind,
    ConcernKind,
    EndReason,
    GoalsProgress,
    GoalStatus,
    MeetingFrequency,
)
from .common import reason_field
from .vetting import MENTOR_MEETING_CHOICES

DURATIONS = [(Decimal(h) / 2, f"{Decimal(h) / 2:g} h") for h in range(1, 9)]  # 0.5 to 4 hours


class SessionLogForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d"))
    duration_hours = forms.TypedChoiceField(label=_("Durée"), choices=DURATIONS, coerce=Decimal, initial=Decimal("1"))
    # How the session took place, in the mentor's words, as on their application (the enum's labels are the youth's).
    mode = forms.ChoiceField(label=_("Mode"), choices=MENTOR_MEETING_CHOICES)
    topics = forms.CharField(label=_("Sujets abordés"), max_length=2000, widget=forms.Textarea({"rows": 2}))
    private_note = forms.CharField(
        label=_("Note pour l'association (le jeune ne la voit pas)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 2}),
    )

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > local_today():
            raise forms.ValidationError(_("Cette date est dans le futur."))
        return held_on


class FeedbackForm(forms.Form):
    text = forms.CharField(label=_("Ton retour sur cette séance"), max_length=2000, widget=forms.Textarea({"rows": 2}))


class PauseForm(forms.Form):
    note = forms.CharField(label=_("Pourquoi une pause ?"), max_length=1000)


class ResumeForm(forms.Form):
    note = forms.CharField(label=_("Note (facultatif)"), required=False, max_length=1000)


class CompleteForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Résultat"), choices=[])
    youth_words = forms.CharField(
        label=_("Le mot du jeune"), required=False, max_length=2000, widget=forms.Textarea({"rows": 2})
    )
    mentor_words = forms.CharField(
        label=_("Le mot du mentor"), required=False, max_length=2000, widget=forms.Textarea({"rows": 2})
    )

    def __init__(self, *args, axis: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o.value, o.label) for o in OUTCOMES_BY_AXIS[axis]]


class EndEarlyForm(forms.Form):
    reason = reason_field(EndReason.choices)
    note = forms.CharField(label=_("Précision"), required=False, max_length=1000)
    # Unanswered means yes: a youth is never dropped because a box was left empty.
    youth_wants_another = forms.TypedChoiceField(
        label=_("Le jeune souhaite-t-il un autre mentor ?"),
        choices=[
            ("yes", _("Oui : sa demande revient parmi les demandes acceptées")),
            ("no", _("Non : sa demande est close")),
        ],
        coerce=lambda answer: answer == "yes",
        empty_value=True,
        required=False,
        initial="yes",
        widget=forms.RadioSelect,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == EndReason.OTHER and not cleaned.get("note"):
            self.add_error("note", _("Précisez le motif."))
        return cleaned


class GoalForm(forms.Form):
    """A new goal (its text), or where an existing one stands (the goal and its status)."""

    goal = forms.ModelChoiceField(queryset=None, required=False)
    status = forms.ChoiceField(choices=GoalStatus.choices, required=False)
    text = forms.CharField(label=_("Objectif"), max_length=300, required=False)

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = goals

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("goal") is not None:
            if not cleaned.get("status"):
                self.add_error("status", _("Choisissez où en est l'objectif."))
        elif not cleaned.get("text", "").strip() and "text" not in self.errors:
            self.add_error("text", _("Écrivez l'objectif."))
        return cleaned


class MentorEraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Je comprends que mon compte et mes données seront supprimés, et mes mentorats en cours arrêtés."),
        error_messages={"required": _("Cochez la case pour confirmer la suppression.")},
    )


class ConcernForm(forms.Form):
    """A youth's concern, from their tracking page."""

    text = forms.CharField(
        label=_("Qu'est-ce qui t'inquiète ?"), max_length=2000, widget=forms.Textarea({"rows": 3}), strip=True
    )


class MentorConcernForm(forms.Form):
    """A mentor's question or concern for the association, about one of their pairings or in general."""

    kind = forms.ChoiceField(label=_("C'est"), choices=ConcernKind.choices, initial=ConcernKind.QUESTION)
    mentorship = forms.TypedChoiceField(label=_("À propos de"), coerce=int, required=False, empty_value=None)
    text = forms.CharField(label=_("Votre message"), max_length=2000, widget=forms.Textarea({"rows": 3}))

    def __init__(self, *args, mentorships, **kwargs):
        """``mentorships``: the mentor's pairings (already loaded), to choose from."""
        super().__init__(*args, **kwargs)
        self.fields["mentorship"].choices = [("", _("Mon engagement en général"))] + [
            (mentorship.pk, mentorship.request.first_name) for mentorship in mentorships
        ]


class AlertNoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), max_length=2000, widget=forms.Textarea({"rows": 2}))


class AlertResolveForm(forms.Form):
    note = forms.CharField(label=_("Comment l'alerte a-t-elle été traitée ?"), max_length=2000)


class AlertFilterForm(forms.Form):
    """The follow-up queue's filters (an unknown value is ignored, never an error)."""

    type = forms.ChoiceField(label=_("Type"), choices=[("", _("Tous les types")), *AlertKind.choices], required=False)
    statut = forms.ChoiceField(
        label=_("Statut"),
        required=False,
        choices=[
            ("a-traiter", _("À traiter")),
            ("nouvelles", _("Nouvelles")),
            ("prises", _("Prises en charge")),
            ("resolues", _("Résolues")),
            ("toutes", _("Toutes")),
        ],
    )
    miennes = forms.BooleanField(label=_("Prises en charge par moi"), required=False)


SATISFACTION = [(score, str(score)) for score in range(1, 6)]


class CheckInForm(forms.Form):
    """A check-in's questions, for the youth (``tu``) and the mentor (``vous``) alike."""

    satisfaction = forms.TypedChoiceField(
        label=_("Satisfaction, de 1 (pas du tout) à 5 (tout à fait)"),
        choices=SATISFACTION,
        coerce=int,
        widget=forms.RadioSelect,
    )
    meeting_frequency = forms.ChoiceField(label=_("Fréquence des rencontres"), choices=MeetingFrequency.choices)
    goals_progress = forms.ChoiceField(label=_("Progrès sur les objectifs"), choices=GoalsProgress.choices)
    comment = forms.CharField(
        label=_("Un commentaire (facultatif)"), required=False, max_length=2000, widget=forms.Textarea({"rows": 3})
    )
    wants_contact = forms.BooleanField(label=_("Je souhaite que l'association me contacte"), required=False)


class RemindersForm(forms.Form):
    """Whether a youth wants reminders by e-mail (their tracking link); essential e-mails always go."""

    accepts_non_essential_emails = forms.BooleanField(label=_("Recevoir les rappels par e-mail"), required=False)
