"""Every write of the accounts app: the e-mail outbox and user preferences."""

import logging
from datetime import timedelta

import kombu.exceptions
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import broker
from .enums import EmailStatus
from .models import OutboundEmail, User

logger = logging.getLogger(__name__)

EMAIL_MAX_ATTEMPTS = 5
SENT_EMAIL_RETENTION = timedelta(days=30)
STUCK_EMAIL_AFTER = timedelta(minutes=5)


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


def enqueue_on_commit(task, *args) -> None:
    """Send a task to the broker once the transaction commits; if the broker is unreachable, log it and go on.

    The request that triggered it has succeeded: what the task would have done is picked up by the periodic
    sweepers (the e-mail outbox, the routing of pending requests) instead of failing the person's request.
    """

    def send():
        try:
            broker.task_send(task, args)
        except kombu.exceptions.KombuError:  # unreachable, or refusing the message
            logger.exception("task.enqueue_failed task=%s args=%s: left to the sweeper", task.name, args)

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
    from .tasks import email_send_task

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


@transaction.atomic
def email_send(*, email_id: int) -> bool:
    """Send one queued e-mail. Idempotent: an e-mail already sent, or gone, is left alone. Returns True if sent."""
    email = OutboundEmail.objects.select_for_update().filter(pk=email_id).first()
    if email is None or email.status != EmailStatus.PENDING:
        return False
    email.attempts += 1
    message = EmailMultiAlternatives(
        subject=email.subject, body=email.body_text, from_email=settings.DEFAULT_FROM_EMAIL, to=[email.to]
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    try:
        message.send()
    except Exception as exc:  # noqa: BLE001 - any backend failure keeps the e-mail pending for a retry
        email.last_error = f"{exc.__class__.__name__}: {exc}"
        if email.attempts >= EMAIL_MAX_ATTEMPTS:
            email.status = EmailStatus.FAILED
        email.save(update_fields=["attempts", "last_error", "status"])
        logger.warning("email.send_failed id=%s attempts=%s error=%s", email.pk, email.attempts, email.last_error)
        return False
    email.status = EmailStatus.SENT
    email.sent_at = timezone.now()
    email.save(update_fields=["attempts", "status", "sent_at"])
    logger.info("email.sent id=%s pending->sent", email.pk)
    return True


def email_outbox_sweep(*, now=None, wet_run: bool = True) -> dict[str, int]:
    """Re-send e-mails whose task was lost and purge sent e-mails after the retention period.

    Returns what was (or, with ``wet_run=False``, would be) done. Running it twice changes nothing the second time.
    """
    from .tasks import email_send_task

    now = now or timezone.now()
    stuck = list(
        OutboundEmail.objects.filter(status=EmailStatus.PENDING, created_at__lt=now - STUCK_EMAIL_AFTER).values_list(
            "pk", flat=True
        )
    )
    expired = OutboundEmail.objects.exclude(status=EmailStatus.PENDING).filter(
        created_at__lt=now - SENT_EMAIL_RETENTION
    )
    report = {"resent": len(stuck), "purged": expired.count()}
    if wet_run:
        for email_id in stuck:
            email_send_task.delay(email_id)
        expired.delete()
        logger.info("email.outbox_sweep resent=%s purged=%s", report["resent"], report["purged"])
    return report


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
