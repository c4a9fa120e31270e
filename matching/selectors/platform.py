"""Reads for the platform administrators: every association's numbers, and what waits unrouted."""

from django.db.models import Count, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from associations.models import Association, StaffMembership

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


def _count(queryset: QuerySet) -> Coalesce:
    """How many rows of ``queryset`` belong to the association of the outer query: a correlated count, so that each
    number is counted on its own (joins of requests, mentors and staff would multiply each other's rows)."""
    counted = queryset.filter(association=OuterRef("pk")).order_by().values("association").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n")), 0)


def associations_overview() -> QuerySet[Association]:
    """Every association with its numbers: open requests against capacity, mentors by stage."""
    return Association.objects.annotate(
        open_requests=_count(YouthRequest.objects.filter(state__in=LOAD_REQUEST_STATES)),
        accepted_requests=_count(YouthRequest.objects.filter(state=RequestState.ACCEPTED)),
        mentors_following=_count(MentorProfile.objects.filter(state__in=LOAD_MENTOR_STATES)),
        active_mentors=_count(MentorProfile.objects.filter(state=MentorState.ACTIVE)),
        staff=_count(StaffMembership.objects.all()),
    ).order_by(F("is_active").desc(), "name")
