"""Follow-up of a mentorship under way: sessions logged by the mentor, the youth's feedback, goals, a pause, the
completion or an early end; the alerts of the association's follow-up queue; and the coordinators' morning digest."""

import logging
from collections import Counter
from datetime import date, datetime, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.mfa import user_needs_mfa
from accounts.models import User
from accounts.notifications import Recipient
from accounts.services import email_outbox_forget
from associations.enums import StaffRole
from associations.models import Association, StaffMembership
from mentoring import links
from mentoring.errors import DomainError
from mentoring.links import absolute_url, tracking_url

from .. import notifications
from ..dates import local_today
from ..enums import (
    OPEN_ALERT_STATES,
    OPEN_MENTORSHIP_STATES,
    OUTCOMES_BY_AXIS,
    URGENT_ALERT_KINDS,
    Actor,
    AlertKind,
    AlertState,
    ConcernKind,
    EndReason,
    GoalStatus,
    MentorRejectReason,
    MentorshipState,
    MentorState,
    RequestState,
    WebhookEvent,
)
from ..models import (
    Alert,
    AlertNote,
    AlertTransition,
    Concern,
    Goal,
    MentorProfile,
    Mentorship,
    MentorTransition,
    RoutingDecision,
    SessionLog,
    StaffNote,
    YouthRequest,
)
from ..selectors import follow_up as selectors
from ..selectors.follow_up import silent_mentorships
from ..selectors.pairing import open_mentorship
from .pairing import mentor_place_release, mentorship_lock
from .pairing_pool import mentor_pool_touch
from .requests import request_event_key
from .transitions import alert_move, mentor_move, mentorship_move, request_move
from .webhooks import webhook_event_emit

logger = logging.getLogger("matching.services")


FOLLOW_UP_ERRORS = {
    "not_this_mentor": _("Ce mentorat n'est pas le vôtre."),
    "not_this_association": _("Ce mentorat n'est pas suivi par votre association."),
    "not_under_way": _("Ce mentorat n'est pas en cours."),
    "date_out_of_range": _("La date doit se situer entre le début du mentorat et aujourd'hui."),
    "too_early": _("Un mentorat se termine au plus tôt six mois après son début ; avant, il s'arrête."),
    "outcome_of_another_axis": _("Ce résultat ne correspond pas au besoin du jeune."),
    "no_association": _("Aucune association ne suit encore cette demande : ton message ne peut pas être transmis."),
    "not_a_mentor": _("Seul un mentor suivi par une association peut lui écrire d'ici."),
    "alert_resolved": _("Cette alerte est déjà résolue."),
    "no_valid_check": _(
        "Le mentor n'a pas d'attestation d'honorabilité valide : ce mentorat avec un mineur ne peut pas reprendre."
    ),
    "staff_account": _(
        "Ce compte est celui d'un membre d'une équipe ou d'un administrateur : écrivez à l'administration de la "
        "plateforme pour le supprimer."
    ),
}


def follow_up_error(code: str) -> DomainError:
    return DomainError(code, FOLLOW_UP_ERRORS[code])


@transaction.atomic
def session_log(
    *,
    mentorship: Mentorship,
    by: User,
    held_on: date,
    duration_hours: Decimal,
    mode: str,
    topics: str,
    private_note: str = "",
    association: Association | None = None,
) -> SessionLog:
    """The mentor logs a session of a mentorship under way (active or paused), dated between its start and today.
    With ``association``, its staff log it for the mentor (through the API, ``by`` being the key's creator): the
    mentorship must be that association's."""
    mentorship = Mentorship.objects.select_for_update(of=("self",)).select_related("mentor").get(pk=mentorship.pk)
    if association is not None:
        if mentorship.association_id != association.pk:
            raise follow_up_error("not_this_association")
    elif mentorship.mentor.user_id != by.pk:
        raise follow_up_error("not_this_mentor")
    if not mentorship.is_under_way:
        raise follow_up_error("not_under_way")
    if held_on > local_today() or (mentorship.started_on and held_on < mentorship.started_on):
        raise follow_up_error("date_out_of_range")
    session = SessionLog.objects.create(
        mentorship=mentorship,
        held_on=held_on,
        duration_hours=duration_hours,
        mode=mode,
        topics=topics.strip(),
        private_note=private_note.strip(),
    )
    logger.info("session.logged id=%s mentorship=%s", session.pk, mentorship.pk)
    return session


