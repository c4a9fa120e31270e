"""Pairings of a youth with a mentor: proposed, answered, confirmed, then followed for at least six months."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from associations.models import Association

from ..enums import OPEN_MENTORSHIP_STATES, EndReason, GoalStatus, MeetingMode, MentorshipState, Outcome
from .common import TransitionLog


class Mentorship(models.Model):
    request = models.ForeignKey("YouthRequest", on_delete=models.CASCADE, related_name="mentorships")
    mentor = models.ForeignKey("MentorProfile", on_delete=models.PROTECT, related_name="mentorships")
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
    ended_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    outcome = models.CharField(_("résultat"), max_length=24, choices=Outcome.choices, blank=True)
    end_reason = models.CharField(_("motif de l'arrêt"), max_length=24, choices=EndReason.choices, blank=True)
    youth_words = models.TextField(_("mot du jeune"), blank=True, max_length=2000)
    mentor_words = models.TextField(_("mot du mentor"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("mentorat")
        verbose_name_plural = _("mentorats")
        ordering = ["-created_at", "-pk"]
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
        return f"{self.request} / {self.mentor} ({self.get_state_display()})"


class MentorshipTransition(TransitionLog):
    """One change of a mentorship's state."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("de"), max_length=20, choices=MentorshipState.choices, blank=True)
    to_state = models.CharField(_("vers"), max_length=20, choices=MentorshipState.choices)

    class Meta(TransitionLog.Meta):
        verbose_name = _("changement de statut du mentorat")
        verbose_name_plural = _("changements de statut des mentorats")


class SessionLog(models.Model):
    """A meeting of the pair, logged by the mentor; the youth may add feedback by their link."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("date"))
    duration_hours = models.DecimalField(
        _("durée (heures)"),
        max_digits=3,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("4"))],
    )
    mode = models.CharField(_("mode de rencontre"), max_length=16, choices=MeetingMode.choices)
    topics = models.TextField(_("sujets abordés"), max_length=2000)
    private_note = models.TextField(_("note pour l'association"), max_length=2000, blank=True)
    youth_feedback = models.TextField(_("retour du jeune"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("saisi le"), default=timezone.now)

    class Meta:
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_hours__gte=Decimal("0.5"), duration_hours__lte=Decimal("4")),
                name="session_duration_half_to_four_hours",
            )
        ]

    def __str__(self):
        return f"{self.mentorship} — {self.held_on}"


class Goal(models.Model):
    """A goal the pair agreed on (at the first session, then as it goes), with where it stands."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("objectif"), max_length=300)
    status = models.CharField(_("avancement"), max_length=16, choices=GoalStatus.choices, default=GoalStatus.TODO)
    created_at = models.DateTimeField(_("fixé le"), default=timezone.now)

    class Meta:
        verbose_name = _("objectif")
        verbose_name_plural = _("objectifs")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text
