"""Reads of the matching app, each scoped to who asks: a bearer of a signed link, or a signed-in user."""

from django.http import Http404

from accounts.models import User

from . import tokens
from .models import MentorProfile, YouthRequest


def request_for_tracking_token(*, token: str) -> YouthRequest:
    """The request a tracking link points to; Http404 for a tampered, unknown or purged one."""
    try:
        public_id = tokens.tracking_token_read(token)
    except tokens.InvalidToken:
        raise Http404("invalid tracking token") from None
    request = YouthRequest.objects.filter(public_id=public_id).prefetch_related("transitions").first()
    if request is None:
        raise Http404("no such request")
    return request


def request_for_parent_token(*, token: str) -> YouthRequest:
    try:
        public_id = tokens.parent_consent_token_read(token)
    except tokens.InvalidToken:
        raise Http404("invalid or expired parent consent token") from None
    request = YouthRequest.objects.filter(public_id=public_id).first()
    if request is None:
        raise Http404("no such request")
    return request


def mentor_profile_for_user(*, user: User) -> MentorProfile | None:
    if not user.is_authenticated:
        return None
    return MentorProfile.objects.filter(user=user).prefetch_related("transitions").first()
