"""Task messages written straight into the Redis broker's queue.

A web request that enqueues a task (the public form's submission, above all) used to spend more CPU in Celery's
and kombu's publishing machinery (producer pool, routing, signals, serialisation layers, redis-py's client) than in
storing the request itself: about 0.3 ms for a message that is one ``LPUSH`` of a small JSON document. When the
broker is Redis, ``task_send`` builds that document itself, as Celery's message protocol 2 and kombu's Redis
transport define it, and sends it on one connection kept by each process (and thread). A test compares the
message, field by field, with the one Celery sends for the same task; another runs it through a real worker.

Whatever this path does not cover goes through Celery's ``apply_async`` as before: eager mode, another broker,
Redis over TLS, settings or task options that change the message or its route (see _direct_queue), and tasks sent
from within a running task (the worker's publishing does not slow any web request down). Celery's
``before_task_publish``/``after_task_publish`` signals are not sent for the messages written here (none is used).
"""

import base64
import json
import logging
import os
import socket
import threading
import uuid
from functools import cache
from urllib.parse import urlsplit

import kombu.exceptions
import redis

logger = logging.getLogger(__name__)

SOCKET_TIMEOUT = 5.0  # seconds: a Redis that hangs fails the send (left to the sweepers), not the web request
EMBED = {"callbacks": None, "errbacks": None, "chain": None, "chord": None}


def task_message(*, task_name: str, task_id: str, args: tuple, queue: str, origin: str, reply_to: str) -> bytes:
    """The message Celery would send for ``task_name(*args)``: protocol 2 headers and body, in the envelope that
    kombu's Redis transport stores in the queue's list (the body base64-encoded)."""
    argsrepr = repr(args)
    body = json.dumps([list(args), {}, EMBED]).encode()
    return json.dumps(
        {
            "body": base64.b64encode(body).decode(),
            "content-encoding": "utf-8",
            "content-type": "application/json",
            "headers": {
                "lang": "py",
                "task": task_name,
                "id": task_id,
                "shadow": None,
                "eta": None,
                "expires": None,
                "group": None,
                "group_index": None,
                "retries": 0,
                "timelimit": [None, None],
                "root_id": task_id,
                "parent_id": None,
                "argsrepr": argsrepr,
                "kwargsrepr": "{}",
                "origin": origin,
                "ignore_result": True,
                "replaced_task_nesting": 0,
                "stamped_headers": None,
                "stamps": {},
            },
            "properties": {
                "correlation_id": task_id,
                "reply_to": reply_to,
                "argsrepr": argsrepr,
                "kwargsrepr": "{}",
                "delivery_mode": 2,
                "delivery_info": {"exchange": "", "routing_key": queue},
                "priority": 0,
                "body_encoding": "base64",
                "delivery_tag": str(uuid.uuid4()),
            },
        }
    ).encode()


class RedisQueueWriter:
    """``LPUSH``es messages into Redis lists on one connection per process and thread, opened on first use (after
    gunicorn or Celery has forked), reopened once if Redis closed it meanwhile (a restart)."""

    def __init__(self, url: str, *, timeout: float = SOCKET_TIMEOUT):
        self.pool = redis.ConnectionPool.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
        self.local = threading.local()

    def _connection(self) -> redis.Connection:
        connection = getattr(self.local, "connection", None)
        if connection is None or self.local.pid != os.getpid():
            connection = self.pool.make_connection()
            self.local.connection, self.local.pid = connection, os.getpid()
        return connection

    def push(self, key: str, message: bytes) -> None:
        connection = self._connection()
        command = b"".join(connection.pack_command("LPUSH", key, message))
        for attempt in (1, 2):
            try:
                connection.send_packed_command([command], check_health=False)
                connection.read_response()
                return
            except (redis.TimeoutError, TimeoutError) as error:  # it may have been stored: not sent twice
                connection.disconnect()
                raise kombu.exceptions.OperationalError(f"Redis broker did not answer: {error}") from error
            except (redis.ConnectionError, OSError) as error:
                connection.disconnect()
                if attempt == 2:
                    raise kombu.exceptions.OperationalError(f"Redis broker unreachable: {error}") from error
            except redis.RedisError as error:  # Redis answered with an error (out of memory, for one)
                raise kombu.exceptions.OperationalError(f"Redis broker refused the message: {error}") from error


