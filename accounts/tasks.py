"""The e-mail outbox's tasks: each takes ids and calls its service, imported inside its body (the services import
this module to send tasks after commit)."""

from celery import shared_task

# A sending that hangs past EMAIL_TIMEOUT is stopped: soft limit first (recorded as a failed attempt), then hard.
EMAIL_SEND_SOFT_TIME_LIMIT = 45
EMAIL_SEND_TIME_LIMIT = 60


# No autoretry: email_send records a failed sending on the e-mail (back to PENDING) and the outbox sweeper sends it
# again; the time limits stop a send that hangs past EMAIL_TIMEOUT (SoftTimeLimitExceeded is recorded likewise).
@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=EMAIL_SEND_SOFT_TIME_LIMIT,
    time_limit=EMAIL_SEND_TIME_LIMIT,
)
def email_send_task(email_id: int) -> bool:
    from .services import email_send

    return email_send(email_id=email_id)


@shared_task
def email_outbox_sweep_task() -> dict[str, int]:
    from .services import email_outbox_sweep

    return email_outbox_sweep()
