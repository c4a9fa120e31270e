"""The order every service locks rows in: a youth's request, then their mentorships, then the mentor's profile, then
(for an erasure) the mentor's account. Two services on the same rows then wait for each other instead of each
holding what the other needs: on PostgreSQL, a deadlock that aborts one of them (a 500, an action lost). The row
locks that foreign-key checks take at commit (every foreign key is deferred) count too: a service that writes a row
pointing at a request, a pair or a mentor locks them first, in this order. The jobs that act on a pair lock it
without waiting (``mentorship_lock_now``) and leave a busy pair to their next run. Several rows of one kind are
locked in pk order."""

from ..enums import OPEN_MENTORSHIP_STATES
from ..models import MentorProfile, Mentorship, YouthRequest


def mentorship_lock(*, mentorship: Mentorship) -> Mentorship:
    """The mentorship again, its row locked until the end of the caller's transaction, after its request's."""
    YouthRequest.objects.select_for_update().filter(pk=mentorship.request_id).values_list("pk").first()
    return (
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("request", "association", "mentor__user")
        .get(pk=mentorship.pk)
    )


def mentor_pairs_lock(*, mentor_id: int, open_only: bool = True) -> None:
    """Lock the requests and the mentorships of a mentor (the open ones, or all), in the platform's order, before the
    caller locks the mentor's own row (to close or hold their pairings, or to erase them)."""
    pairs = Mentorship.objects.filter(mentor_id=mentor_id)
    if open_only:
        pairs = pairs.filter(state__in=OPEN_MENTORSHIP_STATES)
    request_ids = list(pairs.exclude(request=None).values_list("request_id", flat=True))
    list(YouthRequest.objects.select_for_update().filter(pk__in=request_ids).order_by("pk").values_list("pk"))
    list(pairs.select_for_update().order_by("pk").values_list("pk"))


def mentorship_lock_now(*, mentorship: Mentorship) -> bool:
    """Lock the pair's request, the pair and its mentor, in the platform's order, each without waiting
    (``skip_locked``): False when one of them is busy elsewhere (or gone), the caller then leaving the pair alone."""
    rows = [(YouthRequest, mentorship.request_id), (Mentorship, mentorship.pk), (MentorProfile, mentorship.mentor_id)]
    return all(
        model.objects.select_for_update(skip_locked=True).filter(pk=pk).values_list("pk").first() is not None
        for model, pk in rows
    )
