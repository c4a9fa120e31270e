"""Pairing: staff propose a mentor, the mentor answers, the youth (or staff on their behalf) confirms.

A mentor's places are counted in ``MentorProfile.open_mentorships``, changed only here, under the mentor's row lock,
and bounded by a database constraint: simultaneous proposals cannot exceed a mentor's capacity.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.services import email_queue_from_templates

from .. import scoring
from ..enums import (
    MENTORSHIP_TRANSITIONS,
    OPEN_MENTORSHIP_STATES,
    OUTCOMES_BY_AXIS,
    Actor,
    EndReason,
    MentorshipState,
    MentorState,
    RequestState,
)
from ..models import MentorProfile, Mentorship, MentorshipTransition, YouthRequest
from .intake import _absolute, tracking_url
from .transitions import _move, _transition

logger = logging.getLogger("matching.services")

DEFAULT_DURATION = timedelta(days=365)  # a year by default; at least six months in any case


class PairingError(ValueError):
    """The proposal cannot be made; ``code`` says why (an exclusion code of the scorer, or one of these)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _mentorship_transition(
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


def _release_place(mentorship: Mentorship) -> None:
    MentorProfile.objects.filter(pk=mentorship.mentor_id).update(open_mentorships=F("open_mentorships") - 1)


def mentorships_close_for_youth(*, request: YouthRequest) -> None:
    """The youth withdraws or erases their request: a pairing not started is cancelled, one under way ends early,
    and the mentor gets their place back. Runs inside the caller's transaction."""
    for mentorship in Mentorship.objects.select_for_update(of=("self",)).filter(
        request=request, state__in=OPEN_MENTORSHIP_STATES
    ):
        if mentorship.state in (MentorshipState.PROPOSED, MentorshipState.MENTOR_ACCEPTED):
            _mentorship_transition(mentorship, to=MentorshipState.CANCELLED, actor=Actor.YOUTH)
        else:
            mentorship.end_reason, mentorship.ended_at = EndReason.NEEDS_CHANGED, timezone.now()
            _mentorship_transition(
                mentorship, to=MentorshipState.ENDED_EARLY, actor=Actor.YOUTH, reason=EndReason.NEEDS_CHANGED
            )
        _release_place(mentorship)


@transaction.atomic
def mentorship_propose(
    *, request: YouthRequest, mentor: MentorProfile, by: User, score: float | None = None, reasons=()
) -> Mentorship:
    """Propose this mentor to this accepted youth. The mentor's row is locked while their places are counted."""
    request = YouthRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
    mentor = MentorProfile.objects.select_for_update(of=("self",)).select_related("user").get(pk=mentor.pk)
    if request.state != RequestState.ACCEPTED:
        raise PairingError("request_not_accepted")
    if mentor.state != MentorState.ACTIVE:
        raise PairingError("inactive")
    if mentor.association_id != request.association_id:
        raise PairingError("other_association")
    if request.mentorships.filter(state__in=OPEN_MENTORSHIP_STATES).exists():
        raise PairingError("already_paired")
    code = int(
        scoring.exclusions(
            scoring.YouthVector.from_request(request),
            scoring.MentorArrays.from_profiles([mentor], current_load={mentor.pk: mentor.open_mentorships}),
        )[0]
    )
    if code >= 0:
        raise PairingError(scoring.EXCLUSIONS[code])
    MentorProfile.objects.filter(pk=mentor.pk).update(open_mentorships=F("open_mentorships") + 1)
    mentorship = Mentorship.objects.create(
        request=request,
        mentor=mentor,
        association_id=request.association_id,
        state=MentorshipState.PROPOSED,
        score=score,
        reasons=list(reasons),
        proposed_by=by,
        referent=by,
        # The first meeting mode both accept (the scorer has checked there is one); the pair may change it later.
        meeting_mode=next(mode for mode in request.meeting_modes if mode in mentor.meeting_modes),
    )
    MentorshipTransition.objects.create(
        mentorship=mentorship, from_state="", to_state=MentorshipState.PROPOSED, actor=Actor.STAFF, by=by
    )
    email_queue_from_templates(
        to=mentor.user.email,
        template_prefix="matching/emails/mentorship_proposed",
        context={"mentor": mentor, "request": request, "dashboard_url": _absolute(reverse("matching:dashboard"))},
        language=mentor.user.language,
        event_key=f"mentorship:{mentorship.pk}:proposed",
    )
    logger.info("mentorship.proposed id=%s request=%s mentor=%s", mentorship.pk, request.pk, mentor.pk)
    return mentorship


def _locked(mentorship: Mentorship) -> Mentorship:
    return (
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("request", "mentor__user")
        .get(pk=mentorship.pk)
    )


@transaction.atomic
def mentorship_mentor_answer(*, mentorship: Mentorship, by: User, accept: bool, reason: str = "") -> Mentorship:
    """The mentor accepts (the youth is asked to confirm) or declines (their place is freed)."""
    mentorship = _locked(mentorship)
    if mentorship.mentor.user_id != by.pk:
        raise PairingError("not_this_mentor")
    if accept:
        _mentorship_transition(mentorship, to=MentorshipState.MENTOR_ACCEPTED, actor=Actor.MENTOR, by=by)
        request = mentorship.request
        email_queue_from_templates(
            to=request.email,
            template_prefix="matching/emails/mentorship_to_confirm",
            context={"request": request, "mentor": mentorship.mentor, "tracking_url": _absolute(tracking_url(request))},
            language=request.language,
            event_key=f"mentorship:{mentorship.pk}:to_confirm",
        )
    else:
        mentorship.decline_reason = reason
        _mentorship_transition(mentorship, to=MentorshipState.DECLINED, actor=Actor.MENTOR, by=by, reason=reason)
        _release_place(mentorship)
    return mentorship


@transaction.atomic
def mentorship_confirm(*, mentorship: Mentorship, by: User | None = None, note: str = "") -> Mentorship:
    """The youth confirms by their tracking link (``by`` None), or staff confirm after a call (``by`` set, logged):
    the mentorship starts today, for a year by default."""
    mentorship = _locked(mentorship)
    today = timezone.localdate()
    mentorship.started_on = today
    mentorship.planned_end_on = today + DEFAULT_DURATION
    actor = Actor.STAFF if by else Actor.YOUTH
    _mentorship_transition(mentorship, to=MentorshipState.ACTIVE, actor=actor, by=by, note=note)
    request = YouthRequest.objects.select_for_update(of=("self",)).get(pk=mentorship.request_id)
    _transition(request, to=RequestState.MATCHED, actor=actor, by=by)
    return mentorship


@transaction.atomic
def mentorship_cancel(*, mentorship: Mentorship, by: User, note: str = "") -> Mentorship:
    """Staff withdraw a proposal that has not started; the mentor's place is freed."""
    mentorship = _locked(mentorship)
    _mentorship_transition(mentorship, to=MentorshipState.CANCELLED, actor=Actor.STAFF, by=by, note=note)
    _release_place(mentorship)
    return mentorship


MINIMUM_DURATION = timedelta(days=183)  # a mentorship lasts at least six months before it can be "completed"


@transaction.atomic
def mentorship_pause(*, mentorship: Mentorship, by: User, note: str) -> Mentorship:
    return _mentorship_transition(_locked(mentorship), to=MentorshipState.PAUSED, actor=Actor.STAFF, by=by, note=note)


@transaction.atomic
def mentorship_resume(*, mentorship: Mentorship, by: User, note: str = "") -> Mentorship:
    return _mentorship_transition(_locked(mentorship), to=MentorshipState.ACTIVE, actor=Actor.STAFF, by=by, note=note)


@transaction.atomic
def mentorship_complete(
    *, mentorship: Mentorship, by: User, outcome: str, youth_words: str = "", mentor_words: str = ""
) -> Mentorship:
    """Close a mentorship that lasted six months or more, with its outcome (one of its axis's)."""
    mentorship = _locked(mentorship)
    if not mentorship.started_on or timezone.localdate() < mentorship.started_on + MINIMUM_DURATION:
        raise PairingError("too_early")
    if outcome not in OUTCOMES_BY_AXIS[mentorship.request.axis]:
        raise PairingError("outcome_of_another_axis")
    mentorship.outcome, mentorship.ended_at = outcome, timezone.now()
    mentorship.youth_words, mentorship.mentor_words = youth_words.strip(), mentor_words.strip()
    _mentorship_transition(mentorship, to=MentorshipState.COMPLETED, actor=Actor.STAFF, by=by)
    _release_place(mentorship)
    return mentorship


@transaction.atomic
def mentorship_end_early(*, mentorship: Mentorship, by: User, reason: str, note: str = "") -> Mentorship:
    """End a mentorship before its term: the mentor's place is freed, the youth is back among the accepted."""
    mentorship = _locked(mentorship)
    mentorship.end_reason, mentorship.ended_at = reason, timezone.now()
    _mentorship_transition(
        mentorship, to=MentorshipState.ENDED_EARLY, actor=Actor.STAFF, by=by, reason=reason, note=note
    )
    _release_place(mentorship)
    request = YouthRequest.objects.select_for_update(of=("self",)).get(pk=mentorship.request_id)
    if request.state == RequestState.MATCHED:
        _transition(request, to=RequestState.ACCEPTED, actor=Actor.STAFF, by=by, note=note)
    return mentorship
