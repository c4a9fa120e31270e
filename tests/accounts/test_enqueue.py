"""Tasks are sent by Celery once the transaction commits; a broker that fails then is logged, never raised."""

import logging

import kombu.exceptions
import pytest
import redis
from django.db import transaction

from accounts.services import enqueue_on_commit
from accounts.tasks import email_send_task

pytestmark = pytest.mark.django_db


def test_the_task_is_sent_only_once_the_transaction_commits(monkeypatch, django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr(email_send_task, "apply_async", lambda *args, **kwargs: sent.append(kwargs))

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        enqueue_on_commit(email_send_task, 7)
        assert sent == []

    assert sent == [{"args": (7,)}]


@pytest.mark.parametrize(
    "error",
    [
        kombu.exceptions.OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused."),
        redis.TimeoutError("Timeout reading from socket"),
        TimeoutError("timed out"),
        ConnectionRefusedError(111, "Connection refused"),
    ],
)
def test_a_broker_failure_is_logged_with_the_task_and_not_raised(
    error, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broker_fails(*args, **kwargs):
        raise error

    monkeypatch.setattr(email_send_task, "apply_async", broker_fails)
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(email_send_task, 7)  # does not raise: the outbox sweeper sends it later

    (record,) = [record for record in caplog.records if record.name == "accounts.services"]
    assert record.levelno == logging.WARNING
    assert "task.enqueue_failed task=accounts.tasks.email_send_task args=(7,)" in record.getMessage()
