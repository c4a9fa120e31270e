"""Reads for the follow-up of mentorships: a mentor's pairings, an association's pairs, silent pairs, months, a
mentor's export of their data; the alerts of an association's follow-up queue, and what the scheduled jobs raise
alerts about."""

from collections import Counter
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from accounts.models import User
from associations.enums import StaffRole
from associations.models import Association, StaffMembership

from .. import tokens
from ..dates import ADULT_AGE, local_today, years_before
from ..enums import (
    OPEN_ALERT_STATES,
    OPEN_MENTORSHIP_STATES,
    QUEUE_REQUEST_STATES,
    UNDER_WAY_MENTORSHIP_STATES,
    AlertState,
    CheckInRespondent,
    MentorshipState,
)
from ..models import (
    BACKGROUND_CHECK_VALIDITY,
    Alert,
    AlertNote,
    CheckIn,
    Concern,
    ContactAttempt,
    MentorProfile,
    Mentorship,
    RequestTransition,
    SessionLog,
    StaffNote,
    YouthRequest,
    last_contact,
)


def mentorships_for_mentor(*, user) -> QuerySet[Mentorship]:
    """A mentor's pairings under way, the proposals awaiting their answer first."""
    return (
        Mentorship.objects.filter(mentor__user=user, state__in=OPEN_MENTORSHIP_STATES)
        .select_related("request", "association")
        .prefetch_related("sessions", "goals")
        .order_by("state", "-created_at")
    )


def months_of(mentorship: Mentorship, sessions: list[SessionLog], today: date | None = None) -> list[tuple[date, bool]]:
    """Each month since the start (first day of the month), and whether a session was held in it."""
    if not mentorship.started_on:
        return []
    today = today or local_today()
    held = {(s.held_on.year, s.held_on.month) for s in sessions}
    months, current = [], mentorship.started_on.replace(day=1)
    while current <= today:
        months.append((current, (current.year, current.month) in held))
        current = current.replace(year=current.year + (current.month == 12), month=current.month % 12 + 1)
    return months


# --- The association's pairs -------------------------------------------------------------------------------------

# A pair under way is silent when its last session (or its start, before any) is more than this many days old: the
# one rule of the pairs list, the dashboard, the morning digest and the silent-pair alert (SILENT_ESCALATE_AFTER
# escalates it).
SILENT_AFTER_DAYS = 45
ENDING_WITHIN = timedelta(days=30)


def mentorships_for_association(
    *, association: Association, overdue: bool = False, ending_soon: bool = False, today: date | None = None
) -> QuerySet[Mentorship]:
    """The association's pairings under way, each with its last session's date (``last_session_on``) and its number
    of sessions."""
    today = today or local_today()
    # A correlated subquery rather than a join: PostgreSQL counts the sessions of the page's rows only (and the count
    # of the pages does without it), instead of grouping every session of the association's pairs on each view.
    sessions = SessionLog.objects.filter(mentorship=OuterRef("pk")).order_by().values("mentorship")
    queryset = (
        Mentorship.objects.filter(association=association, state__in=OPEN_MENTORSHIP_STATES)
        .select_related("request", "mentor__user")
        .annotate(session_count=Coalesce(Subquery(sessions.annotate(n=Count("pk")).values("n")), 0))
        .order_by("planned_end_on", "pk")
    )
    if overdue:  # the pairs silent longest first (read from mentorship_last_contact_idx in that order)
        queryset = _silent(queryset, today).order_by("last_contact", "pk")
    if ending_soon:
        queryset = queryset.filter(planned_end_on__lte=today + ENDING_WITHIN)
    return queryset


def mentorships_of_association(*, association: Association, state: str = "") -> QuerySet[Mentorship]:
    """All the association's pairings, whatever their state (the API), with their goals; newest first."""
    queryset = Mentorship.objects.filter(association=association).prefetch_related("goals")
    return queryset.filter(state=state) if state else queryset


def sessions_of_mentorship(*, mentorship: Mentorship) -> QuerySet[SessionLog]:
    return SessionLog.objects.filter(mentorship=mentorship)


