"""The mentor vetting pipeline, worked by association staff: contact, interview, background check, training,
activation; or rejection, or a pause."""

import logging
from datetime import date

from django.db import transaction

from accounts.models import User
from accounts.services import email_queue_from_templates

from ..enums import Actor, MentorRejectReason, MentorState
from ..models import MentorProfile, StaffNote
from .intake import _absolute
from .transitions import _mentor_transition

logger = logging.getLogger("matching.services")


class VettingError(ValueError):
    pass


def _locked(mentor: MentorProfile) -> MentorProfile:
    return MentorProfile.objects.select_for_update(of=("self",)).select_related("user", "association").get(pk=mentor.pk)


def _tell_mentor(mentor: MentorProfile, transition_id: int) -> None:
    from django.urls import reverse

    email_queue_from_templates(
        to=mentor.user.email,
        template_prefix="matching/emails/mentor_step",
        context={"mentor": mentor, "dashboard_url": _absolute(reverse("matching:dashboard"))},
        language=mentor.user.language,
        event_key=f"mentor:{mentor.pk}:transition:{transition_id}",
    )


def _no_open_mentorships(mentor: MentorProfile) -> None:
    """A mentor with pairings under way is not rejected: those are closed (or ended early) first."""
    if mentor.open_mentorships:
        raise VettingError("the mentor still has pairings under way")


def _step(mentor: MentorProfile, *, to: MentorState, by: User, note: str = "", reason: str = "") -> MentorProfile:
    transition = _mentor_transition(mentor, to=to, actor=Actor.STAFF, by=by, note=note.strip(), reason=reason)
    _tell_mentor(mentor, transition.pk)
    return mentor


@transaction.atomic
def mentor_contact(*, mentor: MentorProfile, by: User, note: str = "") -> MentorProfile:
    return _step(_locked(mentor), to=MentorState.CONTACTED, by=by, note=note)


@transaction.atomic
def mentor_interview(*, mentor: MentorProfile, by: User, note: str = "") -> MentorProfile:
    return _step(_locked(mentor), to=MentorState.INTERVIEWED, by=by, note=note)


@transaction.atomic
def mentor_check_declare(
    *, mentor: MentorProfile, by: User, ok: bool, checked_on: date, note: str = ""
) -> MentorProfile:
    """Record that staff saw the background-check certificate (never the document itself): yes or no, when, who.
    A "no" ends the application."""
    mentor = _locked(mentor)
    mentor.background_check_ok = ok
    mentor.background_check_on = checked_on
    mentor.background_check_by = by
    if not ok:
        _no_open_mentorships(mentor)
        mentor.reject_reason = MentorRejectReason.NO_CHECK
        return _step(mentor, to=MentorState.REJECTED, by=by, note=note, reason=MentorRejectReason.NO_CHECK)
    if mentor.state in (MentorState.ACTIVE, MentorState.PAUSED, MentorState.TRAINED):
        mentor.save()  # a renewal: the dates change, not the state
        logger.info("mentor.check_renewed id=%s", mentor.pk)
        return mentor
    return _step(mentor, to=MentorState.CHECKED, by=by, note=note)


@transaction.atomic
def mentor_train(*, mentor: MentorProfile, by: User, trained_on: date, trainer: str, note: str = "") -> MentorProfile:
    """Record the role-and-posture training: when, and who gave it."""
    mentor = _locked(mentor)
    mentor.trained_on = trained_on
    mentor.trainer = trainer.strip()
    return _step(mentor, to=MentorState.TRAINED, by=by, note=note)


@transaction.atomic
def mentor_activate(*, mentor: MentorProfile, by: User, note: str = "") -> MentorProfile:
    """A trained mentor with a valid background check becomes active: they can be proposed to young people."""
    mentor = _locked(mentor)
    if not mentor.has_valid_background_check():
        raise VettingError("a valid background check is needed")
    if mentor.trained_on is None:
        raise VettingError("the training must be recorded")
    return _step(mentor, to=MentorState.ACTIVE, by=by, note=note)


@transaction.atomic
def mentor_pause(*, mentor: MentorProfile, by: User, note: str = "") -> MentorProfile:
    return _step(_locked(mentor), to=MentorState.PAUSED, by=by, note=note)


@transaction.atomic
def mentor_reject(*, mentor: MentorProfile, by: User, reason: str, note: str = "") -> MentorProfile:
    mentor = _locked(mentor)
    _no_open_mentorships(mentor)
    mentor.reject_reason = reason
    return _step(mentor, to=MentorState.REJECTED, by=by, note=note, reason=reason)


def mentor_note_add(*, mentor: MentorProfile, by: User, text: str) -> StaffNote:
    return StaffNote.objects.create(mentor=mentor, by=by, text=text.strip())
