import pytest
from django.core.management import call_command

from accounts.models import User
from matching.enums import RequestState
from matching.management.commands import seed_demo
from matching.models import MentorProfile, RequestTransition, YouthRequest

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_a_living_platform_and_is_idempotent():
    call_command("seed_demo", stdout=None)
    counts = (User.objects.count(), YouthRequest.objects.count(), MentorProfile.objects.count())
    call_command("seed_demo")

    assert (User.objects.count(), YouthRequest.objects.count(), MentorProfile.objects.count()) == counts
    assert YouthRequest.objects.count() == seed_demo.YOUTH_REQUESTS
    assert MentorProfile.objects.count() == seed_demo.MENTOR_APPLICATIONS + 1
    assert set(YouthRequest.objects.values_list("state", flat=True)) == set(RequestState.values)
    assert RequestTransition.objects.filter(request__state=RequestState.WITHDRAWN, to_state="withdrawn").exists()


def test_demo_accounts_can_log_in(client):
    call_command("seed_demo")
    for email, *_ in seed_demo.DEMO_USERS:
        assert client.login(email=email, password=seed_demo.DEMO_PASSWORD), email
