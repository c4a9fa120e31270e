"""Mentors: a volunteer's application, then the vetting pipeline worked by association staff (contact, interview,
background check, training, activation; or rejection, or a pause)."""

import logging
from datetime import date, datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.services import email_queue_from_templates, enqueue_on_commit
from associations.geography import department_for_postal_code
from mentoring.errors import DomainError
from mentoring.links import absolute_url

from .. import consent, scoring
from ..enums import Actor, MentorRejectReason, MentorState
from ..models import MentorProfile, StaffNote
from ..tasks import mentor_route_task
from .pairing import mentorships_hold_for_minors
from .transitions import mentor_move

logger = logging.getLogger("matching.services")

NO_VALID_CHECK_NOTE = _("L'attestation d'honorabilité du mentor n'a pas été fournie ou n'est pas conforme.")

# A mentor past the check step has their background check renewed (the dates change, not the state).
CHECK_RENEWAL_STATES = (MentorState.TRAINED, MentorState.ACTIVE, MentorState.PAUSED)


def _locked(mentor: MentorProfile) -> MentorProfile:
    return MentorProfile.objects.select_for_update(of=("self",)).select_related("user", "association").get(pk=mentor.pk)


def _tell_mentor(mentor: MentorProfile, transition_id: int) -> None:
    email_queue_from_templates(
        to=mentor.user.email,
        template_prefix="matching/vetting/emails/mentor_step",
        context={"mentor": mentor, "dashboard_url": absolute_url(reverse("matching:dashboard"))},
        language=mentor.user.language,
        event_key=f"mentor:{mentor.pk}:transition:{transition_id}",
    )


def _no_open_mentorships(mentor: MentorProfile) -> None:
    """A mentor with pairings under way is not rejected: those are closed (or ended early) first."""
    if mentor.open_mentorships:
        raise DomainError(
            "open_mentorships", _("Ce mentor accompagne encore des jeunes : clôturez d'abord ses mentorats.")
        )


def _step(mentor: MentorProfile, *, to: MentorState, by: User, note: str = "", reason: str = "") -> MentorProfile:
    transition = mentor_move(mentor, to=to, actor=Actor.STAFF, by=by, note=note.strip(), reason=reason)
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

    A "no" is always recorded. Until the mentor is active it ends the application. For an active or paused mentor (a
    failed renewal) it bars them from minors at once: their pairings with minors are paused (cancelled if not started
    yet) and the referent alerted; an active mentor is paused for the association to review, and can only be made
    active again with a valid check."""
    mentor = _locked(mentor)
    mentor.background_check_ok = ok
    mentor.background_check_on = checked_on
    mentor.background_check_by = by
    if ok and mentor.state in CHECK_RENEWAL_STATES:
        mentor.save()  # a renewal: the dates change, not the state
        logger.info("mentor.check_renewed id=%s", mentor.pk)
        return mentor
    if ok:
        return _step(mentor, to=MentorState.CHECKED, by=by, note=note)
    if mentor.state not in (MentorState.ACTIVE, MentorState.PAUSED):
        _no_open_mentorships(mentor)
        mentor.reject_reason = MentorRejectReason.NO_CHECK
        return _step(mentor, to=MentorState.REJECTED, by=by, note=note, reason=MentorRejectReason.NO_CHECK)
    logger.info("mentor.check_failed id=%s state=%s", mentor.pk, mentor.state)
    if mentor.state == MentorState.ACTIVE:
        _step(mentor, to=MentorState.PAUSED, by=by, note=note, reason=MentorRejectReason.NO_CHECK)
    else:
        mentor.save()
    # After the mentor's row is saved: releasing places updates their count in the database.
    mentorships_hold_for_minors(mentor=mentor, note=str(NO_VALID_CHECK_NOTE))
    mentor.refresh_from_db(fields=["open_mentorships"])
    return mentor


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
        raise DomainError("no_valid_check", _("Il faut une attestation d'honorabilité valide pour activer ce mentor."))
    if mentor.trained_on is None:
        raise DomainError("not_trained", _("La formation doit être enregistrée avant l'activation."))
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


@transaction.atomic
def mentor_note_add(*, mentor: MentorProfile, by: User, text: str) -> StaffNote:
    return StaffNote.objects.create(mentor=mentor, association_id=mentor.association_id, by=by, text=text.strip())


@transaction.atomic
def mentor_application_create(
    *,
    user: User,
    mentor_type: str,
    sectors: list[str],
    skills: list[str],
    axes: list[str],
    accepts_minors: bool,
    postal_code: str,
    meeting_modes: list[str],
    availability: list[str],
    languages: list[str],
    capacity: int,
    motivation: str,
    organisation: str = "",
    now: datetime | None = None,
) -> MentorProfile:
    """A volunteer's application to become a mentor, recorded with their consent; vetting comes next."""
    now = now or timezone.now()
    profile = MentorProfile.objects.create(
        user=user,
        state=MentorState.SUBMITTED,
        mentor_type=mentor_type,
        organisation=organisation.strip(),
        sectors=sorted(sectors),
        skills=sorted(skills),
        axes=sorted(axes),
        accepts_minors=accepts_minors,
        postal_code=postal_code,
        department=department_for_postal_code(postal_code),
        meeting_modes=sorted(meeting_modes),
        availability=sorted(availability),
        languages=sorted(languages),
        **scoring.mentor_bits(
            sectors=sectors, meeting_modes=meeting_modes, availability=availability, languages=languages, axes=axes
        ),
        capacity=capacity,
        motivation=motivation.strip(),
        consent_version=consent.MENTOR_CONSENT_VERSION,
        consent_at=now,
        created_at=now,
        submitted_at=now,
    )
    logger.info("mentor.application_created id=%s user=%s", profile.pk, user.pk)
    enqueue_on_commit(mentor_route_task, profile.pk)
    return profile
