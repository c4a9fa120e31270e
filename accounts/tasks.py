from celery import shared_task

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True, autoretry_for=(ConnectionError,), max_retries=5)
def email_send_task(email_id: int) -> bool:
    return services.email_send(email_id=email_id)


@shared_task
def email_outbox_sweep_task() -> dict[str, int]:
    return services.email_outbox_sweep()