def _silent(queryset: QuerySet[Mentorship], today: date, days: int = SILENT_AFTER_DAYS) -> QuerySet[Mentorship]:
    """Active pairings whose last session (or start, before any) is more than ``days`` old, with ``last_contact``."""
    return queryset.annotate(last_contact=last_contact()).filter(
        state=MentorshipState.ACTIVE, last_contact__lt=today - timedelta(days=days)
    )


def silent_mentorships(*, today: date | None = None) -> QuerySet[Mentorship]:
    """Every association's pairings gone silent (for the morning digest)."""
    return _silent(Mentorship.objects.all(), today or local_today())


def is_silent(mentorship: Mentorship, today: date | None = None) -> bool:
    """The same rule for one pairing (the pairs list's badges)."""
    today = today or local_today()
    last = mentorship.last_session_on or mentorship.started_on
    silent_since = today - timedelta(days=SILENT_AFTER_DAYS)
    return mentorship.state == MentorshipState.ACTIVE and last is not None and last < silent_since


def sessions_of_request(*, request) -> QuerySet[SessionLog]:
    """The sessions of a youth's mentorships (their tracking link shows them)."""
    return SessionLog.objects.filter(mentorship__request=request)


EXPORTED_ACCOUNT_FIELDS = ["email", "first_name", "last_name", "language", "date_joined", "last_login"]
EXPORTED_MENTOR_FIELDS = [
    "state", "mentor_type", "organisation", "sectors", "skills", "axes", "accepts_minors", "postal_code",
    "department", "meeting_modes", "availability", "languages", "capacity", "motivation", "background_check_ok",
    "background_check_on", "trained_on", "reject_reason", "consent_version", "consent_at", "created_at",
    "submitted_at",
]  # fmt: skip


def mentor_export(*, user) -> dict:
    """Everything the platform holds about a signed-in person as a mentor, as they may download it: their account,
    their profile and application (its steps, the association's notes, the background check as declared), their
    mentorships with sessions and goals. Of the young people they mentor, only the first name."""
    data = {"account": {name: getattr(user, name) for name in EXPORTED_ACCOUNT_FIELDS}}
    mentor = MentorProfile.objects.filter(user=user).select_related("association").first()
    if mentor is None:
        return data
    data["mentor"] = {name: getattr(mentor, name) for name in EXPORTED_MENTOR_FIELDS}
    data["mentor"]["association"] = mentor.association.name if mentor.association else None
    data["mentor"]["history"] = [
        {"state": t.to_state, "at": t.created_at, "actor": t.actor, "reason": t.reason}
        for t in mentor.transitions.order_by("created_at", "pk")
    ]
    data["mentor"]["association_notes"] = [
        {"at": note.created_at, "text": note.text} for note in mentor.notes.order_by("created_at", "pk")
    ]
    mentorships = (
        Mentorship.objects.filter(mentor=mentor)
        .select_related("request", "association")
        .prefetch_related("sessions", "goals")
        .order_by("created_at", "pk")
    )
    data["mentorships"] = [
        {
            "youth_first_name": m.request.first_name if m.request else None,  # None once the youth's request is erased
            "association": m.association.name,
            "state": m.state,
            "created_at": m.created_at,
            "started_on": m.started_on,
            "planned_end_on": m.planned_end_on,
            "ended_at": m.ended_at,
            "end_reason": m.end_reason,
            "decline_reason": m.decline_reason,
            "mentor_words": m.mentor_words,
            "sessions": [
                {
                    "held_on": s.held_on,
                    "duration_hours": s.duration_hours,
                    "mode": s.mode,
                    "topics": s.topics,
                    "note_for_the_association": s.private_note,
                    "youth_feedback": s.youth_feedback,
                }
                for s in m.sessions.all()
            ],
            "goals": [{"text": g.text, "status": g.status} for g in m.goals.all()],
        }
        for m in mentorships
    ]
    return data


# --- Alerts: the association's follow-up queue -------------------------------------------------------------------

ALERT_STATE_FILTERS = {
    "a-traiter": OPEN_ALERT_STATES,
    "nouvelles": [AlertState.OPEN],
    "prises": [AlertState.CLAIMED],
    "resolues": [AlertState.RESOLVED],
    "toutes": list(AlertState),
}


