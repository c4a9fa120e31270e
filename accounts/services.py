"""Every write of the accounts app: the e-mail outbox, user preferences and second factors."""

import contextlib
import contextvars
import logging
import smtplib
from datetime import timedelta

import kombu.exceptions
import redis
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .enums import EmailStatus
from .models import OutboundEmail, User
from .tasks import email_send_task

logger = logging.getLogger(__name__)

EMAIL_MAX_ATTEMPTS = 5
SENT_EMAIL_RETENTION = timedelta(days=30)
STUCK_EMAIL_AFTER = timedelta(seconds=settings.EMAIL_STUCK_AFTER_S)  # five minutes unless set
# A claim (status SENDING) older than this was left by a worker that died between claiming the e-mail and recording
# the outcome: well past the task's hard time limit (accounts/tasks.py), so no worker can still be sending it.
# See email_outbox_sweep.
EMAIL_CLAIM_EXPIRES = timedelta(seconds=settings.EMAIL_CLAIM_EXPIRES_S)  # ten minutes unless set

# What publishing a task raises when the broker is unreachable, refuses the message or does not answer in time.
BROKER_ERRORS = (kombu.exceptions.KombuError, redis.RedisError, OSError)


def email_render(*, template_prefix: str, context: dict, language: str) -> tuple[str, str, str]:
    """Render ``<prefix>_subject.txt``, ``<prefix>_message.txt`` and ``<prefix>_message.html`` in ``language``."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        text = render_to_string(f"{template_prefix}_message.txt", context).strip()
        try:
            html = render_to_string(f"{template_prefix}_message.html", context)
        except TemplateDoesNotExist:  # no HTML of its own: the text inside the house layout
            html = email_html_wrap(subject=subject, body_text=text, language=language)
    return subject, text, html


def email_html_wrap(*, subject: str, body_text: str, language: str) -> str:
    """The HTML body of an e-mail that has only a text template: the text inside the house e-mail layout."""
    with translation.override(language):
        return render_to_string("emails/wrapped_message.html", {"subject": subject, "body_text": body_text})


_tasks_held = contextvars.ContextVar("tasks_held", default=False)


@contextlib.contextmanager
def tasks_held():
    """Send no task while inside: what services queue for after the commit is dropped. For the demo seeding only
    (manage.py seed_demo), whose e-mails must never go out; never around real traffic."""
    token = _tasks_held.set(True)
    try:
        yield
    finally:
        _tasks_held.reset(token)


def enqueue_on_commit(task, *args) -> None:
    """Send ``task(*args)`` through Celery once the transaction commits; if the broker fails, log it and go on.

    The request that triggered it has succeeded: what the task would have done is picked up by the periodic
    sweepers (the e-mail outbox, the routing of pending requests) instead of failing the person's request. The
    CELERY_BROKER_* settings bound how long a broker that is down or hangs can hold the sending.
    """
    if _tasks_held.get():
        logger.debug("task.held task=%s args=%s", task.name, args)
        return

    def send():
        try:
            task.apply_async(args=args)
        except BROKER_ERRORS as error:
            logger.warning("task.enqueue_failed task=%s args=%s error=%r: left to the sweeper", task.name, args, error)

    transaction.on_commit(send)


@transaction.atomic
def email_queue(
    *,
    to: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    language: str,
    template_prefix: str,
    event_key: str | None = None,
) -> OutboundEmail | None:
    """Store an e-mail in the outbox and send it through a worker once the transaction commits.

    With an ``event_key`` already used, nothing is queued and None is returned: one e-mail per event.
    """
    if event_key and OutboundEmail.objects.filter(event_key=event_key).exists():
        logger.info("email.skipped_duplicate event_key=%s", event_key)
        return None
    try:
        with transaction.atomic():
            email = OutboundEmail.objects.create(
                to=to,
                subject=subject,
                body_text=body_text,
                body_html=body_html,
                language=language,
                template_prefix=template_prefix,
                event_key=event_key,
            )
    except IntegrityError:
        logger.info("email.skipped_duplicate event_key=%s", event_key)
        return None
    logger.info("email.queued id=%s template=%s", email.pk, template_prefix)
    enqueue_on_commit(email_send_task, email.pk)
    return email


def email_queue_from_templates(
    *, to: str, template_prefix: str, context: dict, language: str, event_key: str | None = None
) -> OutboundEmail | None:
    subject, text, html = email_render(template_prefix=template_prefix, context=context, language=language)
    return email_queue(
        to=to,
        subject=subject,
        body_text=text,
        body_html=html,
        language=language,
        template_prefix=template_prefix,
        event_key=event_key,
    )


def email_send(*, email_id: int) -> bool:
    """Send one queued e-mail. Returns True if sent.

    Three steps, so that no transaction (nor row lock) is held while the SMTP server is talked to: claim the e-mail
    (PENDING -> SENDING) in a short transaction, send it outside any transaction, record the outcome. An e-mail
    already sent, claimed by another worker, or gone is left alone: running it twice sends nothing twice (only a
    worker dying mid-send can lead to a second sending, see email_outbox_sweep). A failed sending puts the e-mail
    back to PENDING for the outbox sweeper (FAILED after EMAIL_MAX_ATTEMPTS): the sweeper is the one retry mechanism.
    """
    email = _email_claim(email_id=email_id)
    if email is None:
        return False
    try:
        message = EmailMultiAlternatives(
            subject=email.subject, body=email.body_text, from_email=settings.DEFAULT_FROM_EMAIL, to=[email.to]
        )
        if email.body_html:
            message.attach_alternative(email.body_html, "text/html")
        message.send()
    except Exception as exc:  # noqa: BLE001 - any failure (SMTP, timeout, soft time limit) leaves it to a retry
        _email_release(email, error=f"{exc.__class__.__name__}: {exc}", counts=not email_server_unreachable(exc))
        return False
    # An update, not a save: the e-mail may have been erased (with its youth's request) while it was being sent.
    OutboundEmail.objects.filter(pk=email.pk).update(status=EmailStatus.SENT, sent_at=timezone.now())
    logger.info("email.sent id=%s sending->sent", email.pk)
    return True


@transaction.atomic
def _email_claim(*, email_id: int) -> OutboundEmail | None:
    """Take a PENDING e-mail for sending (SENDING, one more attempt); None if it is not PENDING, or is being
    claimed by another worker right now (its row locked: skipped, not waited for)."""
    email = (
        OutboundEmail.objects.select_for_update(skip_locked=True)
        .filter(pk=email_id, status=EmailStatus.PENDING)
        .first()
    )
    if email is None:
        return None
    email.status = EmailStatus.SENDING
    email.attempts += 1
    email.claimed_at = timezone.now()
    email.save(update_fields=["status", "attempts", "claimed_at"])
    return email


def email_server_unreachable(error: BaseException) -> bool:
    """Whether a sending failed because the SMTP server could not be reached or talked to (down, refusing
    connections, hanging up, too slow, or answering "try again later"), rather than because it refused the e-mail:
    the e-mail is fine, it must wait for the server however long it is down."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return False
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code < 500  # 4xx: a temporary refusal
    return isinstance(error, OSError)  # connection refused or reset, timeouts, name resolution, disconnections


