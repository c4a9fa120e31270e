"""Mentors: a volunteer's application, then the vetting pipeline worked by association staff (contact, interview,
background check, training, activation; or rejection, or a pause), and the training sessions: staff schedule them,
checked mentors are invited and register, staff mark who attended, which records the training."""

import logging
from datetime import date, datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.notifications import Notification, Recipient
from accounts.services import enqueue_on_commit
from associations.geography import department_for_postal_code
from mentoring.errors import DomainError
from mentoring.links import dashboard_url

from .. import consent, notifications, scoring
from ..dates import local_today
from ..enums import Actor, MentorRejectReason, MentorState, TrainingRegistrationState
from ..models import (
    BACKGROUND_CHECK_EXPIRED,
    MentorProfile,
    StaffNote,
    TrainingRegistration,
    TrainingRegistrationTransition,
    TrainingSession,
    background_check_valid_on,
)
from ..selectors.vetting import mentors_to_invite
from ..tasks import mentor_route_task, training_invitations_task
from .locks import mentor_pairs_lock
from .pairing import mentorships_hold_for_minors
from .pairing_pool import mentor_pool_touch
from .transitions import mentor_move, training_registration_move

logger = logging.getLogger("matching.services")

# The note on a training registration cancelled because the application ends.
SEATS_RELEASED_REJECTED = _("Candidature non retenue : la place est libérée.")

NO_VALID_CHECK_NOTE = _("L'attestation d'honorabilité du mentor n'a pas été fournie ou n'est pas conforme.")

# A mentor past the check step has their background check renewed (the dates change, not the state).
CHECK_RENEWAL_STATES = (MentorState.TRAINED, MentorState.ACTIVE, MentorState.PAUSED)


def _locked(mentor: MentorProfile) -> MentorProfile:
    return MentorProfile.objects.select_for_update(of=("self",)).select_related("user", "association").get(pk=mentor.pk)


