"""The youth form's limits: generous per visitor address, strict per e-mail address the platform writes to."""

import pytest
from django.core import mail
from django.urls import reverse

from matching.models import YouthRequest
from tests.matching.factories import birth_date_for_age

pytestmark = pytest.mark.django_db

URL = reverse("matching:youth_request_create")
UNDER_15 = birth_date_for_age(13).isoformat()
PARENT = {"parent_name": "Marie Martin", "parent_email": "marie@example.org"}


def test_a_classroom_sharing_one_address_is_not_blocked(post):
    statuses = [post(email=f"eleve{n}@example.org").status_code for n in range(12)]

    assert statuses == [302] * 12
    assert YouthRequest.objects.count() == 12


def test_one_email_address_gets_three_emails_an_hour_then_a_clear_message(post):
    for _ in range(3):  # the request, then its tracking link sent again twice
        assert post().status_code == 302
    sent = len(mail.outbox)

    response = post(first_name="Léane", description="Encore moi.")

    assert response.status_code == 429
    content = response.content.decode()
    assert "Plusieurs demandes ont déjà été envoyées avec cette adresse e-mail" in content
    assert 'id="id_email_error"' in content
    assert 'value="Léane"' in content  # everything typed is kept
    assert "Encore moi." in content
    assert len(mail.outbox) == sent  # nothing more was sent
    assert YouthRequest.objects.count() == 1


def test_the_address_is_counted_whatever_its_case(post):
    for email in ("lea@example.org", "LEA@example.org", "Lea@Example.org"):
        assert post(email=email).status_code == 302

    assert post(email="lEa@example.ORG").status_code == 429


def test_every_rate_per_email_address_must_hold(post, settings):
    settings.INTAKE_RATES_PER_RECIPIENT = ["10/h", "2/d"]
    assert post().status_code == 302
    assert post().status_code == 302

    assert post().status_code == 429


def test_the_parent_email_is_counted_too(post):
    for n in range(3):  # three children, one parent
        response = post(email=f"enfant{n}@example.org", birth_date=UNDER_15, **PARENT)
        assert response.status_code == 302

    response = post(email="enfant3@example.org", birth_date=UNDER_15, **PARENT)

    assert response.status_code == 429
    content = response.content.decode()
    assert "Plusieurs demandes ont déjà été envoyées avec l&#x27;adresse e-mail de ce parent" in content
    assert 'id="id_parent_email_error"' in content
    assert not YouthRequest.objects.filter(email="enfant3@example.org").exists()


def test_posts_that_send_nothing_are_not_counted_against_the_email_address(post):
    for _ in range(3):
        assert post(postal_code="98000").status_code == 400  # invalid: nothing stored, nothing sent

    assert post().status_code == 302


def test_the_email_limit_message_is_translated(post):
    for _ in range(3):
        post()

    response = post(language="en")

    assert response.status_code == 429
    assert "Several requests have already been sent with this e-mail address" in response.content.decode()


def test_the_address_limit_has_its_own_message(post, settings):
    settings.INTAKE_RATE_PER_ADDRESS = "1/h"
    assert post(email="a@example.org").status_code == 302

    response = post(email="b@example.org")

    assert response.status_code == 429
    content = response.content.decode()
    assert "Trop de demandes envoyées depuis cette connexion" in content
    assert "Plusieurs demandes" not in content
