"""Every id on the staff detail pages is unique: a label names one field, an error points to one field."""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from matching.enums import MentorState, RequestState
from tests.associations.factories import AssociationFactory, StaffMembershipFactory
from tests.matching.factories import MentorProfileFactory, YouthRequestFactory

pytestmark = pytest.mark.django_db


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = Counter()

    def handle_starttag(self, tag, attrs):
        self.ids.update(value for name, value in attrs if name == "id")


def duplicate_ids(response) -> set[str]:
    parser = _Ids()
    parser.feed(response.content.decode())
    return {value for value, count in parser.ids.items() if count > 1}


@pytest.fixture
def association(client):
    association = AssociationFactory(slug="paris", departments=["75"])
    client.force_login(StaffMembershipFactory(association=association).user)
    return association


@pytest.mark.parametrize("state", [RequestState.ROUTED, RequestState.IN_REVIEW, RequestState.ACCEPTED])
def test_request_detail_has_no_duplicate_ids(client, association, state):
    youth_request = YouthRequestFactory(state=state, association=association)

    response = client.get(reverse("matching:request_detail", args=["paris", youth_request.pk]))

    assert response.status_code == 200
    assert duplicate_ids(response) == set()


def test_request_detail_with_a_form_in_error_has_no_duplicate_ids(client, association):
    youth_request = YouthRequestFactory(state=RequestState.IN_REVIEW, association=association)

    response = client.post(reverse("matching:request_decline", args=["paris", youth_request.pk]), {"reason": "other"})

    assert response.status_code == 400
    assert duplicate_ids(response) == set()


def test_mentor_detail_has_no_duplicate_ids(client, association):
    mentor = MentorProfileFactory(state=MentorState.SUBMITTED, association=association)

    response = client.get(reverse("matching:mentor_detail", args=["paris", mentor.pk]))

    assert response.status_code == 200
    assert duplicate_ids(response) == set()