@transaction.atomic
def session_feedback(*, session: SessionLog, text: str) -> SessionLog:
    """The youth's words on a session, from their tracking link."""
    session = SessionLog.objects.select_for_update().get(pk=session.pk)
    session.youth_feedback = text.strip()
    session.save(update_fields=["youth_feedback"])
    return session


def _mentorship_for_goals(mentorship: Mentorship, by: User) -> Mentorship:
    """The mentorship locked, if ``by`` is its mentor and it is under way (goals change only then)."""
    mentorship = mentorship_lock(mentorship=mentorship)
    if mentorship.mentor.user_id != by.pk:
        raise follow_up_error("not_this_mentor")
    if not mentorship.is_under_way:
        raise follow_up_error("not_under_way")
    return mentorship


@transaction.atomic
def goal_add(*, mentorship: Mentorship, by: User, text: str) -> Goal:
    """The mentor records a goal agreed with the youth."""
    mentorship = _mentorship_for_goals(mentorship, by)
    return Goal.objects.create(mentorship=mentorship, text=text.strip())


@transaction.atomic
def goal_update(*, goal: Goal, by: User, status: GoalStatus) -> Goal:
    """The mentor says where a goal stands."""
    _mentorship_for_goals(goal.mentorship, by)
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    goal.status = status
    goal.save(update_fields=["status"])
    return goal


MINIMUM_DURATION = timedelta(days=183)  # a mentorship lasts at least six months before it can be "completed"


@transaction.atomic
def mentorship_pause(*, mentorship: Mentorship, by: User, note: str) -> Mentorship:
    mentorship = mentorship_lock(mentorship=mentorship)
    mentorship_move(mentorship, to=MentorshipState.PAUSED, actor=Actor.STAFF, by=by, note=note)
    return mentorship


@transaction.atomic
def mentorship_resume(*, mentorship: Mentorship, by: User, note: str = "") -> Mentorship:
    """A paused mentorship starts again; with a minor, only if the mentor's background check is valid."""
    mentorship = mentorship_lock(mentorship=mentorship)
    if mentorship.request.age() < 18 and not mentorship.mentor.has_valid_background_check():
        raise follow_up_error("no_valid_check")
    mentorship_move(mentorship, to=MentorshipState.ACTIVE, actor=Actor.STAFF, by=by, note=note)
    return mentorship


@transaction.atomic
def mentorship_complete(
    *, mentorship: Mentorship, by: User, outcome: str, youth_words: str = "", mentor_words: str = ""
) -> Mentorship:
    """Close a mentorship that lasted six months or more, with its outcome (one of its axis's)."""
    mentorship = mentorship_lock(mentorship=mentorship)
    if not mentorship.started_on or local_today() < mentorship.started_on + MINIMUM_DURATION:
        raise follow_up_error("too_early")
    if outcome not in OUTCOMES_BY_AXIS[mentorship.request.axis]:
        raise follow_up_error("outcome_of_another_axis")
    mentorship.outcome, mentorship.ended_at = outcome, timezone.now()
    mentorship.youth_words, mentorship.mentor_words = youth_words.strip(), mentor_words.strip()
    mentorship_move(mentorship, to=MentorshipState.COMPLETED, actor=Actor.STAFF, by=by)
    mentor_place_release(mentorship=mentorship)
    _request_after_mentorship(mentorship, by=by, wants_another=False)
    return mentorship


