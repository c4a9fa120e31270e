"""Faults a test injects into services of its own: a throwaway redis-server (killed with SIGKILL, restarted on the
same port), an SMTP server that is down, hangs or answers, and the test's own PostgreSQL connection dropped.

Never the machine's shared PostgreSQL or Redis: each test starts what it breaks, and a connection is terminated
only when both its process id and the application_name the test gave it match.
"""

import asyncio
import shutil
import signal
import socket
import subprocess
import threading
import time
import uuid

import psycopg2
import redis
from aiosmtpd.controller import Controller
from django.db import connection


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ThrowawayRedis:
    """A redis-server on a free port, without persistence: ``kill()`` is SIGKILL (its data is gone, as after a
    crash), ``start()`` brings a new, empty one up on the same port."""

    def __init__(self):
        self.binary = shutil.which("redis-server")
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(port=self.port, socket_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)
        client.close()

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # a stopped process dies on SIGKILL all the same
            self.process.kill()
            self.process.wait(timeout=10)

    def queue_length(self, database: int, queue: str) -> int:
        return redis.Redis(port=self.port, db=database).llen(queue)


class _Recorder:
    """aiosmtpd handler: keeps what was accepted; while ``hold`` is set, DATA gets no answer (a hung server)."""

    def __init__(self):
        self.messages: list[bytes] = []
        self.hold = threading.Event()
        self.holding = threading.Event()  # a client is waiting for DATA's answer right now
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        while self.hold.is_set():
            self.holding.set()
            await asyncio.sleep(0.05)
        if server.transport is None or server.transport.is_closing():
            return "451 Connection lost before the answer: not accepted"  # the client never heard a 250
        with self.lock:
            self.messages.append(envelope.content)
        return "250 Message accepted for delivery"


class SmtpServer:
    """A real SMTP server (aiosmtpd) on a free port: ``stop()`` takes it down (connections refused), ``start()``
    brings it back on the same port, keeping what it accepted; ``hold`` leaves DATA unanswered."""

    def __init__(self):
        self.port = free_port()
        self.recorder = _Recorder()
        self.controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self) -> list[bytes]:
        with self.recorder.lock:
            return list(self.recorder.messages)


class ConnectionDropper:
    """``connection.execute_wrapper`` hook: before the ``at``-th query, the server terminates this connection (as
    a PostgreSQL restart or failover does); the query then fails as it would in production."""

    def __init__(self, *, at: int):
        self.at = at
        self.seen = 0
        self.application_name = f"faults-{uuid.uuid4().hex[:12]}"
        self.dropped = False

    def arm(self) -> None:
        """Name the test's connection, so that only it can be terminated."""
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('application_name', %s, false)", [self.application_name])
        self.pid = connection.connection.info.backend_pid

    def __call__(self, execute, sql, params, many, context):
        self.seen += 1
        if self.seen == self.at:
            terminate_backend(pid=self.pid, application_name=self.application_name)
            self.dropped = True
        return execute(sql, params, many, context)


def terminate_backend(*, pid: int, application_name: str) -> None:
    """pg_terminate_backend on one connection of the test's own, from a separate administrative connection."""
    settings = connection.settings_dict
    admin = psycopg2.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
    )
    try:
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = %s AND application_name = %s",
                [pid, application_name],
            )
            assert cursor.fetchone() == (True,), "the test's connection was not found to drop"
        # pg_terminate_backend only signals: wait until the connection is really gone.
        with admin.cursor() as cursor:
            for _ in range(100):
                cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
                if cursor.fetchone() is None:
                    break
                time.sleep(0.02)
    finally:
        admin.close()
