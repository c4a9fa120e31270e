"""Reads for the follow-up of mentorships: a mentor's pairings, an association's pairs, silent pairs, months."""

from datetime import date, datetime, timedelta

from django.db.models import Count, Max, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from associations.models import Association

from .. import tokens
from ..dates import local_today
from ..enums import OPEN_MENTORSHIP_STATES, UNDER_WAY_MENTORSHIP_STATES, CheckInRespondent, MentorshipState
from ..models import CheckIn, Mentorship, SessionLog


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

SILENT_AFTER = timedelta(days=31)  # an active pair with no session for a month is flagged
ENDING_WITHIN = timedelta(days=30)


def mentorships_for_association(
    *, association: Association, overdue: bool = False, ending_soon: bool = False, today: date | None = None
) -> QuerySet[Mentorship]:
    """The association's pairings under way, each with its last session's date and its number of sessions."""
    today = today or local_today()
    queryset = (
        Mentorship.objects.filter(association=association, state__in=OPEN_MENTORSHIP_STATES)
        .select_related("request", "mentor__user")
        .annotate(last_session=Max("sessions__held_on"), session_count=Count("sessions"))
        .order_by("planned_end_on", "pk")
    )
    if overdue:
        queryset = _silent(queryset, today)
    if ending_soon:
        queryset = queryset.filter(planned_end_on__lte=today + ENDING_WITHIN)
    return queryset


def _silent(queryset: QuerySet[Mentorship], today: date) -> QuerySet[Mentorship]:
    """Active pairings whose last session (or start, before any) is more than a month old. The queryset must carry
    ``last_session``."""
    return queryset.annotate(last_contact=Coalesce("last_session", "started_on")).filter(
        state=MentorshipState.ACTIVE, last_contact__lt=today - SILENT_AFTER
    )


def silent_mentorships(*, today: date | None = None) -> QuerySet[Mentorship]:
    """Every association's pairings gone silent (for the morning digest)."""
    queryset = Mentorship.objects.annotate(last_session=Max("sessions__held_on"))
    return _silent(queryset, today or local_today())


def is_silent(mentorship: Mentorship, today: date | None = None) -> bool:
    """The same rule for one pairing already loaded with ``last_session`` (the pairs list's badges)."""
    today = today or local_today()
    last = mentorship.last_session or mentorship.started_on
    return mentorship.state == MentorshipState.ACTIVE and last is not None and last < today - SILENT_AFTER


def sessions_of_request(*, request) -> QuerySet[SessionLog]:
    """The sessions of a youth's mentorships (their tracking link shows them)."""
    return SessionLog.objects.filter(mentorship__request=request)


# --- Check-ins ---------------------------------------------------------------------------------------------------

CHECK_IN_ANSWER_WITHIN = timedelta(days=30)  # a check-in waits for its answer this long, while the pair is under way


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
