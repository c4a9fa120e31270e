"""Celery tasks: each takes ids, calls one service and can run twice without doing anything twice.

Services import this module (to send tasks after commit); the tasks import their service inside their bodies, so
that the two modules never import each other at load time.
"""

from celery import shared_task
from django.conf import settings

from .enums import RoutingTrigger

RELIABLE = {"acks_late": True, "reject_on_worker_lost": True}


@shared_task(**RELIABLE)
def request_submitted_task(request_id: int, event_id: str) -> None:
    """After a submission: the tracking link by e-mail, then the routing (unless a parent must consent first)."""
    from .services import requests, routing

    requests.request_link_send(request_id=request_id, event_id=event_id)
    routing.request_route(request_id=request_id, trigger=RoutingTrigger.SUBMISSION)


@shared_task(**RELIABLE)
def request_link_send_task(request_id: int, event_id: str) -> None:
    from .services.requests import request_link_send

    request_link_send(request_id=request_id, event_id=event_id)


@shared_task(**RELIABLE)
def request_parent_consent_ask_task(request_id: int) -> None:
    from .services.requests import request_parent_consent_ask

    request_parent_consent_ask(request_id=request_id)


@shared_task(**RELIABLE)
def request_route_task(request_id: int, trigger: str = RoutingTrigger.SUBMISSION) -> None:
    from .services.routing import request_route

    request_route(request_id=request_id, trigger=trigger)


@shared_task(**RELIABLE)
def mentor_route_task(mentor_id: int, trigger: str = RoutingTrigger.SUBMISSION) -> None:
    from .services.routing import mentor_route

    mentor_route(mentor_id=mentor_id, trigger=trigger)


@shared_task(**RELIABLE)
def pending_route_task(trigger: str = RoutingTrigger.SWEEP) -> dict[str, int]:
    from .services.routing import pending_route

    return pending_route(trigger=trigger)


@shared_task
def requests_purge_task() -> dict[str, int]:
    from .services.requests import requests_purge

    return requests_purge(wet_run=True)


@shared_task
def coordinators_digest_task() -> int:
    from .services.follow_up_jobs import coordinators_digest_send

    return coordinators_digest_send()


@shared_task(
    bind=True,
    max_retries=settings.WEBHOOK_MAX_RETRIES,
    **RELIABLE,
)
def webhook_deliver_task(self, delivery_id: int) -> str:
    """Post one webhook delivery; retried with an exponential backoff (30 s, 60 s, ... up to an hour) while the
    receiver fails, up to WEBHOOK_MAX_RETRIES times (the service then marks it failed)."""
    from .services.webhooks import WebhookDeliveryFailed, webhook_deliver

    try:
        return webhook_deliver(delivery_id=delivery_id)
    except WebhookDeliveryFailed as error:
        if self.request.is_eager:  # embedded defaults, no worker to come back later: one attempt, left pending
            return "pending"
        raise self.retry(exc=error, countdown=backoff_seconds(self.request.retries)) from error


def backoff_seconds(retries: int) -> int:
    """30 s, then doubling, at most an hour."""
    return min(30 * 2**retries, 3600)


@shared_task
def dashboard_figures_refresh_task() -> int:
    from .services.reports import dashboard_figures_refresh

    return dashboard_figures_refresh()


@shared_task
def webhook_sweep_task() -> int:
    from .services.webhooks import webhook_deliveries_sweep

    return webhook_deliveries_sweep(wet_run=True)


@shared_task(**RELIABLE)
def training_invitations_task(session_id: int) -> int:
    from .services.vetting import training_invitations_send

    return training_invitations_send(session_id=session_id)


# --- The follow-up jobs beat runs every morning (before the digest, which lists the alerts they raise) ------------


@shared_task
def silent_pairs_alert_task() -> int:
    from .services.follow_up_jobs import silent_pairs_alert

    return len(silent_pairs_alert())


@shared_task
def requests_untouched_remind_task() -> int:
    from .services.follow_up_jobs import requests_untouched_remind

    return len(requests_untouched_remind())


@shared_task
def pairs_six_months_ask_task() -> int:
    from .services.follow_up_jobs import pairs_six_months_ask

    return len(pairs_six_months_ask())


@shared_task
def checks_expiring_alert_task() -> int:
    from .services.follow_up_jobs import checks_expiring_alert

    return len(checks_expiring_alert())


@shared_task
def check_ins_send_task() -> int:
    from .services.follow_up_check_ins import check_ins_send

    return check_ins_send()


@shared_task
def session_reminders_task() -> int:
    from .services.follow_up_jobs import session_reminders_send

    return session_reminders_send()


@shared_task
def mentorships_anonymise_task() -> int:
    from .services.follow_up_retention import mentorships_anonymise

    return mentorships_anonymise()
