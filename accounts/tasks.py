from celery import shared_task

from . import services


# No autoretry: email_send records a failed sending on the e-mail (back to PENDING) and the outbox sweeper sends it
# again; the time limits stop a send that hangs past EMAIL_TIMEOUT (SoftTimeLimitExceeded is recorded likewise).
@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=services.EMAIL_SEND_SOFT_TIME_LIMIT,
    time_limit=services.EMAIL_SEND_TIME_LIMIT,
)
def email_send_task(email_id: int) -> bool:
    return services.email_send(email_id=email_id)


@shared_task
def email_outbox_sweep_task() -> dict[str, int]:
    return services.email_outbox_sweep()
