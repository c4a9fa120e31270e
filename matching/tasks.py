from celery import shared_task

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def request_link_send_task(request_id: int, event_id: str) -> None:
    services.request_link_send(request_id=request_id, event_id=event_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def request_parent_consent_ask_task(request_id: int) -> None:
    services.request_parent_consent_ask(request_id=request_id)


@shared_task
def requests_purge_task() -> dict[str, int]:
    return services.requests_purge(wet_run=True)
