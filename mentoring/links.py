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
    token = tokens.parent_consent_token(request.public_id)
    return absolute_url(reverse("matching:parent_consent", kwargs={"token": token}))
