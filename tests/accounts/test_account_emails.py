"""allauth's e-mails (address confirmation, password reset, security notices) are notifications: essential, through
the outbox with an idempotency key, in the recipient's language."""

import datetime as dt
from pathlib import Path

import allauth
import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts import notifications
from accounts.enums import EmailStatus
from accounts.models import OutboundEmail
from accounts.notifications import ACCOUNT_EMAILS, account_email_event_key
from tests.accounts.factories import UserFactory
from tests.matching.form_data import mentor_form_data

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 3, 9, 0, 10, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = False


def reset_password(client, email):
    return client.post(reverse("account_reset_password"), {"email": email})


def test_a_password_reset_is_an_essential_notification_with_its_key(client, django_capture_on_commit_callbacks):
    UserFactory(email="lea@example.org", accepts_non_essential_emails=False)  # reminders off: this one still goes

    with django_capture_on_commit_callbacks(execute=True):
        response = reset_password(client, "lea@example.org")

    assert response.status_code == 302
    email = OutboundEmail.objects.get()
    assert (email.template_prefix, email.status) == ("account/email/password_reset_key", EmailStatus.SENT)
    assert email.event_key.startswith("account:password_reset_key:")
    assert "lea" not in email.event_key.lower()
    assert mail.outbox[0].to == ["lea@example.org"]
    assert "/comptes/password/reset/key/" in mail.outbox[0].body


def test_the_same_form_sent_twice_sends_one_e_mail_and_a_later_one_another(client):
    UserFactory(email="lea@example.org")

    with time_machine.travel(NOW, tick=False):
        reset_password(client, "lea@example.org")
        reset_password(client, "lea@example.org")
    assert OutboundEmail.objects.count() == 1

    with time_machine.travel(NOW + dt.timedelta(minutes=10), tick=False):
        reset_password(client, "lea@example.org")
    assert OutboundEmail.objects.count() == 2


def test_a_confirmation_asked_again_later_is_sent_again(client):
    user = UserFactory(email="sam@example.org", language="en")
    client.force_login(user)

    with time_machine.travel(NOW, tick=False):
        client.post(reverse("account_email"), {"email": "sam@example.org", "action_send": ""})
    with time_machine.travel(NOW + dt.timedelta(minutes=10), tick=False):
        client.post(reverse("account_email"), {"email": "sam@example.org", "action_send": ""})

    emails = list(OutboundEmail.objects.order_by("pk"))
    assert [email.template_prefix for email in emails] == ["account/email/email_confirmation"] * 2
    assert len({email.event_key for email in emails}) == 2
    assert {email.language for email in emails} == {"en"}
    assert "Please Confirm Your Email Address" in emails[0].subject


def test_an_unknown_address_gets_the_unknown_account_e_mail_in_the_visitor_s_language(client):
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"}, headers={"accept-language": "en"})

    email = OutboundEmail.objects.get()
    assert (email.template_prefix, email.language, email.to) == (
        "account/email/unknown_account",
        "en",
        "nobody@example.org",
    )
    assert email.event_key.startswith("account:unknown_account:")


def test_the_key_changes_with_the_address_the_content_and_the_window():
    key = {
        "template_prefix": "account/email/login_code",
        "to": "a@example.org",
        "subject": "s",
        "body": "b",
        "now": NOW,
    }

    assert account_email_event_key(**key) == account_email_event_key(**key | {"to": "A@example.org"})
    assert account_email_event_key(**key) == account_email_event_key(**key | {"now": NOW + dt.timedelta(seconds=30)})
    for change in ({"to": "b@example.org"}, {"body": "c"}, {"now": NOW + dt.timedelta(minutes=5)}):
        assert account_email_event_key(**key) != account_email_event_key(**key | change)


def test_every_e_mail_allauth_ships_is_an_essential_notification():
    templates = Path(allauth.__file__).parent / "templates"
    shipped = {
        str(path.relative_to(templates)).removesuffix("_subject.txt")
        for folder in ("account/email", "mfa/email")
        for path in (templates / folder).glob("*_subject.txt")
    }

    assert shipped == set(ACCOUNT_EMAILS)
    assert all(notification.essential for notification in ACCOUNT_EMAILS.values())


def test_an_e_mail_allauth_adds_later_still_goes_as_an_essential_one(caplog):
    assert notifications.account_email_notification("account/email/something_new") is notifications.Notification
    assert "unknown_account_email" in caplog.text


def test_allauth_s_e_mails_name_the_platform_and_the_address(client, settings):
    settings.SITE_URL = "https://mentorat.example.org"
    UserFactory(email="lea@example.org", language="fr")

    # Signing up with an address that has an account already: allauth tells its owner, naming the address.
    client.post(reverse("matching:mentor_signup"), mentor_form_data(email="lea@example.org"))
    client.force_login(UserFactory(email="sam@example.org", language="fr"))
    client.post(reverse("account_email"), {"email": "sam@example.org", "action_send": ""})

    for email in OutboundEmail.objects.all():
        assert "1 jeune, 1 mentor" in email.body_text, email.template_prefix
        assert "  !" not in email.body_text  # no blank where a name goes ("c'est  !")
        assert ": \n" not in email.body_text  # nor where the address goes
    assert "lea@example.org" in OutboundEmail.objects.get(to="lea@example.org").body_text
    assert "mentorat.example.org" in OutboundEmail.objects.get(to="sam@example.org").body_text
