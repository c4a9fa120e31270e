"""The one place where a state changes (requests, mentor applications, training registrations, mentorships,
alerts): checked against the transition table, saved, logged. The caller holds the row lock and has set the fields
that change with the state."""

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
    TRAINING_REGISTRATION_TRANSITIONS,
    Actor,
    AlertState,
    MentorshipState,
    MentorState,
    RequestState,
    TrainingRegistrationState,
    WebhookEvent,
)
from ..models import (
    Alert,
    AlertTransition,
    MentorProfile,
    Mentorship,
    MentorshipTransition,
    MentorTransition,
    RequestTransition,
    TrainingRegistration,
    TrainingRegistrationTransition,
    YouthRequest,
)
from .pairing_pool import mentor_pool_touch
from .webhooks import webhook_event_emit

logger = logging.getLogger("matching.services")

# What each move saves: the state and the fields its callers set with it (never the whole row, whose other columns,
# such as a mentor's count of open mentorships, other writers update meanwhile).
REQUEST_STATE_FIELDS = [
    "state",
    "association",
    "claimed_by",
    "submitted_at",
    "routed_at",
    "closed_at",
    "parent_consent_at",
]
MENTOR_STATE_FIELDS = [
    "state",
    "background_check_ok",
    "background_check_on",
    "background_check_by",
    "trained_on",
    "trainer",
    "reject_reason",
]
MENTORSHIP_STATE_FIELDS = [
    "state",
    "started_on",
    "planned_end_on",
    "ended_at",
    "outcome",
    "end_reason",
    "decline_reason",
    "youth_words",
    "mentor_words",
]
TRAINING_REGISTRATION_STATE_FIELDS = ["state"]
ALERT_STATE_FIELDS = ["state", "claimed_by", "claimed_at", "resolved_by", "resolved_at"]


class TransitionNotAllowed(DomainError):
    def __init__(self, from_state, to_state):
        super().__init__(
            "transition_not_allowed", _("Cette action n'est pas possible dans l'état actuel : la situation a changé.")
        )
        self.from_state, self.to_state = from_state, to_state


def _move(instance, *, to, table: dict, log, subject: str, name: str, update_fields: list[str], **entry):
    """What each state machine here does: check ``table``, move ``instance`` to ``to``, save its ``update_fields``
    (the state and what changes with it), log it under
    ``name`` and write the transition into the ``log`` model (whose foreign key to the instance is ``subject``)."""
    if to not in table.get(instance.state, set()):
        raise TransitionNotAllowed(instance.state, to)
    from_state, instance.state = instance.state, to
    instance.save(update_fields=update_fields)
    logger.info("%s.transition id=%s %s->%s actor=%s", name, instance.pk, from_state, to, entry["actor"])
    return log.objects.create(**{subject: instance}, from_state=from_state, to_state=to, **entry)


def _tell_subscribers(event: WebhookEvent, kind: str, instance, transition) -> None:
    """The state change, as webhooks tell it to the association that holds the item now: ids and states only."""
    data = {
        kind: {"id": instance.pk, "state": transition.to_state, "previous_state": transition.from_state},
        "at": transition.created_at.isoformat(),
    }
    webhook_event_emit(association_id=instance.association_id, event=event, data=data)


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
    transition = _move(
        request, to=to, table=REQUEST_TRANSITIONS, log=RequestTransition, subject="request", name="youth_request",
        update_fields=REQUEST_STATE_FIELDS,
        actor=actor, by=by, reason=reason, note=note, association=association or request.association,
    )  # fmt: skip
    _tell_subscribers(WebhookEvent.REQUEST_STATE_CHANGED, "request", request, transition)
    if to == RequestState.ROUTED:  # routed, or redirected here: new in the association's queue
        _tell_subscribers(WebhookEvent.REQUEST_ROUTED, "request", request, transition)
    return transition


def mentor_move(
    mentor: MentorProfile, *, to: MentorState, actor: Actor, by: User | None = None, reason: str = "", note: str = ""
) -> MentorTransition:
    transition = _move(
        mentor, to=to, table=MENTOR_TRANSITIONS, log=MentorTransition, subject="mentor", name="mentor",
        update_fields=MENTOR_STATE_FIELDS, actor=actor, by=by, reason=reason, note=note,
    )  # fmt: skip
    if MentorState.ACTIVE in (transition.from_state, transition.to_state):  # in or out of the pairing pages' pool
        mentor_pool_touch(association_ids=[mentor.association_id])
    _tell_subscribers(WebhookEvent.MENTOR_STATE_CHANGED, "mentor", mentor, transition)
    return transition


def mentorship_move(
    mentorship: Mentorship,
    *,
    to: MentorshipState,
    actor: Actor,
    by: User | None = None,
    reason: str = "",
    note: str = "",
) -> MentorshipTransition:
    transition = _move(
        mentorship, to=to, table=MENTORSHIP_TRANSITIONS, log=MentorshipTransition, subject="mentorship",
        name="mentorship", update_fields=MENTORSHIP_STATE_FIELDS, actor=actor, by=by, reason=reason, note=note,
    )  # fmt: skip
    _tell_subscribers(WebhookEvent.MENTORSHIP_STATE_CHANGED, "mentorship", mentorship, transition)
    return transition


def training_registration_move(
    registration: TrainingRegistration,
    *,
    to: TrainingRegistrationState,
    actor: Actor,
    by: User | None = None,
    note: str = "",
) -> TrainingRegistrationTransition:
    return _move(
        registration, to=to, table=TRAINING_REGISTRATION_TRANSITIONS, log=TrainingRegistrationTransition,
        subject="registration", name="training_registration", update_fields=TRAINING_REGISTRATION_STATE_FIELDS,
        actor=actor, by=by, note=note,
    )  # fmt: skip


def alert_move(
    alert: Alert, *, to: AlertState, actor: Actor, by: User | None = None, note: str = ""
) -> AlertTransition:
    return _move(
        alert, to=to, table=ALERT_TRANSITIONS, log=AlertTransition, subject="alert", name="alert",
        update_fields=ALERT_STATE_FIELDS, actor=actor, by=by, note=note,
    )  # fmt: skip
