"""Reads scoped to who asks: staff see only the associations they belong to; others get a 404."""

from allauth.account.models import EmailAddress
from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User

from .enums import StaffRole
from .models import Association, Invitation, StaffMembership


def memberships_for_user(*, user: User) -> QuerySet[StaffMembership]:
    if not user.is_authenticated:
        return StaffMembership.objects.none()
    return StaffMembership.objects.filter(user=user, association__is_active=True).select_related("association")


def membership_required(*, user: User, slug: str, admin: bool = False) -> StaffMembership:
    """The user's membership of this association; Http404 (never 403) when there is none, so that nobody learns
    which associations exist behind a URL."""
    membership = memberships_for_user(user=user).filter(association__slug=slug).first()
    if membership is None or (admin and membership.role != StaffRole.ADMIN):
        raise Http404("no such association for this user")
    return membership


def associations_for_platform_admin(*, user: User) -> QuerySet[Association]:
    if not (user.is_authenticated and user.is_superuser):
        raise Http404("platform administrators only")
    return Association.objects.all()


def invitation_is_for(*, invitation: Invitation, user: User) -> bool:
    """Whether ``user`` owns the address the invitation was sent to: a verified address of their account. The link
    alone proves nothing (it can be forwarded, or leak), and an account gets staff access to young people's data
    with it."""
    return EmailAddress.objects.filter(user=user, email__iexact=invitation.email, verified=True).exists()