def alerts_for_association(
    *, association: Association, states=OPEN_ALERT_STATES, kind: str = "", claimed_by: User | None = None
) -> QuerySet[Alert]:
    """The association's alerts (those still to deal with by default), urgent first, newest first, with what the
    queue shows of each: its request, its mentor and who claimed it. (Every table joined is one more for PostgreSQL
    to order when planning: with the mentorship, its request and the concern as well, planning the page's query took
    6 to 9 ms, against 1 ms to run it.)"""
    # The notes counted by a correlated subquery, for the page's rows only: a join grouped by every column would
    # sort and group all the association's alerts on each view (and the page count would do it again).
    notes = AlertNote.objects.filter(alert=OuterRef("pk")).order_by().values("alert").annotate(n=Count("*"))
    queryset = (
        Alert.objects.filter(association=association, state__in=states)
        .select_related("request", "mentor__user", "claimed_by")
        .annotate(note_count=Coalesce(Subquery(notes.values("n")), 0))
        .order_by("-urgent", "-created_at", "-pk")
    )
    if kind:
        queryset = queryset.filter(kind=kind)
    if claimed_by is not None:
        queryset = queryset.filter(claimed_by=claimed_by)
    return queryset


def alerts_in_detail(*, association: Association) -> QuerySet[Alert]:
    """Any of the association's alerts, with all an alert's page shows: its mentorship and the concern it raises."""
    return alerts_for_association(association=association, states=list(AlertState)).select_related(
        "mentorship__request", "concern"
    )


def alert_counts_for_membership(*, membership: StaffMembership) -> dict[str, int]:
    """Open alerts (and how many urgent) of the association of ``membership`` (the user's own, as the association's
    pages resolve it): the navigation's counts, in one query."""
    return Alert.objects.filter(association_id=membership.association_id, state__in=OPEN_ALERT_STATES).aggregate(
        open=Count("pk"), urgent=Count("pk", filter=Q(urgent=True))
    )


def alert_keys_raised(*, keys) -> set[str]:
    """Which of these dedup keys already named an alert, open or resolved: a job raises each event once."""
    return set(Alert.objects.filter(dedup_key__in=list(keys)).values_list("dedup_key", flat=True))


def staff_to_alert(*, association: Association, role: StaffRole | None = None) -> QuerySet[StaffMembership]:
    """Who an alert is e-mailed to: the association's staff of ``role`` (everyone, without it), with their accounts;
    everyone if nobody holds that role."""
    memberships = StaffMembership.objects.filter(association=association).select_related("user").order_by("pk")
    if role is not None and memberships.filter(role=role).exists():
        memberships = memberships.filter(role=role)
    return memberships


def concerns_of_request(*, request: YouthRequest) -> QuerySet[Concern]:
    """The concerns a youth reported through their link (their tracking page says they were received)."""
    return Concern.objects.filter(request=request, mentor__isnull=True).order_by("-created_at")


# --- What the scheduled jobs look at ------------------------------------------------------------------------------

SILENT_ESCALATE_AFTER = 60  # days silent (see SILENT_AFTER_DAYS): escalated to the association's admins
UNTOUCHED_REMIND_AFTER = 7  # days a request in the queue waits without a move, a contact or a note
UNTOUCHED_ESCALATE_AFTER = 14
SIX_MONTHS = timedelta(days=183)
CHECK_EXPIRING_WITHIN = timedelta(days=30)


def silent_pairs(*, today: date, days: int) -> QuerySet[Mentorship]:
    """Active pairings whose last session (or start, before any) is more than ``days`` days old (as ``_silent``),
    with ``last_contact``."""
    return (
        _silent(Mentorship.objects.filter(started_on__isnull=False), today, days)
        .select_related("association", "request", "mentor__user")
        .order_by("pk")
    )


def untouched_requests(*, today: date, days: int) -> QuerySet[YouthRequest]:
    """Requests in an association's queue that nobody moved, contacted or commented on for ``days`` days or more,
    with ``last_touch`` (the latest of these, or the routing)."""

    def latest(model):
        return Subquery(model.objects.filter(request=OuterRef("pk")).order_by("-created_at").values("created_at")[:1])

    return (
        YouthRequest.objects.filter(state__in=QUEUE_REQUEST_STATES, association__isnull=False)
        .annotate(
            last_touch=Greatest(
                Coalesce(latest(RequestTransition), F("routed_at")),
                Coalesce(latest(ContactAttempt), F("routed_at")),
                Coalesce(latest(StaffNote), F("routed_at")),
            )
        )
        .filter(last_touch__date__lte=today - timedelta(days=days))
        .select_related("association", "claimed_by")
        .order_by("pk")
    )


