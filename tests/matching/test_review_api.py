"""The API over the review queue: the same scoping, filters and transition rules as the pages."""

import pytest
from django.urls import reverse

from associations.enums import AccessAction, AccessSubject
from associations.models import AccessRecord
from matching.enums import DeclineReason, RequestState
from tests.associations.factories import AssociationFactory
from tests.matching.factories import YouthRequestFactory

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def action_url(request, action):
    return reverse(f"api:request-{action}", kwargs={"pk": request.pk})


def test_the_list_is_the_association_s_queue(api, api_association):
    mine = YouthRequestFactory(routed=True, association=api_association)
    YouthRequestFactory(routed=True, association=AssociationFactory(slug="b"))
    YouthRequestFactory(accepted=True, association=api_association)  # not in the queue's default states

    response = api.get(reverse("api:request-list"))

    assert response.status_code == 200
    assert [item["id"] for item in response.json()["results"]] == [mine.pk]


def test_a_request_reads_the_same_in_the_list_and_on_its_own(api, api_association):
    claimed = YouthRequestFactory(in_review=True, association=api_association)
    YouthRequestFactory(routed=True, association=api_association)

    listed = api.get(reverse("api:request-list")).json()["results"]
    alone = api.get(reverse("api:request-detail", kwargs={"pk": claimed.pk})).json()

    assert next(item for item in listed if item["id"] == claimed.pk) == alone
    assert alone["claimed_by"] == claimed.claimed_by.email
    assert alone["age"] == claimed.age()
    assert [item["claimed_by"] for item in listed if item["id"] != claimed.pk] == [None]


def test_the_list_takes_the_queue_s_filters(api, api_association):
    YouthRequestFactory(routed=True, association=api_association)
    accepted = YouthRequestFactory(accepted=True, association=api_association)

    response = api.get(reverse("api:request-list"), {"state": "accepted"})

    assert [item["id"] for item in response.json()["results"]] == [accepted.pk]


def test_the_list_pages_with_a_cursor_in_a_fixed_number_of_queries(api, api_association, django_assert_max_num_queries):
    YouthRequestFactory.create_batch(5, routed=True, association=api_association)

    with django_assert_max_num_queries(5):  # the key (+ its last use), the page, the access log
        first = api.get(reverse("api:request-list"), {"page_size": 3}).json()
    second = api.get(first["next"]).json()

    assert len(first["results"]) == 3
    assert len(second["results"]) == 2
    assert not {item["id"] for item in first["results"]} & {item["id"] for item in second["results"]}


def test_an_invalid_filter_is_a_problem_naming_the_field(api):
    response = api.get(reverse("api:request-list"), {"state": "nonsense"})

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert "state" in response.json()["errors"]


def test_another_association_s_request_answers_404(api):
    other = YouthRequestFactory(routed=True, association=AssociationFactory(slug="b"))

    assert api.get(reverse("api:request-detail", kwargs={"pk": other.pk})).status_code == 404
    response = api.post(action_url(other, "claim"))

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    other.refresh_from_db()
    assert other.state == RequestState.ROUTED


def test_claim_then_accept_through_the_services(api, api_association):
    request = YouthRequestFactory(routed=True, association=api_association)

    claimed = api.post(action_url(request, "claim")).json()
    contacted = api.post(action_url(request, "contact"), {"channel": "phone", "outcome": "reached"}, format="json")
    accepted = api.post(action_url(request, "accept"), {"note": "OK"}, format="json").json()

    assert claimed["state"] == RequestState.IN_REVIEW
    assert contacted.json()["state"] == RequestState.CONTACTED
    assert accepted["state"] == RequestState.ACCEPTED
    assert [t.to_state for t in request.transitions.order_by("pk")][-3:] == ["in_review", "contacted", "accepted"]


def test_a_transition_the_table_refuses_is_a_409_problem(api, api_association):
    request = YouthRequestFactory(accepted=True, association=api_association)

    response = api.post(action_url(request, "claim"))

    assert response.status_code == 409
    assert response["Content-Type"] == PROBLEM
    assert response.json()["code"] == "transition_not_allowed"


def test_decline_for_another_reason_needs_a_note(api, api_association):
    request = YouthRequestFactory(routed=True, association=api_association)

    refused = api.post(action_url(request, "decline"), {"reason": DeclineReason.OTHER}, format="json")
    declined = api.post(action_url(request, "decline"), {"reason": DeclineReason.DUPLICATE}, format="json")

    assert refused.status_code == 400
    assert "note" in refused.json()["errors"]
    assert declined.json()["state"] == RequestState.DECLINED


def test_a_redirect_passes_the_checks_of_routing(api, api_association):
    request = YouthRequestFactory(routed=True, association=api_association)
    AssociationFactory(slug="lyon", departments=["69"])
    AssociationFactory(slug="paris", departments=["75"])

    refused = api.post(action_url(request, "redirect"), {"to": "lyon", "note": "Plus proche"}, format="json")
    done = api.post(action_url(request, "redirect"), {"to": "paris", "note": "Plus proche"}, format="json")

    assert refused.status_code == 409
    assert refused.json()["code"].startswith("redirect_")
    assert done.status_code == 200
    request.refresh_from_db()
    assert request.association.slug == "paris"


def test_every_request_an_answer_shows_is_in_the_access_log(api, api_association):
    shown = YouthRequestFactory.create_batch(2, routed=True, association=api_association)

    api.get(reverse("api:request-list"))
    api.get(reverse("api:request-detail", kwargs={"pk": shown[0].pk}))
    api.get(reverse("api:request-detail", kwargs={"pk": 0}))  # a 404 shows nobody

    records = AccessRecord.objects.filter(association=api_association, action=AccessAction.API)
    assert sorted(records.values_list("subject_id", flat=True)) == sorted([shown[0].pk, shown[0].pk, shown[1].pk])
    assert set(records.values_list("subject", flat=True)) == {AccessSubject.YOUTH_REQUEST}
