"""The youth form's limits, counted by django-ratelimit in Django's cache.

Per visitor address, generously (a classroom or a youth centre shares one public address), and per e-mail address
the form makes the platform write to (the youth's and the parent's), strictly. The visitor's address is the one
``mentoring.http.client_ip`` reads (``RATELIMIT_IP_META_KEY``). When the cache does not answer, django-ratelimit
lets the post through (``RATELIMIT_FAIL_OPEN``).
"""

from django.conf import settings
from django_ratelimit.core import is_ratelimited


def intake_address_limited(request) -> bool:
    """Count one more post of the youth form from this visitor's address; True when over the limit."""
    return is_ratelimited(
        request, group="intake:address", key="ip", rate=settings.INTAKE_RATE_PER_ADDRESS, increment=True
    )


def intake_recipient_limited(request, email: str) -> bool:
    """Count one more e-mail to ``email`` against each per-recipient rate; True when one is exceeded."""
    email = email.strip().lower()
    return any(
        is_ratelimited(request, group="intake:recipient", key=lambda group, request: email, rate=rate, increment=True)
        for rate in settings.INTAKE_RATES_PER_RECIPIENT
    )


def lost_link_limited(request, email: str) -> bool:
    """The "lost my link" page: as generous per visitor address as the youth form, as strict per address e-mailed
    (each post may send a link to that address). Counted for every post, known address or not."""
    email = email.strip().lower()
    by_address = is_ratelimited(
        request, group="lost_link:address", key="ip", rate=settings.INTAKE_RATE_PER_ADDRESS, increment=True
    )
    return by_address or any(
        is_ratelimited(
            request, group="lost_link:recipient", key=lambda group, request: email, rate=rate, increment=True
        )
        for rate in settings.INTAKE_RATES_PER_RECIPIENT
    )
