"""Association staff working their review queue: claim, contact, accept, redirect, decline, comment."""

import logging
from dataclasses import asdict

from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.notifications import Notification
from associations.models import Association
from mentoring import links
from mentoring.errors import DomainError

from .. import notifications, routing
from ..enums import (
    LOAD_REQUEST_STATES,
    QUEUE_REQUEST_STATES,
    Actor,
    ContactOutcome,
    RequestState,
    RoutingTrigger,
    allowed_request_actions,
)
from ..models import ContactAttempt, StaffNote, YouthRequest
from .follow_up_alerts import alerts_hand_over
from .pairing import mentorships_close_for_youth
from .requests import request_event_key
from .routing import association_loads, routing_decision_record
from .transitions import TransitionNotAllowed, request_move

logger = logging.getLogger("matching.services")


def _locked(request: YouthRequest) -> YouthRequest:
    return YouthRequest.objects.select_for_update(of=("self",)).select_related("association").get(pk=request.pk)


def _tell_youth(request: YouthRequest, *, notification: type[Notification], event: str, **context) -> None:
    notification.send(
        to=notifications.youth_recipient(request),
        context={"request": request, "tracking_url": links.tracking_url(request), **context},
        event_key=request_event_key(request.pk, event),
    )


@transaction.atomic
def request_claim(*, request: YouthRequest, by: User) -> YouthRequest:
    """A coordinator takes a routed request: it is now in review, theirs."""
    request = _locked(request)
    request.claimed_by = by
    request_move(request, to=RequestState.IN_REVIEW, actor=Actor.STAFF, by=by)
    return request


@transaction.atomic
def requests_claim(*, requests: list[YouthRequest], by: User) -> int:
    """Claim several requests; those no longer claimable (taken meanwhile, withdrawn) are skipped."""
    claimed = 0
    for request in requests:
        try:
            with transaction.atomic():
                request_claim(request=request, by=by)
                claimed += 1
        except TransitionNotAllowed:
            continue
    return claimed


@transaction.atomic
def request_contact_log(
    *, request: YouthRequest, by: User, channel: str, outcome: str, note: str = ""
) -> ContactAttempt:
    """Log an attempt to reach the youth; the first successful one moves the request to "contacted"."""
    request = _locked(request)
    if "contact" not in allowed_request_actions(request.state):
        raise TransitionNotAllowed(request.state, RequestState.CONTACTED)
    attempt = ContactAttempt.objects.create(request=request, by=by, channel=channel, outcome=outcome, note=note.strip())
    if outcome == ContactOutcome.REACHED and request.state == RequestState.IN_REVIEW:
        request_move(request, to=RequestState.CONTACTED, actor=Actor.STAFF, by=by)
    logger.info("youth_request.contact id=%s outcome=%s", request.pk, outcome)
    return attempt


@transaction.atomic
def request_accept(*, request: YouthRequest, by: User, note: str = "") -> YouthRequest:
    """The association takes the youth on: ready to be matched with a mentor."""
    request = _locked(request)
    request_move(request, to=RequestState.ACCEPTED, actor=Actor.STAFF, by=by, note=note.strip())
    _tell_youth(request, notification=notifications.RequestAccepted, event="accepted", association=request.association)
    return request


@transaction.atomic
def request_redirect(*, request: YouthRequest, to: Association, by: User, note: str) -> YouthRequest:
    """Hand the request to another association: it lands in that association's queue, its history kept. The
    target passes the checks of routing (territory or remote, axis, age range, minors, room) or the redirection is
    refused with the reason; the decision is kept, so the receiving association sees why it got the request. What
    was raised about the request (alerts, the youth's concerns) goes with it (``alerts_hand_over``)."""
    request = _locked(request)
    if to.pk == request.association_id or not to.is_active:
        raise DomainError("redirect_target", _("Choisissez une autre association, active."))
    to = Association.objects.select_for_update().get(pk=to.pk)  # its load is counted, as routing does
    _chosen, [candidate] = routing.evaluate(
        subject=routing.request_subject(request),
        associations=[to],
        open_items=association_loads(YouthRequest, LOAD_REQUEST_STATES, [to.pk]),
        capacity_field="intake_capacity",
    )
    failed = [asdict(check) for check in candidate.checks if not check.ok]
    if failed:
        why = " ; ".join(routing.check_sentence(check) for check in failed)
        raise DomainError(
            f"redirect_{failed[0]['code']}",
            format_lazy(_("{name} ne peut pas recevoir cette demande : {why}."), name=to.name, why=why),
        )
    routing_decision_record(request=request, chosen=candidate, candidates=[candidate], trigger=RoutingTrigger.REDIRECT)
    request.association = to
    request.claimed_by = None
    request.routed_at = timezone.now()
    transition = request_move(
        request,
        to=RequestState.ROUTED,
        actor=Actor.STAFF,
        by=by,
        reason="redirected",
        note=note.strip(),
        association=to,
    )
    alerts_hand_over(request=request, to=to, by=by)
    event = f"redirected:{transition.pk}"
    _tell_youth(request, notification=notifications.RequestRedirected, event=event, association=to)
    return request


@transaction.atomic
def request_decline(*, request: YouthRequest, by: User, reason: str, note: str = "") -> YouthRequest:
    """The association does not take the youth on, or, once accepted, cannot go on (the youth cannot be reached, no
    mentor can be found): a proposal under way is cancelled (the mentor gets their place back), and the youth gets a
    kind message with other services."""
    request = _locked(request)
    if request.state == RequestState.ACCEPTED:
        mentorships_close_for_youth(request=request, actor=Actor.STAFF, by=by)
    request.closed_at = timezone.now()
    request.claimed_by = None
    request_move(request, to=RequestState.DECLINED, actor=Actor.STAFF, by=by, reason=reason, note=note.strip())
    _tell_youth(request, notification=notifications.RequestDeclined, event="declined", reason=reason)
    return request


@transaction.atomic
def requests_decline(*, requests: list[YouthRequest], by: User, reason: str, note: str = "") -> int:
    """Decline several requests of the queue; accepted ones are skipped (one may have a mentor proposed: it is
    declined from its own page, where that is said), as are those no longer in the queue."""
    declined = 0
    for request in requests:
        if request.state not in QUEUE_REQUEST_STATES:
            continue
        try:
            with transaction.atomic():
                request_decline(request=request, by=by, reason=reason, note=note)
                declined += 1
        except TransitionNotAllowed:
            continue
    return declined


@transaction.atomic
def request_note_add(*, request: YouthRequest, by: User, text: str) -> StaffNote:
    """An internal note, seen only by the team of the association that holds the request now."""
    return StaffNote.objects.create(request=request, association_id=request.association_id, by=by, text=text.strip())
