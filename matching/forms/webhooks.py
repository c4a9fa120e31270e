"""The form of an association's webhook subscription."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..enums import WebhookEvent
from ..webhook_urls import UnsafeWebhookUrl, webhook_url_check


class WebhookSubscriptionForm(forms.Form):
    url = forms.URLField(
        label=_("Adresse de réception"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Une adresse https de votre outil, qui reçoit chaque événement en POST (JSON signé)."),
    )
    events = forms.MultipleChoiceField(
        label=_("Événements"), choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def clean_url(self):
        """A public https address (its host resolved now; each delivery checks it again)."""
        url = self.cleaned_data["url"]
        try:
            webhook_url_check(url)
        except UnsafeWebhookUrl as error:
            raise ValidationError(error.message, code=error.code) from error
        return url
