"""Training pages: staff schedule, follow and mark a session; a mentor registers from Mon espace and downloads the
session for their calendar."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from matching.enums import MentorState, TrainingRegistrationState
from matching.models import TrainingSession
from tests.associations.factories import AssociationFactory, StaffMembershipFactory
from tests.matching.factories import MentorProfileFactory, TrainingRegistrationFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def association():
    return AssociationFactory(slug="paris", name="Élan Paris")


@pytest.fixture
def coordinator(client, association):
    user = StaffMembershipFactory(association=association).user
    client.force_login(user)
    return user


@pytest.fixture
def mentor(client, association):
    mentor = MentorProfileFactory(checked=True, association=association, user__first_name="Claire")
    client.force_login(mentor.user)
    return mentor


def url(name, **kwargs):
    return reverse(f"matching:{name}", kwargs=kwargs)


def test_staff_schedule_a_session(client, association, coordinator):
    starts_at = (timezone.localtime() + timedelta(days=10)).replace(hour=18, minute=30, second=0, microsecond=0)
    data = {"starts_at": starts_at.strftime("%Y-%m-%dT%H:%M"), "duration_minutes": "120", "place": "",
            "remote_link": "https://visio.example.org/f", "trainer": "Inès", "seats": "8"}  # fmt: skip

    response = client.post(url("training_create", association="paris"), data)

    session = TrainingSession.objects.get()
    assert response.url == session.get_absolute_url()
    assert (session.association, session.starts_at, session.seats, session.created_by) == (
        association, starts_at, 8, coordinator
    )  # fmt: skip


def test_a_session_without_place_nor_link_is_sent_back(client, coordinator):
    data = {"starts_at": (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "120", "trainer": "Inès", "seats": "8"}  # fmt: skip

    response = client.post(url("training_create", association="paris"), data)

    assert response.status_code == 400
    assert "Indiquez un lieu" in response.content.decode()
    assert not TrainingSession.objects.exists()


def test_the_list_shows_upcoming_and_past_sessions_with_seats_taken(client, association, coordinator):
    upcoming = TrainingSessionFactory(association=association, seats=5, trainer="Inès Avenir")
    TrainingRegistrationFactory.create_batch(2, session=upcoming)
    TrainingSessionFactory(association=association, past=True, trainer="Paul Passé")
    TrainingSessionFactory(trainer="Autre Association")

    page = client.get(url("training_list", association="paris")).content.decode()

    assert "Inès Avenir" in page
    assert "2 / 5" in page
    assert "Paul Passé" in page
    assert "Autre Association" not in page


@pytest.mark.parametrize("rows", [2, 20])
def test_training_list_query_count_does_not_grow(client, association, coordinator, django_assert_num_queries, rows):
    for n in range(rows):
        session = TrainingSessionFactory(association=association, **({"past": True} if n % 2 else {}))
        TrainingRegistrationFactory(session=session)
    # session, user, memberships, the checked mentors' count, upcoming, past count, past page, nav's alert
    # counts
    with django_assert_num_queries(8):
        assert client.get(url("training_list", association="paris")).status_code == 200


@pytest.mark.parametrize("rows", [2, 20])
def test_training_detail_query_count_does_not_grow(client, association, coordinator, django_assert_num_queries, rows):
    session = TrainingSessionFactory(association=association, past=True, seats=30)
    TrainingRegistrationFactory.create_batch(rows, session=session)
    # session, user, memberships, the session, its registrations with their mentors, nav's alert counts
    with django_assert_num_queries(6):
        response = client.get(url("training_detail", association="paris", pk=session.pk))
    assert response.content.decode().count("Présent :") == rows


def test_staff_mark_attendance_from_the_session_s_page(client, association, coordinator):
    registration = TrainingRegistrationFactory(session=TrainingSessionFactory(association=association, past=True))

    client.post(url("training_attendance", association="paris", pk=registration.pk), {"attended": "yes"})

    registration.refresh_from_db()
    registration.mentor.refresh_from_db()
    assert registration.state == TrainingRegistrationState.ATTENDED
    assert registration.mentor.state == MentorState.TRAINED


def test_staff_cancel_a_session(client, association, coordinator):
    session = TrainingSessionFactory(association=association)

    client.post(url("training_cancel", association="paris", pk=session.pk))

    session.refresh_from_db()
    assert session.is_cancelled


def test_a_checked_mentor_registers_from_mon_espace(client, association, mentor):
    session = TrainingSessionFactory(association=association, trainer="Inès Formatrice")
    dashboard = client.get(url("dashboard")).content.decode()
    assert "Inès Formatrice" in dashboard
    assert url("mentor_training_register", pk=session.pk) in dashboard

    response = client.post(url("mentor_training_register", pk=session.pk), follow=True)

    assert "Vous êtes inscrit à la formation" in response.content.decode()
    assert url("mentor_training_ics", pk=session.pk) in response.content.decode()
    assert mentor.training_registrations.get().state == TrainingRegistrationState.REGISTERED


def test_a_mentor_unregisters_from_mon_espace(client, association, mentor):
    registration = TrainingRegistrationFactory(session=TrainingSessionFactory(association=association), mentor=mentor)

    client.post(url("mentor_training_unregister", pk=registration.session_id))

    registration.refresh_from_db()
    assert registration.state == TrainingRegistrationState.CANCELLED


@pytest.mark.parametrize("sessions", [1, 10])
def test_dashboard_query_count_does_not_grow_with_sessions(
    client, association, mentor, django_assert_num_queries, sessions
):
    TrainingSessionFactory.create_batch(sessions, association=association)
    # session, user, profile, mentorships, sessions, the mentor's registrations, check-ins, the navigation's memberships
    with django_assert_num_queries(8):
        assert client.get(url("dashboard")).status_code == 200


def test_the_calendar_file_is_an_rfc_5545_event(client, association, mentor):
    session = TrainingSessionFactory(association=association, remote=True, trainer="Inès")

    response = client.get(url("mentor_training_ics", pk=session.pk))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="formation-{session.pk}.ics"'
    assert b"\r\n" in response.content
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == session.starts_at
    assert event.decoded("dtend") == session.starts_at + timedelta(minutes=120)
    assert str(event["location"]) == "https://visio.example.org/formation"
    assert str(event["uid"]) == f"training-session-{session.pk}@testserver"
    assert "Élan Paris" in str(event["summary"])


def test_the_mentor_s_page_shows_their_training_sessions(client, association, coordinator):
    registration = TrainingRegistrationFactory(session=TrainingSessionFactory(association=association))

    page = client.get(url("mentor_detail", association="paris", pk=registration.mentor_id)).content.decode()

    assert registration.session.get_absolute_url() in page
