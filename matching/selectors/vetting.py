"""Reads about mentors: a volunteer's own application, an association's vetting queue and its training sessions."""

from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from associations.models import Association

from ..enums import QUEUE_MENTOR_STATES, MentorState, TrainingRegistrationState
from ..models import MentorProfile, StaffNote, TrainingRegistration, TrainingSession
from ..search import words_match


def mentor_profile_for_user(*, user: User) -> MentorProfile | None:
    if not user.is_authenticated:
        return None
    return MentorProfile.objects.filter(user=user).select_related("association").first()


def mentors_for_association(*, association: Association) -> QuerySet[MentorProfile]:
    return MentorProfile.objects.filter(association=association).select_related("user")


def mentor_queue(
    *, association: Association, states: list[str] | None = None, q: str = "", sort: str = "oldest"
) -> QuerySet[MentorProfile]:
    queryset = mentors_for_association(association=association).filter(state__in=states or QUEUE_MENTOR_STATES)
    if q:
        queryset = queryset.filter(words_match(q, ["user__first_name", "user__last_name", "user__email"]))
    order = ["submitted_at", "pk"] if sort != "newest" else ["-submitted_at", "-pk"]
    return queryset.order_by(*order)


def mentors_for_vetting(*, association: Association) -> QuerySet[MentorProfile]:
    """The association's mentors with what a mentor's page shows (their log, its own team's notes, routing and
    training registrations)."""
    notes = Prefetch("notes", queryset=StaffNote.objects.filter(association=association).select_related("by"))
    registrations = TrainingRegistration.objects.select_related("session__association").order_by("-pk")
    trainings = Prefetch("training_registrations", queryset=registrations)
    return mentors_for_association(association=association).prefetch_related(
        "transitions__by", notes, "routing_decisions", trainings
    )


# --- Training sessions ---------------------------------------------------------------------------------------------


def training_sessions_for_association(*, association: Association) -> QuerySet[TrainingSession]:
    return TrainingSession.objects.filter(association=association).select_related("association")


def training_sessions_upcoming(*, association: Association, now: datetime | None = None) -> QuerySet[TrainingSession]:
    """Sessions still to come (cancelled ones included, marked), soonest first."""
    return training_sessions_for_association(association=association).filter(starts_at__gt=now or timezone.now())


def training_sessions_past(*, association: Association, now: datetime | None = None) -> QuerySet[TrainingSession]:
    """Sessions that have started, latest first, with how many were marked present."""
    return (
        training_sessions_for_association(association=association)
        .filter(starts_at__lte=now or timezone.now())
        .annotate(attended=Count("registrations", filter=Q(registrations__state=TrainingRegistrationState.ATTENDED)))
        .order_by("-starts_at", "-pk")
    )


def training_sessions_with_registrations(*, association: Association) -> QuerySet[TrainingSession]:
    """A session's page: its registrations with each mentor, present ones and those still registered first."""
    registrations = TrainingRegistration.objects.select_related("mentor__user").order_by("state", "created_at", "pk")
    return training_sessions_for_association(association=association).prefetch_related(
        Prefetch("registrations", queryset=registrations)
    )


def training_registrations_for_association(*, association: Association) -> QuerySet[TrainingRegistration]:
    return TrainingRegistration.objects.filter(session__association=association).select_related(
        "session__association", "mentor"
    )


def mentors_to_invite(*, session: TrainingSession) -> QuerySet[MentorProfile]:
    """The association's mentors at the training step who hold no seat at this session."""
    return (
        mentors_for_association(association=session.association)
        .filter(state=MentorState.CHECKED)
        .exclude(training_registrations__session=session)
        .order_by("pk")
    )


def training_sessions_for_mentor(*, mentor: MentorProfile) -> QuerySet[TrainingSession]:
    """The sessions a mentor may see and act on: their own association's."""
    if mentor.association_id is None:
        return TrainingSession.objects.none()
    return TrainingSession.objects.filter(association_id=mentor.association_id).select_related("association")


def training_offer_for_mentor(*, mentor: MentorProfile, now: datetime | None = None) -> list[TrainingSession]:
    """What Mon espace shows a mentor of training: their association's upcoming sessions and those they registered
    to, each with ``mine`` (the mentor's registration or None) and what the mentor may do with it."""
    now = now or timezone.now()
    mine = TrainingRegistration.objects.filter(mentor=mentor)
    sessions = (
        training_sessions_for_mentor(mentor=mentor)
        .filter(Q(starts_at__gt=now, cancelled_at__isnull=True) | Q(registrations__mentor=mentor))
        .distinct()
        .prefetch_related(Prefetch("registrations", queryset=mine, to_attr="mine_list"))
        .order_by("starts_at", "pk")
    )
    sessions = list(sessions)
    for session in sessions:
        session.mine = session.mine_list[0] if session.mine_list else None
        mine = session.mine.state if session.mine else None
        open_ = not session.is_cancelled and not session.has_started(now)
        session.can_unregister = open_ and mine == TrainingRegistrationState.REGISTERED
        session.can_register = (
            open_
            and mentor.state == MentorState.CHECKED
            and session.seats_left > 0
            and mine in (None, TrainingRegistrationState.CANCELLED)
        )
        session.is_full = open_ and not session.seats_left and mine in (None, TrainingRegistrationState.CANCELLED)
    return sessions
