"""Faults a test injects into services of its own: a throwaway redis-server (killed with SIGKILL, restarted on the
same port), an SMTP server that is down, hangs or answers, and the test's own PostgreSQL connection dropped.

Never the machine's shared PostgreSQL or Redis: each test starts what it breaks, and a connection is terminated
only when both its process id and the application_name the test gave it match.
"""

import asyncio
import email
import email.policy
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import psycopg2
import psycopg2.sql
import redis
from aiosmtpd.controller import Controller
from django.db import connection

from tests.worker import worker_command

ROOT = Path(__file__).resolve().parent.parent


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
    admin = psycopg2.connect(**database_parameters())
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


def subprocess_env(**overrides) -> dict:
    """The environment of a process a fault test starts: the test settings on the test database, tasks sent
    through the broker, and the sweepers at a pace of seconds (mentoring/settings/base.py)."""
    from tests.worker import database_url_for_subprocess

    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mentoring.settings.test",
        "DATABASE_URL": database_url_for_subprocess(),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "INTAKE_RATE_PER_ADDRESS": "1000000/h",  # one test client posts every request
        **SWEEPERS_FAST,
        **overrides,
    }


# The sweepers' pace in the fault tests and bench/faults.py (production: see mentoring/settings/base.py).
SWEEPERS_FAST = {
    "ROUTE_PENDING_EVERY_S": "2",
    "ROUTING_STUCK_AFTER_S": "3",
    "OUTBOX_SWEEP_EVERY_S": "2",
    "EMAIL_STUCK_AFTER_S": "3",
    "EMAIL_CLAIM_EXPIRES_S": "3",
}


def services_env(*, redis_url: str, smtp_url: str) -> dict:
    """Broker and cache on the throwaway Redis, e-mails to the test's SMTP server."""
    return {
        "REDIS_URL": f"{redis_url}/0",
        "REDIS_CACHE_URL": f"{redis_url}/1",
        "CELERY_BROKER_URL": f"{redis_url}/0",
        "CELERY_RESULT_BACKEND": f"{redis_url}/0",
        "TEST_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_URL": smtp_url,
    }


class Worker:
    """``celery worker`` (solo pool, with beat inside when ``beat``) in a process of its own, SIGKILLed by
    ``kill()`` as the kernel's out-of-memory killer or a lost machine would."""

    def __init__(self, *, env: dict, log_path: Path, beat: bool = False, queue: str = "mentoring-tests"):
        command = worker_command(queue=queue)  # the tests' queue (mentoring/settings/test.py) unless told
        if beat:
            command += ["--beat", f"--schedule={log_path.with_suffix('.schedule')}"]
        self.log_path = log_path
        self.log = log_path.open("a")
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()

    def read_log(self) -> str:
        return self.log_path.read_text()


SUBMIT = """
import json, sys
import django

django.setup()
from django.test import Client
from django.urls import reverse
from tests.matching.form_data import youth_form_data

prefix, phases = sys.argv[1], [int(n) for n in sys.argv[2].split(",")]
client, path, n = Client(raise_request_exception=False), reverse("matching:youth_request_create"), 0
client.get(path)
for phase, count in enumerate(phases):
    statuses = {}
    for _ in range(count):
        n += 1
        response = client.post(path, youth_form_data(email=f"{prefix}{n}@example.org"))
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    print(json.dumps(statuses), flush=True)
    if phase < len(phases) - 1:
        sys.stdin.readline()  # the test breaks or mends something, then lets the next phase go
"""


class Submitter:
    """Youth requests posted through the real form in a process of its own (its broker and cache on the
    throwaway Redis), in phases: the test acts between two phases."""

    def __init__(self, *, env: dict, prefix: str, phases: list[int], log_path: Path):
        self.log_path = log_path
        self.log = log_path.open("w")  # a file, not a pipe: the warnings of a long outage would fill a pipe
        self.process = subprocess.Popen(
            [sys.executable, "-c", SUBMIT, prefix, ",".join(map(str, phases))],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )
        self.statuses: dict[int, int] = {}

    def wait_phase(self) -> dict[int, int]:
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the submitter stopped: {self.log_path.read_text()[-3000:]}")
        phase = {int(status): count for status, count in json.loads(line).items()}
        for status, count in phase.items():
            self.statuses[status] = self.statuses.get(status, 0) + count
        return phase

    def next_phase(self) -> None:
        self.process.stdin.write("go\n")
        self.process.stdin.flush()

    def close(self) -> str:
        """Wait for the end (or end it); returns its log."""
        try:
            self.process.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
        self.log.close()
        return self.log_path.read_text()


def wait_for(predicate, *, timeout: float, interval: float = 0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := predicate():
            return result
        time.sleep(interval)
    return predicate()


def smtp_deliveries(messages: list[bytes]) -> dict[tuple[str, str], int]:
    """How many times the SMTP server accepted each e-mail, by recipient and subject."""
    counts: dict[tuple[str, str], int] = {}
    for raw in messages:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        key = (str(message["To"]), str(message["Subject"]))
        counts[key] = counts.get(key, 0) + 1
    return counts


class RowLock:
    """Rows locked by a transaction of the test's own (a separate connection), as a long write by someone else
    would: whatever needs them waits, in the middle of its work, until ``release()``. ``connect`` gives
    psycopg2.connect's arguments (by default, those of Django's test database)."""

    def __init__(self, table: str, **connect):
        self.connect = connect or database_parameters()
        self.connection = psycopg2.connect(**self.connect, application_name=f"faults-lock-{uuid.uuid4().hex[:12]}")
        with self.connection.cursor() as cursor:
            cursor.execute(psycopg2.sql.SQL("SELECT 1 FROM {} FOR UPDATE").format(psycopg2.sql.Identifier(table)))
        self.pid = self.connection.info.backend_pid

    def waiters(self) -> int:
        """How many other connections wait for this one's locks right now."""
        with psycopg2.connect(**self.connect) as probe, probe.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(pid))", [self.pid])
            count = cursor.fetchone()[0]
        probe.close()
        return count

    def release(self) -> None:
        if not self.connection.closed:
            self.connection.rollback()
            self.connection.close()


def database_parameters() -> dict:
    """psycopg2.connect's arguments for Django's (test) database."""
    settings = connection.settings_dict
    return {
        "dbname": settings["NAME"],
        "user": settings["USER"],
        "password": settings["PASSWORD"] or None,
        "host": settings["HOST"] or "127.0.0.1",
        "port": settings["PORT"] or 5432,
    }
