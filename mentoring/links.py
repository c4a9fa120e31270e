"""Absolute links, for what leaves the site (e-mails, exports): the platform's public address comes from SITE_URL."""

from django.conf import settings


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path
