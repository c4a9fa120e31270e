"""Celery tasks: each takes ids, calls one service and can run twice without doing anything twice."""

from celery import shared_task

from . import services
from .enums import RoutingTrigger

RELIABLE = {"acks_late": True, "reject_on_worker_lost": True}


@shared_task(**RELIABLE)
def request_submitted_task(request_id: int, event_id: str) -> None:
    """After a submission: the tracking link by e-mail, then the routing (unless a parent must consent first)."""
    services.request_link_send(request_id=request_id, event_id=event_id)
    services.request_route(request_id=request_id, trigger=RoutingTrigger.SUBMISSION)


@shared_task(**RELIABLE)
def request_link_send_task(request_id: int, event_id: str) -> None:
    services.request_link_send(request_id=request_id, event_id=event_id)


@shared_task(**RELIABLE)
def request_parent_consent_ask_task(request_id: int) -> None:
    services.request_parent_consent_ask(request_id=request_id)


@shared_task(**RELIABLE)
def request_route_task(request_id: int, trigger: str = RoutingTrigger.SUBMISSION) -> None:
    services.request_route(request_id=request_id, trigger=trigger)


@shared_task(**RELIABLE)
def mentor_route_task(mentor_id: int, trigger: str = RoutingTrigger.SUBMISSION) -> None:
    services.mentor_route(mentor_id=mentor_id, trigger=trigger)


@shared_task(**RELIABLE)
def pending_route_task(trigger: str = RoutingTrigger.SWEEP) -> dict[str, int]:
    return services.pending_route(trigger=trigger)


@shared_task
def requests_purge_task() -> dict[str, int]:
    return services.requests_purge(wet_run=True)


@shared_task
def coordinators_digest_task() -> int:
    return services.coordinators_digest_send()
