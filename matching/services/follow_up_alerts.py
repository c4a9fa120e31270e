"""Follow-up alerts: the association's follow-up queue (an alert raised once per event, claimed, noted, resolved;
e-mailed to staff) and the concerns that raise them (a youth's from the tracking page, a mentor's from Mon espace)."""

import logging

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.notifications import Recipient
from associations.enums import StaffRole
from associations.models import Association
from mentoring.links import absolute_url

from .. import notifications
from ..enums import (
    OPEN_ALERT_STATES,
    OPEN_MENTORSHIP_STATES,
    URGENT_ALERT_KINDS,
    Actor,
    AlertKind,
    AlertState,
    ConcernKind,
    WebhookEvent,
)
from ..models import Alert, AlertNote, AlertTransition, Concern, MentorProfile, Mentorship, YouthRequest
from ..selectors import follow_up as selectors
from ..selectors.pairing import open_mentorship
from .follow_up import follow_up_error
from .locks import mentorship_lock
from .requests import request_event_key
from .transitions import alert_move
from .webhooks import webhook_event_emit

logger = logging.getLogger("matching.services")


# --- Alerts: the association's follow-up queue ----------------------------------------------------------------------


@transaction.atomic
def alert_raise(
    *,
    association: Association,
    kind: AlertKind,
    dedup_key: str,
    request: YouthRequest | None = None,
    mentorship: Mentorship | None = None,
    mentor: MentorProfile | None = None,
    concern: Concern | None = None,
    detail: str = "",
    urgent: bool | None = None,
    actor: Actor = Actor.SYSTEM,
    by: User | None = None,
) -> Alert:
    """Raise an alert in ``association``'s follow-up queue, once per ``dedup_key`` while it is open: raising the same
    key again returns the alert already open (or claimed), whoever raises it and however many times. ``urgent``
    defaults to what the kind says (a concern is urgent)."""
    existing = Alert.objects.filter(dedup_key=dedup_key, state__in=OPEN_ALERT_STATES).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():  # a savepoint: a concurrent raise of the same key wins, this one returns it
            alert = Alert.objects.create(
                association=association,
                kind=kind,
                urgent=kind in URGENT_ALERT_KINDS if urgent is None else urgent,
                request=request,
                mentorship=mentorship,
                mentor=mentor,
                concern=concern,
                detail=detail.strip(),
                dedup_key=dedup_key,
            )
    except IntegrityError:
        return Alert.objects.get(dedup_key=dedup_key, state__in=OPEN_ALERT_STATES)
    AlertTransition.objects.create(alert=alert, from_state="", to_state=AlertState.OPEN, actor=actor, by=by)
    webhook_event_emit(
        association_id=association.pk,
        event=WebhookEvent.ALERT_CREATED,
        data={  # ids and the kind only: never a concern's words nor anyone's name
            "alert": {
                "id": alert.pk,
                "kind": alert.kind,
                "urgent": alert.urgent,
                "request": alert.request_id,
                "mentorship": alert.mentorship_id,
                "mentor": alert.mentor_id,
            },
            "at": alert.created_at.isoformat(),
        },
    )
    logger.info("alert.raised id=%s kind=%s association=%s", alert.pk, kind, association.pk)
    return alert


def alert_event_key(alert: Alert, event: str) -> str:
    """The outbox key of an e-mail about ``alert``: under its mentorship's or request's prefix, so that erasing the
    youth's request erases these e-mails too."""
    if alert.mentorship_id:
        return f"mentorship:{alert.mentorship_id}:alert:{alert.pk}:{event}"
    if alert.request_id:
        return request_event_key(alert.request_id, f"alert:{alert.pk}:{event}")
    return f"alert:{alert.pk}:{event}"


