"""An association's webhook subscriptions and the log of every delivery."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from associations.models import Association

from ..enums import DeliveryStatus, WebhookEvent


class WebhookSubscription(models.Model):
    """Where an association wants to hear about events, and the secret its payloads are signed with."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="webhook_subscriptions")
    url = models.URLField(_("adresse de réception"), max_length=500)
    events = models.JSONField(_("événements"), default=list)
    # Kept readable: each payload is signed with it (HMAC-SHA256); the page shows it once, when it is created.
    secret = models.CharField(max_length=64, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)

    class Meta:
        verbose_name = _("abonnement webhook")
        verbose_name_plural = _("abonnements webhook")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.url

    @property
    def event_labels(self) -> list[str]:
        labels = dict(WebhookEvent.choices)
        return [str(labels.get(event, event)) for event in self.events]


class WebhookDelivery(models.Model):
    """One event sent (or being sent) to one subscription: what was sent, how it went."""

    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.CharField(_("événement"), max_length=64)
    payload = models.JSONField(_("contenu"))
    status = models.CharField(
        _("statut"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    response_status = models.PositiveSmallIntegerField(_("réponse HTTP"), null=True, blank=True)
    error = models.CharField(_("erreur"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    last_attempt_at = models.DateTimeField(_("dernière tentative"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("livrée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("livraison webhook")
        verbose_name_plural = _("livraisons webhook")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.event} → {self.subscription_id} ({self.status})"
