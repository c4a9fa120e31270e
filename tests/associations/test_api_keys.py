"""Association API keys: created by the association's admin and shown once, stored hashed, revoked at once,
read-only on request, with their last use; calls counted per key."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from associations.models import ApiKey
from associations.selectors import token_hash
from tests.associations.factories import AssociationFactory, StaffMembershipFactory, api_key_for

pytestmark = pytest.mark.django_db


def client_with(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def test_the_admin_sees_a_new_key_once_and_only_its_hash_is_kept(client):
    association = AssociationFactory(slug="a")
    client.force_login(StaffMembershipFactory(association=association, admin=True).user)
    url = reverse("associations:api_keys", kwargs={"association": "a"})

    created = client.post(url, {"name": "CRM", "read_only": "on"})
    key = ApiKey.objects.get()
    token = created.context["new_key"]

    assert token in created.content.decode()
    assert created["Cache-Control"] == "no-store"
    assert key.key_hash == token_hash(token)
    assert token not in client.get(url).content.decode()
    assert key.read_only


def test_a_revoked_key_stops_at_once(client):
    association = AssociationFactory(slug="a")
    admin = StaffMembershipFactory(association=association, admin=True).user
    token = api_key_for(association, by=admin)
    api = client_with(token)
    assert api.get(reverse("api:request-list")).status_code == 200
    client.force_login(admin)

    client.post(reverse("associations:api_key_revoke", kwargs={"association": "a", "pk": ApiKey.objects.get().pk}))
    response = api.get(reverse("api:request-list"))

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_keys_of_someone_who_leaves_the_team_are_revoked(client):
    association = AssociationFactory(slug="a")
    admin = StaffMembershipFactory(association=association, admin=True).user
    leaving = StaffMembershipFactory(association=association, admin=True)
    theirs, kept = api_key_for(association, by=leaving.user), api_key_for(association, by=admin)
    client.force_login(admin)

    client.post(reverse("associations:membership_delete", kwargs={"association": "a", "pk": leaving.pk}))

    assert client_with(theirs).get(reverse("api:request-list")).status_code == 401
    assert client_with(kept).get(reverse("api:request-list")).status_code == 200
    assert ApiKey.objects.get(created_by=leaving.user).revoked_at is not None


@pytest.mark.parametrize("leaves", ["membership deleted", "account deactivated"])
def test_a_key_stops_when_its_creator_no_longer_works_for_the_association(leaves):
    association = AssociationFactory(slug="a")
    membership = StaffMembershipFactory(association=association, admin=True)
    token = api_key_for(association, by=membership.user)

    if leaves == "membership deleted":  # as the Django admin or an erasure would
        membership.delete()
    else:
        membership.user.is_active = False
        membership.user.save(update_fields=["is_active"])

    assert client_with(token).get(reverse("api:request-list")).status_code == 401


def test_the_last_use_is_recorded():
    token = api_key_for(AssociationFactory(slug="a"))

    client_with(token).get(reverse("api:request-list"))

    assert ApiKey.objects.get().last_used_at is not None


def test_a_read_only_key_reads_but_changes_nothing():
    api = client_with(api_key_for(AssociationFactory(slug="a"), read_only=True))

    assert api.get(reverse("api:request-list")).status_code == 200
    assert api.post(reverse("api:request-claim", kwargs={"pk": 1})).status_code == 403


def test_calls_beyond_the_key_s_rate_are_refused_with_a_problem(settings):
    settings.API_RATE_PER_KEY = "2/min"
    api = client_with(api_key_for(AssociationFactory(slug="a")))
    other = client_with(api_key_for(AssociationFactory(slug="b")))

    *answered, refused = [api.get(reverse("api:request-list")) for _ in range(3)]

    assert [response.status_code for response in answered] == [200, 200]
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert "Retry-After" in refused
    assert other.get(reverse("api:request-list")).status_code == 200  # counted per key
