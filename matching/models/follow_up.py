"""The months of a mentorship under way: sessions logged by the mentor, the goals the pair agreed on."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import GoalStatus, MeetingMode
from .pairing import Mentorship


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
        # A pairing's last session (the pairs list, silent pairs) read from the index.
        indexes = [models.Index(fields=["mentorship", "-held_on"], name="session_last_idx")]
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
