"""The associations app's periodic jobs: each calls its service, imported inside its body."""

from celery import shared_task


@shared_task
def access_log_purge_task() -> int:
    from .services import access_records_purge

    return access_records_purge()
