"""Two services acting on the same pair at the same instant, on two connections: every service locks a youth's
request, then their mentorships, then the mentor, so that one waits for the other and neither ends in a deadlock
(PostgreSQL aborts one side of a deadlock: a 500 for someone, their action lost)."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from matching.enums import (
    EndReason,
    GoalsProgress,
    MeetingFrequency,
    ProposalDeclineReason,
    WithdrawReason,
)
from matching.services.follow_up import mentor_erase, mentorship_end_early
from matching.services.follow_up_alerts import concern_report
from matching.services.follow_up_check_ins import check_in_answer
from matching.services.pairing import mentorship_cancel, mentorship_mentor_answer
from matching.services.requests import request_erase, request_withdraw
from matching.services.vetting import mentor_check_declare
from mentoring.errors import DomainError
from tests.accounts.factories import UserFactory
from tests.matching.factories import CheckInFactory, MentorshipFactory, birth_date_for_age

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("require_postgres")]

TRIALS = 5
JOIN_TIMEOUT = 30  # seconds; PostgreSQL reports a deadlock after deadlock_timeout (1 s)


def at_once(*actions) -> list[str]:
    """Run the actions in threads released together; how each ended ("ok", or the error's class)."""
    start = threading.Barrier(len(actions))
    ended = [""] * len(actions)

    def run(index, action):
        start.wait()
        try:
            action()
            ended[index] = "ok"
        except DomainError:
            ended[index] = "refused"  # the other went first: a message for the user, nothing lost
        except Exception as exc:  # noqa: BLE001 - reported below
            ended[index] = f"{type(exc).__name__}: {exc}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair, daemon=True) for pair in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=JOIN_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a service still waits: a lock nobody releases"
    return ended


def assert_one_went_through(ended: list[str]) -> None:
    """Each ended normally (done, or refused because the other went first), and at least one was done."""
    assert set(ended) <= {"ok", "refused"}, ended
    assert "ok" in ended, ended


def withdraw(mentorship):
    return lambda: request_withdraw(request=mentorship.request, reason=WithdrawReason.OTHER)


@pytest.mark.parametrize("trial", range(TRIALS))
def test_staff_ending_a_pair_while_the_youth_withdraws(trial):
    mentorship = MentorshipFactory(under_way=True)
    staff = UserFactory()

    ended = at_once(
        lambda: mentorship_end_early(mentorship=mentorship, by=staff, reason=EndReason.OTHER), withdraw(mentorship)
    )

    assert_one_went_through(ended)


@pytest.mark.parametrize("trial", range(TRIALS))
def test_the_youth_withdrawing_while_the_mentor_erases_their_account(trial):
    mentorship = MentorshipFactory(proposed=True)

    ended = at_once(withdraw(mentorship), lambda: mentor_erase(user=mentorship.mentor.user))

    assert_one_went_through(ended)


@pytest.mark.parametrize("trial", range(TRIALS))
def test_staff_cancelling_a_proposal_while_the_mentor_s_check_is_found_missing(trial):
    mentorship = MentorshipFactory(proposed=True, request__birth_date=birth_date_for_age(15))
    staff = UserFactory()

    ended = at_once(
        lambda: mentorship_cancel(mentorship=mentorship, by=staff),
        lambda: mentor_check_declare(mentor=mentorship.mentor, by=staff, ok=False, checked_on=timezone.localdate()),
    )

    assert_one_went_through(ended)


# Inserting a row that points at others (a concern, an alert) locks them at commit, in PostgreSQL's order, not the
# service's: the services that write such rows lock the request and the pair first.


@pytest.mark.parametrize("trial", range(TRIALS))
def test_the_youth_reporting_a_concern_while_staff_end_the_pair(trial):
    mentorship = MentorshipFactory(under_way=True)
    staff = UserFactory()

    ended = at_once(
        lambda: concern_report(request=mentorship.request, text="Mon mentor ne répond plus."),
        lambda: mentorship_end_early(mentorship=mentorship, by=staff, reason=EndReason.OTHER),
    )

    assert_one_went_through(ended)


@pytest.mark.parametrize("trial", range(TRIALS))
def test_the_youth_answering_a_check_in_while_their_request_is_erased(trial):
    check_in = CheckInFactory()
    answer = {
        "satisfaction": 1, "meeting_frequency": MeetingFrequency.MONTHLY, "goals_progress": GoalsProgress.NOT_STARTED,
        "wants_contact": True,
    }  # fmt: skip

    ended = at_once(
        lambda: check_in_answer(check_in=check_in, **answer),
        lambda: request_erase(request=check_in.mentorship.request),
    )

    assert_one_went_through(ended)


# A mentor's erasure takes their account last: the mentor's own actions name it (at commit) after locking the pair.


@pytest.mark.parametrize("trial", range(TRIALS))
def test_the_mentor_declining_a_proposal_while_erasing_their_account_in_another_tab(trial):
    mentorship = MentorshipFactory(proposed=True)
    mentor = mentorship.mentor.user

    ended = at_once(
        lambda: mentorship_mentor_answer(
            mentorship=mentorship, by=mentor, accept=False, reason=ProposalDeclineReason.NOT_AVAILABLE
        ),
        lambda: mentor_erase(user=mentor),
    )

    assert_one_went_through(ended)


@pytest.mark.parametrize("trial", range(TRIALS))
def test_the_mentor_answering_a_check_in_while_erasing_their_account_in_another_tab(trial):
    check_in = CheckInFactory(mentor=True)
    mentor = check_in.mentorship.mentor.user
    answer = {
        "satisfaction": 1, "meeting_frequency": MeetingFrequency.MONTHLY, "goals_progress": GoalsProgress.NOT_STARTED,
        "wants_contact": True,
    }  # fmt: skip

    ended = at_once(lambda: check_in_answer(check_in=check_in, by=mentor, **answer), lambda: mentor_erase(user=mentor))

    assert_one_went_through(ended)
