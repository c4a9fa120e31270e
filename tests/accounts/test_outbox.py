"""The e-mail outbox: one e-mail per event, idempotent sending, a sweeper that resends and purges."""

import smtplib
import threading
import time
from datetime import timedelta

import kombu
import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.message import sanitize_address
from django.db import connection, transaction
from django.utils import timezone

from accounts import services
from accounts.enums import EmailStatus
from accounts.models import OutboundEmail
from accounts.tasks import email_send_task

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


def lost(**overrides) -> OutboundEmail:
    """An e-mail stored an hour ago whose task was lost: only the sweeper sends it."""
    fields = {"to": "tom@example.org", "subject": "Bonjour", "body_text": "Texte", "language": "fr"}
    return OutboundEmail.objects.create(**fields | overrides, created_at=timezone.now() - timedelta(hours=1))


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


def test_an_email_the_server_refuses_stays_pending_then_fails_after_max_attempts(settings):
    settings.EMAIL_BACKEND = "tests.accounts.broken_backend.RefusingBackend"
    email = queue()

    for _ in range(services.EMAIL_MAX_ATTEMPTS):
        assert services.email_send(email_id=email.pk) is False

    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert email.attempts == services.EMAIL_MAX_ATTEMPTS
    assert "No such user" in email.last_error


def test_an_email_waits_as_long_as_the_server_is_unreachable(settings):
    settings.EMAIL_BACKEND = "tests.accounts.broken_backend.BrokenBackend"
    email = queue()

    for _ in range(3 * services.EMAIL_MAX_ATTEMPTS):
        assert services.email_send(email_id=email.pk) is False

    email.refresh_from_db()
    assert email.status == EmailStatus.PENDING
    assert "SMTP down" in email.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.email_send(email_id=email.pk) is True
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("error", "unreachable"),
    [
        (ConnectionRefusedError("down"), True),
        (TimeoutError("slow"), True),
        (smtplib.SMTPServerDisconnected("hung up"), True),
        (smtplib.SMTPDataError(451, b"try again later"), True),
        (smtplib.SMTPDataError(554, b"rejected"), False),
        (smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"no such user")}), False),
        (ValueError("a bug"), False),
    ],
)
def test_which_failures_wait_for_the_server(error, unreachable):
    assert services.email_server_unreachable(error) is unreachable


def test_a_broker_that_is_down_does_not_stop_the_sweep_s_purge(monkeypatch):
    stuck = queue()
    OutboundEmail.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - timedelta(hours=1))
    old = queue(to="old@example.org")
    OutboundEmail.objects.filter(pk=old.pk).update(
        status=EmailStatus.SENT, created_at=timezone.now() - timedelta(days=31)
    )

    def broker_down(*args):
        raise kombu.exceptions.OperationalError("connection refused")

    monkeypatch.setattr(email_send_task, "delay", broker_down)

    assert services.email_outbox_sweep() == {"resent": 0, "purged": 1}
    assert not OutboundEmail.objects.filter(pk=old.pk).exists()
    stuck.refresh_from_db()
    assert stuck.status == EmailStatus.PENDING  # for the next sweep


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


def test_a_failed_sending_stays_pending_and_the_next_sweep_sends_it_once(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.accounts.broken_backend.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        email = queue()  # its task runs, and the SMTP server refuses

    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (
        EmailStatus.PENDING,
        1,
        "ConnectionRefusedError: SMTP down",
    )
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    later = timezone.now() + services.STUCK_EMAIL_AFTER + timedelta(minutes=1)
    assert services.email_outbox_sweep(now=later) == {"resent": 1, "purged": 0}
    assert services.email_outbox_sweep(now=later) == {"resent": 0, "purged": 0}
    assert services.email_send(email_id=email.pk) is False

    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 2)
    assert len(mail.outbox) == 1


def claimed(email: OutboundEmail, *, ago: timedelta, attempts: int = 1) -> OutboundEmail:
    """The e-mail as a worker leaves it once it has claimed it for sending, ``ago``."""
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.SENDING,
        attempts=attempts,
        claimed_at=timezone.now() - ago,
        created_at=timezone.now() - ago - timedelta(minutes=1),
    )
    email.refresh_from_db()
    return email


