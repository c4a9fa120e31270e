"""The e-mail outbox: one e-mail per event, idempotent sending, a sweeper that resends and purges."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts import services
from accounts.enums import EmailStatus
from accounts.models import OutboundEmail

pytestmark = pytest.mark.django_db


def queue(**overrides):
    fields = {
        "to": "lea@example.org",
        "subject": "Bonjour",
        "body_text": "Texte",
        "language": "fr",
        "template_prefix": "tests/hello",
    } | overrides
    return services.email_queue(**fields)


def test_queued_email_is_sent_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue()

    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.sent_at is not None
    assert len(mail.outbox) == 1


def test_same_event_key_queues_one_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue(event_key="request:1:routed")
        second = queue(event_key="request:1:routed")

    assert first is not None
    assert second is None
    assert OutboundEmail.objects.count() == 1
    assert len(mail.outbox) == 1


def test_sending_twice_sends_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue()

    assert services.email_send(email_id=email.pk) is False
    assert len(mail.outbox) == 1


def test_failed_send_stays_pending_then_fails_after_max_attempts(settings):
    settings.EMAIL_BACKEND = "tests.accounts.broken_backend.BrokenBackend"
    email = queue()

    for _ in range(services.EMAIL_MAX_ATTEMPTS):
        assert services.email_send(email_id=email.pk) is False

    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert email.attempts == services.EMAIL_MAX_ATTEMPTS
    assert "SMTP down" in email.last_error


def test_sweep_resends_stuck_emails_and_purges_old_ones():
    stuck = queue()
    OutboundEmail.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - timedelta(hours=1))
    old = queue(to="old@example.org")
    OutboundEmail.objects.filter(pk=old.pk).update(
        status=EmailStatus.SENT, created_at=timezone.now() - timedelta(days=31)
    )

    assert services.email_outbox_sweep(wet_run=False) == {"resent": 1, "purged": 1}
    assert len(mail.outbox) == 0
    assert services.email_outbox_sweep() == {"resent": 1, "purged": 1}

    stuck.refresh_from_db()
    assert stuck.status == EmailStatus.SENT
    assert not OutboundEmail.objects.filter(pk=old.pk).exists()
    assert services.email_outbox_sweep() == {"resent": 0, "purged": 0}


def test_templates_render_in_the_requested_language():
    subject, text, html = services.email_render(
        template_prefix="account/email/password_reset_key",
        context={"password_reset_url": "https://x/reset/", "user": None, "site_name": "x", "site_domain": "x"},
        language="en",
    )

    assert "Password Reset" in subject
    assert "https://x/reset/" in text
    assert 'lang="en"' in html