def _tell_mentor(mentor: MentorProfile, transition_id: int) -> None:
    notifications.MentorStep.send(
        to=Recipient.for_user(mentor.user),
        context={"mentor": mentor, "dashboard_url": dashboard_url()},
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


def _reject(mentor: MentorProfile, *, by: User, reason: str, note: str) -> MentorProfile:
    """The application ends (the mentor's row locked, and saved with whatever else the caller set on it): its seats
    at upcoming training sessions are given back."""
    _no_open_mentorships(mentor)
    mentor.reject_reason = reason
    training_seats_release(mentor_id=mentor.pk, note=str(SEATS_RELEASED_REJECTED))
    return _step(mentor, to=MentorState.REJECTED, by=by, note=note, reason=reason)


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
    active again with a valid check. A "yes" for a certificate seen more than six months ago is refused: it is no
    longer valid."""
    if ok and not background_check_valid_on(checked_on, local_today()):
        raise DomainError("check_expired", BACKGROUND_CHECK_EXPIRED)
    if not ok:
        mentor_pairs_lock(mentor_id=mentor.pk)  # a "no" may hold their pairings: locked before the mentor
    mentor = _locked(mentor)
    mentor.background_check_ok = ok
    mentor.background_check_on = checked_on
    mentor.background_check_by = by
    if ok and mentor.state in CHECK_RENEWAL_STATES:
        mentor.save()  # a renewal: the dates change, not the state
        if mentor.state == MentorState.ACTIVE:  # who they may accompany (minors) changes with the dates
            mentor_pool_touch(association_ids=[mentor.association_id])
        logger.info("mentor.check_renewed id=%s", mentor.pk)
        return mentor
    if ok:
        return _step(mentor, to=MentorState.CHECKED, by=by, note=note)
    if mentor.state not in (MentorState.ACTIVE, MentorState.PAUSED):
        return _reject(mentor, by=by, reason=MentorRejectReason.NO_CHECK, note=note)
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
    return _reject(_locked(mentor), by=by, reason=reason, note=note)


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


# --- Training sessions -----------------------------------------------------------------------------------------------

# What a registered mentor is told of when it changes: the moment, the length, where.
TRAINING_NOTIFIED_FIELDS = ("starts_at", "duration_minutes", "place", "remote_link")


def _training_tell(session: TrainingSession, mentor: MentorProfile, *, notification: type[Notification], event: str):
    """E-mail a mentor about a session (TrainingInvitation, TrainingChanged, TrainingCancelled), once per ``event``."""
    return notification.send(
        to=Recipient.for_user(mentor.user),
        event_key=f"mentor:{mentor.pk}:training:{session.pk}:{event}",
        context={"mentor": mentor, "session": session, "dashboard_url": dashboard_url()},
    )


def training_date(session: TrainingSession) -> str:
    """The session's local date, as the active language writes it."""
    return date_format(timezone.localtime(session.starts_at), "SHORT_DATE_FORMAT")


def _session_locked(session: TrainingSession) -> TrainingSession:
    return TrainingSession.objects.select_for_update(of=("self",)).select_related("association").get(pk=session.pk)


def _session_changeable(session: TrainingSession, now: datetime) -> None:
    if session.is_cancelled:
        raise DomainError("training_cancelled", _("Cette session de formation est annulée."))
    if session.has_started(now):
        raise DomainError("training_started", _("Cette session de formation a déjà commencé."))


def _session_fields_check(*, starts_at: datetime, place: str, remote_link: str, now: datetime) -> None:
    if starts_at <= now:
        raise DomainError("training_in_past", _("La session doit être programmée dans le futur."))
    if not (place.strip() or remote_link.strip()):
        raise DomainError("training_no_place", _("Indiquez un lieu ou un lien de visioconférence."))


def _registered(session: TrainingSession):
    return session.registrations.filter(state=TrainingRegistrationState.REGISTERED).select_related("mentor__user")


@transaction.atomic
def training_session_schedule(
    *,
    association,
    by: User,
    starts_at: datetime,
    trainer: str,
    seats: int,
    duration_minutes: int = 120,
    place: str = "",
    remote_link: str = "",
    now: datetime | None = None,
) -> TrainingSession:
    """Staff schedule a training session; the association's checked mentors are invited by e-mail after commit."""
    now = now or timezone.now()
    _session_fields_check(starts_at=starts_at, place=place, remote_link=remote_link, now=now)
    session = TrainingSession.objects.create(
        association=association,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=place.strip(),
        remote_link=remote_link.strip(),
        trainer=trainer.strip(),
        seats=seats,
        created_by=by,
        created_at=now,
    )
    logger.info("training.scheduled id=%s association=%s", session.pk, association.pk)
    enqueue_on_commit(training_invitations_task, session.pk)
    return session


def training_invitations_send(*, session_id: int, now: datetime | None = None) -> int:
    """Invite the association's mentors at the training step (background check declared) to an upcoming session
    they are not registered to. Each mentor is invited once per session: running it again sends nothing."""
    session = TrainingSession.objects.select_related("association").filter(pk=session_id).first()
    if session is None or session.is_cancelled or session.has_started(now):
        return 0
    sent = 0
    for mentor in mentors_to_invite(session=session):
        sent += (
            _training_tell(session, mentor, notification=notifications.TrainingInvitation, event="invitation")
            is not None
        )
    logger.info("training.invited id=%s mentors=%s", session.pk, sent)
    return sent


@transaction.atomic
def training_session_update(
    *,
    session: TrainingSession,
    by: User,
    starts_at: datetime,
    trainer: str,
    seats: int,
    duration_minutes: int,
    place: str = "",
    remote_link: str = "",
    now: datetime | None = None,
) -> TrainingSession:
    """Staff change an upcoming session. Seats never drop below those taken; registered mentors are told by e-mail
    when the moment, the length or the place changes."""
    now = now or timezone.now()
    session = _session_locked(session)
    _session_changeable(session, now)
    _session_fields_check(starts_at=starts_at, place=place, remote_link=remote_link, now=now)
    if seats < session.seats_taken:
        raise DomainError(
            "training_seats_taken",
            _("%(taken)s mentors sont déjà inscrits : il faut au moins autant de places.")
            % {"taken": session.seats_taken},
        )
    before = {name: getattr(session, name) for name in TRAINING_NOTIFIED_FIELDS}
    session.starts_at, session.duration_minutes, session.seats = starts_at, duration_minutes, seats
    session.place, session.remote_link, session.trainer = place.strip(), remote_link.strip(), trainer.strip()
    changed = any(getattr(session, name) != value for name, value in before.items())
    if changed:
        session.version += 1
    session.save()
    logger.info("training.updated id=%s by=%s notified=%s", session.pk, by.pk, changed)
    if changed:
        for registration in _registered(session):
            _training_tell(
                session, registration.mentor, notification=notifications.TrainingChanged, event=f"v{session.version}"
            )
    return session


@transaction.atomic
def training_session_cancel(*, session: TrainingSession, by: User, now: datetime | None = None) -> TrainingSession:
    """Staff cancel an upcoming session: its registrations are given up, the mentors told and free to register to
    another one."""
    now = now or timezone.now()
    session = _session_locked(session)
    _session_changeable(session, now)
    registrations = list(_registered(session).select_for_update(of=("self",)).order_by("pk"))
    for registration in registrations:
        training_registration_move(
            registration, to=TrainingRegistrationState.CANCELLED, actor=Actor.STAFF, by=by,
            note=str(_("Session annulée par l'association.")),
        )  # fmt: skip
    session.cancelled_at = now
    session.seats_taken = F("seats_taken") - len(registrations)
    session.version += 1
    session.save(update_fields=["cancelled_at", "seats_taken", "version"])
    session.refresh_from_db(fields=["seats_taken"])
    logger.info("training.cancelled id=%s by=%s registrations=%s", session.pk, by.pk, len(registrations))
    for registration in registrations:
        _training_tell(session, registration.mentor, notification=notifications.TrainingCancelled, event="cancelled")
    return session


@transaction.atomic
def training_register(
    *, session: TrainingSession, mentor: MentorProfile, now: datetime | None = None
) -> TrainingRegistration:
    """A mentor at the training step takes a seat at an upcoming session of their association (one at a time).

    The mentor's row, then the session's, are locked: simultaneous registrations never take more seats than there
    are (the database's constraint on the count is the last guard)."""
    now = now or timezone.now()
    mentor = _locked(mentor)
    session = _session_locked(session)
    if mentor.association_id != session.association_id:
        raise DomainError("training_other_association", _("Cette session n'est pas celle de votre association."))
    if mentor.state != MentorState.CHECKED:
        raise DomainError("training_not_expected", _("L'inscription à une formation n'est pas ouverte à votre étape."))
    _session_changeable(session, now)
    other = (
        TrainingRegistration.objects.filter(
            mentor=mentor,
            state=TrainingRegistrationState.REGISTERED,
            session__cancelled_at__isnull=True,
            session__starts_at__gt=now,
        )
        .exclude(session=session)
        .exists()
    )
    if other:
        raise DomainError(
            "training_already_registered",
            _("Vous êtes déjà inscrit à une autre session : désinscrivez-vous d'abord de celle-ci."),
        )
    registration = TrainingRegistration.objects.select_for_update().filter(session=session, mentor=mentor).first()
    if registration is not None and registration.state != TrainingRegistrationState.CANCELLED:
        raise DomainError("training_registered", _("Vous êtes déjà inscrit à cette session."))
    if session.seats_taken >= session.seats:
        raise DomainError("training_full", _("Cette session est complète."))
    if registration is None:
        registration = TrainingRegistration.objects.create(session=session, mentor=mentor, created_at=now)
        TrainingRegistrationTransition.objects.create(
            registration=registration, from_state="", to_state=registration.state, actor=Actor.MENTOR,
            by=mentor.user, created_at=now,
        )  # fmt: skip
    else:
        training_registration_move(
            registration, to=TrainingRegistrationState.REGISTERED, actor=Actor.MENTOR, by=mentor.user
        )
    session.seats_taken += 1
    session.save(update_fields=["seats_taken"])
    logger.info("training.registered session=%s mentor=%s", session.pk, mentor.pk)
    return registration


@transaction.atomic
def training_unregister(
    *, registration: TrainingRegistration, by: User, now: datetime | None = None
) -> TrainingRegistration:
    """A mentor gives up their seat at a session that has not started: the seat is free again."""
    now = now or timezone.now()
    session = _session_locked(registration.session)
    registration = TrainingRegistration.objects.select_for_update().get(pk=registration.pk)
    _session_changeable(session, now)
    training_registration_move(registration, to=TrainingRegistrationState.CANCELLED, actor=Actor.MENTOR, by=by)
    session.seats_taken = F("seats_taken") - 1
    session.save(update_fields=["seats_taken"])
    logger.info("training.unregistered session=%s mentor=%s", session.pk, registration.mentor_id)
    return registration


def training_seats_release(*, mentor_id: int, note: str, now: datetime | None = None, keep: int | None = None) -> int:
    """The mentor gives up the seats they still hold at upcoming sessions (trained at another one, no longer a
    candidate, gone): each registration is cancelled, with its log, and its seat freed; ``keep`` names one to leave.
    Runs inside the caller's transaction. Returns how many seats were freed."""
    now = now or timezone.now()
    held = TrainingRegistration.objects.filter(
        mentor_id=mentor_id, state=TrainingRegistrationState.REGISTERED, session__starts_at__gt=now
    ).exclude(pk=keep)
    released = 0
    for registration in held:
        session = _session_locked(registration.session)
        registration = TrainingRegistration.objects.select_for_update().get(pk=registration.pk)
        training_registration_move(registration, to=TrainingRegistrationState.CANCELLED, actor=Actor.SYSTEM, note=note)
        session.seats_taken = F("seats_taken") - 1
        session.save(update_fields=["seats_taken"])
        released += 1
    return released


@transaction.atomic
def training_attendance_mark(
    *, registration: TrainingRegistration, by: User, attended: bool, now: datetime | None = None
) -> TrainingRegistration:
    """Staff mark a registered mentor present or absent once the session has started. Present records the training
    on the mentor's file (the session's date and trainer) and moves them to "trained"; absent leaves them at the
    training step, free to register to another session. A trained mentor's seats at upcoming sessions are freed."""
    now = now or timezone.now()
    registration = (
        TrainingRegistration.objects.select_for_update(of=("self",))
        .select_related("session", "mentor")
        .get(pk=registration.pk)
    )
    session = registration.session
    if session.is_cancelled:
        raise DomainError("training_cancelled", _("Cette session de formation est annulée."))
    if not session.has_started(now):
        raise DomainError("training_not_started", _("La présence se note une fois la session commencée."))
    to = TrainingRegistrationState.ATTENDED if attended else TrainingRegistrationState.ABSENT
    training_registration_move(registration, to=to, actor=Actor.STAFF, by=by)
    if attended:
        mentor_train(
            mentor=registration.mentor,
            by=by,
            trained_on=timezone.localdate(session.starts_at),
            trainer=session.trainer,
            note=str(_("Présent à la session de formation du %(date)s") % {"date": training_date(session)}),
        )
        training_seats_release(
            mentor_id=registration.mentor_id, note=str(_("Formé à une autre session.")), now=now, keep=registration.pk
        )
    logger.info("training.attendance registration=%s attended=%s", registration.pk, attended)
    return registration
