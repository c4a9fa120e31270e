"""Staff sessions end after 30 minutes without a request; a password change ends the account's other sessions."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import PASSWORD, UserFactory
from tests.accounts.test_mfa import sign_in
from tests.associations.factories import StaffMembershipFactory

pytestmark = pytest.mark.django_db


def queue_of(membership):
    return reverse("matching:request_queue", kwargs={"association": membership.association.slug})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_a_staff_session_ends_after_30_minutes_without_a_request(client):
    membership = StaffMembershipFactory()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in(client, membership.user)
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        response = client.get(queue_of(membership))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_each_request_keeps_a_staff_session_alive(client):
    membership = StaffMembershipFactory()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in(client, membership.user)
    for minutes in (20, 40, 60):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get(queue_of(membership)).status_code == 200


def test_the_staff_session_cookie_expires_with_the_idle_timeout(client):
    membership = StaffMembershipFactory()

    sign_in(client, membership.user)

    assert client.session.get_expiry_age() == 30 * 60


def test_platform_administrators_get_the_idle_timeout_too(client):
    sign_in(client, UserFactory(platform_admin=True))

    assert client.session.get_expiry_age() == 30 * 60


def test_a_mentor_s_session_keeps_django_s_default_length(client, settings):
    user = UserFactory()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in(client, user)
    with time_machine.travel(start + timedelta(hours=5), tick=False):
        response = client.get(reverse("matching:dashboard"))

    assert response.status_code == 200
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_changing_one_s_password_ends_the_other_sessions_and_keeps_this_one(client):
    user = UserFactory()
    elsewhere = Client()
    sign_in(elsewhere, user)
    sign_in(client, user)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "another-horse-battery-7", "password2": "another-horse-battery-7"},
    )

    assert response.status_code == 302
    assert signed_in(client)
    assert elsewhere.get(reverse("matching:dashboard")).status_code == 302
    assert not signed_in(elsewhere)


def test_a_password_reset_ends_every_session(client):
    user = UserFactory()
    sign_in(client, user)

    user.set_password("another-horse-battery-7")  # what allauth's reset (by a link) saves
    user.save()

    assert client.get(reverse("matching:dashboard")).status_code == 302