@cache
def _writer(url: str) -> RedisQueueWriter:
    return RedisQueueWriter(url)


# Transport options that change nothing in how a message is written into a queue's list.
NEUTRAL_TRANSPORT_OPTIONS = {
    "visibility_timeout",
    "polling_interval",
    "socket_timeout",
    "socket_connect_timeout",
    "socket_keepalive",
    "health_check_interval",
    "retry_on_timeout",
    "max_connections",
    "unacked_restore_limit",
}


def _celery_sends_differently(conf) -> bool:
    """Whether Celery's settings make it send messages this module does not write as it would: TLS, a separate
    write URL or failover URLs, other serialisation or compression, task-sent events, a key prefix..."""
    url = conf.broker_url
    return bool(
        not isinstance(url, str)
        or urlsplit(url).scheme != "redis"  # rediss://: Celery's broker_use_ssl options (certificates) apply
        or ";" in url
        or conf.broker_use_ssl
        or conf.broker_write_url != url  # Celery gives broker_url when no write URL is set
        or set(conf.broker_transport_options or {}) - NEUTRAL_TRANSPORT_OPTIONS
        or conf.task_protocol != 2
        or conf.task_serializer != "json"
        or conf.task_compression
        or conf.task_send_sent_event
        or conf.task_default_priority is not None
    )


def _direct_queue(task) -> str | None:
    """The Redis list ``task``'s messages go to, when this module can write them as Celery would; None sends them
    through Celery: see _celery_sends_differently, and a task with options of its own (queue, priority, expiry,
    limits, serializer...), results or a route to anything but a plain queue."""
    app = task.app
    if _celery_sends_differently(app.conf) or not task.ignore_result:
        return None
    options = {name: value for name, value in task._get_exec_options().items() if value is not None}
    if options.pop("serializer", "json") != "json" or options:  # a task's serializer defaults to task_serializer
        return None
    route = app.amqp.router.route({}, task.name, None, None, task_type=task)
    queue = route.get("queue")
    if set(route) != {"queue"} or queue is None or queue.exchange.type != "direct":
        return None
    if queue.max_priority or queue.expires or queue.message_ttl or queue.max_length or queue.queue_arguments:
        return None
    return queue.name


# Per task as callers hold it (``shared_task`` gives a proxy that looks the task up again on every attribute read):
# the task itself and its queue, worked out on its first sending.
_routes: dict[int, tuple] = {}


def _route(task) -> tuple:
    route = _routes.get(id(task))
    if route is None or route[0] is not task:
        real = task._get_current_object() if hasattr(task, "_get_current_object") else task
        route = _routes[id(task)] = (task, real, _direct_queue(real))
    return route


_origin_of_process: tuple[int, str] = (0, "")


def _origin() -> str:
    """What Celery's anon_nodename() gives, worked out once per process."""
    global _origin_of_process
    if _origin_of_process[0] != os.getpid():
        _origin_of_process = (os.getpid(), f"gen{os.getpid()}@{socket.gethostname()}")
    return _origin_of_process[1]


def task_send(task, args: tuple) -> None:
    """Send ``task(*args)`` to the broker now (callers send on commit). Raises one of kombu's errors (KombuError)
    when the broker cannot take it."""
    _task, real, queue = _route(task)
    app = real.app
    # Sent from within a running task, a message carries its parent's ids (and may inherit its priority): Celery
    # writes those. So it does in eager mode, and for whatever _direct_queue leaves to it.
    if queue is None or app.conf.task_always_eager or app.current_worker_task is not None:
        real.apply_async(args=args, retry=False, argsrepr=repr(args), kwargsrepr="{}")
        return
    message = task_message(
        task_name=real.name,
        task_id=str(uuid.uuid4()),
        args=args,
        queue=queue,
        origin=_origin(),
        reply_to=app.thread_oid,
    )
    _writer(app.conf.broker_url).push(queue, message)
