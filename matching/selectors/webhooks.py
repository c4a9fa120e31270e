"""Reads of an association's webhook subscriptions and their deliveries."""

from django.db.models import QuerySet

from associations.models import Association

from ..models import WebhookDelivery, WebhookSubscription

DELIVERIES_SHOWN = 50


def webhook_subscriptions_of_association(*, association: Association) -> QuerySet[WebhookSubscription]:
    return WebhookSubscription.objects.filter(association=association)


def webhook_deliveries_of(*, subscription: WebhookSubscription) -> QuerySet[WebhookDelivery]:
    """The subscription's latest deliveries (the log on its page)."""
    return WebhookDelivery.objects.filter(subscription=subscription).order_by("-created_at", "-pk")[:DELIVERIES_SHOWN]
