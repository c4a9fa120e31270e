"""Pairings of a youth with a mentor: proposed, answered, confirmed, then followed for at least six months."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from associations.models import Association

from ..enums import (
    OPEN_MENTORSHIP_STATES,
    UNDER_WAY_MENTORSHIP_STATES,
    EndReason,
    MeetingMode,
    MentorshipState,
    Outcome,
    allowed_mentorship_actions,
)
from .common import TransitionLog


def last_contact():
    """A pair's last contact: its last session, or its start before any. The silent-pair rule compares it with a
    cutoff; ``mentorship_last_contact_idx`` indexes it, so the queries must use this very expression."""
    return Coalesce("last_session_on", "started_on")


class Mentorship(models.Model):
    # The youth's request is detached (null) when it is erased (by the youth, or 90 days after it was closed); the
    # mentor's link too when a closed mentorship is anonymised, 36 months after it ended.
    request = models.ForeignKey("YouthRequest", null=True, on_delete=models.CASCADE, related_name="mentorships")
    mentor = models.ForeignKey("MentorProfile", null=True, on_delete=models.PROTECT, related_name="mentorships")
    association = models.ForeignKey(Association, on_delete=models.PROTECT, related_name="mentorships")
    state = models.CharField(_("statut"), max_length=20, choices=MentorshipState.choices)
    score = models.FloatField(_("score de la suggestion"), null=True, blank=True)
    reasons = models.JSONField(_("raisons de la suggestion"), default=list, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("proposé par")
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("référent de l'association"),
    )  # fmt: skip
    meeting_mode = models.CharField(_("mode de rencontre"), max_length=16, choices=MeetingMode.choices, blank=True)
    decline_reason = models.CharField(_("motif du refus"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("proposé le"), default=timezone.now)
    started_on = models.DateField(_("début"), null=True, blank=True)
    planned_end_on = models.DateField(_("fin prévue"), null=True, blank=True)
    # The date of its latest session, written by the service that logs one (services.follow_up.session_log): the
    # silent-pair rule reads it, with an index, instead of every pair's sessions.
    last_session_on = models.DateField(_("dernière séance"), null=True, blank=True, editable=False)
    ended_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    outcome = models.CharField(_("résultat"), max_length=24, choices=Outcome.choices, blank=True)
    end_reason = models.CharField(_("motif de l'arrêt"), max_length=24, choices=EndReason.choices, blank=True)
    youth_words = models.TextField(_("mot du jeune"), blank=True, max_length=2000)
    mentor_words = models.TextField(_("mot du mentor"), blank=True, max_length=2000)
    # Kept for the statistics once the youth's request is no longer linked (its erasure, or the anonymisation).
    axis = models.CharField(_("axe"), max_length=16, blank=True)
    department = models.CharField(_("département"), max_length=3, blank=True)
    age_band = models.CharField(_("tranche d'âge"), max_length=8, blank=True)
    anonymised_at = models.DateTimeField(_("anonymisé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("mentorat")
        verbose_name_plural = _("mentorats")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The association's pairs under way, in the order of the pairs list: its page read from the index.
            models.Index(
                fields=["association", "planned_end_on", "id"],
                name="mentorship_pairs_idx",
                condition=models.Q(state__in=OPEN_MENTORSHIP_STATES),
            ),
            # All the association's pairings, newest first (the API's list and its cursor).
            models.Index(fields=["association", "-created_at", "-id"], name="mentorship_newest_idx"),
            # Active pairs by their last contact (last session, or start before any): the silent ones of an
            # association (the pairs list's filter, the dashboard) and of every association (the morning jobs).
            models.Index(
                "association",
                last_contact(),
                name="mentorship_last_contact_idx",
                condition=models.Q(state=MentorshipState.ACTIVE),
            ),
        ]
        constraints = [
            # A youth has at most one pairing under way.
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(state__in=OPEN_MENTORSHIP_STATES),
                name="mentorship_one_open_per_request",
            ),
            models.CheckConstraint(condition=models.Q(state__in=MentorshipState.values), name="mentorship_state"),
        ]

    def __str__(self):
        if self.anonymised_at:
            return f"#{self.pk} ({self.get_state_display()})"
        return f"{self.request} / {self.mentor} ({self.get_state_display()})"

    @property
    def is_under_way(self) -> bool:
        return self.state in UNDER_WAY_MENTORSHIP_STATES

    @property
    def actions(self) -> set[str]:
        """What may be done to it now, as the transition table says."""
        return allowed_mentorship_actions(self.state)

    def mentor_may_accompany(self) -> bool:
        """With a minor, only while the mentor's background check is valid."""
        return not self.request.is_minor() or self.mentor.has_valid_background_check()


class MentorshipTransition(TransitionLog):
    """One change of a mentorship's state."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("de"), max_length=20, choices=MentorshipState.choices, blank=True)
    to_state = models.CharField(_("vers"), max_length=20, choices=MentorshipState.choices)

    class Meta(TransitionLog.Meta):
        verbose_name = _("changement de statut du mentorat")
        verbose_name_plural = _("changements de statut des mentorats")


class MentorPoolVersion(models.Model):
    """Which version of an association's active mentors the pairing pages read: a new token each time a service
    changes an active mentor (state, places held, choices, background check), in the same transaction as the change.
    The arrays the suggestions and the batch plan score are kept per process under this token (selectors.pairing),
    so that a page reads the mentors again only after a change."""

    association = models.OneToOneField(
        Association, primary_key=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("association")
    )
    token = models.UUIDField(_("version"), default=uuid.uuid4)

    class Meta:
        verbose_name = _("version des mentors actifs")
        verbose_name_plural = _("versions des mentors actifs")

    def __str__(self):
        return f"{self.association_id}: {self.token}"
