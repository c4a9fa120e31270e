"""Webhooks: an event per state change, sent after commit to the subscriptions that want it, signed, retried, logged."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from matching.enums import AlertKind, DeliveryStatus, RequestState, WebhookEvent
from matching.models import WebhookDelivery
from matching.services.follow_up_alerts import concern_report
from matching.services.review import request_claim, request_redirect
from matching.services.webhooks import (
    WebhookDeliveryFailed,
    webhook_deliver,
    webhook_deliveries_sweep,
    webhook_signature_verify,
    webhook_subscription_create,
    webhook_test_send,
)
from matching.tasks import backoff_seconds
from tests.associations.factories import AssociationFactory, StaffMembershipFactory
from tests.matching.factories import MentorshipFactory, YouthRequestFactory

pytestmark = pytest.mark.django_db


class Receiver:
    """A local HTTP server standing for an association's tool: it records what it receives, answers ``status``."""

    def __init__(self):
        self.received, self.status = [], 204
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]  # the local receiver; any other private address is refused
    receiver = Receiver()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


@pytest.fixture
def subscribed(receiver):
    association = AssociationFactory(slug="a")
    admin = StaffMembershipFactory(association=association, admin=True).user
    subscription = webhook_subscription_create(
        association=association, by=admin, url=receiver.url, events=[WebhookEvent.REQUEST_STATE_CHANGED]
    )
    return association, admin, subscription


def test_a_state_change_is_sent_after_commit_signed_without_personal_data(
    subscribed, receiver, django_capture_on_commit_callbacks
):
    association, admin, subscription = subscribed
    request = YouthRequestFactory(routed=True, association=association)

    with django_capture_on_commit_callbacks(execute=True):
        request_claim(request=request, by=admin)

    [(headers, body)] = receiver.received
    assert webhook_signature_verify(
        secret=subscription.secret,
        timestamp=headers["Webhook-Timestamp"],
        body=body,
        signature=headers["Webhook-Signature"],
    )
    payload = json.loads(body)
    assert payload["type"] == WebhookEvent.REQUEST_STATE_CHANGED
    assert payload["data"]["request"] == {"id": request.pk, "state": "in_review", "previous_state": "routed"}
    assert request.email not in body.decode()
    assert request.last_name not in body.decode()
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED


def test_a_tampered_body_fails_the_signature(subscribed, receiver, django_capture_on_commit_callbacks):
    _association, admin, subscription = subscribed
    with django_capture_on_commit_callbacks(execute=True):
        webhook_test_send(subscription=subscription, by=admin)
    [(headers, body)] = receiver.received

    assert not webhook_signature_verify(
        secret=subscription.secret,
        timestamp=headers["Webhook-Timestamp"],
        body=body.replace(b"true", b"false"),
        signature=headers["Webhook-Signature"],
    )


def test_events_not_subscribed_to_and_other_associations_send_nothing(subscribed, receiver):
    _association, admin, _subscription = subscribed
    other = AssociationFactory(slug="b")

    request_claim(request=YouthRequestFactory(routed=True, association=other), by=admin)

    assert not WebhookDelivery.objects.exists()


def test_nothing_is_sent_when_the_change_is_rolled_back(subscribed, receiver, django_capture_on_commit_callbacks):
    association, admin, _subscription = subscribed
    request = YouthRequestFactory(accepted=True, association=association)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Exception, match="transition"):
        request_claim(request=request, by=admin)

    assert receiver.received == []
    assert not WebhookDelivery.objects.exists()


def test_a_failing_receiver_is_retried_then_the_delivery_is_marked_failed(
    subscribed, receiver, settings, django_capture_on_commit_callbacks
):
    _association, admin, subscription = subscribed
    receiver.status = 500
    with django_capture_on_commit_callbacks(execute=True):
        webhook_test_send(subscription=subscription, by=admin)  # the first attempt (eager Celery: no retry)
    delivery = WebhookDelivery.objects.get()

    for _retry in range(settings.WEBHOOK_MAX_RETRIES - 1):  # what the worker's retries do
        with pytest.raises(WebhookDeliveryFailed):
            webhook_deliver(delivery_id=delivery.pk)
    assert webhook_deliver(delivery_id=delivery.pk) == DeliveryStatus.FAILED

    delivery.refresh_from_db()
    assert delivery.attempts == settings.WEBHOOK_MAX_RETRIES + 1 == len(receiver.received)
    assert delivery.response_status == 500
    # every attempt carries the same event id, so the receiver can drop duplicates
    assert {headers["Webhook-Id"] for headers, _body in receiver.received} == {str(delivery.event_id)}


