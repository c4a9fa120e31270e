"""Reads for the follow-up of mentorships: a mentor's pairings, an association's pairs, silent pairs, months."""

from datetime import date, timedelta

from django.db.models import Count, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from associations.models import Association

from ..dates import local_today
from ..enums import OPEN_MENTORSHIP_STATES, MentorshipState
from ..models import Mentorship, SessionLog


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
    # Correlated subqueries rather than a join: PostgreSQL computes them for the page's rows only (and the count of
    # the pages does without them), instead of grouping every session of the association's pairs on each view.
    sessions = SessionLog.objects.filter(mentorship=OuterRef("pk")).order_by().values("mentorship")
    queryset = (
        Mentorship.objects.filter(association=association, state__in=OPEN_MENTORSHIP_STATES)
        .select_related("request", "mentor__user")
        .annotate(
            last_session=Subquery(sessions.annotate(last=Max("held_on")).values("last")),
            session_count=Coalesce(Subquery(sessions.annotate(n=Count("pk")).values("n")), 0),
        )
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
