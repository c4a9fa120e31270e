"""The one place where a state changes (requests, mentor applications, mentorships): checked, saved, logged."""

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


def _move(instance, *, to, table: dict, log, subject: str, name: str, update_fields=None, **entry):
    """What each state machine here does: check ``table``, move ``instance`` to ``to``, save it, log it under
    ``name`` and write the transition into the ``log`` model (whose foreign key to the instance is ``subject``)."""
    if to not in table.get(instance.state, set()):
        raise TransitionNotAllowed(instance.state, to)
    from_state, instance.state = instance.state, to
    instance.save(update_fields=update_fields)
    logger.info("%s.transition id=%s %s->%s actor=%s", name, instance.pk, from_state, to, entry["actor"])
    return log.objects.create(**{subject: instance}, from_state=from_state, to_state=to, **entry)


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
    return _move(
        request, to=to, table=REQUEST_TRANSITIONS, log=RequestTransition, subject="request", name="youth_request",
        update_fields=REQUEST_STATE_FIELDS,
        actor=actor, by=by, reason=reason, note=note, association=association or request.association,
    )  # fmt: skip


def _mentor_transition(
    mentor: MentorProfile, *, to: MentorState, actor: Actor, by: User | None = None, reason: str = "", note: str = ""
) -> MentorTransition:
    return _move(
        mentor, to=to, table=MENTOR_TRANSITIONS, log=MentorTransition, subject="mentor", name="mentor",
        actor=actor, by=by, reason=reason, note=note,
    )  # fmt: skip
