"""Reads for association staff working their review queue. The caller has resolved the staff membership; a
request outside the association is simply not found (the view answers 404)."""

from datetime import datetime, timedelta

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from associations.models import Association

from ..dates import ADULT_AGE, local_today, years_before
from ..enums import QUEUE_REQUEST_STATES
from ..models import StaffNote, YouthRequest
from ..search import words_match


def requests_for_association(*, association: Association) -> QuerySet[YouthRequest]:
    return YouthRequest.objects.filter(association=association).select_related("claimed_by")


SLA_AMBER = timedelta(days=7)
SLA_RED = timedelta(days=14)


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
    adult_birth_date = years_before(local_today(now), ADULT_AGE)
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
        terms = words_match(q, ["first_name", "last_name", "email"])
        # The matches found from the queue's index alone (youth_request_queue_order_idx carries the names and
        # e-mail), then their rows: filtered directly, every waiting row of the association would be read.
        queryset = queryset.filter(pk__in=queryset.filter(terms).order_by().values("pk"))
    order = ["routed_at", "pk"] if sort != "newest" else ["-routed_at", "-pk"]
    return queryset.order_by(*order)


def sla_level(routed_at: datetime | None, now: datetime | None = None) -> str:
    """ "red" past 14 days in the queue, "amber" past 7, "" otherwise."""
    if routed_at is None:
        return ""
    waited = (now or timezone.now()) - routed_at
    return "red" if waited > SLA_RED else "amber" if waited > SLA_AMBER else ""


def notes_of(*, association: Association) -> Prefetch:
    """The internal notes written by this association's team: another association's never show."""
    return Prefetch("notes", queryset=StaffNote.objects.filter(association=association).select_related("by"))


def requests_for_review(*, association: Association) -> QuerySet[YouthRequest]:
    """The association's requests with what a request's page shows (its log, contacts and its own team's notes)."""
    return (
        requests_for_association(association=association)
        .select_related("association")
        .prefetch_related(
            "transitions__by", "transitions__association", "contact_attempts__by", notes_of(association=association)
        )
    )


def request_own_records(*, request: YouthRequest) -> dict:
    """What the association holding the request recorded on it: its contact attempts since the request reached it
    and the notes of its own transitions (the redirection's reason included). What an association that redirected
    the request wrote stays with that association. ``request`` comes from ``requests_for_review`` (prefetched)."""
    since = request.routed_at
    return {
        "contacts": [a for a in request.contact_attempts.all() if since is None or a.created_at >= since],
        "transition_notes": [
            t for t in request.transitions.all() if t.note and t.association_id == request.association_id
        ],
    }
