"""Reads about mentors: a volunteer's own application, and an association's vetting queue."""

from django.db.models import Prefetch, Q, QuerySet

from accounts.models import User
from associations.models import Association

from ..enums import QUEUE_MENTOR_STATES
from ..models import MentorProfile, StaffNote


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


def mentors_for_vetting(*, association: Association) -> QuerySet[MentorProfile]:
    """The association's mentors with what a mentor's page shows (their log, its own team's notes and routing)."""
    notes = Prefetch("notes", queryset=StaffNote.objects.filter(association=association).select_related("by"))
    return mentors_for_association(association=association).prefetch_related(
        "transitions__by", notes, "routing_decisions"
    )
