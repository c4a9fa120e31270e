"""Signed, unguessable links: a youth's tracking link, a parent's consent link, a youth's check-in link.

A token is the request's random public id signed with the secret key (HMAC): it cannot be guessed or altered, and
the same link can be sent again without storing it. The parent's link also carries a timestamp: it gives consent
only for PARENT_CONSENT_MAX_AGE, but it lets the parent withdraw that consent for as long as the request exists.
"""

import uuid
from datetime import timedelta

from django.core import signing

TRACKING_SALT = "matching.tracking"
PARENT_CONSENT_SALT = "matching.parent-consent"
PARENT_CONSENT_MAX_AGE = timedelta(days=30)


class InvalidToken(Exception):
    pass


def tracking_token(public_id: uuid.UUID) -> str:
    return signing.Signer(salt=TRACKING_SALT).sign(public_id.hex)


def tracking_token_read(token: str) -> uuid.UUID:
    try:
        return uuid.UUID(hex=signing.Signer(salt=TRACKING_SALT).unsign(token))
    except (signing.BadSignature, ValueError) as exc:
        raise InvalidToken from exc


def parent_consent_token(public_id: uuid.UUID) -> str:
    return signing.TimestampSigner(salt=PARENT_CONSENT_SALT).sign(public_id.hex)


def parent_consent_token_read(token: str) -> uuid.UUID:
    """The request's parent link id, whatever the link's age (withdrawing one's consent has no deadline)."""
    try:
        return uuid.UUID(hex=signing.TimestampSigner(salt=PARENT_CONSENT_SALT).unsign(token))
    except (signing.BadSignature, ValueError) as exc:
        raise InvalidToken from exc


def parent_consent_token_fresh(token: str) -> bool:
    """Whether the parent's link may still give consent: sent less than PARENT_CONSENT_MAX_AGE ago."""
    try:
        signing.TimestampSigner(salt=PARENT_CONSENT_SALT).unsign(token, max_age=PARENT_CONSENT_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return False
    return True


CHECK_IN_SALT = "matching.check-in"


def check_in_token(public_id: uuid.UUID) -> str:
    """The link a youth answers one check-in with (how long it may be answered is the check-in's, not the link's)."""
    return signing.Signer(salt=CHECK_IN_SALT).sign(public_id.hex)


def check_in_token_read(token: str) -> uuid.UUID:
    try:
        return uuid.UUID(hex=signing.Signer(salt=CHECK_IN_SALT).unsign(token))
    except (signing.BadSignature, ValueError) as exc:
        raise InvalidToken from exc
