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


@shared_task
def check_ins_send_task() -> int:
    from .services.follow_up_check_ins import check_ins_send

    return check_ins_send()


@shared_task
def session_reminders_task() -> int:
    from .services.follow_up import session_reminders_send

    return session_reminders_send()


@shared_task
def mentorships_anonymise_task() -> int:
    from .services.follow_up_retention import mentorships_anonymise

    return mentorships_anonymise()
