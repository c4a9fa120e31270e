"""The API over mentorships: read with goals and sessions, and a session logged for the mentor by the association."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.models import Goal, SessionLog
from tests.associations.factories import AssociationFactory
from tests.matching.factories import MentorshipFactory

pytestmark = pytest.mark.django_db


def sessions_url(mentorship):
    return reverse("api:mentorship-sessions", kwargs={"pk": mentorship.pk})


def session(**overrides):
    return {"held_on": timezone.localdate().isoformat(), "duration_hours": "1.5", "mode": "remote", "topics": "CV"} | (
        overrides
    )


def test_mentorships_are_read_with_their_goals(api, api_association, django_assert_max_num_queries):
    mentorship = MentorshipFactory(association=api_association, under_way=True)
    Goal.objects.create(mentorship=mentorship, text="Trouver un stage")
    MentorshipFactory(association=AssociationFactory(slug="b"), under_way=True)

    with django_assert_max_num_queries(5):
        response = api.get(reverse("api:mentorship-list"))

    [item] = response.json()["results"]
    assert item["id"] == mentorship.pk
    assert [goal["text"] for goal in item["goals"]] == ["Trouver un stage"]


def test_a_mentorship_answer_holds_its_columns_and_goals(api, api_association):
    mentorship = MentorshipFactory(association=api_association, under_way=True)
    goal = Goal.objects.create(mentorship=mentorship, text="Trouver un stage")

    [listed] = api.get(reverse("api:mentorship-list")).json()["results"]
    alone = api.get(reverse("api:mentorship-detail", kwargs={"pk": mentorship.pk})).json()

    assert listed == alone
    assert (alone["request"], alone["mentor"]) == (mentorship.request_id, mentorship.mentor_id)
    assert alone["started_on"] == mentorship.started_on.isoformat()
    assert alone["goals"] == [
        {
            "id": goal.pk,
            "text": "Trouver un stage",
            "status": goal.status,
            "created_at": timezone.localtime(goal.created_at).isoformat(),
        }
    ]


def test_the_association_logs_a_session_for_the_mentor(api, api_association):
    mentorship = MentorshipFactory(association=api_association, under_way=True)

    created = api.post(sessions_url(mentorship), session(), format="json")
    listed = api.get(sessions_url(mentorship)).json()["results"]

    assert created.status_code == 201
    assert [item["id"] for item in listed] == [created.json()["id"]]
    assert SessionLog.objects.get().mentorship == mentorship


def test_the_service_s_rules_hold_through_the_api(api, api_association):
    proposed = MentorshipFactory(association=api_association)
    under_way = MentorshipFactory(association=api_association, under_way=True)
    before_start = (under_way.started_on - timedelta(days=1)).isoformat()

    not_under_way = api.post(sessions_url(proposed), session(), format="json")
    too_early = api.post(sessions_url(under_way), session(held_on=before_start), format="json")
    too_long = api.post(sessions_url(under_way), session(duration_hours="4.5"), format="json")

    assert (not_under_way.status_code, not_under_way.json()["code"]) == (409, "not_under_way")
    assert (too_early.status_code, too_early.json()["code"]) == (409, "date_out_of_range")
    assert too_long.status_code == 400
    assert not SessionLog.objects.exists()


def test_another_association_s_mentorship_answers_404(api):
    other = MentorshipFactory(association=AssociationFactory(slug="b"), under_way=True)

    assert api.get(reverse("api:mentorship-detail", kwargs={"pk": other.pk})).status_code == 404
    assert api.post(sessions_url(other), session(), format="json").status_code == 404
    assert not SessionLog.objects.exists()
