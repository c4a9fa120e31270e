"""Routing: which association gets a request or an application, why, and what happens when none can."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.services import SENT_EMAIL_RETENTION
from associations.services import association_update
from matching import routing
from matching.enums import MeetingMode, RequestState, RoutingTrigger
from matching.models import RoutingDecision
from matching.services.routing import FIRST_EMAILS_WITHIN, mentor_route, pending_route, request_route
from tests.associations.factories import AssociationFactory
from tests.matching.factories import MentorProfileFactory, YouthRequestFactory, birth_date_for_age

pytestmark = pytest.mark.django_db


def route(request, trigger=RoutingTrigger.SUBMISSION):
    request_route(request_id=request.pk, trigger=trigger)
    request.refresh_from_db()
    return request


def test_request_goes_to_the_association_covering_its_department():
    AssociationFactory(slug="lyon", departments=["69"])
    paris = AssociationFactory(slug="paris", departments=["75"])

    request = route(YouthRequestFactory(department="75"))

    assert (request.state, request.association) == (RequestState.ROUTED, paris)
    assert request.routed_at is not None
    assert request.transitions.get().to_state == RequestState.ROUTED


def test_with_no_association_at_all_the_decision_is_stored_valid():
    """No association to examine: the request waits, and its decision (no candidate) passes its model's validation
    (found by fuzzing the platform's reroute button)."""
    request = route(YouthRequestFactory(department="75"))

    assert request.state == RequestState.UNROUTED
    decision = RoutingDecision.objects.get()
    assert decision.candidates == []
    decision.full_clean()


@pytest.mark.parametrize(
    ("association_kwargs", "request_kwargs", "failed_check"),
    [
        ({"departments": ["69"]}, {}, "territory"),
        ({"axes": ["employment"]}, {"need": "orientation", "axis": "education"}, "axis"),
        ({"min_age": 18}, {"birth_date": birth_date_for_age(16)}, "age"),
        ({"max_age": 20}, {"birth_date": birth_date_for_age(25)}, "age"),
        ({"takes_minors": False}, {"birth_date": birth_date_for_age(16)}, "minors"),
        ({"intake_capacity": 0}, {}, "capacity"),
        ({"is_active": False}, {}, None),
    ],
)
def test_an_association_that_cannot_take_the_request_leaves_it_unrouted(
    association_kwargs, request_kwargs, failed_check
):
    AssociationFactory(**{"departments": ["75"], **association_kwargs})

    request = route(YouthRequestFactory(department="75", **request_kwargs))

    assert request.state == RequestState.UNROUTED
    decision = request.routing_decisions.get()
    assert decision.association is None
    if failed_check:
        failed = [c["code"] for cand in decision.candidates for c in cand["checks"] if not c["ok"]]
        assert failed == [failed_check]
    else:  # inactive associations are not even candidates
        assert decision.candidates == []


def test_full_association_is_skipped_for_one_with_room():
    full = AssociationFactory(slug="full", departments=["75"], intake_capacity=1)
    YouthRequestFactory(state=RequestState.ROUTED, association=full, department="75")
    other = AssociationFactory(slug="other", departments=["75"], intake_capacity=5)

    request = route(YouthRequestFactory(department="75"))

    assert request.association == other


def test_least_loaded_association_wins():
    busy = AssociationFactory(slug="busy", departments=["75"], intake_capacity=10)
    calm = AssociationFactory(slug="calm", departments=["75"], intake_capacity=10)
    for _ in range(3):
        YouthRequestFactory(state=RequestState.ROUTED, association=busy)
    YouthRequestFactory(state=RequestState.ROUTED, association=calm)

    assert route(YouthRequestFactory(department="75")).association == calm


def test_ties_are_broken_by_slug_so_the_answer_never_varies():
    AssociationFactory(slug="b-assoc", departments=["75"])
    first = AssociationFactory(slug="a-assoc", departments=["75"])

    assert route(YouthRequestFactory(department="75")).association == first


def test_remote_national_association_takes_youths_who_accept_remote():
    remote = AssociationFactory(slug="remote", remote=True)

    accepting = route(YouthRequestFactory(department="35", meeting_modes=[MeetingMode.REMOTE]))
    refusing = route(YouthRequestFactory(department="35", meeting_modes=[MeetingMode.HOME]))

    assert accepting.association == remote
    assert refusing.state == RequestState.UNROUTED


def test_explanation_lists_every_candidate_and_why():
    AssociationFactory(slug="lyon", name="Lyon", departments=["69"])
    AssociationFactory(slug="paris", name="Paris", departments=["75"])

    decision = route(YouthRequestFactory(department="75")).routing_decisions.get()

    by_name = {c["name"]: c for c in decision.candidates}
    assert by_name["Paris"]["eligible"] is True
    assert by_name["Lyon"]["eligible"] is False
    sentences = [routing.check_sentence(check) for check in by_name["Lyon"]["checks"]]
    assert "ne couvre pas le département 75" in sentences
    assert decision.summary.startswith("Paris")


def test_routing_twice_changes_nothing():
    AssociationFactory(departments=["75"])
    request = route(YouthRequestFactory(department="75"))

    route(request)

    assert request.transitions.count() == 1
    assert RoutingDecision.objects.count() == 1


def test_unrouted_request_is_routed_when_an_association_extends_its_territory(django_capture_on_commit_callbacks):
    association = AssociationFactory(departments=["69"])
    request = route(YouthRequestFactory(department="75"))
    assert request.state == RequestState.UNROUTED

    with django_capture_on_commit_callbacks(execute=True):
        association_update(association=association, departments=["69", "75"])

    request.refresh_from_db()
    assert (request.state, request.association) == (RequestState.ROUTED, association)
    assert request.routing_decisions.first().trigger == RoutingTrigger.COVERAGE_CHANGE


def test_unrouted_request_is_routed_when_capacity_is_raised(django_capture_on_commit_callbacks):
    association = AssociationFactory(departments=["75"], intake_capacity=0)
    request = route(YouthRequestFactory(department="75"))

    with django_capture_on_commit_callbacks(execute=True):
        association_update(association=association, intake_capacity=10)

    request.refresh_from_db()
    assert request.state == RequestState.ROUTED


def test_admin_action_records_a_fresh_explanation_even_without_result():
    request = route(YouthRequestFactory(department="75"))
    route(request, trigger=RoutingTrigger.ADMIN)
    assert request.routing_decisions.count() == 2


def test_sweeper_routes_requests_whose_task_was_lost():
    AssociationFactory(departments=["75"])
    stuck = YouthRequestFactory(department="75", submitted_at=timezone.now() - timedelta(minutes=10))
    fresh = YouthRequestFactory(department="75")

    assert pending_route(trigger=RoutingTrigger.SWEEP)["requests"] == 1

    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.state == RequestState.ROUTED
    assert fresh.state == RequestState.SUBMITTED  # its own task is still expected


def test_mentor_application_is_routed_by_department_and_axes():
    AssociationFactory(slug="edu", departments=["69"], axes=["education"])
    employment = AssociationFactory(slug="emp", departments=["69"], axes=["employment"])

    mentor = MentorProfileFactory(department="69", axes=["employment"])
    mentor_route(mentor_id=mentor.pk)

    mentor.refresh_from_db()
    assert mentor.association == employment
    assert mentor.routing_decisions.get().association == employment


def test_mentor_nobody_covers_stays_unrouted_until_an_association_can():
    mentor = MentorProfileFactory(department="2A", axes=["education"])
    mentor_route(mentor_id=mentor.pk)
    mentor.refresh_from_db()
    assert mentor.association is None

    corsica = AssociationFactory(departments=["2A"])
    pending_route(trigger=RoutingTrigger.SWEEP)

    mentor.refresh_from_db()
    assert mentor.association == corsica


def test_sweeper_sends_the_first_emails_of_an_under_15_whose_task_was_lost(django_capture_on_commit_callbacks):
    request = YouthRequestFactory(awaiting_parent=True, created_at=timezone.now() - timedelta(minutes=10))

    with django_capture_on_commit_callbacks(execute=True):
        pending_route(trigger=RoutingTrigger.SWEEP)
        pending_route(trigger=RoutingTrigger.SWEEP)  # a second sweep sends nothing more

    assert sorted(m.to[0] for m in mail.outbox) == sorted([request.email, request.parent_email])


def test_sweeper_sends_the_tracking_link_of_a_request_whose_task_was_lost_and_nobody_covers(
    django_capture_on_commit_callbacks,
):
    ten_minutes_ago = timezone.now() - timedelta(minutes=10)
    stuck = YouthRequestFactory(department="2A", created_at=ten_minutes_ago, submitted_at=ten_minutes_ago)
    unrouted = YouthRequestFactory(state=RequestState.UNROUTED, department="2A", created_at=ten_minutes_ago)

    with django_capture_on_commit_callbacks(execute=True):
        pending_route(trigger=RoutingTrigger.SWEEP)
        pending_route(trigger=RoutingTrigger.SWEEP)  # a second sweep sends nothing more

    stuck.refresh_from_db()
    assert stuck.state == RequestState.UNROUTED
    assert sorted(m.to[0] for m in mail.outbox) == sorted([stuck.email, unrouted.email])
    assert all("/suivi/" in m.body for m in mail.outbox)


def test_the_sweepers_window_is_shorter_than_the_outboxs_memory_of_sent_emails():
    assert FIRST_EMAILS_WITHIN < SENT_EMAIL_RETENTION
