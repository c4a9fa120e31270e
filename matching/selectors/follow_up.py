"""Reads for the follow-up of mentorships: a mentor's pairings, an association's pairs, silent pairs, months, and a
mentor's export of their data."""

from datetime import date, timedelta

from django.db.models import Count, Max, QuerySet
from django.db.models.functions import Coalesce

from associations.models import Association

from ..dates import local_today
from ..enums import OPEN_MENTORSHIP_STATES, MentorshipState
from ..models import MentorProfile, Mentorship, SessionLog


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


def mentorships_of_association(*, association: Association, state: str = "") -> QuerySet[Mentorship]:
    """All the association's pairings, whatever their state (the API), with their goals; newest first."""
    queryset = Mentorship.objects.filter(association=association).prefetch_related("goals")
    return queryset.filter(state=state) if state else queryset


def sessions_of_mentorship(*, mentorship: Mentorship) -> QuerySet[SessionLog]:
    return SessionLog.objects.filter(mentorship=mentorship)


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
            "youth_first_name": m.request.first_name,
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
