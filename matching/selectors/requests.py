"""Reads for a youth and their parent, through signed links: the request, its timeline, its export."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from .. import tokens
from ..enums import Actor, DeclineReason, RequestState, WithdrawReason
from ..models import YouthRequest


@dataclass(frozen=True)
class TimelineStep:
    state: RequestState
    at: datetime
    actor: Actor
    reason: str = ""

    @property
    def state_label(self) -> str:
        return RequestState(self.state).label

    association: str = ""

    @property
    def reason_label(self) -> str:
        for reasons in (DeclineReason, WithdrawReason):
            if self.reason in reasons.values:
                return reasons(self.reason).label
        return ""


def request_timeline(*, request: YouthRequest) -> list[TimelineStep]:
    """The request's steps: its creation (the row itself), then each logged transition, oldest first."""
    transitions = list(request.transitions.all())
    initial = transitions[0].from_state if transitions else request.state
    steps = [TimelineStep(state=initial, at=request.created_at, actor=Actor.YOUTH)]
    steps += [
        TimelineStep(
            state=t.to_state,
            at=t.created_at,
            actor=t.actor,
            reason=t.reason,
            association=t.association.name if t.association_id and t.association else "",
        )
        for t in transitions
    ]
    return steps


def request_by_tracking_token(*, token: str) -> QuerySet[YouthRequest]:
    """The request a tracking link points to (none for a tampered, unknown or purged one)."""
    try:
        public_id = tokens.tracking_token_read(token)
    except tokens.InvalidToken:
        return YouthRequest.objects.none()
    return YouthRequest.objects.filter(public_id=public_id).prefetch_related("transitions")


EXPORTED_REQUEST_FIELDS = [
    "first_name", "last_name", "email", "phone", "birth_date", "postal_code", "department", "commune",
    "situation", "need", "axis", "sectors", "meeting_modes", "availability", "languages", "description",
    "lives_in_qpv", "scholarship_holder", "disability_recognised", "parent_name", "parent_email",
    "parent_consent_at", "consent_version", "consent_at", "language", "state", "created_at", "submitted_at",
    "closed_at",
]  # fmt: skip


def request_export(*, request: YouthRequest) -> dict:
    """Everything the platform holds about a youth's request, as the person may download it."""
    data = {name: getattr(request, name) for name in EXPORTED_REQUEST_FIELDS}
    data["history"] = [
        {"at": step.at, "state": step.state, "by": step.actor, "reason": step.reason}
        for step in request_timeline(request=request)
    ]
    return data


def request_by_parent_token(*, token: str) -> QuerySet[YouthRequest]:
    """The request a parent's consent link points to (none for a tampered, expired, unknown or purged one)."""
    try:
        public_id = tokens.parent_consent_token_read(token)
    except tokens.InvalidToken:
        return YouthRequest.objects.none()
    return YouthRequest.objects.filter(public_id=public_id)
