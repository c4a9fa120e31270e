"""Reads scoped to who asks: staff see only the associations they belong to (the views answer 404 for the rest)."""

import hashlib

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import Exists, OuterRef, QuerySet

from accounts.mfa import SECOND_FACTORS
from accounts.models import User

from .enums import StaffRole
from .models import AccessRecord, ApiKey, Invitation, StaffMembership


def memberships_for_user(*, user: User) -> QuerySet[StaffMembership]:
    if not user.is_authenticated:
        return StaffMembership.objects.none()
    return StaffMembership.objects.filter(user=user, association__is_active=True).select_related("association")


def memberships_with_second_factor(*, user: User) -> list[StaffMembership]:
    """The user's memberships of active associations, with their associations, each saying whether the user set
    up a second factor (``user_has_mfa``): one query serves both the access check and the navigation's list."""
    second_factor = Authenticator.objects.filter(user=OuterRef("user_id"), type__in=SECOND_FACTORS)
    memberships = memberships_for_user(user=user).annotate(user_has_mfa=Exists(second_factor))
    return list(memberships.order_by("association__name", "pk"))


def membership_among(memberships: list[StaffMembership], *, slug: str, admin: bool = False) -> StaffMembership | None:
    """The membership of the association ``slug`` among ``memberships`` (the user's own), as its admin with
    ``admin``, or None."""
    for membership in memberships:
        if membership.association.slug == slug and (not admin or membership.role == StaffRole.ADMIN):
            return membership
    return None


def invitation_is_for(*, invitation: Invitation, user: User) -> bool:
    """Whether ``user`` owns the address the invitation was sent to: a verified address of their account. The link
    alone proves nothing (it can be forwarded, or leak), and an account gets staff access to young people's data
    with it."""
    return EmailAddress.objects.filter(user=user, email__iexact=invitation.email, verified=True).exists()


def team_of_association(*, association) -> QuerySet[StaffMembership]:
    """The association's staff, with their accounts."""
    return StaffMembership.objects.filter(association=association).select_related("user")


def invitations_pending(*, association) -> QuerySet[Invitation]:
    return Invitation.objects.pending().filter(association=association)


def access_log_of_association(
    *, association, user_id: int | None = None, subject: str = "", since=None, until=None
) -> QuerySet[AccessRecord]:
    """The association's access log, newest first, narrowed by who, which kind of file and dates (inclusive)."""
    records = AccessRecord.objects.filter(association=association)
    if user_id:
        records = records.filter(user_id=user_id)
    if subject:
        records = records.filter(subject=subject)
    if since:
        records = records.filter(at__date__gte=since)
    if until:
        records = records.filter(at__date__lte=until)
    return records


def api_keys_of_association(*, association) -> QuerySet[ApiKey]:
    return ApiKey.objects.filter(association=association).select_related("created_by")


def api_key_for_token(*, token: str) -> ApiKey | None:
    """The usable key (not revoked, its association active) whose hash is the token's, with its association."""
    keys = ApiKey.objects.usable().select_related("association", "created_by")
    return keys.filter(key_hash=token_hash(token)).first()


def token_hash(token: str) -> str:
    """Keys and invitation tokens are random and long: a SHA-256 is enough to keep them unreadable at rest."""
    return hashlib.sha256(token.encode()).hexdigest()
