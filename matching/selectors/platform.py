"""Reads for the platform administrators: every association's numbers, and what waits unrouted."""

from django.db.models import Count, F, Q, QuerySet

from associations.models import Association

from ..enums import LOAD_MENTOR_STATES, LOAD_REQUEST_STATES, MentorState, RequestState
from ..models import MentorProfile, YouthRequest


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