@transaction.atomic
def mentorship_end_early(
    *, mentorship: Mentorship, by: User, reason: str, note: str = "", youth_wants_another: bool = True
) -> Mentorship:
    """End a mentorship before its term: the mentor's place is freed; the youth is back among the accepted if they
    want another mentor (the default: nobody is dropped by mistake), otherwise their request is closed."""
    mentorship = mentorship_lock(mentorship=mentorship)
    mentorship.end_reason, mentorship.ended_at = reason, timezone.now()
    mentorship_move(mentorship, to=MentorshipState.ENDED_EARLY, actor=Actor.STAFF, by=by, reason=reason, note=note)
    mentor_place_release(mentorship=mentorship)
    _request_after_mentorship(mentorship, by=by, wants_another=youth_wants_another, note=note)
    return mentorship


def _request_after_mentorship(mentorship: Mentorship, *, by: User, wants_another: bool, note: str = "") -> None:
    """The youth's request once their mentorship is over: accepted again (another mentor is sought), or closed,
    which frees the association's intake, lets the same person ask again and starts the retention period."""
    request = YouthRequest.objects.select_for_update(of=("self",)).get(pk=mentorship.request_id)
    if request.state != RequestState.MATCHED:
        return
    if wants_another:
        request_move(request, to=RequestState.ACCEPTED, actor=Actor.STAFF, by=by, note=note)
        return
    request.closed_at, request.claimed_by = timezone.now(), None
    request_move(request, to=RequestState.CLOSED, actor=Actor.STAFF, by=by, note=note)


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


