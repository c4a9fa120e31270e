"""What association staff leave on the people they review: contact attempts and internal notes."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from associations.models import Association

from ..enums import ContactChannel, ContactOutcome
from .common import request_or_mentor_constraint
from .requests import YouthRequest


class ContactAttempt(models.Model):
    request = models.ForeignKey(YouthRequest, on_delete=models.CASCADE, related_name="contact_attempts")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    channel = models.CharField(_("canal"), max_length=16, choices=ContactChannel.choices)
    outcome = models.CharField(_("résultat"), max_length=16, choices=ContactOutcome.choices)
    note = models.TextField(_("note"), blank=True, max_length=1000)
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("tentative de contact")
        verbose_name_plural = _("tentatives de contact")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_channel_display()}: {self.get_outcome_display()}"


class StaffNote(models.Model):
    """An internal comment by association staff on a request or a mentor application: never shown on their pages
    nor to another association (one a request is redirected to sees only its own team's notes), but part of a
    youth's data export (without its author)."""

    association = models.ForeignKey(
        Association, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("association")
    )
    request = models.ForeignKey(YouthRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="notes")
    mentor = models.ForeignKey("MentorProfile", null=True, blank=True, on_delete=models.CASCADE, related_name="notes")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("commentaire"), max_length=2000)
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("commentaire interne")
        verbose_name_plural = _("commentaires internes")
        ordering = ["-created_at", "-pk"]
        constraints = [request_or_mentor_constraint("staff_note_one_subject")]

    def __str__(self):
        return self.text[:50]