def _email_release(email: OutboundEmail, *, error: str, counts: bool = True) -> None:
    """An attempt that did not send: back to PENDING for the sweeper, or FAILED once out of attempts. An attempt
    that did not reach the server (``counts=False``) never makes it FAILED: an SMTP outage delays e-mails, it
    does not lose them."""
    email.last_error = error
    if counts and email.attempts >= EMAIL_MAX_ATTEMPTS:
        email.status = EmailStatus.FAILED
        logger.error("email.failed id=%s attempts=%s error=%s", email.pk, email.attempts, error)
    else:
        email.status = EmailStatus.PENDING
        logger.warning("email.send_failed id=%s attempts=%s error=%s", email.pk, email.attempts, error)
    OutboundEmail.objects.filter(pk=email.pk).update(status=email.status, last_error=error)


def email_outbox_sweep(*, now=None, wet_run: bool = True) -> dict[str, int]:
    """Re-send e-mails whose task was lost or whose sending failed, and purge sent e-mails after the retention
    period.

    An e-mail a worker is sending (SENDING, or its row locked while it is being claimed) is skipped. A claim older
    than EMAIL_CLAIM_EXPIRES was left by a worker that died (killed, out of memory, a machine lost) somewhere
    between claiming and recording the outcome, perhaps after the SMTP server had taken the e-mail. It is sent
    again: these e-mails carry a young person's tracking link or a step of their request, and a duplicate costs
    less than one that never arrives. Each such claim counts as an attempt, so an e-mail that keeps killing its
    worker ends FAILED (logged as an error, listed in the admin) instead of looping.

    Returns what was (or, with ``wet_run=False``, would be) done. Running it twice changes nothing the second time.
    """
    now = now or timezone.now()
    with transaction.atomic():
        stale = list(
            OutboundEmail.objects.select_for_update(skip_locked=True).filter(
                status=EmailStatus.SENDING, claimed_at__lt=now - EMAIL_CLAIM_EXPIRES
            )
        )
        stuck = list(
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(status=EmailStatus.PENDING, created_at__lt=now - STUCK_EMAIL_AFTER)
            .values_list("pk", flat=True)
        )
        for email in stale:
            if wet_run:
                _email_release(email, error=f"claim expired (claimed at {email.claimed_at.isoformat()})")
            if email.attempts < EMAIL_MAX_ATTEMPTS:
                stuck.append(email.pk)
    expired = OutboundEmail.objects.filter(
        status__in=[EmailStatus.SENT, EmailStatus.FAILED, EmailStatus.WITHHELD],
        created_at__lt=now - SENT_EMAIL_RETENTION,
    )
    report = {"resent": len(stuck), "purged": expired.count()}
    if wet_run:
        expired.delete()
        report["resent"] = 0
        for email_id in stuck:
            try:
                email_send_task.delay(email_id)
            except BROKER_ERRORS as error:  # the next sweep sends them: they are still pending
                logger.warning(
                    "email.outbox_sweep broker unavailable after %s of %s: %r", report["resent"], len(stuck), error
                )
                break
            report["resent"] += 1
        logger.info("email.outbox_sweep resent=%s purged=%s", report["resent"], report["purged"])
    return report


