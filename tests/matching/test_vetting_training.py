"""Training sessions: staff schedule, change and cancel them; checked mentors are invited and register; staff mark
attendance, which records the training and moves the mentor on; a mentor never trained is never activated."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.models import OutboundEmail
from matching.enums import MentorState, TrainingRegistrationState
from matching.forms.vetting import TrainingForm
from matching.models import TrainingRegistration
from matching.services.follow_up import mentor_erase
from matching.services.vetting import (
    mentor_activate,
    mentor_check_declare,
    mentor_reject,
    training_attendance_mark,
    training_invitations_send,
    training_register,
    training_session_cancel,
    training_session_schedule,
    training_session_update,
    training_unregister,
)
from mentoring.errors import DomainError
from tests.accounts.factories import UserFactory
from tests.associations.factories import AssociationFactory
from tests.matching.factories import MentorProfileFactory, TrainingRegistrationFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory()


@pytest.fixture
def association():
    return AssociationFactory(slug="paris", name="Élan Paris")


@pytest.fixture
def checked(association):
    return MentorProfileFactory(checked=True, association=association, user__email="claire@example.org")


def in_days(days: int):
    return timezone.now().replace(microsecond=0) + timedelta(days=days)


def schedule(association, staff, **overrides):
    fields = {"starts_at": in_days(7), "trainer": "Inès", "seats": 10, "place": "Maison des associations"}
    return training_session_schedule(association=association, by=staff, **{**fields, **overrides})


# --- scheduling and invitations ----------------------------------------------------------------------------------


def test_scheduling_invites_the_association_s_checked_mentors_once(
    association, staff, checked, django_capture_on_commit_callbacks
):
    MentorProfileFactory(association=association, state=MentorState.INTERVIEWED)  # not at the training step
    MentorProfileFactory(checked=True)  # another association's

    with django_capture_on_commit_callbacks(execute=True):
        session = schedule(association, staff)
    assert training_invitations_send(session_id=session.pk) == 0  # run again: nothing sent twice

    assert [message.to for message in mail.outbox] == [["claire@example.org"]]
    assert "Élan Paris" in mail.outbox[0].body
    assert OutboundEmail.objects.get().event_key == f"mentor:{checked.pk}:training:{session.pk}:invitation"


def test_the_invitation_is_in_the_mentor_s_language(association, staff, django_capture_on_commit_callbacks):
    MentorProfileFactory(checked=True, association=association, user__language="en")

    with django_capture_on_commit_callbacks(execute=True):
        schedule(association, staff)

    assert "Mentor training" in mail.outbox[0].subject


@pytest.mark.parametrize(
    ("overrides", "code"),
    [({"starts_at": in_days(-1)}, "training_in_past"), ({"place": "", "remote_link": ""}, "training_no_place")],
)
def test_a_session_needs_a_future_date_and_a_place_or_a_link(association, staff, overrides, code):
    with pytest.raises(DomainError) as error:
        schedule(association, staff, **overrides)
    assert error.value.code == code


def test_a_cancelled_or_past_session_invites_nobody(association, checked):
    for session in (TrainingSessionFactory(association=association, cancelled=True),
                    TrainingSessionFactory(association=association, past=True)):  # fmt: skip
        assert training_invitations_send(session_id=session.pk) == 0


# --- registration -------------------------------------------------------------------------------------------------


def test_a_checked_mentor_registers_and_takes_a_seat(association, checked):
    session = TrainingSessionFactory(association=association, seats=2)

    registration = training_register(session=session, mentor=checked)

    session.refresh_from_db()
    assert (registration.state, session.seats_taken) == (TrainingRegistrationState.REGISTERED, 1)
    assert registration.transitions.get().to_state == TrainingRegistrationState.REGISTERED


def test_a_full_session_refuses_registrations(association, checked):
    session = TrainingSessionFactory(association=association, seats=1)
    TrainingRegistrationFactory(session=session)

    with pytest.raises(DomainError, match="training_full"):
        training_register(session=session, mentor=checked)


@pytest.mark.parametrize("state", [MentorState.INTERVIEWED, MentorState.TRAINED, MentorState.ACTIVE])
def test_only_a_mentor_at_the_training_step_registers(association, state):
    mentor = MentorProfileFactory(association=association, state=state)

    with pytest.raises(DomainError, match="training_not_expected"):
        training_register(session=TrainingSessionFactory(association=association), mentor=mentor)


def test_a_mentor_cannot_register_to_another_association_s_session(checked):
    with pytest.raises(DomainError, match="training_other_association"):
        training_register(session=TrainingSessionFactory(), mentor=checked)


@pytest.mark.parametrize("trait", ["past", "cancelled"])
def test_a_past_or_cancelled_session_takes_no_registration(association, checked, trait):
    with pytest.raises(DomainError):
        training_register(session=TrainingSessionFactory(association=association, **{trait: True}), mentor=checked)


def test_one_upcoming_session_at_a_time(association, checked):
    training_register(session=TrainingSessionFactory(association=association), mentor=checked)

    with pytest.raises(DomainError, match="training_already_registered"):
        training_register(session=TrainingSessionFactory(association=association), mentor=checked)


def test_unregistering_frees_the_seat_and_the_mentor_may_come_back(association, checked):
    session = TrainingSessionFactory(association=association, seats=1)
    registration = training_register(session=session, mentor=checked)

    training_unregister(registration=registration, by=checked.user)
    session.refresh_from_db()
    assert session.seats_taken == 0

    again = training_register(session=session, mentor=checked)
    session.refresh_from_db()
    assert (again.pk, again.state, session.seats_taken) == (registration.pk, TrainingRegistrationState.REGISTERED, 1)
    assert [t.to_state for t in again.transitions.all()] == ["registered", "cancelled", "registered"]


def test_no_unregistering_once_the_session_has_started(association, checked):
    session = TrainingSessionFactory(association=association, starts_at=in_days(1))
    registration = training_register(session=session, mentor=checked)

    with time_machine.travel(in_days(2)), pytest.raises(DomainError, match="training_started"):
        training_unregister(registration=registration, by=checked.user)


# --- changes and cancellation ----------------------------------------------------------------------------------


def test_a_new_time_is_e_mailed_to_registered_mentors_once_per_change(association, staff, checked):
    session = TrainingSessionFactory(association=association)
    training_register(session=session, mentor=checked)
    fields = {"starts_at": in_days(8), "trainer": "Inès", "seats": 10, "duration_minutes": 120, "place": session.place}

    training_session_update(session=session, by=staff, **fields)
    training_session_update(session=session, by=staff, **fields)  # no change: nobody told
    training_session_update(session=session, by=staff, **{**fields, "trainer": "Paul"})

    keys = list(OutboundEmail.objects.values_list("event_key", flat=True))
    assert keys == [f"mentor:{checked.pk}:training:{session.pk}:v2"]
    session.refresh_from_db()
    assert (session.version, session.trainer) == (2, "Paul")


def test_seats_never_drop_below_those_taken(association, staff):
    session = TrainingSessionFactory(association=association, seats=3)
    TrainingRegistrationFactory.create_batch(2, session=session)

    with pytest.raises(DomainError, match="training_seats_taken"):
        training_session_update(
            session=session, by=staff, starts_at=session.starts_at, trainer="Inès", seats=1, duration_minutes=120,
            place=session.place,
        )  # fmt: skip


def test_cancelling_a_session_frees_its_mentors_and_tells_them(association, staff, checked):
    session = TrainingSessionFactory(association=association)
    training_register(session=session, mentor=checked)

    training_session_cancel(session=session, by=staff)

    session.refresh_from_db()
    assert session.is_cancelled
    assert session.seats_taken == 0
    assert TrainingRegistration.objects.get().state == TrainingRegistrationState.CANCELLED
    assert OutboundEmail.objects.get().event_key == f"mentor:{checked.pk}:training:{session.pk}:cancelled"
    training_register(session=TrainingSessionFactory(association=association), mentor=checked)  # free again


def test_a_mentor_who_turned_reminders_off_is_still_invited_and_told_of_changes(
    association, staff, django_capture_on_commit_callbacks
):
    mentor = MentorProfileFactory(checked=True, association=association, user__accepts_non_essential_emails=False)
    with django_capture_on_commit_callbacks(execute=True):
        session = schedule(association, staff)
    training_register(session=session, mentor=mentor)
    fields = {"trainer": "Inès", "seats": 10, "duration_minutes": 120, "place": session.place}

    training_session_update(session=session, by=staff, starts_at=in_days(8), **fields)
    training_session_cancel(session=session, by=staff)

    assert sorted(OutboundEmail.objects.filter(to=mentor.user.email).values_list("event_key", flat=True)) == [
        f"mentor:{mentor.pk}:training:{session.pk}:{event}" for event in ("cancelled", "invitation", "v2")
    ]


def test_a_cancelled_session_is_not_cancelled_twice(association, staff):
    session = TrainingSessionFactory(association=association, cancelled=True)
    with pytest.raises(DomainError, match="training_cancelled"):
        training_session_cancel(session=session, by=staff)


# --- attendance --------------------------------------------------------------------------------------------------


def test_attendance_records_the_training_and_moves_the_mentor_on(
    association, staff, django_capture_on_commit_callbacks
):
    session = TrainingSessionFactory(association=association, past=True, trainer="Inès Formatrice")
    registration = TrainingRegistrationFactory(session=session)

    with django_capture_on_commit_callbacks(execute=True):
        training_attendance_mark(registration=registration, by=staff, attended=True)

    mentor = registration.mentor
    mentor.refresh_from_db()
    assert mentor.state == MentorState.TRAINED
    assert (mentor.trained_on, mentor.trainer) == (timezone.localdate(session.starts_at), "Inès Formatrice")
    transition = mentor.transitions.get()
    assert (transition.from_state, transition.to_state, transition.by) == ("checked", "trained", staff)
    assert len(mail.outbox) == 1  # the mentor hears of the step, as for every step


def test_an_absent_mentor_stays_at_the_training_step_and_may_register_again(association, staff):
    registration = TrainingRegistrationFactory(session=TrainingSessionFactory(association=association, past=True))

    training_attendance_mark(registration=registration, by=staff, attended=False)

    mentor = registration.mentor
    mentor.refresh_from_db()
    assert (mentor.state, mentor.trained_on) == (MentorState.CHECKED, None)
    training_register(session=TrainingSessionFactory(association=association), mentor=mentor)


def test_an_absence_marked_by_mistake_is_corrected(association, staff):
    registration = TrainingRegistrationFactory(session=TrainingSessionFactory(association=association, past=True))
    training_attendance_mark(registration=registration, by=staff, attended=False)

    training_attendance_mark(registration=registration, by=staff, attended=True)

    registration.mentor.refresh_from_db()
    assert registration.mentor.state == MentorState.TRAINED


def test_attendance_waits_for_the_session(association, staff):
    registration = TrainingRegistrationFactory(session=TrainingSessionFactory(association=association))

    with pytest.raises(DomainError, match="training_not_started"):
        training_attendance_mark(registration=registration, by=staff, attended=True)


def test_attendance_of_a_mentor_rejected_meanwhile_changes_nothing(association, staff):
    registration = TrainingRegistrationFactory(session=TrainingSessionFactory(association=association, past=True))
    registration.mentor.state = MentorState.REJECTED
    registration.mentor.save()

    with pytest.raises(DomainError):
        training_attendance_mark(registration=registration, by=staff, attended=True)

    registration.refresh_from_db()
    assert registration.state == TrainingRegistrationState.REGISTERED


# --- never trained, never active ---------------------------------------------------------------------------------


@pytest.mark.parametrize("state", [MentorState.TRAINED, MentorState.PAUSED])
def test_a_mentor_never_trained_cannot_be_activated(staff, state):
    mentor = MentorProfileFactory(trained=True, state=state, trained_on=None, trainer="")

    with pytest.raises(DomainError, match="not_trained"):
        mentor_activate(mentor=mentor, by=staff)
    mentor.refresh_from_db()
    assert mentor.state == state


def test_the_manual_training_step_records_a_date_and_a_trainer():
    form = TrainingForm({"train-trained_on": "", "train-trainer": ""}, prefix="train")

    assert not form.is_valid()
    assert set(form.errors) == {"trained_on", "trainer"}


def test_a_mentor_trained_at_one_session_frees_their_seat_at_the_next(association, staff):
    registration = TrainingRegistrationFactory(session=TrainingSessionFactory(association=association, past=True))
    upcoming = TrainingSessionFactory(association=association)
    later = training_register(session=upcoming, mentor=registration.mentor)

    training_attendance_mark(registration=registration, by=staff, attended=True)

    later.refresh_from_db()
    upcoming.refresh_from_db()
    assert (later.state, upcoming.seats_taken) == (TrainingRegistrationState.CANCELLED, 0)


@pytest.mark.parametrize("ends", ["rejected", "check failed", "account deleted"])
def test_a_mentor_who_leaves_the_pipeline_gives_back_their_seats(ends):
    registration = TrainingRegistrationFactory()
    past = TrainingRegistrationFactory(mentor=registration.mentor, session__past=True)
    mentor, staff = registration.mentor, UserFactory()

    if ends == "rejected":
        mentor_reject(mentor=mentor, by=staff, reason="other")
    elif ends == "check failed":
        mentor_check_declare(mentor=mentor, by=staff, ok=False, checked_on=timezone.localdate())
    else:
        mentor_erase(user=mentor.user)

    registration.session.refresh_from_db()
    assert registration.session.seats_taken == 0
    past.session.refresh_from_db()
    if ends != "account deleted":
        assert past.session.seats_taken == 1  # a session held already keeps its count
        registration.refresh_from_db()
        assert registration.state == TrainingRegistrationState.CANCELLED
        assert registration.transitions.get(to_state=TrainingRegistrationState.CANCELLED).note
