"""Where a request or a mentor application was routed, and why: every association examined with its reasons."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from associations.models import Association

from ..enums import RoutingTrigger
from .common import request_or_mentor_constraint
from .requests import YouthRequest


class RoutingDecision(models.Model):
    """Which association a request or a mentor application went to, and why: every candidate with its reasons."""

    request = models.ForeignKey(
        YouthRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="routing_decisions"
    )
    mentor = models.ForeignKey(
        "MentorProfile", null=True, blank=True, on_delete=models.CASCADE, related_name="routing_decisions"
    )
    association = models.ForeignKey(Association, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    trigger = models.CharField(_("déclencheur"), max_length=24, choices=RoutingTrigger.choices)
    summary = models.CharField(_("résumé"), max_length=300)
    # Empty when no association was active to examine: a decision all the same (the request waits, unrouted).
    candidates = models.JSONField(_("associations examinées"), default=list, blank=True)
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("décision d'orientation")
        verbose_name_plural = _("décisions d'orientation")
        ordering = ["-created_at", "-pk"]
        constraints = [request_or_mentor_constraint("routing_decision_one_subject")]

    def __str__(self):
        return self.summary
