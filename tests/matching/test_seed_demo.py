from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from associations.models import Association, StaffMembership
from matching.enums import (
    OPEN_MENTORSHIP_STATES,
    AlertKind,
    AlertState,
    MentorshipState,
    MentorState,
    RequestState,
    TrainingRegistrationState,
)
from matching.management.commands import seed_demo
from matching.models import (
    Alert,
    MentorProfile,
    Mentorship,
    RequestTransition,
    RoutingDecision,
    SessionLog,
    TrainingRegistration,
    TrainingSession,
    YouthRequest,
)
from matching.selectors.reports import checkin_satisfaction, checkin_satisfaction_figures

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, seeded once for the tests that only read it (a seed takes a while): in a transaction rolled back
    after the module, each test in its own savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", i_know_this_is_not_production=True)
        yield
        transaction.set_rollback(True)


def test_seed_demo_creates_a_living_platform_and_is_idempotent(demo):
    counts = (User.objects.count(), YouthRequest.objects.count(), MentorProfile.objects.count(), Alert.objects.count())
    call_command("seed_demo", "--i-know-this-is-not-production")

    assert (
        User.objects.count(),
        YouthRequest.objects.count(),
        MentorProfile.objects.count(),
        Alert.objects.count(),
    ) == counts
    assert Association.objects.count() >= 5
    assert Association.objects.filter(remote_national=True).exists()
    assert YouthRequest.objects.count() >= 200
    assert MentorProfile.objects.count() >= 80
    transient = {RequestState.SUBMITTED}  # a submitted request is routed at once
    assert set(YouthRequest.objects.values_list("state", flat=True)) == set(RequestState.values) - transient
    assert set(MentorProfile.objects.values_list("state", flat=True)) == set(MentorState.values)
    assert not YouthRequest.objects.filter(state=RequestState.ROUTED, association__isnull=True).exists()
    assert RoutingDecision.objects.filter(request__isnull=False).count() >= 200
    states = set(Mentorship.objects.values_list("state", flat=True))
    assert {MentorshipState.ACTIVE, MentorshipState.COMPLETED} <= states
    assert SessionLog.objects.exists()
    for mentor in MentorProfile.objects.filter(open_mentorships__gt=0):
        assert mentor.open_mentorships == mentor.mentorships.filter(state__in=OPEN_MENTORSHIP_STATES).count()
    assert set(Alert.objects.values_list("kind", flat=True)) == set(AlertKind.values)
    assert set(Alert.objects.values_list("state", flat=True)) == set(AlertState.values)


def test_every_association_has_an_admin_and_a_coordinator(demo):
    for association in Association.objects.all():
        roles = set(StaffMembership.objects.filter(association=association).values_list("role", flat=True))
        assert roles == {"admin", "coordinator"}, association


def test_demo_accounts_can_log_in(demo, client):
    for email, *_ in seed_demo.DEMO_USERS:
        assert client.login(email=email, password=seed_demo.DEMO_PASSWORD), email


def test_seed_demo_has_a_past(demo):
    now = timezone.now()

    waiting = YouthRequest.objects.filter(state=RequestState.ROUTED).values_list("routed_at", flat=True)
    assert min(waiting) < now - timedelta(days=20)
    assert max(waiting) > now - timedelta(days=3)
    under_way = Mentorship.objects.filter(state=MentorshipState.ACTIVE)
    assert min(under_way.values_list("started_on", flat=True)) < timezone.localdate() - timedelta(days=90)
    for mentorship in under_way:
        assert all(mentorship.started_on <= session.held_on for session in mentorship.sessions.all())
        assert mentorship.transitions.latest("created_at").created_at.date() <= mentorship.started_on
    assert not RequestTransition.objects.filter(created_at__gt=now).exists()


def test_seed_demo_fills_the_check_in_satisfaction_chart(demo):
    association = Association.objects.get(slug="elan-idf")

    today = timezone.localdate()
    chart = checkin_satisfaction(
        figures=checkin_satisfaction_figures(association=association, today=today), today=today
    )

    youth, mentor = (sum(series.values) for series in chart.series)
    assert youth >= 5
    assert mentor >= 5
    assert all(1 <= average <= 5 for average in chart.extra["averages"].values())


def test_demo_staff_and_administrators_sign_in_with_the_documented_second_factor(demo):

    staff = User.objects.filter(email__startswith="coord-elan-idf@") | User.objects.filter(is_superuser=True)
    for user in staff:
        assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists(), user
    assert not Authenticator.objects.filter(user__email=seed_demo.DEMO_USERS[2][0]).exists()  # the mentor


def test_every_association_has_a_real_team_and_training_sessions(demo):

    for association in Association.objects.all():
        mentors = MentorProfile.objects.filter(association=association)
        assert mentors.filter(state=MentorState.ACTIVE).count() >= 25, association
        sessions = TrainingSession.objects.filter(association=association)
        registrations = TrainingRegistration.objects.filter(session__association=association)
        assert sessions.filter(starts_at__lt=timezone.now()).exists(), association
        assert sessions.filter(starts_at__gt=timezone.now(), cancelled_at__isnull=True).exists(), association
        states = set(registrations.values_list("state", flat=True))
        assert {TrainingRegistrationState.ATTENDED, TrainingRegistrationState.REGISTERED} <= states, association
    for registration in TrainingRegistration.objects.filter(state=TrainingRegistrationState.ATTENDED):
        assert registration.mentor.trained_on == timezone.localdate(registration.session.starts_at)
