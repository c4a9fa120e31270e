"""Celery workers SIGKILLed in the middle of a routing and in the middle of an e-mail's sending: once a worker runs
again, every request is routed once and every e-mail is delivered once (nothing lost, nothing twice).

Deterministic kills: the routing is held on the associations' rows (locked by the test) and the sending on the
SMTP server's answer to DATA (left unanswered by the test's server) when the worker is killed. Tasks are
acknowledged late: a killed task's message waits in Redis for the visibility timeout; the sweepers (at a pace of
seconds here) take up what it left well before.
"""

import pytest

from accounts.enums import EmailStatus
from accounts.models import OutboundEmail
from associations.models import Association
from matching.enums import RequestState
from matching.models import RoutingDecision, YouthRequest
from tests.associations.factories import AssociationFactory
from tests.faults import RowLock, Submitter, Worker, services_env, smtp_deliveries, subprocess_env, wait_for

pytestmark = [
    pytest.mark.faults,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("require_postgres", "require_redis"),
]

REQUESTS = 20


def test_workers_killed_mid_routing_and_mid_sending_do_everything_once(fault_redis, fault_smtp, tmp_path):
    AssociationFactory(departments=["75"], intake_capacity=1000)
    env = subprocess_env(**services_env(redis_url=fault_redis.url, smtp_url=fault_smtp.url))
    lock = RowLock(Association._meta.db_table)
    workers = []
    try:
        workers.append(Worker(env=env, log_path=tmp_path / "worker1.log"))
        submitter = Submitter(env=env, prefix="killed", phases=[REQUESTS], log_path=tmp_path / "web.log")
        assert submitter.wait_phase() == {302: REQUESTS}
        submitter.close()
        assert wait_for(lock.waiters, timeout=60), workers[0].read_log()[-3000:]  # the routing waits, mid-task
        workers[0].kill()
        lock.release()
        assert YouthRequest.objects.filter(state=RequestState.ROUTED).count() == 0

        fault_smtp.recorder.hold.set()
        workers.append(Worker(env=env, log_path=tmp_path / "worker2.log"))
        assert wait_for(fault_smtp.recorder.holding.is_set, timeout=90), workers[1].read_log()[-3000:]
        workers[1].kill()  # while the SMTP server has the e-mail's data, not yet accepted
        fault_smtp.recorder.hold.clear()

        workers.append(Worker(env=env, log_path=tmp_path / "worker3.log", beat=True))

        def everything_done():
            routed = YouthRequest.objects.filter(state=RequestState.ROUTED).count() == REQUESTS
            sent = OutboundEmail.objects.filter(status=EmailStatus.SENT).count() == 2 * REQUESTS
            return routed and sent and len(fault_smtp.messages) >= 2 * REQUESTS

        assert wait_for(everything_done, timeout=90), workers[2].read_log()[-5000:]
    finally:
        lock.release()
        for worker in workers:
            worker.stop()

    assert RoutingDecision.objects.count() == REQUESTS  # each routing once
    deliveries = smtp_deliveries(fault_smtp.messages)
    assert len(deliveries) == 2 * REQUESTS
    assert set(deliveries.values()) == {1}
    assert OutboundEmail.objects.count() == 2 * REQUESTS