def alert_email(*, alert: Alert, users: list[User], event: str = "") -> int:
    """E-mail staff that ``alert`` waits in the follow-up queue: its kind and a link, never what a youth wrote (it
    is read on the platform, signed in). Once per alert and person, and per ``event`` when one is named (the alert
    handed over to another association). Returns how many were queued."""
    url = absolute_url(reverse("matching:alert_detail", kwargs={"association": alert.association.slug, "pk": alert.pk}))
    queued = 0
    for user in {user.pk: user for user in users}.values():
        queued += (
            notifications.AlertRaised.send(
                to=Recipient.for_user(user),
                event_key=alert_event_key(alert, f"staff:{user.pk}:{event}" if event else f"staff:{user.pk}"),
                context={"alert": alert, "user": user, "association": alert.association, "alert_url": url},
            )
            is not None
        )
    return queued


def staff_users(*, association: Association, role: StaffRole | None = None) -> list[User]:
    return [membership.user for membership in selectors.staff_to_alert(association=association, role=role)]


def alert_lock(*, alert: Alert) -> Alert:
    return Alert.objects.select_for_update(of=("self",)).select_related("association").get(pk=alert.pk)


@transaction.atomic
def alert_claim(*, alert: Alert, by: User) -> Alert:
    """A coordinator takes the alert on (or takes it over from a colleague)."""
    alert = alert_lock(alert=alert)
    if alert.state == AlertState.CLAIMED and alert.claimed_by_id == by.pk:
        return alert
    alert.claimed_by, alert.claimed_at = by, timezone.now()
    alert_move(alert, to=AlertState.CLAIMED, actor=Actor.STAFF, by=by)
    return alert


@transaction.atomic
def alert_note_add(*, alert: Alert, by: User, text: str) -> AlertNote:
    """A note on what was done (a call, a meeting), kept with the alert."""
    alert = alert_lock(alert=alert)
    return AlertNote.objects.create(alert=alert, by=by, text=text.strip())


@transaction.atomic
def alert_resolve(*, alert: Alert, by: User, note: str) -> Alert:
    """The alert is dealt with: resolved, with a note saying how."""
    alert = alert_lock(alert=alert)
    if alert.state == AlertState.RESOLVED:
        raise follow_up_error("alert_resolved")
    AlertNote.objects.create(alert=alert, by=by, text=note.strip())
    alert.resolved_by, alert.resolved_at = by, timezone.now()
    alert_move(alert, to=AlertState.RESOLVED, actor=Actor.STAFF, by=by, note=note.strip())
    return alert


# The previous association's delay in handling a request: moot once another association has it.
UNTOUCHED_ALERT_KINDS = [AlertKind.REQUEST_UNTOUCHED, AlertKind.REQUEST_UNTOUCHED_ESCALATED]


@transaction.atomic
def alerts_hand_over(*, request: YouthRequest, to: Association, by: User) -> int:
    """A request redirected to ``to`` before any pairing: the alerts still open about it (a concern the youth
    raised...) go with it, with what was noted on them, so that the association that has the youth now acts on
    them: open for ``to`` (a claim by someone of the previous association is let go) and e-mailed to its
    coordinators when urgent. Alerts about the previous association's delay are resolved where they are; alerts
    already dealt with stay in the history of the association that dealt with them, as its contact attempts and
    notes do. Returns how many moved."""
    alerts = list(
        Alert.objects.select_for_update(of=("self",))
        .filter(request=request, mentorship__isnull=True, state__in=OPEN_ALERT_STATES)
        .exclude(association=to)
        .order_by("pk")
    )
    note = str(_("Demande réorientée vers %(name)s.") % {"name": to.name})
    moving = []
    for alert in alerts:
        if alert.kind in UNTOUCHED_ALERT_KINDS:
            alert_resolve(alert=alert, by=by, note=note)
            continue
        if alert.state == AlertState.CLAIMED:
            alert.claimed_by, alert.claimed_at = None, None
            alert_move(alert, to=AlertState.OPEN, actor=Actor.STAFF, by=by, note=note)
        moving.append(alert)
    Alert.objects.filter(pk__in=[alert.pk for alert in moving]).update(association=to)
    Concern.objects.filter(pk__in=[alert.concern_id for alert in moving if alert.concern_id]).update(association=to)
    urgent = [alert for alert in moving if alert.urgent]
    if urgent:
        coordinators = staff_users(association=to, role=StaffRole.COORDINATOR)
        handed_over = f"handed_over:{to.pk}:{request.routed_at:%Y%m%d%H%M%S%f}"  # a later return is e-mailed again
        for alert in urgent:
            alert.association = to
            alert_email(alert=alert, users=coordinators, event=handed_over)
    logger.info("alerts.handed_over request=%s to=%s alerts=%s", request.pk, to.pk, len(moving))
    return len(moving)


