"""The staff's searches by name or e-mail, on the queue of requests and the queue of mentors (pages and API): case
never matters; on PostgreSQL accents do not either, as coordinators type names heard on the phone."""

import pytest
from django.urls import reverse

from matching.enums import MentorState
from tests.associations.factories import AssociationFactory, StaffMembershipFactory
from tests.matching.factories import MentorProfileFactory, YouthRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    association = AssociationFactory(slug="paris", departments=["75"])
    client.force_login(StaffMembershipFactory(association=association).user)
    client.association = association
    return client


def request_names(client, q):
    page = client.get(reverse("matching:request_queue", kwargs={"association": "paris"}), {"q": q})
    return sorted(item.first_name for item in page.context["page"])


def mentor_names(client, q):
    page = client.get(reverse("matching:mentor_queue", kwargs={"association": "paris"}), {"q": q})
    return sorted(mentor.user.first_name for mentor in page.context["page"])


def test_every_word_typed_must_match_a_name_or_the_address_whatever_its_case(staff_client):
    YouthRequestFactory(routed=True, association=staff_client.association, first_name="Léa", last_name="Martin")
    YouthRequestFactory(routed=True, association=staff_client.association, first_name="Léa", last_name="Bernard")

    assert request_names(staff_client, "MARTIN") == ["Léa"]
    assert request_names(staff_client, "léa bernard") == ["Léa"]
    assert request_names(staff_client, "léa") == ["Léa", "Léa"]


@pytest.mark.usefixtures("require_postgres")
def test_on_postgresql_accents_typed_or_not_find_the_same_people(staff_client):
    YouthRequestFactory(routed=True, association=staff_client.association, first_name="Inès", last_name="Aït-Ali")
    YouthRequestFactory(routed=True, association=staff_client.association, first_name="Ines", last_name="Dupont")
    MentorProfileFactory(association=staff_client.association, state=MentorState.SUBMITTED, user__first_name="Aïcha")

    assert request_names(staff_client, "ines") == ["Ines", "Inès"]
    assert request_names(staff_client, "Inès ait") == ["Inès"]
    assert mentor_names(staff_client, "aicha") == ["Aïcha"]