def test_the_retries_back_off_exponentially():
    assert [backoff_seconds(n) for n in range(8)] == [30, 60, 120, 240, 480, 960, 1920, 3600]


def test_the_admin_creates_a_subscription_sees_its_secret_once_and_sends_a_test(
    client, receiver, django_capture_on_commit_callbacks
):
    association = AssociationFactory(slug="a")
    client.force_login(StaffMembershipFactory(association=association, admin=True).user)
    url = reverse("matching:webhook_list", kwargs={"association": "a"})

    created = client.post(url, {"url": receiver.url, "events": [WebhookEvent.REQUEST_ROUTED]})
    subscription = association.webhook_subscriptions.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("matching:webhook_test", kwargs={"association": "a", "pk": subscription.pk}))
    page = client.get(reverse("matching:webhook_detail", kwargs={"association": "a", "pk": subscription.pk}))

    assert subscription.secret in created.content.decode()
    assert subscription.secret not in client.get(url).content.decode()
    assert "webhook.test" in page.content.decode()
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED


def test_routing_tells_the_new_association(receiver, django_capture_on_commit_callbacks):
    association = AssociationFactory(slug="paris", departments=["75"])
    admin = StaffMembershipFactory(association=association, admin=True).user
    webhook_subscription_create(association=association, by=admin, url=receiver.url, events=["request.routed"])
    request = YouthRequestFactory(routed=True, association=AssociationFactory(slug="autre", departments=["75"]))
    request_claim(request=request, by=admin)

    with django_capture_on_commit_callbacks(execute=True):
        request_redirect(request=request, to=association, by=admin, note="Plus proche")

    [(_headers, body)] = receiver.received
    assert json.loads(body)["data"]["request"]["state"] == RequestState.ROUTED


def test_the_sweeper_sends_again_what_a_lost_task_left_pending(
    subscribed, receiver, django_capture_on_commit_callbacks
):
    _association, admin, subscription = subscribed
    webhook_test_send(subscription=subscription, by=admin)  # its task lost: the commit hook never ran
    later = timezone.now() + timedelta(minutes=11)

    assert webhook_deliveries_sweep(wet_run=False, now=later) == 1
    assert receiver.received == []
    with django_capture_on_commit_callbacks(execute=True):
        webhook_deliveries_sweep(now=later)

    assert len(receiver.received) == 1
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED
    assert webhook_deliveries_sweep(now=later) == 0  # twice run, sent once


def test_the_sweeper_leaves_a_delivery_waiting_for_its_retry(subscribed, receiver, django_capture_on_commit_callbacks):
    _association, admin, subscription = subscribed
    receiver.status = 503
    with django_capture_on_commit_callbacks(execute=True):
        webhook_test_send(subscription=subscription, by=admin)  # attempted once; its retry is due in 30 s

    assert webhook_deliveries_sweep(wet_run=False, now=timezone.now() + timedelta(minutes=5)) == 0
    assert webhook_deliveries_sweep(wet_run=False, now=timezone.now() + timedelta(minutes=11)) == 1


def test_the_sweep_command_prints_what_it_would_send_and_sends_only_with_wet_run(
    subscribed, receiver, time_machine, django_capture_on_commit_callbacks
):
    _association, admin, subscription = subscribed
    webhook_test_send(subscription=subscription, by=admin)  # its task lost
    time_machine.move_to(timezone.now() + timedelta(minutes=11))
    dry, wet = StringIO(), StringIO()

    call_command("sweep_webhooks", stdout=dry)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("sweep_webhooks", "--wet-run", stdout=wet)

    assert "would send again (dry run; add --wet-run to act): 1" in dry.getvalue()
    assert "sent again: 1" in wet.getvalue()
    assert len(receiver.received) == 1


def test_a_new_alert_is_told_by_kind_and_ids_never_by_a_concern_s_words(receiver, django_capture_on_commit_callbacks):
    mentorship = MentorshipFactory(under_way=True)
    admin = StaffMembershipFactory(association=mentorship.association, admin=True).user
    webhook_subscription_create(
        association=mentorship.association, by=admin, url=receiver.url, events=[WebhookEvent.ALERT_CREATED]
    )
    words = "Mon mentor me met mal à l'aise."

    with django_capture_on_commit_callbacks(execute=True):
        concern_report(request=mentorship.request, text=words)

    [(_headers, body)] = receiver.received
    payload = json.loads(body)
    assert payload["type"] == WebhookEvent.ALERT_CREATED
    assert payload["data"]["alert"]["kind"] == AlertKind.CONCERN_REPORTED
    assert payload["data"]["alert"]["urgent"] is True
    assert payload["data"]["alert"]["request"] == mentorship.request_id
    assert words not in body.decode()
    assert mentorship.request.first_name not in body.decode()
