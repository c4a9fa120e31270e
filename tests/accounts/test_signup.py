"""Sign-up with mandatory e-mail verification, then login, through allauth and the e-mail outbox."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.enums import EmailStatus
from accounts.models import OutboundEmail, User
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/comptes/confirm-email/[^\s]+/)")


def sign_up(client, email="lea@example.org", password=PASSWORD, language="fr"):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": password, "password2": password},
        headers={"accept-language": language},
    )


def test_signup_sends_a_verification_email_through_the_outbox(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    email = OutboundEmail.objects.get()
    assert email.status == EmailStatus.SENT
    assert email.to == "lea@example.org"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lea@example.org"]
    assert CONFIRM_LINK.search(message.body)
    assert message.alternatives[0][1] == "text/html"


def test_verification_email_is_in_the_language_of_the_signup(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, email="sam@example.org", language="en")

    assert User.objects.get(email="sam@example.org").language == "en"
    assert "Please Confirm Your Email Address" in mail.outbox[0].subject
    assert 'lang="en"' in mail.outbox[0].alternatives[0][0]


def test_french_signup_gets_a_french_email(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, email="ines@example.org", language="fr")

    assert "Confirmez votre adresse e-mail" in mail.outbox[0].subject
    assert 'lang="fr"' in mail.outbox[0].alternatives[0][0]


def test_login_is_refused_until_the_email_is_verified(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client)
    client.logout()

    response = client.post(reverse("account_login"), {"login": "lea@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_confirming_the_link_then_logging_in_reaches_the_dashboard(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client)
    client.logout()
    confirm_path = CONFIRM_LINK.search(mail.outbox[0].body).group(1)

    assert client.get(confirm_path).status_code == 200
    client.post(confirm_path)
    assert EmailAddress.objects.get(email="lea@example.org").verified
    response = client.post(reverse("account_login"), {"login": "lea@example.org", "password": PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("matching:dashboard")
    assert "lea@example.org" in response.content.decode()


def test_signup_rejects_a_weak_password_and_keeps_the_email(client):
    response = sign_up(client, password="12345678")

    assert response.status_code == 200
    assert not User.objects.exists()
    content = response.content.decode()
    assert 'value="lea@example.org"' in content
    assert 'aria-invalid="true"' in content


def test_signup_does_not_reveal_an_existing_account(client, django_capture_on_commit_callbacks):
    UserFactory(email="lea@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert User.objects.filter(email="lea@example.org").count() == 1


def test_dashboard_requires_login(client):
    response = client.get(reverse("matching:dashboard"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_language_switch_is_remembered_on_the_account(client):
    user = UserFactory(language="fr")
    client.force_login(user)

    response = client.post(reverse("accounts:language_switch"), {"language": "en", "next": "/"})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "en"
    assert client.get("/").content.decode().count('lang="en"') >= 1
