"""The months of a mentorship under way: sessions logged by the mentor, the goals the pair agreed on, the check-ins
answered by the youth and the mentor; the concerns the youth or the mentor raise, and the alerts of the
association's follow-up queue."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from associations.models import Association

from ..enums import (
    CHECK_IN_MONTHS,
    OPEN_ALERT_STATES,
    Actor,
    AlertKind,
    AlertState,
    CheckInRespondent,
    ConcernKind,
    GoalsProgress,
    GoalStatus,
    MeetingFrequency,
    MeetingMode,
    allowed_alert_actions,
)
from .common import TransitionLog
from .pairing import Mentorship
from .requests import YouthRequest
from .vetting import MentorProfile


class SessionLog(models.Model):
    """A meeting of the pair, logged by the mentor; the youth may add feedback by their link."""

    # Indexed by session_mentorship_held_idx, which starts with it.
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="sessions", db_index=False)
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
        indexes = [
            # The dashboards (sessions per month, silent pairs) and a pairing's last session (the pairs list), answered
            # from the index alone.
            models.Index(fields=["mentorship", "held_on"], name="session_mentorship_held_idx"),
        ]
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


class Concern(models.Model):
    """A concern or a question raised by the youth (from their tracking link) or by the mentor (from Mon espace).
    Confidential: only the association's staff read it, through its alert; a youth's concern never reaches the
    mentor. Part of the youth's data, erased with their request."""

    association = models.ForeignKey(Association, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(YouthRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="concerns")
    mentorship = models.ForeignKey(Mentorship, null=True, blank=True, on_delete=models.CASCADE, related_name="concerns")
    mentor = models.ForeignKey(MentorProfile, null=True, blank=True, on_delete=models.CASCADE, related_name="concerns")
    author = models.CharField(_("de la part de"), max_length=16, choices=Actor.choices)
    kind = models.CharField(_("nature"), max_length=16, choices=ConcernKind.choices, default=ConcernKind.CONCERN)
    text = models.TextField(_("message"), max_length=2000)
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_author_display()} — {self.get_kind_display()}"


class Alert(models.Model):
    """Something the association's coordinators must look at (a silent pair, a low check-in, a concern...): raised
    once per ``dedup_key`` while it is open, claimed by a coordinator, annotated, resolved."""

    association = models.ForeignKey(Association, on_delete=models.PROTECT, related_name="alerts", db_index=False)
    kind = models.CharField(_("type"), max_length=32, choices=AlertKind.choices)
    urgent = models.BooleanField(_("urgente"), default=False)
    state = models.CharField(_("statut"), max_length=16, choices=AlertState.choices, default=AlertState.OPEN)
    # What it is about: any of them may be set (a silent pair names its mentorship, its request and its mentor).
    request = models.ForeignKey(YouthRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="alerts")
    mentorship = models.ForeignKey(Mentorship, null=True, blank=True, on_delete=models.CASCADE, related_name="alerts")
    mentor = models.ForeignKey(MentorProfile, null=True, blank=True, on_delete=models.CASCADE, related_name="alerts")
    concern = models.ForeignKey(Concern, null=True, blank=True, on_delete=models.CASCADE, related_name="alerts")
    detail = models.TextField(_("détail"), max_length=2000, blank=True)
    # Names the event it is about (e.g. "silent_pair:12:2026-01-05"): a job that finds the same event again raises
    # nothing new while the alert is open.
    dedup_key = models.CharField(_("clé"), max_length=200)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("prise en charge par"),
    )  # fmt: skip
    claimed_at = models.DateTimeField(_("prise en charge le"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("résolue par"),
    )  # fmt: skip
    resolved_at = models.DateTimeField(_("résolue le"), null=True, blank=True)

    class Meta:
        verbose_name = _("alerte")
        verbose_name_plural = _("alertes")
        ordering = ["-urgent", "-created_at", "-pk"]
        indexes = [
            # The follow-up queue and the navigation's count: an association's alerts in a state, newest first.
            models.Index(fields=["association", "state", "created_at"], name="alert_queue_idx"),
            # The follow-up queue's page in its order (urgent first, newest first): read from the index, its rows
            # joined for the page only, instead of joining and sorting every alert of the association.
            models.Index(fields=["association", "-urgent", "-created_at", "-id"], name="alert_queue_order_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dedup_key"], condition=models.Q(state__in=OPEN_ALERT_STATES), name="alert_one_open_per_key"
            ),
            models.CheckConstraint(condition=models.Q(state__in=AlertState.values), name="alert_state"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_state_display()})"

    @property
    def actions(self) -> set[str]:
        return allowed_alert_actions(self.state)


class AlertTransition(TransitionLog):
    """One change of an alert's state."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("de"), max_length=16, choices=AlertState.choices, blank=True)
    to_state = models.CharField(_("vers"), max_length=16, choices=AlertState.choices)

    class Meta(TransitionLog.Meta):
        verbose_name = _("changement de statut de l'alerte")
        verbose_name_plural = _("changements de statut des alertes")


class AlertNote(models.Model):
    """A coordinator's note on an alert (what was done, who was called)."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="notes")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("note"), max_length=2000)
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("note sur l'alerte")
        verbose_name_plural = _("notes sur les alertes")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:50]


class CheckIn(models.Model):
    """The youth or the mentor asked, 1, 3 and 6 months after the start, how the mentorship goes. Created when it is
    asked; answered once (the youth through a signed link, the mentor from Mon espace). Staff see both answers; the
    youth sees their own, the mentor theirs, never the other's."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="check_ins")
    respondent = models.CharField(_("qui répond"), max_length=8, choices=CheckInRespondent.choices)
    month = models.PositiveSmallIntegerField(_("mois"), choices=[(m, m) for m in CHECK_IN_MONTHS])
    asked_at = models.DateTimeField(_("demandé le"), default=timezone.now)
    answered_at = models.DateTimeField(_("répondu le"), null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    meeting_frequency = models.CharField(
        _("fréquence des rencontres"), max_length=16, choices=MeetingFrequency.choices, blank=True
    )
    goals_progress = models.CharField(
        _("progrès sur les objectifs"), max_length=16, choices=GoalsProgress.choices, blank=True
    )
    comment = models.TextField(_("commentaire"), max_length=2000, blank=True)
    wants_contact = models.BooleanField(_("souhaite être contacté par l'association"), default=False)
    # A low satisfaction or a wish to be contacted: the association is alerted.
    flagged = models.BooleanField(_("à suivre"), default=False)

    class Meta:
        verbose_name = _("point d'étape")
        verbose_name_plural = _("points d'étape")
        ordering = ["month", "respondent"]
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "respondent", "month"], name="check_in_once_per_month"),
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True) | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="check_in_satisfaction_one_to_five",
            ),
        ]

    def __str__(self):
        return f"{self.mentorship_id} — {self.get_respondent_display()} — {self.month}"
