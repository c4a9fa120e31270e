"""The API's lists and files answer in a fixed number of queries, whatever the association holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from matching.models import Goal
from tests.matching.factories import (
    MentorProfileFactory,
    MentorshipFactory,
    SessionLogFactory,
    YouthRequestFactory,
)

pytestmark = pytest.mark.django_db


def add_rows(association, count, state):
    """``count`` more of everything: requests claimed by as many staff members, mentors (each an account),
    mentorships with goals and sessions."""
    YouthRequestFactory.create_batch(count, in_review=True, association=association)
    YouthRequestFactory.create_batch(count, routed=True, association=association)
    MentorProfileFactory.create_batch(count, association=association)
    for _ in range(count):
        mentorship = MentorshipFactory(association=association, under_way=True)
        Goal.objects.create(mentorship=mentorship, text="Trouver un stage")
        SessionLogFactory(mentorship=mentorship)
        state.setdefault("mentorship", mentorship)
        state.setdefault("request", mentorship.request)
        state.setdefault("mentor", mentorship.mentor)


ENDPOINTS = {
    # the key (with its association and creator), the page (claimed by, the account), the access log (one insert)
    "requests": (lambda s: reverse("api:request-list"), 3),
    "requests: a state": (lambda s: reverse("api:request-list") + "?state=in_review", 3),
    "requests: search": (lambda s: reverse("api:request-list") + "?q=a", 3),
    "mentors": (lambda s: reverse("api:mentor-list"), 3),
    "mentorships": (lambda s: reverse("api:mentorship-list"), 3),  # the key, the page, its goals
    "sessions": (lambda s: reverse("api:mentorship-sessions", kwargs={"pk": s["mentorship"].pk}), 3),
    "request": (lambda s: reverse("api:request-detail", kwargs={"pk": s["request"].pk}), 3),
    "mentor": (lambda s: reverse("api:mentor-detail", kwargs={"pk": s["mentor"].pk}), 3),
    "mentorship": (lambda s: reverse("api:mentorship-detail", kwargs={"pk": s["mentorship"].pk}), 3),
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_the_query_count_does_not_grow_with_the_rows(api, api_association, endpoint):
    path, expected = ENDPOINTS[endpoint]
    state = {}
    counts = []
    for more in (2, 10):
        add_rows(api_association, more, state)
        api.get(path(state))  # the key's last use is written at most once a minute: not in the count
        with CaptureQueriesContext(connection) as queries:
            response = api.get(path(state))
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts == [expected, expected], [query["sql"][:120] for query in queries.captured_queries]
