"""The platform administrators' pages: each association's numbers, counted each on its own, in a fixed number of
queries whatever the rows."""

import pytest
from django.urls import reverse

from accounts.models import OutboundEmail
from matching.enums import DeclineReason, RequestState
from matching.models import YouthRequest
from matching.services.platform import unrouted_request_decline
from mentoring.errors import DomainError
from tests.accounts.factories import UserFactory
from tests.associations.factories import AssociationFactory, StaffMembershipFactory
from tests.matching.factories import MentorProfileFactory, YouthRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(platform_admin=True))
    return client


def fill(association, rows):
    for _ in range(rows):
        YouthRequestFactory(routed=True, association=association)
        YouthRequestFactory(accepted=True, association=association)
        MentorProfileFactory(active=True, association=association)
        MentorProfileFactory(trained=True, association=association)
    for _ in range(2):
        StaffMembershipFactory(association=association)


def test_each_association_has_its_own_numbers(admin_client):
    big, small = AssociationFactory(name="A big one"), AssociationFactory(name="B small one")
    fill(big, 3)
    fill(small, 1)

    response = admin_client.get(reverse("matching:platform_overview"))

    numbers = {
        a.name: (a.open_requests, a.accepted_requests, a.mentors_following, a.active_mentors, a.staff)
        for a in response.context["associations"]
    }
    assert numbers == {"A big one": (6, 3, 6, 3, 2), "B small one": (2, 1, 2, 1, 2)}


@pytest.mark.parametrize("rows", [1, 6])
def test_overview_query_count_does_not_grow(admin_client, django_assert_num_queries, rows):
    for _ in range(3):
        fill(AssociationFactory(), rows)
    # session, user, the second factor, unrouted requests, unrouted mentors, the navigation's memberships, associations
    # with their numbers
    with django_assert_num_queries(7):
        assert admin_client.get(reverse("matching:platform_overview")).status_code == 200


@pytest.mark.parametrize("rows", [1, 6])
def test_unrouted_queue_query_count_does_not_grow(admin_client, django_assert_num_queries, rows):
    for _ in range(rows):
        YouthRequestFactory(state="unrouted")
        MentorProfileFactory()
    # session, user, the second factor, requests, their routing decisions, mentors, theirs, the navigation's memberships
    with django_assert_num_queries(8):
        assert admin_client.get(reverse("matching:unrouted_queue")).status_code == 200


def test_unrouted_queue_shows_the_oldest_and_says_so(admin_client, monkeypatch):
    monkeypatch.setattr("matching.views.platform.UNROUTED_SHOWN", 2)
    for _ in range(3):
        YouthRequestFactory(state="unrouted")
    response = admin_client.get(reverse("matching:unrouted_queue"))
    assert len(response.context["requests"]) == 2
    assert "Les 2 plus anciennes" in response.content.decode()


def test_a_request_no_association_will_take_is_closed_with_a_reason(admin_client):
    request = YouthRequestFactory(state="unrouted", email="lina@example.org")
    url = reverse("matching:unrouted_request_decline", args=[request.pk])

    refused = admin_client.post(url, {"reason": ""}, follow=True)
    request.refresh_from_db()
    assert request.state == "unrouted"
    assert "Choisissez un motif." in refused.content.decode()

    admin_client.post(url, {"reason": DeclineReason.OUTSIDE_TERRITORY})

    request.refresh_from_db()
    assert request.state == RequestState.DECLINED
    assert request.closed_at is not None  # leaves on the schedule of closed requests
    email = OutboundEmail.objects.get(to="lina@example.org")
    assert "Aucune association partenaire n'accompagne encore les jeunes de ton secteur." in email.body_text
    assert request.pk not in [
        item.pk for item in admin_client.get(reverse("matching:unrouted_queue")).context["requests"]
    ]


def test_closing_for_another_reason_asks_what_it_is(admin_client):
    request = YouthRequestFactory(state="unrouted")
    url = reverse("matching:unrouted_request_decline", args=[request.pk])

    refused = admin_client.post(url, {"reason": DeclineReason.OTHER, "note": ""}, follow=True)
    assert "Précisez le motif." in refused.content.decode()
    admin_client.post(url, {"reason": DeclineReason.OTHER, "note": "Demande de test"})

    request.refresh_from_db()
    assert request.state == RequestState.DECLINED
    assert request.transitions.last().note == "Demande de test"


def test_a_request_routed_meanwhile_is_not_closed_by_the_platform():
    request = YouthRequestFactory(state="unrouted")
    YouthRequest.objects.filter(pk=request.pk).update(state=RequestState.ROUTED)  # a sweep routed it meanwhile

    with pytest.raises(DomainError, match="no_longer_unrouted"):
        unrouted_request_decline(request=request, by=UserFactory(platform_admin=True), reason="duplicate")

    request.refresh_from_db()
    assert request.state == RequestState.ROUTED