def alert_email(*, alert: Alert, users: list[User]) -> int:
    """E-mail staff that ``alert`` waits in the follow-up queue: its kind and a link, never what a youth wrote (it
    is read on the platform, signed in). Once per alert and person. Returns how many were queued."""
    url = absolute_url(reverse("matching:alert_detail", kwargs={"association": alert.association.slug, "pk": alert.pk}))
    queued = 0
    for user in {user.pk: user for user in users}.values():
        queued += (
            notifications.AlertRaised.send(
                to=Recipient.for_user(user),
                event_key=alert_event_key(alert, f"staff:{user.pk}"),
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


# --- Scheduled jobs: each finds its events, raises each one's alert once and sends its e-mails once ---------------
# A job returns what it did (or, with wet_run=False, would do) in a line per event, naming ids, never people.


def silent_pairs_alert(*, today: date | None = None, wet_run: bool = True) -> list[str]:
    """Pairs without a session for 45 days: an alert and an e-mail to the mentor; for 60 days: escalated to the
    association's admins. Once per silence (its key holds the last session's date)."""
    today = today or local_today()
    done = []
    steps = [
        (selectors.SILENT_ALERT_AFTER, AlertKind.SILENT_PAIR),
        (selectors.SILENT_ESCALATE_AFTER, AlertKind.SILENT_PAIR_ESCALATED),
    ]
    for days, kind in steps:
        pairs = list(selectors.silent_pairs(today=today, days=days))
        keys = {pair.pk: f"{kind}:{pair.pk}:{pair.last_contact.isoformat()}" for pair in pairs}
        raised = selectors.alert_keys_raised(keys=keys.values())
        for pair in pairs:
            if keys[pair.pk] in raised:
                continue
            done.append(
                f"mentorship {pair.pk} ({pair.association.slug}): {(today - pair.last_contact).days} days -> {kind}"
            )
            if wet_run:
                mentorship_silent_alert(mentorship=pair, kind=kind, dedup_key=keys[pair.pk], days=days)
    return done


@transaction.atomic
def mentorship_silent_alert(*, mentorship: Mentorship, kind: AlertKind, dedup_key: str, days: int) -> Alert:
    alert = alert_raise(
        association=mentorship.association,
        kind=kind,
        request=mentorship.request,
        mentorship=mentorship,
        mentor=mentorship.mentor,
        dedup_key=dedup_key,
    )
    if kind == AlertKind.SILENT_PAIR_ESCALATED:
        alert_email(alert=alert, users=staff_users(association=mentorship.association, role=StaffRole.ADMIN))
        return alert
    mentor = mentorship.mentor.user
    notifications.SilentPair.send(
        to=Recipient.for_user(mentor),
        event_key=alert_event_key(alert, "mentor"),
        context={
            "mentor": mentor,
            "youth": mentorship.request.first_name,
            "days": days,
            "association": mentorship.association,
            "dashboard_url": absolute_url(reverse("matching:dashboard")),
        },
    )
    return alert


def requests_untouched_remind(*, today: date | None = None, wet_run: bool = True) -> list[str]:
    """Requests in the queue untouched for 7 days: an alert, e-mailed to the coordinators; 14 days: escalated to the
    association's admins. Once per wait (its key holds the date of the last move)."""
    today = today or local_today()
    done = []
    steps = [
        (selectors.UNTOUCHED_REMIND_AFTER, AlertKind.REQUEST_UNTOUCHED, StaffRole.COORDINATOR),
        (selectors.UNTOUCHED_ESCALATE_AFTER, AlertKind.REQUEST_UNTOUCHED_ESCALATED, StaffRole.ADMIN),
    ]
    for days, kind, role in steps:
        requests = list(selectors.untouched_requests(today=today, days=days))
        keys = {r.pk: f"{kind}:{r.pk}:{timezone.localdate(r.last_touch).isoformat()}" for r in requests}
        raised = selectors.alert_keys_raised(keys=keys.values())
        for request in requests:
            if keys[request.pk] in raised:
                continue
            waited = (today - timezone.localdate(request.last_touch)).days
            done.append(f"request {request.pk} ({request.association.slug}): {waited} days -> {kind}")
            if wet_run:
                request_untouched_alert(request=request, kind=kind, role=role, dedup_key=keys[request.pk])
    return done


@transaction.atomic
def request_untouched_alert(*, request: YouthRequest, kind: AlertKind, role: StaffRole, dedup_key: str) -> Alert:
    alert = alert_raise(association=request.association, kind=kind, request=request, dedup_key=dedup_key)
    if request.claimed_by is not None and role == StaffRole.COORDINATOR:
        users = [request.claimed_by]  # whoever claimed it, rather than the whole team
    else:
        users = staff_users(association=request.association, role=role)
    alert_email(alert=alert, users=users)
    return alert


def pairs_six_months_ask(*, today: date | None = None, wet_run: bool = True) -> list[str]:
    """Pairs six months in: the mentor (e-mail) and the youth (e-mail with their tracking link) are asked whether to
    go on or close, and the referent gets an alert (the staff action that closes is mentorship_complete). Once per
    pair."""
    today = today or local_today()
    pairs = list(selectors.pairs_at_six_months(today=today))
    keys = {pair.pk: f"{AlertKind.SIX_MONTHS_REACHED}:{pair.pk}" for pair in pairs}
    raised = selectors.alert_keys_raised(keys=keys.values())
    done = []
    for pair in pairs:
        if keys[pair.pk] in raised:
            continue
        done.append(f"mentorship {pair.pk} ({pair.association.slug}): started {pair.started_on} -> six months")
        if wet_run:
            mentorship_six_months_ask(mentorship=pair, dedup_key=keys[pair.pk])
    return done


@transaction.atomic
def mentorship_six_months_ask(*, mentorship: Mentorship, dedup_key: str) -> Alert:
    alert = alert_raise(
        association=mentorship.association,
        kind=AlertKind.SIX_MONTHS_REACHED,
        request=mentorship.request,
        mentorship=mentorship,
        mentor=mentorship.mentor,
        dedup_key=dedup_key,
    )
    if mentorship.referent:
        alert_email(alert=alert, users=[mentorship.referent])
    mentor, youth = mentorship.mentor.user, mentorship.request
    notifications.SixMonthsMentor.send(
        to=Recipient.for_user(mentor),
        event_key=alert_event_key(alert, "mentor"),
        context={
            "mentor": mentor,
            "youth": youth.first_name,
            "association": mentorship.association,
            "dashboard_url": absolute_url(reverse("matching:dashboard")),
        },
    )
    notifications.SixMonthsYouth.send(
        to=notifications.youth_recipient(youth),
        event_key=alert_event_key(alert, "youth"),
        context={"request": youth, "association": mentorship.association, "tracking_url": tracking_url(youth)},
    )
    return alert


def checks_expiring_alert(*, today: date | None = None, wet_run: bool = True) -> list[str]:
    """Mentors paired with a minor whose background check expires within 30 days: an alert and an e-mail to the
    mentor. Once per check (its key holds the check's date)."""
    today = today or local_today()
    mentors = list(selectors.checks_expiring(today=today))
    keys = {m.pk: f"{AlertKind.CHECK_EXPIRING}:{m.pk}:{m.background_check_on.isoformat()}" for m in mentors}
    raised = selectors.alert_keys_raised(keys=keys.values())
    done = []
    for mentor in mentors:
        if keys[mentor.pk] in raised:
            continue
        done.append(
            f"mentor {mentor.pk} ({mentor.association.slug}): valid until {mentor.background_check_valid_until()}"
        )
        if wet_run:
            mentor_check_expiring_alert(mentor=mentor, dedup_key=keys[mentor.pk])
    return done


@transaction.atomic
def mentor_check_expiring_alert(*, mentor: MentorProfile, dedup_key: str) -> Alert:
    alert = alert_raise(
        association=mentor.association, kind=AlertKind.CHECK_EXPIRING, mentor=mentor, dedup_key=dedup_key
    )
    notifications.CheckExpiring.send(
        to=Recipient.for_user(mentor.user),
        event_key=alert_event_key(alert, "mentor"),
        context={
            "mentor": mentor.user,
            "valid_until": mentor.background_check_valid_until(),
            "association": mentor.association,
        },
    )
    return alert


def coordinators_digest_send(*, now: datetime | None = None, wet_run: bool = True) -> int:
    """E-mail each staff member of each association the new requests, mentor applications and alerts of the last 24
    hours.
    One digest per person, association and day, whatever the number of runs. Returns how many were queued (or,
    with ``wet_run=False``, would be, sending nothing)."""
    now = now or timezone.now()
    since = now - timedelta(days=1)
    day = local_today(now).isoformat()
    new_requests = dict(
        YouthRequest.objects.filter(routed_at__gte=since, state=RequestState.ROUTED)
        .values_list("association_id")
        .annotate(n=Count("pk"))
    )
    new_mentors = dict(
        MentorProfile.objects.filter(submitted_at__gte=since, association__isnull=False)
        .values_list("association_id")
        .annotate(n=Count("pk"))
    )
    # One query, the silent pairs only, counted by association.
    silent = Counter(silent_mentorships(today=local_today(now)).values_list("association_id", flat=True))
    # The alerts raised since yesterday, by association and kind (urgent kinds first).
    new_alerts = {}
    alert_rows = (
        Alert.objects.filter(created_at__gte=since)
        .values_list("association_id", "kind")
        .annotate(n=Count("pk"))
        .order_by("association_id", "kind")
    )
    for association_id, kind, count in alert_rows:
        new_alerts.setdefault(association_id, []).append((AlertKind(kind).label, count))
    sent = 0
    associations = Association.objects.active().filter(
        Q(pk__in=new_requests) | Q(pk__in=new_mentors) | Q(pk__in=silent) | Q(pk__in=new_alerts)
    )
    for association in associations:
        memberships = StaffMembership.objects.filter(association=association).select_related("user")
        for membership in memberships:
            event_key = f"digest:{association.pk}:{membership.user_id}:{day}"
            recipient = Recipient.for_user(membership.user)
            if not wet_run:  # one a day, to whoever wants it, as below
                sent += notifications.CoordinatorDigest.is_wanted_by(recipient) and not (
                    notifications.CoordinatorDigest.already_sent(event_key=event_key)
                )
                continue
            queued = notifications.CoordinatorDigest.send(
                to=recipient,
                context={
                    "association": association,
                    "user": membership.user,
                    "new_requests": new_requests.get(association.pk, 0),
                    "new_mentors": new_mentors.get(association.pk, 0),
                    "silent_pairs": silent.get(association.pk, 0),
                    "new_alerts": new_alerts.get(association.pk, []),
                    "alerts_url": absolute_url(
                        reverse("matching:alert_queue", kwargs={"association": association.slug})
                    ),
                    "pairs_url": absolute_url(
                        reverse("matching:pair_list", kwargs={"association": association.slug}) + "?filtre=sans-seance"
                    ),
                    "queue_url": absolute_url(
                        reverse("matching:request_queue", kwargs={"association": association.slug})
                    ),
                    "mentor_queue_url": absolute_url(
                        reverse("matching:mentor_queue", kwargs={"association": association.slug})
                    ),
                    "preferences_url": links.email_preferences_url(),
                },
                event_key=event_key,
            )
            sent += queued is not None
    if wet_run:
        logger.info("digest.sent count=%s day=%s", sent, day)
    return sent


# A mentor's profile fields that say who they are, emptied by their erasure; what stays (kind of mentor, department,
# sectors, axes) feeds the anonymous statistics of the mentorships they had.
MENTOR_IDENTIFYING_FIELDS = {"organisation": "", "skills": [], "postal_code": "", "motivation": "", "trainer": ""}


@transaction.atomic
def mentor_erase(*, user: User) -> None:
    """A mentor deletes their account and data (from Mon espace).

    A mentorship under way ends first (the youth's request is accepted again, so another mentor is sought) and a
    proposal not started is cancelled; each association concerned is told by e-mail. A mentor who never had a
    mentorship is deleted outright. Otherwise their mentorships stay for the statistics, anonymised: the account
    keeps no address, name, password or second factor, the profile no identifying field, and the mentor's own
    words go (their words on the mentorship, their notes for the association); their application's history, the
    association's notes about them, routing decisions and every e-mail to their address are deleted."""
    if user_needs_mfa(user):
        raise follow_up_error("staff_account")
    user = User.objects.select_for_update().get(pk=user.pk)
    mentor = MentorProfile.objects.select_for_update().filter(user=user).first()
    address = user.email
    if mentor is not None:
        for mentorship in Mentorship.objects.select_for_update(of=("self",)).filter(
            mentor=mentor, state__in=OPEN_MENTORSHIP_STATES
        ):
            _mentorship_close_for_mentor(mentorship)
    email_outbox_forget(addresses=[address])
    if mentor is None or not Mentorship.objects.filter(mentor=mentor).exists():
        if mentor is not None and mentor.state == MentorState.ACTIVE:
            mentor_pool_touch(association_ids=[mentor.association_id])
        user.delete()  # the profile, its history, notes and routing decisions with it
        logger.info("mentor.erased user=%s deleted", user.pk)
        return
    mentor = MentorProfile.objects.select_for_update().get(pk=mentor.pk)  # with its places given back above
    if mentor.state != MentorState.REJECTED:  # out of every queue and suggestion
        if mentor.state == MentorState.ACTIVE:
            mentor_move(mentor, to=MentorState.PAUSED, actor=Actor.MENTOR)
        mentor_move(mentor, to=MentorState.REJECTED, actor=Actor.MENTOR, reason=MentorRejectReason.WITHDREW)
        mentor.reject_reason = MentorRejectReason.WITHDREW
    for name, empty in MENTOR_IDENTIFYING_FIELDS.items():
        setattr(mentor, name, empty)
    mentor.save()
    MentorTransition.objects.filter(mentor=mentor).delete()
    StaffNote.objects.filter(mentor=mentor).delete()
    RoutingDecision.objects.filter(mentor=mentor).delete()
    Mentorship.objects.filter(mentor=mentor).update(mentor_words="")
    SessionLog.objects.filter(mentorship__mentor=mentor).update(private_note="")
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.email = f"mentor-supprime-{user.pk}@invalid"
    user.first_name = user.last_name = ""
    user.is_active = False
    user.set_unusable_password()  # also ends every session of the account (Django's session hash)
    user.save()
    logger.info("mentor.erased user=%s anonymised", user.pk)


def _mentorship_close_for_mentor(mentorship: Mentorship) -> None:
    """The mentor leaves: a proposal is cancelled, a mentorship under way ends early and the youth's request is
    accepted again; the association hears of it either way."""
    if mentorship.state in (MentorshipState.PROPOSED, MentorshipState.MENTOR_ACCEPTED):
        mentorship_move(mentorship, to=MentorshipState.CANCELLED, actor=Actor.MENTOR)
    else:
        mentorship.end_reason, mentorship.ended_at = EndReason.MENTOR_UNAVAILABLE, timezone.now()
        mentorship_move(
            mentorship, to=MentorshipState.ENDED_EARLY, actor=Actor.MENTOR, reason=EndReason.MENTOR_UNAVAILABLE
        )
        request = YouthRequest.objects.select_for_update(of=("self",)).get(pk=mentorship.request_id)
        if request.state == RequestState.MATCHED:
            request_move(request, to=RequestState.ACCEPTED, actor=Actor.MENTOR)
    mentor_place_release(mentorship=mentorship)
    association, request = mentorship.association, mentorship.request
    notifications.MentorLeft.send(
        to=notifications.association_recipient(association),
        event_key=f"mentorship:{mentorship.pk}:mentor_erased",
        context={
            "request": request,
            "request_url": absolute_url(
                reverse("matching:request_detail", kwargs={"association": association.slug, "pk": request.pk})
            ),
        },
    )


SESSION_REMINDER_FROM_DAY = 20  # the monthly reminder goes from the 20th on, to leave the month's start to the pairs
SESSION_REMINDER_MIN_AGE = timedelta(days=14)  # a mentorship started less than two weeks ago is not reminded


def mentors_to_remind(*, today: date) -> dict[MentorProfile, int]:
    """Mentors with an active mentorship (started at least two weeks ago) without a session logged this calendar
    month, each with how many such mentorships they have."""
    month_start = today.replace(day=1)
    mentorships = (
        Mentorship.objects.filter(state=MentorshipState.ACTIVE, started_on__lte=today - SESSION_REMINDER_MIN_AGE)
        .exclude(sessions__held_on__gte=month_start)
        .select_related("mentor__user")
        .order_by("mentor_id", "pk")
    )
    return Counter(mentorship.mentor for mentorship in mentorships)


def session_reminders_send(*, today: date | None = None, wet_run: bool = True) -> int:
    """Remind each mentor who has not logged a session this month, once a month (from the 20th: beat runs it every
    day, so that a day missed is caught up). Non-essential: not sent to a mentor who turned reminders off. Returns how
    many were (or, with ``wet_run=False``, would be) queued; twice sends nothing twice."""
    today = today or local_today()
    if today.day < SESSION_REMINDER_FROM_DAY:
        return 0
    month = today.strftime("%Y-%m")
    sent = 0
    for mentor, count in mentors_to_remind(today=today).items():
        event_key = f"mentor:{mentor.pk}:session_reminder:{month}"
        recipient = Recipient.for_user(mentor.user)
        if not wet_run:
            sent += notifications.SessionReminder.is_wanted_by(recipient) and not (
                notifications.SessionReminder.already_sent(event_key=event_key)
            )
            continue
        queued = notifications.SessionReminder.send(
            to=recipient,
            context={
                "mentor": mentor,
                "count": count,
                "dashboard_url": links.dashboard_url(),
                "preferences_url": links.email_preferences_url(),
            },
            event_key=event_key,
        )
        sent += queued is not None
    if wet_run:
        logger.info("session_reminders.sent count=%s month=%s", sent, month)
    return sent
