"""What the platform administrators set: the monthly targets the platform dashboard measures the programme against."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MonthlyTarget(models.Model):
    """Targets per month, in force from ``starts_on`` (the first day of a month) until the next row's month."""

    starts_on = models.DateField(_("à partir du mois de"), unique=True)
    intake = models.PositiveIntegerField(_("demandes reçues par mois"))
    matches = models.PositiveIntegerField(_("binômes formés par mois"))
    completions = models.PositiveIntegerField(_("accompagnements menés à terme par mois"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(_("fixé le"), default=timezone.now)

    class Meta:
        verbose_name = _("objectif mensuel")
        verbose_name_plural = _("objectifs mensuels")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(starts_on__day=1), name="monthly_target_starts_on_first_day"),
        ]

    def __str__(self):
        return f"{self.starts_on:%Y-%m}: {self.intake} / {self.matches} / {self.completions}"
