"""Task messages written straight into Redis: the same message as Celery's, delivered, and safe when Redis is not.

Anything Celery would send differently (task options, settings, a parent task) must go through Celery itself.
"""

import base64
import json
import logging
import socket
import threading

import kombu.exceptions
import pytest
import redis
from celery._state import _task_stack
from django.conf import settings

from accounts import broker
from accounts.services import enqueue_on_commit
from matching.tasks import request_route_task, request_submitted_task
from mentoring.celery import app

QUEUE = "mentoring-tests-broker"
VARYING = {("headers", "id"), ("headers", "root_id"), ("properties", "correlation_id"), ("properties", "delivery_tag")}


@pytest.fixture(autouse=True)
def routes_worked_out_afresh():
    broker._routes.clear()
    yield
    broker._routes.clear()


@pytest.fixture
def redis_client(require_redis):
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete(QUEUE, settings.CELERY_TASK_DEFAULT_QUEUE)
    yield client
    client.delete(QUEUE, settings.CELERY_TASK_DEFAULT_QUEUE)
    client.close()


@pytest.fixture
def not_eager():
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = eager


@pytest.fixture
def sent_through_celery(monkeypatch):
    """Records the tasks task_send hands to Celery's apply_async (which then sends nothing)."""
    sent = []
    for task in app.tasks.values():
        monkeypatch.setattr(task, "apply_async", lambda *a, name=task.name, **kw: sent.append(name), raising=False)
    return sent


def decoded(raw: bytes) -> dict:
    message = json.loads(raw)
    message["body"] = json.loads(base64.b64decode(message["body"]))
    return message


def without_ids(message: dict) -> dict:
    for part, key in VARYING:
        message[part][key] = "<id>"
    return message


@pytest.mark.usefixtures("not_eager")
def test_task_send_writes_the_message_celery_sends(redis_client):
    assert broker._direct_queue(request_submitted_task._get_current_object()) == settings.CELERY_TASK_DEFAULT_QUEUE
    args = (42, "submitted")
    request_submitted_task.apply_async(args=args, retry=False, argsrepr=repr(args), kwargsrepr="{}")
    broker.task_send(request_submitted_task, args)

    celerys, ours = (decoded(raw) for raw in redis_client.lrange(settings.CELERY_TASK_DEFAULT_QUEUE, 0, -1)[::-1])

    assert ours["headers"]["id"] == ours["headers"]["root_id"] == ours["properties"]["correlation_id"]
    assert ours["headers"]["id"] != celerys["headers"]["id"]
    assert ours["properties"]["delivery_tag"] != celerys["properties"]["delivery_tag"]
    assert without_ids(ours) == without_ids(celerys)
    assert ours["body"] == [[42, "submitted"], {}, {"callbacks": None, "errbacks": None, "chain": None, "chord": None}]


@pytest.mark.usefixtures("not_eager")
def test_task_send_writes_to_the_tasks_queue_and_celery_reads_it_back(redis_client):
    assert broker._direct_queue(request_route_task._get_current_object()) == settings.CELERY_TASK_DEFAULT_QUEUE
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


@pytest.mark.usefixtures("not_eager", "require_redis")
@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("queue", "mentoring-tests-elsewhere"),
        ("priority", 5),
        ("expires", 60),
        ("serializer", "pickle"),
        ("time_limit", 30),
        ("ignore_result", False),
    ],
)
def test_a_task_with_options_of_its_own_goes_through_celery(monkeypatch, sent_through_celery, option, value):
    task = request_route_task._get_current_object()
    monkeypatch.setattr(task, option, value, raising=False)
    monkeypatch.setattr(task, "_exec_options", None)  # Celery's cache of the task's options, read again
    broker.task_send(request_route_task, (7,))
    assert sent_through_celery == [request_route_task.name]