@transaction.atomic
def email_outbox_withhold(*, addresses: list[str]) -> int:
    """Keep the e-mails waiting for these addresses, never to be sent (the demo's made-up people): recorded as
    withheld, so that nothing sends them later and the sweepers know each event was handled; they leave with the
    sent ones after SENT_EMAIL_RETENTION. Returns how many."""
    return OutboundEmail.objects.filter(to__in=addresses, status=EmailStatus.PENDING).update(
        status=EmailStatus.WITHHELD
    )


def email_outbox_forget(*, addresses: list[str] = (), event_key_prefixes: list[str] = ()) -> int:
    """Delete every e-mail kept in the outbox for these addresses, or about these events (event keys starting with
    one of these prefixes): a person's right to erasure."""
    about = Q(to__in=addresses)
    for prefix in event_key_prefixes:
        about |= Q(event_key__startswith=prefix)
    deleted, _ = OutboundEmail.objects.filter(about).delete()
    return deleted


def user_set_language(*, user: User, language: str) -> User:
    if language not in dict(settings.LANGUAGES) or user.language == language:
        return user
    user.language = language
    user.save(update_fields=["language"])
    return user


@transaction.atomic
def user_totp_activate(*, user: User, secret: str) -> Authenticator:
    """Give ``user`` an authenticator app with this base32 secret, stored as allauth stores it (encrypted through
    the MFA adapter), for the demo accounts (seed_demo) and the tests; people set theirs up through allauth's page."""
    authenticator, _created = Authenticator.objects.get_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": encrypt(secret)}}
    )
    return authenticator


@transaction.atomic
def user_set_email_preferences(*, user: User, accepts_non_essential_emails: bool) -> User:
    """Turn reminders and digests on or off (accounts/notifications.py: essential e-mails always go)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    user.accepts_non_essential_emails = accepts_non_essential_emails
    user.save(update_fields=["accepts_non_essential_emails"])
    return user
