"""Routing: each submitted request and each mentor application goes to an association, or waits, unrouted, in
the platform administrators' queue until one can take it."""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Count, Exists, OuterRef, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from accounts.models import OutboundEmail
from associations.models import Association
from mentoring import links

from .. import notifications, routing
from ..enums import LOAD_MENTOR_STATES, LOAD_REQUEST_STATES, Actor, RequestState, RoutingTrigger
from ..models import MentorProfile, RoutingDecision, YouthRequest
from .requests import (
    FIRST_LINK,
    FIRST_LINK_EVENT,
    PARENT_CONSENT_ASKED,
    REQUEST_EVENT_PREFIX,
    request_event_key,
    request_link_send,
    request_parent_consent_ask,
)
from .transitions import request_move

logger = logging.getLogger("matching.services")

# A submitted request whose routing task has not run after this long is taken up by the sweeper.
STUCK_AFTER = timedelta(seconds=settings.ROUTING_STUCK_AFTER_S)  # two minutes unless set
# The sweeper makes sure the requests created this recently have had their first e-mails. An e-mail is sent once per
# event key, and the outbox keeps sent e-mails (so their keys) for SENT_EMAIL_RETENTION: this must stay shorter.
FIRST_EMAILS_WITHIN = timedelta(days=7)


def association_loads(model, states, association_ids: list[int]) -> dict[int, int]:
    """How many open items (requests or mentor applications) each association holds."""
    rows = (
        model.objects.filter(association_id__in=association_ids, state__in=states)
        .values("association_id")
        .annotate(n=Count("pk"))
    )
    return {row["association_id"]: row["n"] for row in rows}


def routing_decision_record(
    *, chosen, candidates: list, trigger: str, created_at: datetime | None = None, **subject
) -> RoutingDecision:
    """Keep what the routing decided and why (every association examined) for ``request=`` or ``mentor=``."""
    return RoutingDecision.objects.create(
        **subject,
        association_id=chosen.association_id if chosen else None,
        trigger=trigger,
        summary=routing.summary(chosen, candidates)[:300],
        candidates=[candidate.as_json() for candidate in candidates],
        created_at=created_at or timezone.now(),
    )


@transaction.atomic
def request_route(*, request_id: int, trigger: str = RoutingTrigger.SUBMISSION) -> YouthRequest | None:
    """Route a submitted (or unrouted) request. Idempotent: a request already routed, or gone, is left alone.

    The active associations are locked while the loads are counted, so that two routings at once cannot both
    take an association's last place.
    """
    request = YouthRequest.objects.select_for_update().filter(pk=request_id).first()
    if request is None or request.state not in (RequestState.SUBMITTED, RequestState.UNROUTED):
        return request
    associations = list(Association.objects.active().select_for_update().order_by("pk"))
    loads = association_loads(YouthRequest, LOAD_REQUEST_STATES, [a.pk for a in associations])
    chosen, candidates = routing.evaluate(
        subject=routing.request_subject(request),
        associations=associations,
        open_items=loads,
        capacity_field="intake_capacity",
    )
    if chosen is None and request.state == RequestState.UNROUTED and trigger != RoutingTrigger.ADMIN:
        return request  # still nowhere to go: nothing new to record
    routing_decision_record(request=request, chosen=chosen, candidates=candidates, trigger=trigger)
    if chosen is None:
        if request.state == RequestState.SUBMITTED:
            request_move(request, to=RequestState.UNROUTED, actor=Actor.SYSTEM, note=routing.summary(None, candidates))
        return request
    request.association_id = chosen.association_id
    request.routed_at = timezone.now()
    request_move(request, to=RequestState.ROUTED, actor=Actor.SYSTEM)
    request = YouthRequest.objects.select_related("association").get(pk=request.pk)
    notifications.RequestRouted.send(
        to=notifications.youth_recipient(request),
        context={
            "request": request,
            "association": request.association,
            "tracking_url": links.tracking_url(request),
        },
        event_key=request_event_key(request.pk, f"routed:{request.association_id}"),
    )
    return request


@transaction.atomic
def mentor_route(*, mentor_id: int, trigger: str = RoutingTrigger.SUBMISSION) -> MentorProfile | None:
    """Route a mentor application to an association covering their department (or remote) and axes."""
    mentor = MentorProfile.objects.select_for_update().filter(pk=mentor_id).first()
    if mentor is None or mentor.association_id is not None:
        return mentor
    associations = list(Association.objects.active().select_for_update().order_by("pk"))
    chosen, candidates = routing.evaluate(
        subject=routing.mentor_subject(mentor),
        associations=associations,
        open_items=association_loads(MentorProfile, LOAD_MENTOR_STATES, [a.pk for a in associations]),
        capacity_field="mentor_capacity",
    )
    has_decision = mentor.routing_decisions.exists()
    if chosen is None and has_decision and trigger != RoutingTrigger.ADMIN:
        return mentor
    routing_decision_record(mentor=mentor, chosen=chosen, candidates=candidates, trigger=trigger)
    if chosen is not None:
        mentor.association_id = chosen.association_id
        mentor.save(update_fields=["association"])
        logger.info("mentor.routed id=%s association=%s", mentor.pk, chosen.association_id)
    return mentor


