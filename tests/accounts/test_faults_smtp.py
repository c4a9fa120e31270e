"""The SMTP server down for a while: e-mails wait in the outbox, however many sweeps go by, and each goes out once
the server is back.

A real Celery worker with beat inside (sweepers at a pace of seconds), a throwaway Redis, and the test's own SMTP
server (aiosmtpd), stopped and started again on the same port.
"""

import pytest
from django.db.models import Min

from accounts import services
from accounts.enums import EmailStatus
from accounts.models import OutboundEmail
from tests.associations.factories import AssociationFactory
from tests.faults import Submitter, Worker, services_env, smtp_deliveries, subprocess_env, wait_for

pytestmark = [
    pytest.mark.faults,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("require_postgres", "require_redis"),
]

REQUESTS = 10


def test_emails_wait_for_the_smtp_server_and_go_out_once(fault_redis, fault_smtp, tmp_path):
    AssociationFactory(departments=["75"], intake_capacity=1000)
    fault_smtp.stop()
    env = subprocess_env(**services_env(redis_url=fault_redis.url, smtp_url=fault_smtp.url))
    worker = Worker(env=env, log_path=tmp_path / "worker.log", beat=True)
    try:
        submitter = Submitter(env=env, prefix="smtp", phases=[REQUESTS], log_path=tmp_path / "web.log")
        assert submitter.wait_phase() == {302: REQUESTS}
        submitter.close()

        def tried_past_the_limit():  # more attempts than a refused e-mail gets before FAILED
            emails = OutboundEmail.objects.all()
            return emails.count() == 2 * REQUESTS and (
                emails.aggregate(least=Min("attempts"))["least"] > services.EMAIL_MAX_ATTEMPTS
            )

        assert wait_for(tried_past_the_limit, timeout=90), worker.read_log()[-3000:]
        assert set(OutboundEmail.objects.values_list("status", flat=True)) <= {EmailStatus.PENDING, EmailStatus.SENDING}
        assert fault_smtp.messages == []

        fault_smtp.start()

        def all_sent():
            return OutboundEmail.objects.filter(status=EmailStatus.SENT).count() == 2 * REQUESTS

        assert wait_for(all_sent, timeout=60), worker.read_log()[-3000:]
        wait_for(lambda: False, timeout=5)  # two more sweeps: nothing goes out again
    finally:
        worker.stop()

    deliveries = smtp_deliveries(fault_smtp.messages)
    assert len(deliveries) == 2 * REQUESTS  # the tracking link and the routing, for each youth
    assert set(deliveries.values()) == {1}
