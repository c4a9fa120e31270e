"""Reads of the matching app, each scoped to who asks: a bearer of a signed link, or a signed-in user."""

from dataclasses import dataclass
from datetime import datetime

from django.http import Http404

from accounts.models import User

from . import tokens
from .enums import Actor, RequestState, WithdrawReason
from .models import MentorProfile, YouthRequest


@dataclass(frozen=True)
class TimelineStep:
    state: RequestState
    at: datetime
    actor: Actor
    reason: str = ""

    @property
    def state_label(self) -> str:
        return RequestState(self.state).label

    @property
    def reason_label(self) -> str:
        return WithdrawReason(self.reason).label if self.reason in WithdrawReason.values else ""


def request_timeline(*, request: YouthRequest) -> list[TimelineStep]:
    """The request's steps: its creation (the row itself), then each logged transition, oldest first."""
    transitions = list(request.transitions.all())
    initial = transitions[0].from_state if transitions else request.state
    steps = [TimelineStep(state=initial, at=request.created_at, actor=Actor.YOUTH)]
    steps += [TimelineStep(state=t.to_state, at=t.created_at, actor=t.actor, reason=t.reason) for t in transitions]
    return steps


def request_for_tracking_token(*, token: str) -> YouthRequest:
    """The request a tracking link points to; Http404 for a tampered, unknown or purged one."""
    try:
        public_id = tokens.tracking_token_read(token)
    except tokens.InvalidToken:
        raise Http404("invalid tracking token") from None
    request = YouthRequest.objects.filter(public_id=public_id).prefetch_related("transitions").first()
    if request is None:
        raise Http404("no such request")
    return request


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


def request_for_parent_token(*, token: str) -> YouthRequest:
    try:
        public_id = tokens.parent_consent_token_read(token)
    except tokens.InvalidToken:
        raise Http404("invalid or expired parent consent token") from None
    request = YouthRequest.objects.filter(public_id=public_id).first()
    if request is None:
        raise Http404("no such request")
    return request


def mentor_profile_for_user(*, user: User) -> MentorProfile | None:
    if not user.is_authenticated:
        return None
    return MentorProfile.objects.filter(user=user).prefetch_related("transitions").first()