def test_an_email_a_worker_is_sending_is_left_to_it():
    email = claimed(queue(), ago=timedelta(seconds=30))

    assert services.email_send(email_id=email.pk) is False  # a second task for it (the sweeper's, a redelivery)
    assert services.email_outbox_sweep() == {"resent": 0, "purged": 0}

    email.refresh_from_db()
    assert email.status == EmailStatus.SENDING
    assert mail.outbox == []


def test_a_claim_left_by_a_dead_worker_is_sent_again_once():
    email = claimed(queue(), ago=services.EMAIL_CLAIM_EXPIRES + timedelta(minutes=1))

    assert services.email_outbox_sweep(wet_run=False) == {"resent": 1, "purged": 0}
    assert mail.outbox == []
    assert services.email_outbox_sweep() == {"resent": 1, "purged": 0}
    assert services.email_outbox_sweep() == {"resent": 0, "purged": 0}

    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 2)
    assert email.last_error.startswith("claim expired")
    assert len(mail.outbox) == 1


def test_a_claim_left_by_a_dead_worker_on_the_last_attempt_fails_for_a_human_to_see():
    email = claimed(
        queue(), ago=services.EMAIL_CLAIM_EXPIRES + timedelta(minutes=1), attempts=services.EMAIL_MAX_ATTEMPTS
    )

    assert services.email_outbox_sweep() == {"resent": 0, "purged": 0}

    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert mail.outbox == []


def test_a_claim_expires_only_after_the_task_has_been_stopped():
    assert email_send_task.soft_time_limit < email_send_task.time_limit
    assert services.EMAIL_CLAIM_EXPIRES.total_seconds() > email_send_task.time_limit


@pytest.mark.django_db(transaction=True)
def test_no_smtp_call_happens_inside_a_transaction(settings):
    settings.EMAIL_BACKEND = "tests.accounts.broken_backend.OutsideTransactionBackend"
    with transaction.atomic():
        sent_on_commit = queue()
    resent_by_sweep = lost()

    assert services.email_outbox_sweep() == {"resent": 1, "purged": 0}

    assert OutboundEmail.objects.filter(status=EmailStatus.SENT).count() == 2, [
        e.last_error for e in OutboundEmail.objects.all()
    ]
    assert sorted(m.to[0] for m in mail.outbox) == [sent_on_commit.to, resent_by_sweep.to]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("require_postgres")
def test_an_email_being_claimed_by_another_worker_is_skipped_not_waited_for():
    email = lost()
    locked, release = threading.Event(), threading.Event()

    def other_worker_claiming():  # holds the row lock, as a claim in progress does
        try:
            with transaction.atomic():
                OutboundEmail.objects.select_for_update().get(pk=email.pk)
                locked.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    thread = threading.Thread(target=other_worker_claiming)
    thread.start()
    try:
        assert locked.wait(timeout=10)
        start = time.monotonic()
        assert services.email_send(email_id=email.pk) is False
        assert services.email_outbox_sweep() == {"resent": 0, "purged": 0}
        assert time.monotonic() - start < 2  # skipped at once, not after the other transaction
    finally:
        release.set()
        thread.join()

    assert mail.outbox == []
    assert services.email_send(email_id=email.pk) is True
    assert len(mail.outbox) == 1


def test_templates_render_in_the_requested_language():
    subject, text, html = services.email_render(
        template_prefix="account/email/password_reset_key",
        context={"password_reset_url": "https://x/reset/", "user": None, "site_name": "x", "site_domain": "x"},
        language="en",
    )

    assert "Password Reset" in subject
    assert "https://x/reset/" in text
    assert 'lang="en"' in html


def test_an_email_erased_while_it_is_being_sent_ends_the_sending_quietly(monkeypatch):
    """The youth erased their request while the SMTP server was taking the e-mail: nothing fails after sending."""
    email = queue()

    def send_and_erase_meanwhile(message, *args, **kwargs):
        OutboundEmail.objects.filter(pk=email.pk).delete()
        return 1

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", send_and_erase_meanwhile)

    assert services.email_send(email_id=email.pk) is True
    assert not OutboundEmail.objects.exists()


def test_the_default_sender_is_one_address_the_smtp_backend_accepts():
    assert sanitize_address(settings.DEFAULT_FROM_EMAIL, "utf-8") == (
        '"1 jeune, 1 mentor" <ne-pas-repondre@1jeune1mentor.example>'
    )
