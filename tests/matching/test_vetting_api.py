"""The API over the vetting queue: each step through the same service, the same table, the same scoping."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.enums import MentorState
from tests.associations.factories import AssociationFactory
from tests.matching.factories import MentorProfileFactory

pytestmark = pytest.mark.django_db


def step(api, mentor, name, data=None):
    return api.post(reverse(f"api:mentor-{name}", kwargs={"pk": mentor.pk}), data or {}, format="json")


def test_the_list_is_the_association_s_pipeline(api, api_association, django_assert_max_num_queries):
    mine = MentorProfileFactory(association=api_association)
    MentorProfileFactory(association=AssociationFactory(slug="b"))

    with django_assert_max_num_queries(4):
        response = api.get(reverse("api:mentor-list"))

    assert [item["id"] for item in response.json()["results"]] == [mine.pk]
    assert response.json()["results"][0]["actions"] == ["contact", "reject"]


def test_a_mentor_reads_the_same_in_the_list_and_on_its_own(api, api_association):
    mentor = MentorProfileFactory(trained=True, association=api_association)

    listed = api.get(reverse("api:mentor-list")).json()["results"]
    alone = api.get(reverse("api:mentor-detail", kwargs={"pk": mentor.pk})).json()

    assert listed == [alone]
    assert alone["email"] == mentor.user.email
    assert alone["background_check_valid_until"] == mentor.background_check_valid_until().isoformat()
    assert alone["trained_on"] == mentor.trained_on.isoformat()


def test_the_pipeline_step_by_step(api, api_association):
    mentor = MentorProfileFactory(association=api_association)
    today = timezone.localdate().isoformat()

    step(api, mentor, "contact")
    step(api, mentor, "interview", {"note": "Très motivée"})
    step(api, mentor, "check", {"ok": True, "checked_on": today})
    step(api, mentor, "train", {"trained_on": today, "trainer": "Équipe"})
    active = step(api, mentor, "activate").json()

    assert active["state"] == MentorState.ACTIVE
    assert active["background_check_valid_until"] is not None


def test_a_step_the_table_refuses_is_a_409(api, api_association):
    mentor = MentorProfileFactory(association=api_association)

    response = step(api, mentor, "interview")  # before the first contact

    assert response.status_code == 409
    assert response.json()["code"] == "transition_not_allowed"


def test_a_check_dated_in_the_future_is_refused(api, api_association):
    mentor = MentorProfileFactory(association=api_association, state=MentorState.INTERVIEWED)

    response = step(api, mentor, "check", {"ok": True, "checked_on": "2999-01-01"})

    assert response.status_code == 400
    assert "checked_on" in response.json()["errors"]


def test_a_check_seen_more_than_six_months_ago_is_refused_with_the_reason(api, api_association):
    mentor = MentorProfileFactory(association=api_association, state=MentorState.INTERVIEWED)
    stale = (timezone.localdate() - timedelta(days=184)).isoformat()

    response = step(api, mentor, "check", {"ok": True, "checked_on": stale})

    assert response.status_code == 409  # a rule of the service, as the other refused steps
    assert response.json()["code"] == "check_expired"


def test_another_association_s_mentor_answers_404(api):
    other = MentorProfileFactory(association=AssociationFactory(slug="b"))

    assert api.get(reverse("api:mentor-detail", kwargs={"pk": other.pk})).status_code == 404
    assert step(api, other, "contact").status_code == 404
    other.refresh_from_db()
    assert other.state == MentorState.SUBMITTED
