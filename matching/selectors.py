"""Reads of the matching app, each scoped to who asks: a bearer of a signed link, or a signed-in user."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, F, Max, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from associations.models import Association

from . import tokens
from .dates import local_today, years_before
from .enums import (
    LOAD_MENTOR_STATES,
    LOAD_REQUEST_STATES,
    OPEN_MENTORSHIP_STATES,
    QUEUE_MENTOR_STATES,
    QUEUE_REQUEST_STATES,
    Actor,
    DeclineReason,
    MentorshipState,
    MentorState,
    RequestState,
    WithdrawReason,
)
from .models import MentorProfile, Mentorship, SessionLog, YouthRequest


@dataclass(frozen=True)
class TimelineStep:
    state: RequestState
    at: datetime
    actor: Actor
    reason: str = ""

    @property
    def state_label(self) -> str:
        return RequestState(self.state).label

    association: str = ""

    @property
    def reason_label(self) -> str:
        for reasons in (DeclineReason, WithdrawReason):
            if self.reason in reasons.values:
                return reasons(self.reason).label
        return ""


def request_timeline(*, request: YouthRequest) -> list[TimelineStep]:
    """The request's steps: its creation (the row itself), then each logged transition, oldest first."""
    transitions = list(request.transitions.all())
    initial = transitions[0].from_state if transitions else request.state
    steps = [TimelineStep(state=initial, at=request.created_at, actor=Actor.YOUTH)]
    steps += [
        TimelineStep(
            state=t.to_state,
            at=t.created_at,
            actor=t.actor,
            reason=t.reason,
            association=t.association.name if t.association_id and t.association else "",
        )
        for t in transitions
    ]
    return steps


def request_for_tracking_token(*, token: str) -> YouthRequest:
    """The request a tracking link points to; Http404 for a tampered, unknown or purged one."""
    try:
        public_id = tokens.tracking_token_read(token)
    except tokens.InvalidToken:
        raise Http404("invalid tracking token") from None
    request = YouthRequest.objects.filter(public_id=public_id).prefetch_related("transitions").first()
    if request is None:
        raise Http404("no such request")
    return request


EXPORTED_REQUEST_FIELDS = [
    "first_name", "last_name", "email", "phone", "birth_date", "postal_code", "department", "commune",
    "situation", "need", "axis", "sectors", "meeting_modes", "availability", "languages", "description",
    "lives_in_qpv", "scholarship_holder", "disability_recognised", "parent_name", "parent_email",
    "parent_consent_at", "consent_version", "consent_at", "language", "state", "created_at", "submitted_at",
    "closed_at",
]  # fmt: skip


def request_export(*, request: YouthRequest) -> dict:
    """Everything the platform holds about a youth's request, as the person may download it."""
    data = {name: getattr(request, name) for name in EXPORTED_REQUEST_FIELDS}
    data["history"] = [
        {"at": step.at, "state": step.state, "by": step.actor, "reason": step.reason}
        for step in request_timeline(request=request)
    ]
    return data


def request_for_parent_token(*, token: str) -> YouthRequest:
    try:
        public_id = tokens.parent_consent_token_read(token)
    except tokens.InvalidToken:
        raise Http404("invalid or expired parent consent token") from None
    request = YouthRequest.objects.filter(public_id=public_id).first()
    if request is None:
        raise Http404("no such request")
    return request


def mentor_profile_for_user(*, user: User) -> MentorProfile | None:
    if not user.is_authenticated:
        return None
    return MentorProfile.objects.filter(user=user).select_related("association").first()


# --- Staff: an association's queues (the caller has checked the membership) -------------------------------------

SLA_AMBER = timedelta(days=7)
SLA_RED = timedelta(days=14)


def requests_for_association(*, association: Association) -> QuerySet[YouthRequest]:
    return YouthRequest.objects.filter(association=association).select_related("claimed_by")


def request_queue(
    *,
    association: Association,
    user,
    states: list[str] | None = None,
    axis: str = "",
    department: str = "",
    minors: str = "",
    waiting: str = "",
    claimed: str = "",
    q: str = "",
    sort: str = "oldest",
    now: datetime | None = None,
) -> QuerySet[YouthRequest]:
    """An association's requests, filtered as the queue page asks; oldest in the queue first by default."""
    now = now or timezone.now()
    queryset = requests_for_association(association=association).filter(state__in=states or QUEUE_REQUEST_STATES)
    if axis:
        queryset = queryset.filter(axis=axis)
    if department:
        queryset = queryset.filter(department=department)
    adult_birth_date = years_before(local_today(now), 18)
    if minors == "yes":
        queryset = queryset.filter(birth_date__gt=adult_birth_date)
    elif minors == "no":
        queryset = queryset.filter(birth_date__lte=adult_birth_date)
    if waiting == "7":
        queryset = queryset.filter(routed_at__lt=now - SLA_AMBER)
    elif waiting == "14":
        queryset = queryset.filter(routed_at__lt=now - SLA_RED)
    if claimed == "mine":
        queryset = queryset.filter(claimed_by=user)
    elif claimed == "unclaimed":
        queryset = queryset.filter(claimed_by__isnull=True)
    if q:
        terms = Q()
        for word in q.split()[:5]:
            terms &= Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        queryset = queryset.filter(terms)
    order = ["routed_at", "pk"] if sort != "newest" else ["-routed_at", "-pk"]
    return queryset.order_by(*order)


