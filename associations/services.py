"""Every write of the associations app: associations, staff memberships and invitations."""

import hashlib
import logging
import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.notifications import Recipient
from mentoring.errors import DomainError
from mentoring.links import absolute_url

from . import notifications
from .enums import StaffRole
from .models import Association, Invitation, StaffMembership
from .selectors import invitation_is_for
from .signals import association_coverage_changed

logger = logging.getLogger(__name__)

COVERAGE_FIELDS = ("is_active", "departments", "remote_national", "axes", "min_age", "max_age", "takes_minors")
CAPACITY_FIELDS = ("intake_capacity", "mentor_capacity")
EDITABLE_FIELDS = (
    "name",
    "description",
    "contact_email",
    "contact_phone",
    "matching_weights",
    *COVERAGE_FIELDS,
    *CAPACITY_FIELDS,
)
INVITATION_VALIDITY = timedelta(days=14)


@transaction.atomic
def association_update(*, association: Association, by: User | None = None, **changes) -> Association:
    """Change an association's profile. A change of territory, needs or room tells the routing (after commit)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    association = Association.objects.select_for_update().get(pk=association.pk)
    changed = [name for name, value in changes.items() if getattr(association, name) != value]
    for name in changed:
        setattr(association, name, changes[name])
    if "departments" in changed:
        association.departments = sorted(set(association.departments))
    association.full_clean()
    association.save()
    logger.info("association.updated id=%s fields=%s by=%s", association.pk, changed, getattr(by, "pk", None))
    if set(changed) & {*COVERAGE_FIELDS, *CAPACITY_FIELDS}:
        association_id = association.pk
        transaction.on_commit(
            lambda: association_coverage_changed.send(sender=Association, association_id=association_id)
        )
    return association


def association_changed_notify(*, association: Association) -> None:
    """For writes made outside association_update (the Django admin): tell the routing after commit."""
    association_id = association.pk
    transaction.on_commit(lambda: association_coverage_changed.send(sender=Association, association_id=association_id))


@transaction.atomic
def membership_add(*, association: Association, user: User, role: str = StaffRole.COORDINATOR) -> StaffMembership:
    membership, created = StaffMembership.objects.get_or_create(
        association=association, user=user, defaults={"role": role}
    )
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    logger.info("membership.saved association=%s user=%s role=%s", association.pk, user.pk, role)
    return membership


@transaction.atomic
def membership_remove(*, membership: StaffMembership, by: User) -> None:
    admins = StaffMembership.objects.filter(association=membership.association, role=StaffRole.ADMIN)
    if membership.role == StaffRole.ADMIN and admins.count() == 1:
        raise DomainError("last_admin", _("L'association doit garder au moins un administrateur."))
    logger.info("membership.removed association=%s user=%s by=%s", membership.association_id, membership.user_id, by.pk)
    membership.delete()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_send(
    *, association: Association, email: str, role: str, by: User, now: datetime | None = None
) -> Invitation:
    """Invite someone to the association's staff: an e-mail with a link valid 14 days (only its hash is kept)."""
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        association=association,
        email=email.strip().lower(),
        role=role,
        token_hash=_token_hash(token),
        invited_by=by,
        created_at=now,
        expires_at=now + INVITATION_VALIDITY,
    )
    url = absolute_url(reverse("associations:invitation_accept", kwargs={"token": token}))
    notifications.Invitation.send(
        to=Recipient(email=invitation.email, language=by.language),
        context={"association": association, "invited_by": by, "url": url, "role": invitation.get_role_display()},
        event_key=f"invitation:{invitation.pk}",
    )
    logger.info("invitation.sent id=%s association=%s", invitation.pk, association.pk)
    return invitation


def invitation_for_token(*, token: str) -> Invitation | None:
    return Invitation.objects.pending().select_related("association").filter(token_hash=_token_hash(token)).first()


class InvitationForAnotherAddress(DomainError):
    """The account accepting an invitation does not own the address it was sent to."""

    def __init__(self):
        super().__init__("invitation_for_another_address", _("Cette invitation a été envoyée à une autre adresse."))


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User, now: datetime | None = None) -> StaffMembership:
    """``user`` joins the association's staff, if the invitation was sent to one of their verified addresses."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise DomainError("invitation_used", _("Cette invitation a déjà été utilisée."))
    if not invitation_is_for(invitation=invitation, user=user):
        logger.warning("invitation.refused id=%s user=%s: sent to another address", invitation.pk, user.pk)
        raise InvitationForAnotherAddress
    invitation.accepted_at = now or timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    existing = StaffMembership.objects.filter(association=invitation.association, user=user).first()
    if existing and existing.role == StaffRole.ADMIN:
        return existing  # an invitation never demotes an admin (who might be the association's last one)
    return membership_add(association=invitation.association, user=user, role=invitation.role)
