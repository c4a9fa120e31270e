"""Mentor applications and their vetting log; the training sessions that come before any pairing."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from associations.models import Association

from ..dates import local_today
from ..enums import (
    QUEUE_MENTOR_STATES,
    Axis,
    MentorRejectReason,
    MentorState,
    MentorType,
    Skill,
    TrainingRegistrationState,
)
from .common import BACKGROUND_CHECK_VALIDITY, LabelsMixin, TransitionLog, choice_labels


def background_check_expiry(ok: bool | None, on):
    """The last day a background check passed (``ok``) on ``on`` is valid; none without such a check."""
    if not (ok and on):
        return None
    return on + BACKGROUND_CHECK_VALIDITY


def background_check_valid_on(checked_on, day) -> bool:
    """Whether a background check seen compliant on ``checked_on`` is still valid on ``day``."""
    return day <= background_check_expiry(True, checked_on)


class MentorProfile(LabelsMixin, models.Model):
    """A volunteer's mentor application and profile, tied to their account."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_profile")
    state = models.CharField(_("statut"), max_length=32, choices=MentorState.choices, db_index=True)
    association = models.ForeignKey(
        Association, null=True, blank=True, on_delete=models.PROTECT, related_name="mentors"
    )
    background_check_ok = models.BooleanField(_("attestation d'honorabilité conforme"), null=True, blank=True)
    background_check_on = models.DateField(_("attestation vérifiée le"), null=True, blank=True)
    background_check_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    trained_on = models.DateField(_("formé le"), null=True, blank=True)
    trainer = models.CharField(_("formateur"), max_length=200, blank=True)
    reject_reason = models.CharField(_("motif"), max_length=32, choices=MentorRejectReason.choices, blank=True)
    mentor_type = models.CharField(_("vous êtes"), max_length=16, choices=MentorType.choices)
    organisation = models.CharField(_("établissement ou employeur"), max_length=200, blank=True)
    sectors = models.JSONField(_("secteurs"), default=list)
    skills = models.JSONField(_("compétences"), default=list)
    axes = models.JSONField(_("axes"), default=list)
    accepts_minors = models.BooleanField(_("accepte d'accompagner des mineurs"), default=True)
    postal_code = models.CharField(_("code postal"), max_length=5)
    department = models.CharField(_("département"), max_length=3, db_index=True)
    meeting_modes = models.JSONField(_("modes de rencontre"), default=list)
    availability = models.JSONField(_("disponibilités"), default=list)
    languages = models.JSONField(_("langues"), default=list)
    capacity = models.PositiveSmallIntegerField(_("nombre de jeunes accompagnés à la fois"), default=1)
    # Places taken by pairings under way (proposed, accepted, active, paused), kept under a row lock and bounded by
    # the database: a mentor's capacity can never be exceeded, even by simultaneous proposals.
    open_mentorships = models.PositiveSmallIntegerField(_("mentorats en cours"), default=0)
    # The multiple-choice fields above as the scorer's bit masks (matching/scoring.py), written with them by the
    # services (scoring.mentor_bits): the suggestions and the batch read them without decoding every profile. A bit
    # is a choice's index in its enum: changing the choices of Sector, MeetingMode, Availability, Language or Axis
    # calls for a data migration that computes them again (as 0011_perf_mentor_match_bits does).
    sectors_bits = models.PositiveIntegerField(default=0, editable=False)
    meeting_bits = models.PositiveIntegerField(default=0, editable=False)
    availability_bits = models.PositiveIntegerField(default=0, editable=False)
    languages_bits = models.PositiveIntegerField(default=0, editable=False)
    axes_bits = models.PositiveIntegerField(default=0, editable=False)
    motivation = models.TextField(_("motivation"), max_length=2000)
    consent_version = models.CharField(_("version du texte de consentement"), max_length=20)
    consent_at = models.DateTimeField(_("consentement donné le"))
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    submitted_at = models.DateTimeField(_("candidature envoyée le"), default=timezone.now)

    class Meta:
        verbose_name = _("profil de mentor")
        verbose_name_plural = _("profils de mentor")
        ordering = ["-created_at"]
        indexes = [
            # The vetting queue, the API's mentors and the platform overview's counts by state: a page (or a count)
            # read from the index, for one state or for the default queue (the applications in the pipeline).
            models.Index(fields=["association", "state", "submitted_at", "id"], name="mentor_queue_idx"),
            models.Index(
                fields=["association", "submitted_at", "id"],
                name="mentor_queue_order_idx",
                condition=models.Q(state__in=QUEUE_MENTOR_STATES),
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gte=1, capacity__lte=3), name="mentor_capacity_1_3"),
            models.CheckConstraint(
                condition=models.Q(open_mentorships__lte=models.F("capacity")), name="mentor_open_within_capacity"
            ),
        ]

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("matching:dashboard")

    @property
    def skill_labels(self):
        return choice_labels(self.skills, Skill.choices)

    @property
    def axis_labels(self):
        return choice_labels(self.axes, Axis.choices)

    def background_check_valid_until(self):
        return background_check_expiry(self.background_check_ok, self.background_check_on)

    def has_valid_background_check(self, on=None) -> bool:
        valid_until = self.background_check_valid_until()
        return valid_until is not None and (on or local_today()) <= valid_until