@pytest.mark.usefixtures("not_eager", "require_redis")
@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("broker_url", "amqp://guest@localhost//"),
        ("broker_url", "rediss://127.0.0.1:6380/0"),  # Celery applies its TLS options
        ("broker_url", "redis://127.0.0.1:6379/0;redis://127.0.0.1:6380/0"),  # failover
        ("broker_use_ssl", {"ssl_cert_reqs": "required"}),
        ("broker_write_url", "redis://127.0.0.1:6379/3"),
        ("broker_transport_options", {"global_keyprefix": "mentoring:"}),
        ("task_serializer", "pickle"),
        ("task_compression", "gzip"),
        ("task_send_sent_event", True),
        ("task_default_priority", 3),
    ],
)
def test_settings_that_change_celerys_message_send_through_celery(monkeypatch, sent_through_celery, setting, value):
    monkeypatch.setitem(app.conf, setting, value)
    broker.task_send(request_route_task, (7,))
    assert sent_through_celery == [request_route_task.name]


@pytest.mark.usefixtures("not_eager", "require_redis")
def test_neutral_transport_options_keep_the_direct_path(monkeypatch, sent_through_celery, redis_client):
    monkeypatch.setitem(app.conf, "broker_transport_options", {"visibility_timeout": 7200})
    broker.task_send(request_route_task, (7,))
    assert sent_through_celery == []
    assert redis_client.llen(settings.CELERY_TASK_DEFAULT_QUEUE) == 1


@pytest.mark.usefixtures("not_eager")
def test_a_task_sent_from_a_running_task_carries_its_parents_ids(redis_client):
    parent = request_route_task._get_current_object()
    parent.push_request(id="parent-id", root_id="root-id", called_directly=False)
    _task_stack.push(parent)
    try:
        broker.task_send(request_submitted_task, (1, "submitted"))
    finally:
        _task_stack.pop()
        parent.pop_request()

    headers = decoded(redis_client.lpop(settings.CELERY_TASK_DEFAULT_QUEUE))["headers"]
    assert (headers["parent_id"], headers["root_id"]) == ("parent-id", "root-id")


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


def test_a_message_redis_refuses_raises_kombus_error(redis_client):
    redis_client.set(QUEUE, "not a list")
    writer = broker._writer(settings.CELERY_BROKER_URL)
    with pytest.raises(kombu.exceptions.OperationalError, match="refused the message: WRONGTYPE"):
        writer.push(QUEUE, b"refused")
    writer.push(settings.CELERY_TASK_DEFAULT_QUEUE, b"next")  # the connection is still good
    assert redis_client.lrange(settings.CELERY_TASK_DEFAULT_QUEUE, 0, -1) == [b"next"]


def test_an_unreachable_broker_raises_kombus_error():
    writer = broker.RedisQueueWriter("redis://127.0.0.1:1/0")
    with pytest.raises(kombu.exceptions.OperationalError, match="unreachable"):
        writer.push(QUEUE, b"lost")


def test_a_broker_that_never_answers_fails_the_send_after_the_timeout():
    silent = socket.create_server(("127.0.0.1", 0))
    accepted = []
    thread = threading.Thread(target=lambda: accepted.append(silent.accept()), daemon=True)
    thread.start()
    try:
        writer = broker.RedisQueueWriter(f"redis://127.0.0.1:{silent.getsockname()[1]}/0", timeout=0.3)
        with pytest.raises(kombu.exceptions.OperationalError, match="did not answer"):
            writer.push(QUEUE, b"lost")
    finally:
        thread.join(timeout=5)
        for connection, _address in accepted:
            connection.close()
        silent.close()


@pytest.mark.django_db
@pytest.mark.usefixtures("not_eager", "require_redis")
def test_enqueue_on_commit_logs_a_message_redis_cannot_take(monkeypatch, caplog, django_capture_on_commit_callbacks):
    monkeypatch.setattr(broker, "_writer", lambda url: broker.RedisQueueWriter("redis://127.0.0.1:1/0"))
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(request_route_task, 7)  # does not raise: the sweeper routes what was not sent

    assert "task.enqueue_failed task=matching.tasks.request_route_task" in caplog.text