class PendingSelection(NamedTuple):
    """What the sweeper takes up: one selection for its dry run and its wet run."""

    waiting: QuerySet  # requests that must have had their first e-mails (annotated: were they sent?)
    stuck: QuerySet  # submitted requests whose routing task was lost
    unrouted: QuerySet
    unrouted_mentors: QuerySet


def _first_email_sent(event: str) -> Exists:
    """Whether the outbox holds the e-mail of this event for the request: request_event_key, in SQL."""
    event_key = Concat(Value(f"{REQUEST_EVENT_PREFIX}:"), Cast(OuterRef("pk"), CharField()), Value(f":{event}"))
    return Exists(OutboundEmail.objects.filter(event_key=event_key))


def pending_selection(*, now: datetime) -> PendingSelection:
    return PendingSelection(
        waiting=YouthRequest.objects.filter(
            state__in=[RequestState.AWAITING_PARENT_CONSENT, RequestState.SUBMITTED, RequestState.UNROUTED],
            created_at__range=(now - FIRST_EMAILS_WITHIN, now - STUCK_AFTER),
        ).annotate(
            first_link_sent=_first_email_sent(FIRST_LINK),
            parent_consent_asked=_first_email_sent(PARENT_CONSENT_ASKED),
        ),
        stuck=YouthRequest.objects.filter(state=RequestState.SUBMITTED, submitted_at__lt=now - STUCK_AFTER),
        unrouted=YouthRequest.objects.filter(state=RequestState.UNROUTED),
        unrouted_mentors=MentorProfile.objects.filter(association__isnull=True),
    )


def pending_route(
    *,
    trigger: str,
    now: datetime | None = None,
    wet_run: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Route what is waiting: requests stuck in "submitted" (their task was lost), every unrouted request and
    mentor application. Each is routed in its own transaction. Returns how many were taken up and, with
    ``wet_run``, how many got an association (``requests``, ``mentors``); without it, changes nothing.

    Before that, every request still waiting (for a parent, for its routing, for an association) is made sure to
    have had its first e-mails: a lost task must not leave a youth without their tracking link."""
    now = now or timezone.now()
    selection = pending_selection(now=now)
    waiting = list(selection.waiting.values_list("pk", "state", "first_link_sent", "parent_consent_asked"))
    request_ids = list(selection.stuck.values_list("pk", flat=True))
    stuck_count = len(request_ids)
    request_ids += selection.unrouted.values_list("pk", flat=True)
    mentor_ids = list(selection.unrouted_mentors.values_list("pk", flat=True))
    report = {
        "first_links": sum(not link_sent for _, _, link_sent, _ in waiting),
        "parent_consent_asks": sum(
            state == RequestState.AWAITING_PARENT_CONSENT and not asked for _, state, _, asked in waiting
        ),
        "stuck": stuck_count,
        "unrouted": len(request_ids) - stuck_count,
        "unrouted_mentors": len(mentor_ids),
    }
    if not wet_run:
        return report
    total, done = len(waiting) + len(request_ids) + len(mentor_ids), 0

    def advance() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total)

    for request_id, state, link_sent, consent_asked in waiting:
        # Only what the outbox lacks; each service checks again, so a race still sends each e-mail once.
        if not link_sent:
            request_link_send(request_id=request_id, event_id=FIRST_LINK_EVENT)
        if state == RequestState.AWAITING_PARENT_CONSENT and not consent_asked:
            request_parent_consent_ask(request_id=request_id)
        advance()
    routed_requests = 0
    for request_id in request_ids:
        request = request_route(request_id=request_id, trigger=trigger)
        routed_requests += bool(request and request.state == RequestState.ROUTED)
        advance()
    routed_mentors = 0
    for mentor_id in mentor_ids:
        mentor = mentor_route(mentor_id=mentor_id, trigger=trigger)
        routed_mentors += bool(mentor and mentor.association_id)
        advance()
    logger.info("routing.pending trigger=%s requests=%s mentors=%s", trigger, routed_requests, routed_mentors)
    return report | {"requests": routed_requests, "mentors": routed_mentors}