class MentorTransition(TransitionLog):
    """One change of a mentor application's state."""

    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("de"), max_length=32, choices=MentorState.choices, blank=True)
    to_state = models.CharField(_("vers"), max_length=32, choices=MentorState.choices)

    class Meta(TransitionLog.Meta):
        verbose_name = _("changement de statut du mentor")
        verbose_name_plural = _("changements de statut des mentors")


class TrainingSession(models.Model):
    """A session of the role-and-posture training an association gives its mentors before any pairing."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="training_sessions")
    starts_at = models.DateTimeField(_("date et heure"), db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), default=120)
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    remote_link = models.URLField(_("lien de visioconférence"), max_length=500, blank=True)
    trainer = models.CharField(_("formateur ou formatrice"), max_length=200)
    seats = models.PositiveSmallIntegerField(_("places"))
    # Seats held by registrations (registered, then present or absent), kept under the session's row lock and
    # bounded by the database: a session is never over-booked, even by simultaneous registrations.
    seats_taken = models.PositiveSmallIntegerField(_("places prises"), default=0)
    # Raised at each change that registered mentors are told of (their calendar entry's SEQUENCE).
    version = models.PositiveIntegerField(default=1)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)

    class Meta:
        verbose_name = _("session de formation")
        verbose_name_plural = _("sessions de formation")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="training_seats_at_least_one"),
            models.CheckConstraint(
                condition=models.Q(seats_taken__lte=models.F("seats")), name="training_seats_taken_within_seats"
            ),
            models.CheckConstraint(condition=~models.Q(place="", remote_link=""), name="training_place_or_remote_link"),
        ]

    def __str__(self):
        return f"{self.association} {self.starts_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("matching:training_detail", kwargs={"association": self.association.slug, "pk": self.pk})

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def seats_left(self) -> int:
        return max(self.seats - self.seats_taken, 0)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def has_started(self, now=None) -> bool:
        return self.starts_at <= (now or timezone.now())


class TrainingRegistration(models.Model):
    """A mentor's registration to a training session, and whether they attended."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="registrations")
    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="training_registrations")
    state = models.CharField(
        _("statut"),
        max_length=16,
        choices=TrainingRegistrationState.choices,
        default=TrainingRegistrationState.REGISTERED,
    )
    created_at = models.DateTimeField(_("inscrit le"), default=timezone.now)

    class Meta:
        verbose_name = _("inscription à une formation")
        verbose_name_plural = _("inscriptions aux formations")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "mentor"], name="training_one_registration")]

    def __str__(self):
        return f"{self.mentor} @ {self.session}"


class TrainingRegistrationTransition(TransitionLog):
    """One change of a training registration's state."""

    registration = models.ForeignKey(TrainingRegistration, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("de"), max_length=16, choices=TrainingRegistrationState.choices, blank=True)
    to_state = models.CharField(_("vers"), max_length=16, choices=TrainingRegistrationState.choices)

    class Meta(TransitionLog.Meta):
        verbose_name = _("changement d'une inscription à une formation")
        verbose_name_plural = _("changements des inscriptions aux formations")
