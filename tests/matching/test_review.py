"""Staff working a request: claim, contact, accept, redirect, decline; the youth is told, once per event."""

import pytest
from django.core import mail

from accounts.services import email_queue_from_templates
from matching.enums import RequestState
from matching.models import ContactAttempt
from matching.services.requests import request_withdraw
from matching.services.review import (
    request_accept,
    request_claim,
    request_contact_log,
    request_decline,
    request_redirect,
    requests_claim,
    requests_decline,
)
from matching.services.transitions import TransitionNotAllowed
from mentoring.errors import DomainError
from tests.accounts.factories import UserFactory
from tests.associations.factories import AssociationFactory
from tests.matching.factories import YouthRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def association():
    return AssociationFactory(slug="paris", departments=["75"])


@pytest.fixture
def coordinator():
    return UserFactory(email="coord@example.org")


@pytest.fixture
def routed(association):
    return YouthRequestFactory(routed=True, association=association, email="lea@example.org")


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    def run(call):
        with django_capture_on_commit_callbacks(execute=True):
            return call()

    return run


def test_claim_puts_the_request_in_review_for_that_coordinator(routed, coordinator):
    request = request_claim(request=routed, by=coordinator)

    assert (request.state, request.claimed_by) == (RequestState.IN_REVIEW, coordinator)
    assert request.transitions.get().by == coordinator


def test_a_request_cannot_be_claimed_twice(routed, coordinator):
    request_claim(request=routed, by=coordinator)
    with pytest.raises(TransitionNotAllowed):
        request_claim(request=routed, by=UserFactory())


def test_failed_contact_attempts_are_logged_without_changing_state(routed, coordinator):
    request_claim(request=routed, by=coordinator)

    request_contact_log(request=routed, by=coordinator, channel="phone", outcome="no_answer")

    routed.refresh_from_db()
    assert routed.state == RequestState.IN_REVIEW
    assert ContactAttempt.objects.get().outcome == "no_answer"


def test_a_successful_contact_moves_to_contacted(routed, coordinator):
    request_claim(request=routed, by=coordinator)

    request_contact_log(request=routed, by=coordinator, channel="phone", outcome="reached", note="OK")

    routed.refresh_from_db()
    assert routed.state == RequestState.CONTACTED


def test_contact_needs_a_claimed_request(routed, coordinator):
    with pytest.raises(TransitionNotAllowed):
        request_contact_log(request=routed, by=coordinator, channel="phone", outcome="reached")


def test_accept_tells_the_youth_once(routed, coordinator, run_on_commit):
    request_claim(request=routed, by=coordinator)
    run_on_commit(lambda: request_accept(request=routed, by=coordinator))

    routed.refresh_from_db()
    assert routed.state == RequestState.ACCEPTED
    assert [m.to for m in mail.outbox] == [["lea@example.org"]]
    assert "acceptée" in mail.outbox[0].subject


def test_redirect_moves_the_request_to_the_other_queue_and_keeps_history(routed, coordinator, run_on_commit):
    lyon = AssociationFactory(slug="lyon", name="Lyon", remote=True)  # it takes the youth at a distance
    request_claim(request=routed, by=coordinator)

    run_on_commit(lambda: request_redirect(request=routed, to=lyon, by=coordinator, note="Vit à Lyon"))

    routed.refresh_from_db()
    assert (routed.state, routed.association, routed.claimed_by) == (RequestState.ROUTED, lyon, None)
    last = routed.transitions.last()
    assert (last.reason, last.note, last.association) == ("redirected", "Vit à Lyon", lyon)
    assert routed.transitions.count() == 2
    assert "autre association" in mail.outbox[0].subject


def test_redirect_to_the_same_association_is_refused(routed, coordinator, association):
    with pytest.raises(DomainError, match="redirect_target"):
        request_redirect(request=routed, to=association, by=coordinator, note="x")


def test_decline_closes_the_request_and_sends_a_kind_message(routed, coordinator, run_on_commit):
    run_on_commit(lambda: request_decline(request=routed, by=coordinator, reason="not_mentoring"))

    routed.refresh_from_db()
    assert routed.state == RequestState.DECLINED
    assert routed.closed_at is not None
    assert routed.transitions.last().reason == "not_mentoring"
    body = mail.outbox[0].body
    assert "Mission locale" in body
    assert "autre type d'accompagnement" in body


def test_declined_request_frees_the_email_for_a_new_request(routed, coordinator):
    request_decline(request=routed, by=coordinator, reason="duplicate")
    assert YouthRequestFactory(email="lea@example.org").pk


def test_each_event_emails_once_even_if_the_service_runs_twice(routed, run_on_commit):
    for _ in range(2):
        run_on_commit(
            lambda: email_queue_from_templates(
                to=routed.email,
                template_prefix="matching/review/emails/request_accepted",
                context={"request": routed, "association": routed.association, "tracking_url": "x"},
                language="fr",
                event_key=f"youth_request:{routed.pk}:accepted",
            )
        )
    assert len(mail.outbox) == 1


def test_bulk_claim_skips_what_is_no_longer_claimable(association, coordinator):
    free = YouthRequestFactory(state=RequestState.ROUTED, association=association)
    taken = YouthRequestFactory(state=RequestState.IN_REVIEW, association=association)

    assert requests_claim(requests=[free, taken], by=coordinator) == 1
    taken.refresh_from_db()
    assert taken.claimed_by is None


def test_bulk_decline(association, coordinator):
    requests = [YouthRequestFactory(state=RequestState.ROUTED, association=association) for _ in range(3)]

    assert requests_decline(requests=requests, by=coordinator, reason="outside_territory") == 3
    for request in requests:
        request.refresh_from_db()
        assert request.state == RequestState.DECLINED


def test_withdrawal_by_the_youth_releases_the_claim(routed, coordinator):
    request_claim(request=routed, by=coordinator)
    request_withdraw(request=routed, reason="found_help")
    routed.refresh_from_db()
    assert (routed.state, routed.claimed_by) == (RequestState.WITHDRAWN, None)
