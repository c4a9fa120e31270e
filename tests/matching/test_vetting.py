"""The mentor vetting pipeline: each step in order, the background check's six months, the mentor told."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from matching.enums import MENTOR_TRANSITIONS, MentorState
from matching.services.transitions import TransitionNotAllowed, mentor_move
from matching.services.vetting import (
    mentor_activate,
    mentor_check_declare,
    mentor_contact,
    mentor_interview,
    mentor_pause,
    mentor_reject,
    mentor_train,
)
from mentoring.errors import DomainError
from tests.accounts.factories import UserFactory
from tests.associations.factories import AssociationFactory
from tests.matching.factories import MentorProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory()


@pytest.fixture
def mentor():
    return MentorProfileFactory(association=AssociationFactory(), user__email="claire@example.org")


def test_full_pipeline_to_active(mentor, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mentor_contact(mentor=mentor, by=staff)
        mentor_interview(mentor=mentor, by=staff)
        mentor_check_declare(mentor=mentor, by=staff, ok=True, checked_on=timezone.localdate())
        mentor_train(mentor=mentor, by=staff, trained_on=timezone.localdate(), trainer="Équipe formation")
        mentor_activate(mentor=mentor, by=staff)

    mentor.refresh_from_db()
    assert mentor.state == MentorState.ACTIVE
    assert mentor.background_check_by == staff
    assert mentor.trainer == "Équipe formation"
    assert [t.to_state for t in mentor.transitions.all()] == [
        "contacted",
        "interviewed",
        "checked",
        "trained",
        "active",
    ]
    assert len(mail.outbox) == 5  # the mentor hears of each step
    assert all(m.to == ["claire@example.org"] for m in mail.outbox)


@pytest.mark.parametrize(("from_state", "to_state"), [(a, b) for a in MentorState for b in MentorState])
def test_mentor_transition_table_is_enforced(from_state, to_state, staff):
    mentor = MentorProfileFactory(state=from_state)
    if to_state in MENTOR_TRANSITIONS[from_state]:
        mentor_move(mentor, to=to_state, actor="staff", by=staff)
        mentor.refresh_from_db()
        assert mentor.state == to_state
    else:
        with pytest.raises(TransitionNotAllowed):
            mentor_move(mentor, to=to_state, actor="staff", by=staff)


def test_steps_cannot_be_skipped(mentor, staff):
    with pytest.raises(TransitionNotAllowed):
        mentor_train(mentor=mentor, by=staff, trained_on=timezone.localdate(), trainer="x")


def test_a_negative_background_check_ends_the_application(mentor, staff):
    mentor_contact(mentor=mentor, by=staff)
    mentor_interview(mentor=mentor, by=staff)

    mentor_check_declare(mentor=mentor, by=staff, ok=False, checked_on=timezone.localdate())

    mentor.refresh_from_db()
    assert (mentor.state, mentor.reject_reason) == (MentorState.REJECTED, "no_check")


def test_background_check_is_valid_six_months():
    checked_on = timezone.localdate() - timedelta(days=100)
    mentor = MentorProfileFactory(trained=True, background_check_on=checked_on)

    assert mentor.background_check_valid_until() == checked_on + timedelta(days=183)
    assert mentor.has_valid_background_check()
    assert not mentor.has_valid_background_check(on=checked_on + timedelta(days=184))


def test_activation_needs_a_valid_check(staff):
    mentor = MentorProfileFactory(trained=True, background_check_on=timezone.localdate() - timedelta(days=200))

    with pytest.raises(DomainError):
        mentor_activate(mentor=mentor, by=staff)


def test_renewing_the_check_keeps_an_active_mentor_active(staff):
    mentor = MentorProfileFactory(active=True)

    mentor_check_declare(mentor=mentor, by=staff, ok=True, checked_on=timezone.localdate())

    mentor.refresh_from_db()
    assert mentor.state == MentorState.ACTIVE


def test_pause_and_resume(staff):
    mentor = MentorProfileFactory(active=True)
    mentor_pause(mentor=mentor, by=staff, note="Déménagement")
    mentor.refresh_from_db()
    assert mentor.state == MentorState.PAUSED
    mentor_activate(mentor=mentor, by=staff)
    mentor.refresh_from_db()
    assert mentor.state == MentorState.ACTIVE


def test_reject_with_a_reason(mentor, staff):
    mentor_reject(mentor=mentor, by=staff, reason="not_available", note="Trop peu de temps")
    mentor.refresh_from_db()
    assert (mentor.state, mentor.reject_reason) == (MentorState.REJECTED, "not_available")
    assert mentor.transitions.last().note == "Trop peu de temps"


def test_a_check_seen_more_than_six_months_ago_is_refused():
    mentor, staff = MentorProfileFactory(state=MentorState.INTERVIEWED), UserFactory()

    with pytest.raises(DomainError, match="check_expired"):
        mentor_check_declare(mentor=mentor, by=staff, ok=True, checked_on=timezone.localdate() - timedelta(days=184))

    mentor.refresh_from_db()
    assert mentor.state == MentorState.INTERVIEWED
    # a "no" is recorded whatever its date
    mentor_check_declare(mentor=mentor, by=staff, ok=False, checked_on=timezone.localdate() - timedelta(days=400))
    mentor.refresh_from_db()
    assert (mentor.state, mentor.background_check_ok) == (MentorState.REJECTED, False)
