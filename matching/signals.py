"""Wiring only: when an association's coverage or capacity changes, what waits for one is routed again."""

from django.dispatch import receiver

from accounts.services import enqueue_on_commit
from associations.signals import association_coverage_changed

from .enums import RoutingTrigger
from .tasks import pending_route_task


@receiver(association_coverage_changed)
def reroute_on_coverage_change(sender, association_id, **kwargs):
    enqueue_on_commit(pending_route_task, RoutingTrigger.COVERAGE_CHANGE)
