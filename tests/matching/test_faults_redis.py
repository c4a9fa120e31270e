"""Redis (broker and cache) killed with SIGKILL while 200 youth requests are posted through the real form: every
one is stored, no page answers 5xx, and once Redis is back every request is routed and e-mailed, each e-mail once.

A throwaway redis-server, a real Celery worker with beat inside, and a real SMTP server are started by the test.
The sweepers run at a pace of seconds (tests/faults.py SWEEPERS_FAST); with production's pace, a request whose task
was lost is routed within ROUTING_STUCK_AFTER_S + ROUTE_PENDING_EVERY_S = 240 s of Redis coming back.
"""

import time

import pytest

from accounts.enums import EmailStatus
from accounts.models import OutboundEmail
from matching.enums import RequestState
from matching.models import YouthRequest
from tests.associations.factories import AssociationFactory
from tests.faults import SWEEPERS_FAST, Submitter, Worker, services_env, smtp_deliveries, subprocess_env, wait_for

pytestmark = [
    pytest.mark.faults,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("require_postgres", "require_redis"),
]

BEFORE, WHILE_DOWN, AFTER = 60, 80, 60  # 200 requests: Redis up, killed, back (empty, as after a crash)
# Routed after recovery within: a task-less request is stuck after ROUTING_STUCK_AFTER_S, the sweeper runs every
# ROUTE_PENDING_EVERY_S, the worker reconnects with back-off; a wide margin for a loaded 2-core machine.
ROUTED_WITHIN_S = float(SWEEPERS_FAST["ROUTING_STUCK_AFTER_S"]) + float(SWEEPERS_FAST["ROUTE_PENDING_EVERY_S"]) + 60


def test_redis_killed_during_200_submissions_loses_nothing(fault_redis, fault_smtp, tmp_path):
    AssociationFactory(departments=["75"], intake_capacity=1000)
    env = subprocess_env(**services_env(redis_url=fault_redis.url, smtp_url=fault_smtp.url))
    worker = Worker(env=env, log_path=tmp_path / "worker.log", beat=True)
    submitter = Submitter(env=env, prefix="redis", phases=[BEFORE, WHILE_DOWN, AFTER], log_path=tmp_path / "web.log")
    try:
        submitter.wait_phase()
        fault_redis.kill()
        submitter.next_phase()
        submitter.wait_phase()
        fault_redis.start()
        recovered = time.monotonic()
        submitter.next_phase()
        submitter.wait_phase()
        log = submitter.close()

        def all_routed():
            return YouthRequest.objects.filter(state=RequestState.ROUTED).count() == BEFORE + WHILE_DOWN + AFTER

        assert wait_for(all_routed, timeout=ROUTED_WITHIN_S), worker.read_log()[-5000:]
        routed_after_s = time.monotonic() - recovered
        total = BEFORE + WHILE_DOWN + AFTER
        assert wait_for(lambda: len(fault_smtp.messages) >= 2 * total, timeout=60), worker.read_log()[-5000:]
        time.sleep(2 * float(SWEEPERS_FAST["OUTBOX_SWEEP_EVERY_S"]))  # a sweep more: nothing is sent again
    finally:
        submitter.close()
        worker.stop()

    assert submitter.statuses == {302: total}, log[-3000:]  # every page answered normally, none 5xx
    assert "task.enqueue_failed" in log  # the tasks lost while Redis was down were left to the sweepers
    assert YouthRequest.objects.count() == total
    assert routed_after_s < ROUTED_WITHIN_S
    deliveries = smtp_deliveries(fault_smtp.messages)
    assert len(deliveries) == 2 * total  # the tracking link and the routing, for each youth
    assert set(deliveries.values()) == {1}  # none twice
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {EmailStatus.SENT}
