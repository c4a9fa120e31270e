"""Forms of the review queue: filters, bulk actions, and each action on a request."""

from django import forms
from django.utils.translation import gettext_lazy as _

from associations.geography import DEPARTMENT_CHOICES
from associations.models import Association

from ..enums import (
    Axis,
    ContactChannel,
    ContactOutcome,
    DeclineReason,
    RequestState,
)
from .common import ANY, ID, FilterStylingMixin, ListedModelChoiceField, reason_field


class QueueFilterForm(FilterStylingMixin, forms.Form):
    state = forms.ChoiceField(
        label=_("Statut"),
        required=False,
        choices=[("", _("À traiter"))]
        + [(s.value, s.label) for s in RequestState if s not in (RequestState.AWAITING_PARENT_CONSENT,)],
    )
    axis = forms.ChoiceField(label=_("Axe"), required=False, choices=ANY + list(Axis.choices))
    department = forms.ChoiceField(label=_("Département"), required=False, choices=ANY + DEPARTMENT_CHOICES)
    minors = forms.ChoiceField(
        label=_("Âge"), required=False, choices=[*ANY, ("yes", _("Mineurs")), ("no", _("Majeurs"))]
    )
    waiting = forms.ChoiceField(
        label=_("Attente"), required=False, choices=[*ANY, ("7", _("Plus de 7 jours")), ("14", _("Plus de 14 jours"))]
    )
    claimed = forms.ChoiceField(
        label=_("Prise en charge"),
        required=False,
        choices=[*ANY, ("mine", _("Par moi")), ("unclaimed", _("Par personne"))],
    )
    q = forms.CharField(label=_("Nom ou e-mail"), required=False, max_length=100)
    sort = forms.ChoiceField(
        label=_("Tri"),
        required=False,
        choices=[("oldest", _("Attente la plus longue")), ("newest", _("Plus récentes"))],
    )

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "states": [data["state"]] if data.get("state") else None,
            "axis": data.get("axis", ""),
            "department": data.get("department", ""),
            "minors": data.get("minors", ""),
            "waiting": data.get("waiting", ""),
            "claimed": data.get("claimed", ""),
            "q": data.get("q", ""),
            "sort": data.get("sort") or "oldest",
        }


class BulkActionForm(forms.Form):
    action = forms.ChoiceField(choices=[("claim", _("Prendre en charge")), ("decline", _("Ne pas retenir"))])
    # The ticked requests' ids, checked in clean_ids against the association's requests.
    ids = forms.Field(
        widget=forms.CheckboxSelectMultiple, error_messages={"required": _("Cochez au moins une demande.")}
    )
    reason = forms.ChoiceField(label=_("Motif"), required=False, choices=[("", "—"), *DeclineReason.choices])
    note = forms.CharField(label=_("Précision"), required=False, max_length=1000)

    def __init__(self, *args, allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed = allowed

    def clean_ids(self):
        values = self.cleaned_data["ids"]
        ids = {int(value) for value in values if ID.match(value)}
        chosen = list(self.allowed.filter(pk__in=ids)) if len(ids) == len(values) else []
        if not chosen or len(chosen) != len(values):
            raise forms.ValidationError(_("Une des demandes cochées n'est plus dans votre file."))
        return chosen

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "decline":
            if not cleaned.get("reason"):
                self.add_error("reason", _("Choisissez le motif pour ne pas retenir ces demandes."))
            elif cleaned["reason"] == DeclineReason.OTHER and not cleaned.get("note"):
                self.add_error("note", _("Précisez le motif."))
        return cleaned


class ContactAttemptForm(forms.Form):
    channel = forms.ChoiceField(label=_("Canal"), choices=ContactChannel.choices)
    outcome = forms.ChoiceField(label=_("Résultat"), choices=ContactOutcome.choices)
    note = forms.CharField(
        label=_("Note sur l'échange"), required=False, max_length=1000, widget=forms.Textarea({"rows": 2})
    )


class AcceptForm(forms.Form):
    note = forms.CharField(
        label=_("Note (facultatif)"), required=False, max_length=1000, widget=forms.Textarea({"rows": 2})
    )


class RedirectForm(forms.Form):
    to = ListedModelChoiceField(label=_("Vers l'association"), queryset=Association.objects.none())
    note = forms.CharField(
        label=_("Motif de la réorientation"), max_length=1000, widget=forms.Textarea({"rows": 2}),
        error_messages={"required": _("Indiquez pourquoi la demande est réorientée.")},
    )  # fmt: skip

    def __init__(self, *args, current: Association, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = Association.objects.active().exclude(pk=current.pk)


class DeclineForm(forms.Form):
    reason = reason_field(DeclineReason.choices)
    note = forms.CharField(label=_("Précision"), required=False, max_length=1000, widget=forms.Textarea({"rows": 2}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == DeclineReason.OTHER and not cleaned.get("note"):
            self.add_error("note", _("Précisez le motif."))
        return cleaned


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Commentaire interne"),
        help_text=_("Le jeune en reçoit une copie s'il télécharge ses données."),
        max_length=2000,
        widget=forms.Textarea({"rows": 3}),
    )