def pairs_at_six_months(*, today: date) -> QuerySet[Mentorship]:
    """Active pairings that started six months ago or more: the pair and the referent are asked to go on or close."""
    return (
        Mentorship.objects.filter(state=MentorshipState.ACTIVE, started_on__lte=today - SIX_MONTHS)
        .select_related("association", "request", "mentor__user", "referent")
        .order_by("pk")
    )


def checks_expiring(*, today: date) -> QuerySet[MentorProfile]:
    """Mentors paired (a pairing open) with a minor whose background check expires within 30 days, not yet expired."""
    checked_since = today - BACKGROUND_CHECK_VALIDITY
    checked_until = today + CHECK_EXPIRING_WITHIN - BACKGROUND_CHECK_VALIDITY
    minors = Mentorship.objects.filter(
        mentor=OuterRef("pk"),
        state__in=OPEN_MENTORSHIP_STATES,
        request__birth_date__gt=years_before(today, ADULT_AGE),
    )
    return (
        MentorProfile.objects.filter(
            background_check_ok=True,
            background_check_on__gte=checked_since,
            background_check_on__lte=checked_until,
            association__isnull=False,
        )
        .filter(Exists(minors))
        .select_related("association", "user")
        .order_by("pk")
    )


# --- Check-ins ---------------------------------------------------------------------------------------------------

CHECK_IN_ANSWER_WITHIN = timedelta(days=30)  # a check-in waits for its answer this long, while the pair is under way


SESSION_REMINDER_MIN_AGE = timedelta(days=14)  # a mentorship started less than two weeks ago is not reminded


def mentors_to_remind(*, today: date) -> dict[MentorProfile, int]:
    """Mentors with an active mentorship (started at least two weeks ago) without a session logged this calendar
    month, each with how many such mentorships they have (the monthly session reminder)."""
    month_start = today.replace(day=1)
    mentorships = (
        Mentorship.objects.filter(state=MentorshipState.ACTIVE, started_on__lte=today - SESSION_REMINDER_MIN_AGE)
        .exclude(sessions__held_on__gte=month_start)
        .select_related("mentor__user")
        .order_by("mentor_id", "pk")
    )
    return Counter(mentorship.mentor for mentorship in mentorships)


def check_in_is_open(check_in: CheckIn, now: datetime | None = None) -> bool:
    """Whether a check-in may still be answered: not yet answered, asked less than CHECK_IN_ANSWER_WITHIN ago, and
    its mentorship still under way. ``check_in.mentorship`` is read."""
    now = now or timezone.now()
    return (
        check_in.answered_at is None
        and check_in.asked_at > now - CHECK_IN_ANSWER_WITHIN
        and check_in.mentorship.state in UNDER_WAY_MENTORSHIP_STATES
    )


def check_in_by_token(*, token: str) -> QuerySet[CheckIn]:
    """The youth's check-in a link points to (none for a tampered or unknown one)."""
    try:
        public_id = tokens.check_in_token_read(token)
    except tokens.InvalidToken:
        return CheckIn.objects.none()
    return CheckIn.objects.filter(public_id=public_id, respondent=CheckInRespondent.YOUTH).select_related(
        "mentorship__request", "mentorship__association"
    )


def check_ins_for_mentor(*, user) -> QuerySet[CheckIn]:
    """A mentor's own check-ins (never the youth's), latest first."""
    return (
        CheckIn.objects.filter(mentorship__mentor__user=user, respondent=CheckInRespondent.MENTOR)
        .select_related("mentorship__request")
        .order_by("-asked_at", "-pk")
    )


def check_ins_of_request(*, request, respondent: str | None = None) -> QuerySet[CheckIn]:
    """The check-ins of a youth's mentorships: the youth's own on their tracking page, both for staff."""
    queryset = CheckIn.objects.filter(mentorship__request=request).select_related("mentorship")
    if respondent:
        queryset = queryset.filter(respondent=respondent)
    return queryset.order_by("-month", "-respondent")  # the latest first, the youth before the mentor
