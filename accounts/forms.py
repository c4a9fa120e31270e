"""Forms of a signed-in person's account."""

from django import forms
from django.utils.translation import gettext_lazy as _


class EmailPreferencesForm(forms.Form):
    accepts_non_essential_emails = forms.BooleanField(
        label=_("Recevoir les rappels et les récapitulatifs par e-mail"),
        help_text=_(
            "Rappel mensuel de noter une séance, points d'étape, récapitulatif du matin. Les e-mails essentiels "
            "(sécurité, changements de statut, propositions de binôme) sont toujours envoyés."
        ),
        required=False,
    )
