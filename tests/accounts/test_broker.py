"""Task messages written straight into Redis: the same message as Celery's, delivered, and safe when Redis is not."""

import base64
import json
import logging

import kombu.exceptions
import pytest
import redis
from django.conf import settings

from accounts import broker
from accounts.services import enqueue_on_commit
from matching.tasks import request_route_task, request_submitted_task
from mentoring.celery import app

QUEUE = "mentoring-tests-broker"
VARYING = {("headers", "id"), ("headers", "root_id"), ("properties", "correlation_id"), ("properties", "delivery_tag")}


@pytest.fixture
def redis_client(require_redis):
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete(QUEUE, settings.CELERY_TASK_DEFAULT_QUEUE)
    yield client
    client.delete(QUEUE, settings.CELERY_TASK_DEFAULT_QUEUE)
    client.close()


@pytest.fixture
def not_eager():
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


def decoded(raw: bytes) -> dict:
    message = json.loads(raw)
    message["body"] = json.loads(base64.b64decode(message["body"]))
    return message


def without_ids(message: dict) -> dict:
    for part, key in VARYING:
        message[part][key] = "<id>"
    return message


@pytest.mark.usefixtures("not_eager")
def test_the_message_is_the_one_celery_sends(redis_client):
    args = (42, "submitted")
    request_submitted_task.apply_async(args=args, queue=QUEUE, retry=False, argsrepr=repr(args), kwargsrepr="{}")
    celerys = decoded(redis_client.lpop(QUEUE))

    ours = decoded(
        broker.task_message(
            task_name=request_submitted_task.name,
            task_id="ours",
            args=args,
            queue=QUEUE,
            origin=broker._origin(),
            reply_to=app.thread_oid,
        )
    )

    assert ours["headers"]["id"] == ours["headers"]["root_id"] == ours["properties"]["correlation_id"] == "ours"
    assert without_ids(ours) == without_ids(celerys)
    assert ours["body"] == [[42, "submitted"], {}, {"callbacks": None, "errbacks": None, "chain": None, "chord": None}]


@pytest.mark.usefixtures("not_eager")
def test_task_send_writes_to_the_tasks_queue_and_celery_reads_it_back(redis_client):
    broker.task_send(request_route_task, (7, "sweep"))

    with app.connection_for_read() as connection:
        queue = connection.SimpleQueue(settings.CELERY_TASK_DEFAULT_QUEUE)
        try:
            message = queue.get(timeout=5)
            message.ack()
        finally:
            queue.close()
    assert message.headers["task"] == "matching.tasks.request_route_task"
    assert message.payload[0] == [7, "sweep"]
    assert message.delivery_info["routing_key"] == settings.CELERY_TASK_DEFAULT_QUEUE


@pytest.mark.usefixtures("not_eager")
def test_a_connection_redis_closed_is_reopened_once(redis_client):
    writer = broker._writer(settings.CELERY_BROKER_URL)
    writer.push(QUEUE, b"first")
    name = f"mentoring-broker-test-{id(writer)}"
    writer._connection().send_command("CLIENT", "SETNAME", name)
    writer._connection().read_response()
    (client_id,) = [client["id"] for client in redis_client.client_list() if client["name"] == name]
    redis_client.client_kill_filter(_id=client_id)

    writer.push(QUEUE, b"second")  # Redis closed the connection (as on a restart): sent through a new one

    assert redis_client.lrange(QUEUE, 0, -1) == [b"second", b"first"]


def test_an_unreachable_broker_raises_the_error_celery_would():
    writer = broker.RedisQueueWriter("redis://127.0.0.1:1/0")
    with pytest.raises(kombu.exceptions.OperationalError, match="unreachable"):
        writer.push(QUEUE, b"lost")


@pytest.mark.django_db
@pytest.mark.usefixtures("not_eager")
def test_enqueue_on_commit_logs_a_message_redis_cannot_take(
    monkeypatch, caplog, django_capture_on_commit_callbacks, require_redis
):
    monkeypatch.setattr(broker, "_writer", lambda url: broker.RedisQueueWriter("redis://127.0.0.1:1/0"))
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(request_route_task, 7)  # does not raise: the sweeper routes what was not sent

    assert "task.enqueue_failed task=matching.tasks.request_route_task" in caplog.text


@pytest.mark.parametrize("url", ["amqp://guest@localhost//", "rediss://127.0.0.1:6380/0", "memory://"])
def test_tasks_go_through_celery_when_the_broker_is_not_plain_redis(monkeypatch, url):
    """Another broker, or Redis over TLS (whose certificate options Celery applies), keeps Celery's own sending."""
    monkeypatch.setattr(app.conf, "broker_url", url)
    assert broker._direct_queue(request_route_task) is None


@pytest.mark.usefixtures("require_redis")
def test_a_task_with_a_priority_goes_through_celery(monkeypatch):
    assert broker._direct_queue(request_route_task) == settings.CELERY_TASK_DEFAULT_QUEUE
    monkeypatch.setattr(request_route_task, "priority", 5)
    assert broker._direct_queue(request_route_task) is None
