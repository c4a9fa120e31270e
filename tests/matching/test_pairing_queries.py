"""The suggestions and the batch preview read an association's mentors in a fixed number of queries, whatever their
number: the mentors as arrays of stored masks, then only the profiles shown."""

import pytest
from django.urls import reverse

from tests.associations.factories import AssociationFactory, StaffMembershipFactory
from tests.matching.factories import MentorProfileFactory, YouthRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def association(client):
    association = AssociationFactory(slug="paris", departments=["75"])
    client.force_login(StaffMembershipFactory(association=association).user)
    return association


def mentors(association, rows):
    for n in range(rows):
        MentorProfileFactory(
            active=True, association=association, accepts_minors=n % 2 == 0, languages=["fr"] if n % 5 else ["en"]
        )


@pytest.mark.parametrize("rows", [3, 40])
@pytest.mark.parametrize("age", ["adult", "minor"])
def test_suggestions_query_count_does_not_grow_with_mentors(client, association, django_assert_num_queries, rows, age):
    mentors(association, rows)
    request = YouthRequestFactory(accepted=True, association=association, **{age: True})
    url = reverse("matching:request_suggestions", kwargs={"association": "paris", "pk": request.pk})
    # session, user, memberships, request, the version of the association's active mentors and their arrays (read
    # again: nothing kept them yet), the profiles shown, the navigation's alert counts
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["ranked"]


@pytest.mark.parametrize("rows", [2, 30])
def test_batch_preview_query_count_does_not_grow_with_requests_and_mentors(
    client, association, django_assert_num_queries, rows
):
    mentors(association, rows)
    for _ in range(rows):
        YouthRequestFactory(accepted=True, adult=True, association=association)
    url = reverse("matching:batch_preview", kwargs={"association": "paris"})
    # session, user, memberships, requests, the version of the active mentors and their arrays, the planned mentors
    # with their users, navigation (alert counts)
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["plan"].pairs
