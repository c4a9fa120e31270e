from celery import shared_task

from . import services


@shared_task
def requests_purge_unconfirmed_task() -> int:
    return services.requests_purge_unconfirmed(wet_run=True)
