"""Database connections dropped while the public forms are submitted: a clear page (503, in the visitor's language,
rendered without the database) or the submission goes through; never a half-written request or application.

The test's own connection is terminated by the server (pg_terminate_backend, matched by its pid and an
application_name the test sets) before each query of the submission in turn, then the form is sent again.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from accounts.models import User
from matching.enums import RequestState
from matching.models import MentorProfile, YouthRequest
from tests.faults import ConnectionDropper
from tests.matching.form_data import mentor_form_data, youth_form_data

pytestmark = [
    pytest.mark.faults,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("require_postgres"),
]

MAX_QUERIES = 80  # a bound on the loop, well above what one submission runs


def post_dropping_at(client, url, data, *, at: int, **headers):
    """POST with the connection dropped before the ``at``-th query; returns the response and whether it dropped."""
    cache.clear()  # the rate limits count every attempt; they are tested elsewhere
    connection.close()
    dropper = ConnectionDropper(at=at)
    dropper.arm()
    with connection.execute_wrapper(dropper):
        response = client.post(url, data, headers=headers)
    connection.close()  # what the end of a request does with a connection that failed
    return response, dropper.dropped


def assert_clear_page_or_done(response, *, done_status=302):
    assert response.status_code in (done_status, 503), response.status_code
    if response.status_code == 503:
        assert response["Retry-After"]
        assert "Service momentanément indisponible" in response.content.decode()


def assert_request_whole(email: str) -> None:
    stored = list(YouthRequest.objects.filter(email=email))
    assert len(stored) <= 1
    for request in stored:
        request.full_clean()
        assert request.state in (RequestState.SUBMITTED, RequestState.UNROUTED, RequestState.ROUTED)
        assert request.consent_at is not None
        if request.state != RequestState.SUBMITTED:  # routed or not, the decision is kept with it
            assert request.routing_decisions.count() == 1


def test_the_youth_form_answers_a_clear_page_and_writes_nothing_by_half(client):
    url = reverse("matching:youth_request_create")
    positions = 0
    for at in range(1, MAX_QUERIES):
        email = f"drop{at}@example.org"
        response, dropped = post_dropping_at(client, url, youth_form_data(email=email), at=at)
        if not dropped:
            break
        positions += 1
        assert_clear_page_or_done(response)
        assert_request_whole(email)

        again, _ = post_dropping_at(client, url, youth_form_data(email=email), at=0)  # sent again, no fault

        assert again.status_code == 302
        assert YouthRequest.objects.filter(email=email).count() == 1
        assert_request_whole(email)
    assert positions >= 2, "the submission ran fewer queries than expected"


def test_the_clear_page_speaks_the_visitors_language(client):
    response, dropped = post_dropping_at(
        client, reverse("matching:youth_request_create"), youth_form_data(), at=1, accept_language="en"
    )

    assert dropped
    assert response.status_code == 503
    assert "Service temporarily unavailable" in response.content.decode()


def test_the_mentor_sign_up_answers_a_clear_page_and_writes_nothing_by_half(client):
    client.raise_request_exception = False  # the last write (the session) fails after the view: Django's handler
    url = reverse("matching:mentor_signup")
    for at in range(1, MAX_QUERIES):
        email = f"mentor{at}@example.org"
        response, dropped = post_dropping_at(client, url, mentor_form_data(email=email), at=at)
        if not dropped:
            break
        assert_clear_page_or_done(response)
        users = User.objects.filter(email=email)
        assert users.count() == MentorProfile.objects.filter(user__email=email).count() <= 1  # both or neither
        client.logout()