def sla_level(routed_at: datetime | None, now: datetime | None = None) -> str:
    """ "red" past 14 days in the queue, "amber" past 7, "" otherwise."""
    if routed_at is None:
        return ""
    waited = (now or timezone.now()) - routed_at
    return "red" if waited > SLA_RED else "amber" if waited > SLA_AMBER else ""


def request_for_staff(*, association: Association, pk: int) -> YouthRequest:
    request = (
        requests_for_association(association=association)
        .select_related("association")
        .prefetch_related("transitions__by", "transitions__association", "contact_attempts__by", "notes__by")
        .filter(pk=pk)
        .first()
    )
    if request is None:
        raise Http404("no such request in this association")
    return request


def mentors_for_association(*, association: Association) -> QuerySet[MentorProfile]:
    return MentorProfile.objects.filter(association=association).select_related("user")


def mentor_queue(
    *, association: Association, states: list[str] | None = None, q: str = "", sort: str = "oldest"
) -> QuerySet[MentorProfile]:
    queryset = mentors_for_association(association=association).filter(state__in=states or QUEUE_MENTOR_STATES)
    if q:
        terms = Q()
        for word in q.split()[:5]:
            terms &= (
                Q(user__first_name__icontains=word)
                | Q(user__last_name__icontains=word)
                | Q(user__email__icontains=word)
            )
        queryset = queryset.filter(terms)
    order = ["submitted_at", "pk"] if sort != "newest" else ["-submitted_at", "-pk"]
    return queryset.order_by(*order)


def mentor_for_staff(*, association: Association, pk: int) -> MentorProfile:
    mentor = (
        mentors_for_association(association=association)
        .prefetch_related("transitions__by", "notes__by", "routing_decisions")
        .filter(pk=pk)
        .first()
    )
    if mentor is None:
        raise Http404("no such mentor in this association")
    return mentor


# --- Platform administrators -------------------------------------------------------------------------------------


def unrouted_requests() -> QuerySet[YouthRequest]:
    return YouthRequest.objects.filter(state=RequestState.UNROUTED).order_by("submitted_at", "pk")


def unrouted_mentors() -> QuerySet[MentorProfile]:
    return (
        MentorProfile.objects.filter(association__isnull=True)
        .exclude(state=MentorState.REJECTED)
        .select_related("user")
        .order_by("submitted_at", "pk")
    )


def associations_overview() -> QuerySet[Association]:
    """Every association with its numbers: open requests against capacity, mentors by stage."""
    return Association.objects.annotate(
        open_requests=Count("youth_requests", filter=Q(youth_requests__state__in=LOAD_REQUEST_STATES), distinct=True),
        accepted_requests=Count("youth_requests", filter=Q(youth_requests__state=RequestState.ACCEPTED), distinct=True),
        mentors_following=Count("mentors", filter=Q(mentors__state__in=LOAD_MENTOR_STATES), distinct=True),
        active_mentors=Count("mentors", filter=Q(mentors__state=MentorState.ACTIVE), distinct=True),
        staff=Count("memberships", distinct=True),
    ).order_by(F("is_active").desc(), "name")


# --- Mentor suggestions for an accepted request ------------------------------------------------------------------


@dataclass(frozen=True)
class Excluded:
    mentor: MentorProfile
    reason: str


def mentor_suggestions(*, association: Association, request: YouthRequest, k: int = 10):
    """The association's active mentors ranked for this request (best first, with reasons), and those a hard
    constraint rules out, each with the first constraint it fails."""
    from . import scoring

    mentors = list(mentors_for_association(association=association).filter(state=MentorState.ACTIVE))
    if not mentors:
        return [], []
    arrays = scoring.MentorArrays.from_profiles(mentors)
    youth = scoring.YouthVector.from_request(request)
    by_id = {mentor.pk: mentor for mentor in mentors}
    ranked = [
        (by_id[suggestion.mentor_id], suggestion)
        for suggestion in scoring.suggest(youth, arrays, scoring.Weights.for_association(association), k=k)
    ]
    codes = scoring.exclusions(youth, arrays)
    excluded = [
        Excluded(mentor=mentor, reason=scoring.exclusion_reason(int(code)))
        for mentor, code in zip(mentors, codes, strict=True)
        if code >= 0
    ]
    return ranked, excluded


def open_mentorship(*, request: YouthRequest) -> Mentorship | None:
    """The pairing under way for this request (proposed, accepted, active or paused), if any."""
    return (
        Mentorship.objects.filter(request=request, state__in=OPEN_MENTORSHIP_STATES)
        .select_related("mentor__user", "association")
        .first()
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
    today = today or timezone.localdate()
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
    today = today or timezone.localdate()
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
    return _silent(queryset, today or timezone.localdate())


def is_silent(mentorship: Mentorship, today: date | None = None) -> bool:
    """The same rule for one pairing already loaded with ``last_session`` (the pairs list's badges)."""
    today = today or timezone.localdate()
    last = mentorship.last_session or mentorship.started_on
    return mentorship.state == MentorshipState.ACTIVE and last is not None and last < today - SILENT_AFTER
