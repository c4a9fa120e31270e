"""The one place where a state changes (requests, mentor applications, mentorships, alerts): checked against the
transition table, saved, logged. The caller holds the row lock and has set the fields that change with the state."""

import logging

from django.utils.translation import gettext_lazy as _

from accounts.models import User
from associations.models import Association
from mentoring.errors import DomainError

from ..enums import (
    ALERT_TRANSITIONS,
    MENTOR_TRANSITIONS,
    MENTORSHIP_TRANSITIONS,
    REQUEST_TRANSITIONS,
    Actor,
    AlertState,
    MentorshipState,
    MentorState,
    RequestState,
)
from ..models import (
    Alert,
    AlertTransition,
    MentorProfile,
    Mentorship,
    MentorshipTransition,
    MentorTransition,
    RequestTransition,
    YouthRequest,
)

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


class TransitionNotAllowed(DomainError):
    def __init__(self, from_state, to_state):
        super().__init__(
            "transition_not_allowed", _("Cette action n'est pas possible dans l'état actuel : la situation a changé.")
        )
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


def request_move(
    request: YouthRequest,
    *,
    to: RequestState,
    actor: Actor,
    by: User | None = None,
    reason: str = "",
    note: str = "",
    association: Association | None = None,
) -> RequestTransition:
    return _move(
        request, to=to, table=REQUEST_TRANSITIONS, log=RequestTransition, subject="request", name="youth_request",
        update_fields=REQUEST_STATE_FIELDS,
        actor=actor, by=by, reason=reason, note=note, association=association or request.association,
    )  # fmt: skip


def mentor_move(
    mentor: MentorProfile, *, to: MentorState, actor: Actor, by: User | None = None, reason: str = "", note: str = ""
) -> MentorTransition:
    return _move(
        mentor, to=to, table=MENTOR_TRANSITIONS, log=MentorTransition, subject="mentor", name="mentor",
        actor=actor, by=by, reason=reason, note=note,
    )  # fmt: skip


def mentorship_move(
    mentorship: Mentorship,
    *,
    to: MentorshipState,
    actor: Actor,
    by: User | None = None,
    reason: str = "",
    note: str = "",
) -> MentorshipTransition:
    return _move(
        mentorship, to=to, table=MENTORSHIP_TRANSITIONS, log=MentorshipTransition, subject="mentorship",
        name="mentorship", actor=actor, by=by, reason=reason, note=note,
    )  # fmt: skip


def alert_move(
    alert: Alert, *, to: AlertState, actor: Actor, by: User | None = None, note: str = ""
) -> AlertTransition:
    return _move(
        alert, to=to, table=ALERT_TRANSITIONS, log=AlertTransition, subject="alert", name="alert",
        actor=actor, by=by, note=note,
    )  # fmt: skip
