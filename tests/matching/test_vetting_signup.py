"""A volunteer registers as a mentor: account and application on one page, then e-mail verification."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from matching import scoring
from matching.enums import MentorState
from matching.models import MentorProfile
from tests.accounts.factories import PASSWORD, UserFactory
from tests.matching.form_data import mentor_form_data

pytestmark = pytest.mark.django_db

URL = reverse("matching:mentor_signup")


@pytest.fixture
def register(client, django_capture_on_commit_callbacks):
    def send(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(URL, mentor_form_data(**overrides))

    return send


def test_registration_creates_the_account_and_the_application(register):
    response = register()

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="thomas@example.org")
    assert (user.first_name, user.last_name) == ("Thomas", "Bernard")
    profile = user.mentor_profile
    assert profile.state == MentorState.SUBMITTED
    assert profile.department == "2B"
    assert profile.capacity == 2
    assert profile.accepts_minors is False
    assert profile.sectors == ["digital", "finance"]
    assert profile.consent_version
    assert profile.consent_at
    assert profile.submitted_at is not None
    assert not EmailAddress.objects.get(user=user).verified


def test_after_verification_the_mentor_sees_the_application_status(client, register):
    register()
    client.logout()
    confirm = re.search(r"https?://\S+(/comptes/confirm-email/\S+/)", mail.outbox[0].body).group(1)
    client.post(confirm)

    client.post(reverse("account_login"), {"login": "thomas@example.org", "password": PASSWORD})
    response = client.get(reverse("matching:dashboard"))

    content = response.content.decode()
    assert "Candidature envoyée" in content
    assert "20200" in content


def test_invalid_application_keeps_what_was_typed_and_creates_nothing(register):
    response = register(capacity="4", postal_code="98000", motivation="")

    assert response.status_code == 200
    assert not User.objects.exists()
    assert not MentorProfile.objects.exists()
    form = response.context["form"]
    assert set(form.errors) == {"capacity", "postal_code", "motivation"}
    assert 'value="thomas@example.org"' in response.content.decode()


def test_consent_is_required(register):
    response = register(consent=None)
    assert "consent" in response.context["form"].errors
    assert not User.objects.exists()


def test_accompanying_minors_is_asked_with_no_answer_ticked_beforehand(client, register):
    assert "checked" not in str(client.get(URL).context["form"]["accepts_minors"])

    response = register(accepts_minors=None)

    errors = response.context["form"].errors["accepts_minors"]
    assert errors == ["Dites si vous acceptez d'accompagner un jeune mineur."]
    assert not User.objects.exists()


def test_existing_account_is_not_revealed_and_gets_no_second_profile(register):
    UserFactory(email="thomas@example.org")

    response = register()

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert not MentorProfile.objects.exists()


def test_signed_in_people_are_sent_to_their_space(client):
    client.force_login(UserFactory())
    response = client.get(URL)
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("postal_code", "department"),
    [("48250", "48"), ("97133", "977"), ("20000", "2A")],
)
def test_a_mentor_gives_a_postal_code_only_and_gets_the_department_most_of_its_inhabitants_live_in(
    register, postal_code, department
):
    """48250 spans Lozère and Laveyrune (Ardèche): a mentor travels, so the postal code's main department will do."""
    assert register(postal_code=postal_code).status_code == 302
    assert MentorProfile.objects.get().department == department


def test_the_application_stores_the_masks_the_suggestions_read(register):
    register()

    profile = MentorProfile.objects.get(user__email="thomas@example.org")
    assert profile.sectors_bits == scoring.mask("sectors", ["digital", "finance"])
    assert scoring.profile_bits(profile) == {
        column: getattr(profile, column) for column in scoring.profile_bits(profile)
    }
    assert all(scoring.profile_bits(profile).values())
