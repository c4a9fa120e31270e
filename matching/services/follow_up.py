"""Follow-up of a mentorship under way: sessions logged by the mentor, the youth's feedback, goals, a pause, the
completion or an early end; the alerts of the association's follow-up queue; and the coordinators' morning digest."""

import logging
from collections import Counter
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.notifications import Recipient
from associations.models import Association, StaffMembership
from mentoring import links
from mentoring.errors import DomainError
from mentoring.links import absolute_url

from .. import notifications
from ..dates import local_today
from ..enums import (
    OPEN_ALERT_STATES,
    OUTCOMES_BY_AXIS,
    URGENT_ALERT_KINDS,
    Actor,
    AlertKind,
    AlertState,
    GoalStatus,
    MentorshipState,
    RequestState,
)
from ..models import Alert, AlertTransition, Concern, Goal, MentorProfile, Mentorship, SessionLog, YouthRequest
from ..selectors.follow_up import silent_mentorships
from .pairing import mentor_place_release, mentorship_lock
from .transitions import mentorship_move, request_move

logger = logging.getLogger("matching.services")


FOLLOW_UP_ERRORS = {
    "not_this_mentor": _("Ce mentorat n'est pas le vôtre."),
    "not_under_way": _("Ce mentorat n'est pas en cours."),
    "date_out_of_range": _("La date doit se situer entre le début du mentorat et aujourd'hui."),
    "too_early": _("Un mentorat se termine au plus tôt six mois après son début ; avant, il s'arrête."),
    "outcome_of_another_axis": _("Ce résultat ne correspond pas au besoin du jeune."),
    "no_valid_check": _(
        "Le mentor n'a pas d'attestation d'honorabilité valide : ce mentorat avec un mineur ne peut pas reprendre."
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
) -> SessionLog:
    """The mentor logs a session of a mentorship under way (active or paused), dated between its start and today."""
    mentorship = Mentorship.objects.select_for_update(of=("self",)).select_related("mentor").get(pk=mentorship.pk)
    if mentorship.mentor.user_id != by.pk:
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
    logger.info("alert.raised id=%s kind=%s association=%s", alert.pk, kind, association.pk)
    return alert


def coordinators_digest_send(*, now: datetime | None = None, wet_run: bool = True) -> int:
    """E-mail each staff member of each association the new requests and mentor applications of the last 24 hours.
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
    sent = 0
    associations = Association.objects.active().filter(
        Q(pk__in=new_requests) | Q(pk__in=new_mentors) | Q(pk__in=silent)
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
