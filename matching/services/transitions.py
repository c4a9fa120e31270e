"""The one place where a request's or a mentor application's state changes: checked against the tables, logged."""

import logging

from accounts.models import User
from associations.models import Association

from ..enums import MENTOR_TRANSITIONS, REQUEST_TRANSITIONS, Actor, MentorState, RequestState
from ..models import MentorProfile, MentorTransition, RequestTransition, YouthRequest

logger = logging.getLogger("matching.services")

REQUEST_STATE_FIELDS = [
    "state",
    "association",
    "claimed_by",
    "submitted_at",
    "routed_at",
    "closed_at",
    "parent_consent_at",
]


class TransitionNotAllowed(Exception):
    def __init__(self, from_state, to_state):
        super().__init__(f"{from_state} -> {to_state} is not allowed")
        self.from_state, self.to_state = from_state, to_state


def _transition(
    request: YouthRequest,
    *,
    to: RequestState,
    actor: Actor,
    by: User | None = None,
    reason: str = "",
    note: str = "",
    association: Association | None = None,
) -> RequestTransition:
    """Check the transition table, move the request and log it. The caller holds the row lock and has set the
    other fields that change with the state (association, dates)."""
    if to not in REQUEST_TRANSITIONS.get(request.state, set()):
        raise TransitionNotAllowed(request.state, to)
    from_state, request.state = request.state, to
    request.save(update_fields=REQUEST_STATE_FIELDS)
    logger.info("youth_request.transition id=%s %s->%s actor=%s", request.pk, from_state, to, actor)
    return RequestTransition.objects.create(
        request=request,
        from_state=from_state,
        to_state=to,
        actor=actor,
        by=by,
        reason=reason,
        note=note,
        association=association or request.association,
    )


def _mentor_transition(
    mentor: MentorProfile, *, to: MentorState, actor: Actor, by: User | None = None, reason: str = "", note: str = ""
) -> MentorTransition:
    if to not in MENTOR_TRANSITIONS.get(mentor.state, set()):
        raise TransitionNotAllowed(mentor.state, to)
    from_state, mentor.state = mentor.state, to
    mentor.save()
    logger.info("mentor.transition id=%s %s->%s actor=%s", mentor.pk, from_state, to, actor)
    return MentorTransition.objects.create(
        mentor=mentor, from_state=from_state, to_state=to, actor=actor, by=by, reason=reason, note=note
    )
