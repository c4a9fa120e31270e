"""Every write of the associations app: associations, staff memberships and invitations."""

import logging
import secrets
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.notifications import Recipient
from mentoring.errors import DomainError
from mentoring.links import absolute_url

from . import notifications
from .enums import AccessAction, AccessSubject, StaffRole
from .models import AccessRecord, ApiKey, Association, Invitation, StaffMembership
from .selectors import invitation_is_for, token_hash
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
ACCESS_LOG_RETENTION = timedelta(days=365)  # the CNIL's recommendation for access logs: twelve months


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
    """Someone leaves the association's staff. The API keys they created for it are revoked: a call answers as its
    key's creator. The admins are locked while counted, so that two admins removing each other keep one."""
    admins = (
        StaffMembership.objects.select_for_update()
        .filter(association=membership.association, role=StaffRole.ADMIN)
        .order_by("pk")  # two removals lock the admins in the same order
    )
    if membership.role == StaffRole.ADMIN and len(admins.values_list("pk", flat=True)) == 1:
        raise DomainError("last_admin", _("L'association doit garder au moins un administrateur."))
    revoked = ApiKey.objects.filter(
        association=membership.association, created_by=membership.user, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    logger.info(
        "membership.removed association=%s user=%s by=%s api_keys_revoked=%s",
        membership.association_id,
        membership.user_id,
        by.pk,
        revoked,
    )
    membership.delete()


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
        token_hash=token_hash(token),
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
    return Invitation.objects.pending().select_related("association").filter(token_hash=token_hash(token)).first()


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


def access_record(
    *,
    user: User,
    action: AccessAction,
    subject: AccessSubject,
    subject_id: int | None,
    association: Association | None = None,
    now: datetime | None = None,
) -> AccessRecord:
    """Log that ``user`` (staff, or a platform administrator) viewed or exported a youth's or a mentor's data:
    every file page, export and CSV calls this (the API and CSV exports too, with their own ``action``)."""
    return AccessRecord.objects.create(
        at=now or timezone.now(),
        association=association,
        user=user,
        user_email=user.email,
        action=action,
        subject=subject,
        subject_id=subject_id,
    )


def access_records_add(
    *,
    user: User,
    action: AccessAction,
    subject: AccessSubject,
    subject_ids: list[int],
    association: Association | None = None,
    now: datetime | None = None,
) -> int:
    """Log in one write that ``user`` saw or exported the data of several people (an API page, a CSV export): one
    row per person.

    On PostgreSQL the one INSERT takes the ids as an array the database expands (``unnest``), through Django's
    documented raw-SQL cursor: ``bulk_create`` would build a model instance and seven placeholders per person, about
    as long as the rest of an API page of 200. Elsewhere (the embedded SQLite), ``bulk_create``."""
    at = now or timezone.now()
    ids = [int(subject_id) for subject_id in subject_ids]
    if not ids:
        return 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                _access_records_insert_sql(),
                [at, association.pk if association else None, user.pk, user.email, str(action), str(subject), ids],
            )
        return len(ids)
    AccessRecord.objects.bulk_create(
        AccessRecord(
            at=at,
            association=association,
            user=user,
            user_email=user.email,
            action=action,
            subject=subject,
            subject_id=subject_id,
        )
        for subject_id in ids
    )
    return len(ids)


def _access_records_insert_sql() -> str:
    """The access log's INSERT … SELECT unnest, its table and columns named by the model's metadata (``_meta``, the
    documented Model API) and quoted by the connection: no value is ever written into the statement."""
    meta, quote = AccessRecord._meta, connection.ops.quote_name
    fields = ("at", "association", "user", "user_email", "action", "subject", "subject_id")
    columns = ", ".join(quote(meta.get_field(name).column) for name in fields)
    return f"INSERT INTO {quote(meta.db_table)} ({columns}) SELECT %s, %s, %s, %s, %s, %s, unnest(%s::bigint[])"


@transaction.atomic
def access_records_purge(*, now: datetime | None = None, wet_run: bool = True) -> int:
    """Delete the access log's entries older than ACCESS_LOG_RETENTION; how many there were (or would be)."""
    expired = AccessRecord.objects.filter(at__lt=(now or timezone.now()) - ACCESS_LOG_RETENTION)
    if not wet_run:
        return expired.count()
    deleted, _ = expired.delete()
    logger.info("access_log.purged count=%s", deleted)
    return deleted


API_KEY_PREFIX = "mk_"
API_KEY_SHOWN_CHARS = 11  # "mk_" and 8 characters: enough to tell keys apart on the page, nothing to guess with
LAST_USED_PRECISION = timedelta(minutes=1)  # the last-used date is written at most once a minute per key


@transaction.atomic
def api_key_create(
    *, association: Association, by: User, name: str, read_only: bool = False, token: str | None = None
) -> tuple[ApiKey, str]:
    """A new API key for the association; the key itself is returned once, only its hash is kept. ``token`` is for
    the demo data's published key only."""
    token = token or f"{API_KEY_PREFIX}{secrets.token_urlsafe(32)}"
    key = ApiKey.objects.create(
        association=association,
        name=name.strip(),
        prefix=token[:API_KEY_SHOWN_CHARS],
        key_hash=token_hash(token),
        read_only=read_only,
        created_by=by,
    )
    logger.info("api_key.created id=%s association=%s by=%s", key.pk, association.pk, by.pk)
    return key, token


@transaction.atomic
def api_key_revoke(*, key: ApiKey, by: User) -> ApiKey:
    """The key stops working at once (every call looks it up)."""
    key = ApiKey.objects.select_for_update().get(pk=key.pk)
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        logger.info("api_key.revoked id=%s association=%s by=%s", key.pk, key.association_id, by.pk)
    return key


def api_key_used(*, key: ApiKey, now: datetime | None = None) -> None:
    """Note that the key was used (at most one write a minute per key, not one per call)."""
    now = now or timezone.now()
    if key.last_used_at is None or now - key.last_used_at >= LAST_USED_PRECISION:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
