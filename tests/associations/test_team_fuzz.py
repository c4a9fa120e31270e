"""Fuzzing the association admin's forms (tests/fuzz.py): the association's settings, the matching weights and a
team invitation, through the real views."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis.extra.django import TestCase

from associations.models import Association, Invitation
from tests.associations.factories import AssociationFactory
from tests.fuzz import assert_answered_safely, assert_emails_escaped, assert_rows_valid, mutations, staff_login

pytestmark = pytest.mark.fuzz

SETTINGS = {
    "name": "Élan Jeunesse",
    "description": "Mentorat à Paris",
    "contact_email": "contact@elan.example.org",
    "contact_phone": "01 23 45 67 89",
    "departments": "75, 92",
    "remote_national": "",
    "axes": ["education", "employment"],
    "min_age": "15",
    "max_age": "29",
    "takes_minors": "on",
    "intake_capacity": "40",
    "mentor_capacity": "30",
}
WEIGHTS = {"axis": "3", "sectors": "2", "geography": "2", "availability": "1.5", "mentor_type": "1", "capacity": "1"}


class TestAssociationForms(TestCase):
    def post(self, name, data):
        association = AssociationFactory()
        staff_login(self.client, association, admin=True)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse(f"associations:{name}", args=[association.slug]), data, follow=True)
        assert_answered_safely(response)
        assert_rows_valid(Association.objects.all(), Invitation.objects.all())
        assert_emails_escaped()

    @given(data=mutations(SETTINGS))
    def test_the_settings(self, data):
        self.post("settings", data)

    @given(data=mutations(WEIGHTS))
    def test_the_weights(self, data):
        self.post("weights", data)

    @given(data=mutations({"email": "nouvelle@example.org", "role": "coordinator"}))
    def test_an_invitation(self, data):
        self.post("team", data)
