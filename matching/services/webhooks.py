"""Webhooks: an association's subscriptions, the events sent to them (signed), their delivery by Celery.

An event is recorded as one delivery per subscription that wants it, in the transaction of the change it tells
about; the delivery task (an id) is sent after commit, posts the payload outside any transaction and is retried
with an exponential backoff (``WEBHOOK_MAX_RETRIES``), after which the delivery is marked failed. Payloads carry
ids and states only, never personal data: the receiver reads the rest through the API, with its key.

Signature: ``Webhook-Signature: v1=<hex>``, the HMAC-SHA256 with the subscription's secret of
``"<Webhook-Timestamp>.<body>"`` (``webhook_signature``); receivers should refuse a timestamp more than five
minutes old.
"""

import hashlib
import hmac
import json
import logging
import secrets
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import enqueue_on_commit
from associations.models import Association

from ..enums import WEBHOOK_TEST_EVENT, DeliveryStatus, WebhookEvent
from ..models import WebhookDelivery, WebhookSubscription
from ..tasks import backoff_seconds, webhook_deliver_task
from ..webhook_urls import UnsafeWebhookUrl, webhook_post

logger = logging.getLogger("matching.services")

USER_AGENT = "1jeune1mentor-webhooks/1"
# A pending delivery whose next attempt is this late has lost its task (broker down at commit, a worker lost with
# its retry): the sweeper sends it again.
SWEEP_GRACE = timedelta(minutes=10)


class WebhookDeliveryFailed(Exception):
    """The receiver did not answer 2xx: the task retries later."""


def webhook_secret_new() -> str:
    return f"whsec_{secrets.token_urlsafe(32)}"


def webhook_signature(*, secret: str, timestamp: str, body: bytes) -> str:
    """The value of the Webhook-Signature header for this body sent at this timestamp."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"v1={digest}"


def webhook_signature_verify(*, secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    """What a receiver does (and the tests): the signature matches, in constant time."""
    return hmac.compare_digest(webhook_signature(secret=secret, timestamp=timestamp, body=body), signature)


@transaction.atomic
def webhook_subscription_create(
    *, association: Association, by: User, url: str, events: list[str]
) -> WebhookSubscription:
    subscription = WebhookSubscription.objects.create(
        association=association, url=url, events=sorted(events), secret=webhook_secret_new(), created_by=by
    )
    logger.info("webhook.subscribed id=%s association=%s by=%s", subscription.pk, association.pk, by.pk)
    return subscription


@transaction.atomic
def webhook_subscription_update(
    *, subscription: WebhookSubscription, by: User, url: str, events: list[str], is_active: bool
) -> WebhookSubscription:
    subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    subscription.url, subscription.events, subscription.is_active = url, sorted(events), is_active
    subscription.save(update_fields=["url", "events", "is_active"])
    logger.info("webhook.updated id=%s by=%s", subscription.pk, by.pk)
    return subscription


@transaction.atomic
def webhook_subscription_delete(*, subscription: WebhookSubscription, by: User) -> None:
    logger.info("webhook.deleted id=%s association=%s by=%s", subscription.pk, subscription.association_id, by.pk)
    subscription.delete()


def _delivery_create(subscription: WebhookSubscription, event: str, data: dict, now: datetime) -> WebhookDelivery:
    delivery = WebhookDelivery(subscription=subscription, event=event, payload={}, created_at=now)
    delivery.payload = {
        "id": str(delivery.event_id),
        "type": event,
        "created_at": now.isoformat(),
        "association": subscription.association.slug,
        "data": data,
    }
    delivery.save()
    enqueue_on_commit(webhook_deliver_task, delivery.pk)
    return delivery


def webhook_event_emit(*, association_id: int | None, event: WebhookEvent, data: dict) -> int:
    """Record ``event`` for each active subscription of the association that wants it; sent after commit. Called
    inside the service's transaction, so an event is sent only if the change it tells about is committed."""
    if association_id is None:
        return 0
    subscriptions = [
        subscription
        for subscription in WebhookSubscription.objects.filter(association_id=association_id, is_active=True)
        .select_related("association")
        .order_by("pk")
        if event in subscription.events
    ]
    now = timezone.now()
    for subscription in subscriptions:
        _delivery_create(subscription, event, data, now)
    return len(subscriptions)


@transaction.atomic
def webhook_test_send(*, subscription: WebhookSubscription, by: User) -> WebhookDelivery:
    """The "send a test event" button: one event to this subscription, whatever it subscribed to."""
    logger.info("webhook.test id=%s by=%s", subscription.pk, by.pk)
    return _delivery_create(subscription, WEBHOOK_TEST_EVENT, {"test": True}, timezone.now())


def webhook_deliver(*, delivery_id: int, now: datetime | None = None) -> str:
    """Post one delivery, signed, outside any transaction. Delivered: done (twice run, sent once). A failure is
    logged on the delivery and raises WebhookDeliveryFailed for the task to retry, until the last attempt, which
    marks it failed."""
    delivery = WebhookDelivery.objects.select_related("subscription").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return delivery.status if delivery else "gone"
    subscription = delivery.subscription
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Webhook-Id": str(delivery.event_id),
        "Webhook-Timestamp": timestamp,
        "Webhook-Signature": webhook_signature(secret=subscription.secret, timestamp=timestamp, body=body),
    }
    status_code, error = None, ""
    try:
        # Checked again now (what the name resolves to may have changed), sent to a checked address, no redirects.
        status_code = webhook_post(subscription.url, body, headers, settings.WEBHOOK_TIMEOUT)
    except UnsafeWebhookUrl as exc:
        error = f"refused address ({exc.code}): {exc}"[:300]
    except OSError as exc:  # refused, unreachable, timed out
        error = repr(exc)[:300]
    delivered = status_code is not None and 200 <= status_code < 300
    if status_code is not None and 300 <= status_code < 400:
        error = f"HTTP {status_code}: redirect not followed"
    attempts = delivery.attempts + 1
    if delivered:
        status = DeliveryStatus.DELIVERED
    elif attempts > settings.WEBHOOK_MAX_RETRIES:
        status = DeliveryStatus.FAILED
    else:
        status = DeliveryStatus.PENDING
    now = now or timezone.now()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=status,
        attempts=attempts,
        response_status=status_code,
        error=error or ("" if delivered else f"HTTP {status_code}"),
        last_attempt_at=now,
        delivered_at=now if delivered else None,
    )
    logger.info("webhook.attempt id=%s status=%s http=%s error=%s", delivery.pk, status, status_code, error)
    if status == DeliveryStatus.PENDING:
        raise WebhookDeliveryFailed(f"delivery {delivery.pk}: {error or status_code}")
    return status


def webhook_deliveries_sweep(*, wet_run: bool = True, now: datetime | None = None) -> int:
    """Send again the pending deliveries whose task was lost: never attempted ten minutes after the event, or whose
    next retry is ten minutes overdue. Returns how many; without ``wet_run``, sends nothing. A delivery sent twice
    carries the same Webhook-Id both times."""
    now = now or timezone.now()
    pending = WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, created_at__lt=now - SWEEP_GRACE)
    overdue = [
        pk
        for pk, attempts, last_attempt_at in pending.values_list("pk", "attempts", "last_attempt_at")
        if attempts == 0 or last_attempt_at < now - timedelta(seconds=backoff_seconds(attempts - 1)) - SWEEP_GRACE
    ]
    if wet_run:
        for pk in overdue:
            enqueue_on_commit(webhook_deliver_task, pk)
        logger.info("webhook.sweep resent=%s", len(overdue))
    return len(overdue)
