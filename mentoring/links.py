"""The links that leave the site (e-mails, exports), absolute: the platform's public address comes from SITE_URL.
One module for all of them, so that every e-mail points where the others do."""

from django.conf import settings
from django.urls import reverse

from matching import tokens


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def tracking_url(request) -> str:
    """A youth request's tracking link (``request`` is a YouthRequest)."""
    return absolute_url(reverse("matching:tracking", kwargs={"token": tokens.tracking_token(request.public_id)}))


def parent_consent_url(request) -> str:
    """The link a parent gives (or later withdraws) their consent with."""
    token = tokens.parent_consent_token(request.parent_public_id)
    return absolute_url(reverse("matching:parent_consent", kwargs={"token": token}))


def check_in_url(check_in) -> str:
    """The link a youth answers a check-in with (``check_in`` is a CheckIn)."""
    token = tokens.check_in_token(check_in.public_id)
    return absolute_url(reverse("matching:check_in_answer", kwargs={"token": token}))


def dashboard_url() -> str:
    """A signed-in person's space (Mon espace)."""
    return absolute_url(reverse("matching:dashboard"))


def email_preferences_url() -> str:
    """Where a signed-in person turns reminders and digests on or off."""
    return absolute_url(reverse("accounts:email_preferences"))
