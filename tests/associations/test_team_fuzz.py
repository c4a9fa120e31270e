"""Fuzzing the association admin's forms (tests/fuzz.py): the association's settings, the matching weights, a team
invitation and its acceptance, a member's removal and the API keys, through the real views."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from associations.models import ApiKey, Association, Invitation, StaffMembership
from associations.selectors import token_hash
from associations.services import api_key_revoke
from tests.accounts.factories import UserFactory
from tests.associations.factories import AssociationFactory, StaffMembershipFactory, api_key_for
from tests.fuzz import (
    MARKER,
    FuzzTestCase,
    assert_answered_safely,
    assert_emails_escaped,
    assert_rows_valid,
    mutations,
    staff_login,
    with_noise,
)

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


class TestTeamAndApiForms(FuzzTestCase):
    """An admin removes a team member (or themself, the last admin), creates and revokes API keys; a person opens and
    accepts an invitation, signed in with the invited address, another one, or not at all."""

    def admin_post(self, name, data, pk=None):
        association = AssociationFactory()
        admin = staff_login(self.client, association, admin=True)
        kwargs = {"association": association.slug} | ({"pk": pk(association, admin)} if pk else {})
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse(f"associations:{name}", kwargs=kwargs), data, follow=True)
        assert_answered_safely(response)
        assert_rows_valid(StaffMembership.objects.all(), ApiKey.objects.all())
        assert_emails_escaped()

    @given(data=with_noise({}), whom=st.sampled_from(["coordinator", "admin", "self"]))
    def test_a_removal(self, data, whom):
        def member(association, admin):
            if whom == "self":  # the last admin: refused
                return StaffMembership.objects.get(user=admin).pk
            return StaffMembershipFactory(association=association, admin=whom == "admin").pk

        self.admin_post("membership_delete", data, member)

    @given(data=mutations({"name": "CRM de l'association", "read_only": "on"}))
    def test_a_new_api_key(self, data):
        self.admin_post("api_keys", data)

    @given(data=with_noise({}), revoked=st.booleans())
    def test_a_key_revoked(self, data, revoked):
        def key(association, admin):
            api_key_for(association, by=admin)
            if revoked:
                api_key_revoke(key=ApiKey.objects.get(), by=admin)
            return ApiKey.objects.get().pk

        self.admin_post("api_key_revoke", data, key)

    @given(data=with_noise({}), who=st.sampled_from(["invited", "someone else", "nobody"]))
    def test_an_invitation_accepted(self, data, who):
        association = AssociationFactory(name=f"Élan {MARKER}")
        token = "fuzz-invitation-token"
        Invitation.objects.create(
            association=association,
            email="invitee@example.org",
            token_hash=token_hash(token),
            invited_by=StaffMembershipFactory(association=association, admin=True).user,
            expires_at=timezone.now() + timedelta(days=14),
        )
        if who != "nobody":
            email = "invitee@example.org" if who == "invited" else "other@example.org"
            self.client.force_login(UserFactory(email=email))
        url = reverse("associations:invitation_accept", args=[token])

        assert_answered_safely(self.client.get(url))
        response = self.client.post(url, data, follow=True)

        assert_answered_safely(response)
        assert_rows_valid(StaffMembership.objects.all(), Invitation.objects.all())
