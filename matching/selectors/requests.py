"""Reads for a youth and their parent, through signed links: the request, its timeline, its export."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from .. import routing, tokens
from ..enums import Actor, CheckInRespondent, DeclineReason, RequestState, WithdrawReason
from ..models import Mentorship, YouthRequest


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
    """Everything the platform holds about a youth's request, as the person may download it: the request, its
    history, the routing decisions (associations and reasons), the contacts and internal notes of the association,
    the mentorships with their sessions, goals and the youth's check-in answers.

    Nobody else's personal data goes in: no staff name or address, and of a mentor only the first name. A mentor's
    note for the association on a session is not in the file (the mentor is told the youth does not see it, and it
    may carry a concern for the youth's safety): the file says it exists, and the association hands it over on
    request, after review. The same goes for the mentor's answers to their check-ins."""
    data = {name: getattr(request, name) for name in EXPORTED_REQUEST_FIELDS}
    data["history"] = [
        {"at": step.at, "state": step.state, "by": step.actor, "reason": step.reason, "association": step.association}
        for step in request_timeline(request=request)
    ]
    data["routing_decisions"] = [
        {
            "at": decision.created_at,
            "trigger": decision.trigger,
            "association": decision.association.name if decision.association else None,
            "associations_examined": [
                {
                    "association": candidate["name"],
                    "eligible": candidate["eligible"],
                    "reasons": [str(sentence) for sentence in candidate["sentences"]],
                }
                for candidate in routing.explain(decision)
            ],
        }
        for decision in request.routing_decisions.select_related("association").order_by("created_at", "pk")
    ]
    data["contact_attempts"] = [
        {"at": contact.created_at, "channel": contact.channel, "outcome": contact.outcome, "note": contact.note}
        for contact in request.contact_attempts.order_by("created_at", "pk")
    ]
    data["association_notes"] = [
        {"at": note.created_at, "text": note.text} for note in request.notes.order_by("created_at", "pk")
    ]
    # The concerns the youth reported through their link (a mentor's, like a mentor's note, are withheld).
    data["concerns"] = [
        {"at": concern.created_at, "text": concern.text}
        for concern in request.concerns.filter(author=Actor.YOUTH).order_by("created_at", "pk")
    ]
    data["mentorships"] = [
        _mentorship_export(mentorship)
        for mentorship in request.mentorships.select_related("mentor__user", "association")
        .prefetch_related("transitions", "sessions", "goals", "check_ins")
        .order_by("created_at", "pk")
    ]
    return data


def _mentorship_export(mentorship: Mentorship) -> dict:
    return {
        "mentor_first_name": mentorship.mentor.user.first_name,
        "association": mentorship.association.name,
        "state": mentorship.state,
        "proposed_at": mentorship.created_at,
        "meeting_mode": mentorship.meeting_mode,
        "started_on": mentorship.started_on,
        "planned_end_on": mentorship.planned_end_on,
        "ended_at": mentorship.ended_at,
        "outcome": mentorship.outcome,
        "end_reason": mentorship.end_reason,
        "youth_words": mentorship.youth_words,
        "mentor_words": mentorship.mentor_words,
        "history": [
            {"at": t.created_at, "state": t.to_state, "by": t.actor, "reason": t.reason}
            for t in mentorship.transitions.all()
        ],
        "sessions": [
            {
                "held_on": session.held_on,
                "duration_hours": session.duration_hours,
                "mode": session.mode,
                "topics": session.topics,
                "youth_feedback": session.youth_feedback,
                "mentor_note_for_the_association_withheld": bool(session.private_note),
            }
            for session in sorted(mentorship.sessions.all(), key=lambda session: (session.held_on, session.pk))
        ],
        "goals": [
            {"set_at": goal.created_at, "text": goal.text, "status": goal.status} for goal in mentorship.goals.all()
        ],
        "check_ins": [
            {
                "month": check_in.month,
                "asked_at": check_in.asked_at,
                "answered_at": check_in.answered_at,
                "satisfaction": check_in.satisfaction,
                "meeting_frequency": check_in.meeting_frequency,
                "goals_progress": check_in.goals_progress,
                "comment": check_in.comment,
                "wants_contact": check_in.wants_contact,
            }
            for check_in in mentorship.check_ins.all()
            if check_in.respondent == CheckInRespondent.YOUTH
        ],
        "mentor_check_ins_withheld": sum(
            check_in.respondent == CheckInRespondent.MENTOR and check_in.answered_at is not None
            for check_in in mentorship.check_ins.all()
        ),
    }


def request_by_parent_token(*, token: str) -> QuerySet[YouthRequest]:
    """The request a parent's consent link points to (none for a tampered, expired, unknown or purged one)."""
    try:
        public_id = tokens.parent_consent_token_read(token)
    except tokens.InvalidToken:
        return YouthRequest.objects.none()
    return YouthRequest.objects.filter(parent_public_id=public_id)
