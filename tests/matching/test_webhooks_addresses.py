"""Webhook addresses: public https only, checked when saved and again at each delivery; no redirect is followed."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse
from django.utils import translation

from matching.enums import DeliveryStatus, WebhookEvent
from matching.forms.webhooks import WebhookSubscriptionForm
from matching.models import WebhookDelivery
from matching.services.webhooks import (
    WebhookDeliveryFailed,
    webhook_deliver,
    webhook_subscription_create,
    webhook_test_send,
)
from matching.webhook_urls import UnsafeWebhookUrl, address_is_public, webhook_url_check
from tests.associations.factories import AssociationFactory, StaffMembershipFactory

PUBLIC = "93.184.215.14"  # a public address (documentation ranges are reserved, so refused)


@pytest.fixture
def dns(monkeypatch):
    """Names resolved from this table (the tests have no DNS); numeric hosts and ``localhost`` resolve for real."""
    table = {}
    resolve = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in table:
            return [
                (socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))
                for ip in table[host]
            ]
        return resolve(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return table


def form(url):
    return WebhookSubscriptionForm({"url": url, "events": [WebhookEvent.REQUEST_ROUTED], "is_active": "on"})


def refusal(url) -> str:
    try:
        webhook_url_check(url)
    except UnsafeWebhookUrl as error:
        return error.code
    return ""


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "0.0.0.1",
        "100.64.0.1", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255", "192.0.2.1", "198.18.0.1",
        "::1", "::", "fe80::1", "fe80::1%eth0", "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1",
        "::ffff:10.0.0.1", "::ffff:169.254.169.254", "2002:7f00:1::", "2002:a00:1::", "64:ff9b::a9fe:a9fe",
        "2001:db8::1", "64:ff9b::808:808", "not an address", "",
    ],
)  # fmt: skip
def test_no_internal_address_is_public(address):
    assert not address_is_public(address)


@pytest.mark.parametrize("address", [PUBLIC, "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are_public(address):
    assert address_is_public(address)


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook", "https://127.1/", "https://2130706433/", "https://0x7f000001/", "https://0177.0.0.1/",
        "https://0/", "https://localhost/", "https://LOCALHOST./", "https://[::1]/", "https://[::ffff:127.0.0.1]/",
        "https://[::ffff:7f00:1]:8443/", "https://[fe80::1%25lo]/", "https://169.254.169.254/latest/meta-data/",
        "https://10.1.2.3:9200/_search", "https://[fd00::1]/", "https://%6c%6fcalhost/",
    ],
)  # fmt: skip
def test_loopback_private_and_metadata_hosts_are_refused_however_written(url):
    assert refusal(url) == "private"


def test_a_name_that_resolves_to_a_private_address_even_once_is_refused(dns):
    dns["internal.example.org"] = ["10.0.0.8"]
    dns["mixed.example.org"] = [PUBLIC, "127.0.0.1"]
    dns["v6.example.org"] = ["::1"]

    assert refusal("https://internal.example.org/hook") == "private"
    assert refusal("https://mixed.example.org/hook") == "private"
    assert refusal("https://v6.example.org/hook") == "private"


def test_a_public_https_address_is_accepted(dns):
    dns["crm.example.org"] = [PUBLIC, "2606:4700:4700::1111"]

    assert refusal("https://crm.example.org/hooks/1jeune1mentor?source=platform") == ""
    assert form("https://crm.example.org/hooks").is_valid()


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://crm.example.org/hook", "scheme"),
        ("ftp://crm.example.org/hook", "scheme"),
        ("file:///etc/passwd", "scheme"),
        ("gopher://crm.example.org:70/", "scheme"),
        ("//crm.example.org/hook", "scheme"),
        ("https://user:secret@crm.example.org/hook", "credentials"),
        ("https://crm.example.org@127.0.0.1/hook", "credentials"),
        ("https://:@crm.example.org/hook", "credentials"),
        ("https:///hook", "invalid"),
        ("https://crm.example.org:99999/hook", "invalid"),
        ("https://[::1/hook", "invalid"),
        ("https://nowhere.invalid/hook", "unresolved"),
    ],
)
def test_only_https_without_credentials_to_a_known_host(settings, dns, url, code):
    settings.WEBHOOK_ALLOW_HTTP = False
    dns["crm.example.org"] = [PUBLIC]

    assert refusal(url) == code


def test_http_is_allowed_only_by_the_setting(settings, dns):
    dns["crm.example.org"] = [PUBLIC]
    settings.WEBHOOK_ALLOW_HTTP = True
    assert refusal("http://crm.example.org/hook") == ""
    settings.WEBHOOK_ALLOW_HTTP = False
    assert refusal("http://crm.example.org/hook") == "scheme"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "Cette adresse mène à un réseau interne (adresse locale, privée ou réservée)"),
        ("en", "This address leads to an internal network (a local, private or reserved address)"),
    ],
)
def test_the_form_says_why_in_french_and_in_english(language, expected):
    with translation.override(language):
        bound = form("https://169.254.169.254/latest/meta-data/")
        assert not bound.is_valid()
        assert expected in bound.errors["url"][0]


@pytest.mark.django_db
def test_the_admin_cannot_subscribe_an_internal_address(client):
    association = AssociationFactory(slug="a")
    client.force_login(StaffMembershipFactory(association=association, admin=True).user)

    response = client.post(
        reverse("matching:webhook_list", kwargs={"association": "a"}),
        {"url": "https://localhost:6379/", "events": [WebhookEvent.REQUEST_ROUTED], "is_active": "on"},
    )

    assert response.status_code == 400
    assert not association.webhook_subscriptions.exists()


class Redirecting:
    """A local server that answers every POST with a redirect to ``location`` and counts what it receives."""

    def __init__(self, location):
        self.posts = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers["Content-Length"]))
                server.posts += 1
                self.send_response(307)
                self.send_header("Location", location)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def subscription(settings):
    association = AssociationFactory(slug="a")
    admin = StaffMembershipFactory(association=association, admin=True).user
    return webhook_subscription_create(
        association=association, by=admin, url="https://crm.example.org/hook", events=[WebhookEvent.REQUEST_ROUTED]
    )


@pytest.mark.django_db
def test_a_name_that_now_resolves_to_an_internal_address_is_not_posted_to(
    subscription, dns, django_capture_on_commit_callbacks
):
    dns["crm.example.org"] = ["169.254.169.254"]  # was public when saved; DNS changed since

    with django_capture_on_commit_callbacks(execute=False):
        delivery = webhook_test_send(subscription=subscription, by=subscription.created_by)
    with pytest.raises(WebhookDeliveryFailed):
        webhook_deliver(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.attempts == 1
    assert delivery.response_status is None
    assert delivery.error.startswith("refused address (private)")


@pytest.mark.django_db
def test_an_address_saved_before_the_check_is_refused_at_delivery(subscription, django_capture_on_commit_callbacks):
    WebhookDelivery.objects.all().delete()
    subscription.url = "http://2130706433:6379/"  # decimal 127.0.0.1, stored before addresses were checked
    subscription.save()

    with django_capture_on_commit_callbacks(execute=False):
        delivery = webhook_test_send(subscription=subscription, by=subscription.created_by)
    with pytest.raises(WebhookDeliveryFailed):
        webhook_deliver(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert delivery.error.startswith("refused address (private)")


@pytest.mark.django_db
def test_a_redirect_is_never_followed(settings, subscription, django_capture_on_commit_callbacks):
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]  # the local server stands for a public receiver
    target = Redirecting("http://169.254.169.254/latest/meta-data/")
    followed = Redirecting("about:blank")
    target_to_local = Redirecting(followed.url)
    try:
        for server in (target, target_to_local):
            subscription.url = server.url
            subscription.save()
            with django_capture_on_commit_callbacks(execute=False):
                delivery = webhook_test_send(subscription=subscription, by=subscription.created_by)
            with pytest.raises(WebhookDeliveryFailed):
                webhook_deliver(delivery_id=delivery.pk)
            delivery.refresh_from_db()
            assert delivery.response_status == 307
            assert delivery.error == "HTTP 307: redirect not followed"
            assert server.posts == 1
        assert followed.posts == 0
    finally:
        for server in (target, followed, target_to_local):
            server.close()
