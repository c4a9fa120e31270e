"""Fuzzing the staff's review actions on a youth request (tests/fuzz.py), posted through the real views; the page
they lead to shows what was written, escaped."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis.extra.django import TestCase

from matching.models import ContactAttempt, StaffNote, YouthRequest
from tests.associations.factories import AssociationFactory
from tests.fuzz import assert_answered_safely, assert_emails_escaped, assert_rows_valid, mutations, staff_login
from tests.matching.factories import YouthRequestFactory

pytestmark = pytest.mark.fuzz

ACTIONS = {
    "request_contact": {"channel": "phone", "outcome": "reached", "note": "Joint, rappel lundi"},
    "request_accept": {"note": "Profil adapté"},
    "request_decline": {"reason": "other", "note": "Hors public"},
    "request_note": {"text": "À rappeler"},
}


class TestReviewForms(TestCase):
    def post_action(self, name, data, *, follow=False):
        association = AssociationFactory()
        user = staff_login(self.client, association)
        request = YouthRequestFactory(in_review=True, association=association, claimed_by=user)
        url = reverse(f"matching:{name}", kwargs={"association": association.slug, "pk": request.pk})
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, data, follow=follow)
        assert_answered_safely(response)
        assert_rows_valid(YouthRequest.objects.all(), ContactAttempt.objects.all(), StaffNote.objects.all())
        assert_emails_escaped()

    @given(data=mutations(ACTIONS["request_contact"]))
    def test_a_contact_attempt(self, data):
        self.post_action("request_contact", data, follow=True)  # the request's page lists the attempt

    @given(data=mutations(ACTIONS["request_accept"]))
    def test_the_acceptance(self, data):
        self.post_action("request_accept", data)

    @given(data=mutations(ACTIONS["request_decline"]))
    def test_the_decline(self, data):
        self.post_action("request_decline", data)

    @given(data=mutations(ACTIONS["request_note"]))
    def test_an_internal_note(self, data):
        self.post_action("request_note", data, follow=True)  # the request's page shows the note

    @given(data=mutations({"to": "0", "note": "Plus proche de chez elle"}))
    def test_the_redirection(self, data):
        other = AssociationFactory(departments=["75"])
        if data.get("to") == "0":  # kept as posted: an association that can take the request
            data["to"] = str(other.pk)
        self.post_action("request_redirect", data)

    @given(data=mutations({"action": "decline", "ids": "0", "reason": "other", "note": "Lot"}))
    def test_a_bulk_action(self, data):
        association = AssociationFactory()
        staff_login(self.client, association)
        requests = YouthRequestFactory.create_batch(2, routed=True, association=association)
        if data.get("ids") == "0":  # kept as posted: the ticked requests
            data["ids"] = [str(request.pk) for request in requests]
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("matching:request_bulk", kwargs={"association": association.slug}), data
            )
        assert_answered_safely(response)
        assert_rows_valid(YouthRequest.objects.all())
        assert_emails_escaped()