# --- Concerns: the youth (by their link) or the mentor (from Mon espace) writes to the association ---------------


@transaction.atomic
def concern_report(*, request: YouthRequest, text: str) -> Concern:
    """A youth reports a concern from their tracking page: stored, an urgent alert for the association's
    coordinators (e-mailed to them), never shown nor sent to the mentor."""
    request = YouthRequest.objects.select_for_update(of=("self",)).select_related("association").get(pk=request.pk)
    if request.association is None:
        raise follow_up_error("no_association")
    mentorship = open_mentorship(request=request)
    concern = Concern.objects.create(
        association=request.association,
        request=request,
        mentorship=mentorship,
        author=Actor.YOUTH,
        kind=ConcernKind.CONCERN,
        text=text.strip(),
    )
    alert = alert_raise(
        association=request.association,
        kind=AlertKind.CONCERN_REPORTED,
        request=request,
        mentorship=mentorship,
        concern=concern,
        dedup_key=f"concern:{concern.pk}",
        actor=Actor.YOUTH,
    )
    alert_email(alert=alert, users=staff_users(association=request.association, role=StaffRole.COORDINATOR))
    logger.info("concern.reported id=%s request=%s alert=%s", concern.pk, request.pk, alert.pk)
    return concern


@transaction.atomic
def concern_raise(*, by: User, kind: ConcernKind, text: str, mentorship: Mentorship | None = None) -> Concern:
    """A mentor asks their referent a question or raises a concern, about one of their pairings or in general: an
    alert for the association (urgent for a concern), e-mailed to the pairing's referent and, for a concern, to the
    coordinators."""
    mentor = MentorProfile.objects.select_related("association").filter(user=by).first()
    if mentor is None or mentor.association is None:
        raise follow_up_error("not_a_mentor")
    if mentorship is not None and mentorship.mentor_id != mentor.pk:
        raise follow_up_error("not_this_mentor")
    if mentorship is not None:  # the concern points at the pair and its request: locked in the platform's order
        mentorship = mentorship_lock(mentorship=mentorship)
        if mentorship.state not in OPEN_MENTORSHIP_STATES:
            raise follow_up_error("not_under_way")
    association = mentorship.association if mentorship else mentor.association
    concern = Concern.objects.create(
        association=association,
        request_id=mentorship.request_id if mentorship else None,
        mentorship=mentorship,
        mentor=mentor,
        author=Actor.MENTOR,
        kind=kind,
        text=text.strip(),
    )
    alert = alert_raise(
        association=association,
        kind=AlertKind.MENTOR_CONCERN if kind == ConcernKind.CONCERN else AlertKind.MENTOR_QUESTION,
        request=concern.request,
        mentorship=mentorship,
        mentor=mentor,
        concern=concern,
        dedup_key=f"concern:{concern.pk}",
        actor=Actor.MENTOR,
        by=by,
    )
    referent = [mentorship.referent] if mentorship and mentorship.referent else []
    if kind == ConcernKind.CONCERN or not referent:
        referent += staff_users(association=association, role=StaffRole.COORDINATOR)
    alert_email(alert=alert, users=referent)
    logger.info("concern.raised id=%s mentor=%s alert=%s", concern.pk, mentor.pk, alert.pk)
    return concern
