"""Celery tasks: each takes ids, calls one service and can run twice without doing anything twice.

Services import this module (to send tasks after commit); the tasks import their service inside their bodies, so
that the two modules never import each other at load time.
"""

from celery import shared_task

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
    from .services.follow_up import coordinators_digest_send

    return coordinators_digest_send()


# --- The follow-up jobs beat runs every morning (before the digest, which lists the alerts they raise) ------------


@shared_task
def silent_pairs_alert_task() -> int:
    from .services.follow_up import silent_pairs_alert

    return len(silent_pairs_alert())


@shared_task
def requests_untouched_remind_task() -> int:
    from .services.follow_up import requests_untouched_remind

    return len(requests_untouched_remind())


@shared_task
def pairs_six_months_ask_task() -> int:
    from .services.follow_up import pairs_six_months_ask

    return len(pairs_six_months_ask())


@shared_task
def checks_expiring_alert_task() -> int:
    from .services.follow_up import checks_expiring_alert

    return len(checks_expiring_alert())
