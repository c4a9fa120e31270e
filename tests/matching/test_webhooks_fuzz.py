"""Fuzzing an association's webhook subscriptions (tests/fuzz.py): create, edit, delete and the test event, through
the real views. Nothing is sent: the deliveries go after commit, which a test's transaction never reaches."""

import pytest
from django.urls import reverse
from hypothesis import given

from matching.models import WebhookDelivery, WebhookSubscription
from tests.associations.factories import AssociationFactory
from tests.fuzz import FuzzTestCase, assert_answered_safely, assert_rows_valid, mutations, staff_login, with_noise

pytestmark = pytest.mark.fuzz

SUBSCRIPTION = {
    "url": "https://crm.example.org/hooks",
    "events": ["request.routed", "alert.created"],
    "is_active": "on",
}


class TestWebhookForms(FuzzTestCase):
    def post(self, name, data, *, subscription=True):
        association = AssociationFactory()
        user = staff_login(self.client, association, admin=True)
        kwargs = {"association": association.slug}
        if subscription:
            kwargs["pk"] = WebhookSubscription.objects.create(
                association=association, url="https://crm.example.org/", events=["alert.created"], created_by=user
            ).pk
        response = self.client.post(reverse(f"matching:{name}", kwargs=kwargs), data, follow=True)
        assert_answered_safely(response)
        assert_rows_valid(WebhookSubscription.objects.all(), WebhookDelivery.objects.all())
        list_url = reverse("matching:webhook_list", kwargs={"association": association.slug})
        assert_answered_safely(self.client.get(list_url))

    @given(data=mutations(SUBSCRIPTION))
    def test_a_new_subscription(self, data):
        self.post("webhook_list", data, subscription=False)

    @given(data=mutations(SUBSCRIPTION))
    def test_a_change(self, data):
        self.post("webhook_detail", data)

    @given(data=with_noise({}))
    def test_the_test_event(self, data):
        self.post("webhook_test", data)

    @given(data=with_noise({}))
    def test_a_deletion(self, data):
        self.post("webhook_delete", data)
