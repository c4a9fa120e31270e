"""The youth form when Redis, as Celery's broker, is down or hangs: the request is stored and the page answers
within a few seconds (the task that was not sent is left to the sweepers).

Each submission runs in a fresh process, configured from the environment as in production, with its broker at a
port where nothing listens or at a throwaway redis-server stopped with SIGSTOP (the cache stays on REDIS_URL).
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager

import pytest
import redis
from django.conf import settings

from matching.enums import RequestState
from matching.models import YouthRequest
from tests.matching.form_data import youth_form_data
from tests.worker import ROOT, database_url_for_subprocess

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("require_postgres", "require_redis")]

# Seconds the page may take: a refused connection fails at once; a broker that hangs is given up on after the
# socket timeout (two seconds, settings/base.py); each with a margin for a loaded machine.
AT_ONCE, AFTER_THE_TIMEOUT = 2.0, 4.0
ENQUEUE_FAILED = "task.enqueue_failed task=matching.tasks.request_submitted_task"

SUBMIT = """
import json, sys, time
import django

django.setup()
from django.test import Client
from django.urls import reverse

client, path = Client(), reverse("matching:youth_request_create")
client.get(path)  # the process warmed up: the POST's time is the page's
start = time.monotonic()
response = client.post(path, json.loads(sys.argv[1]))
print(json.dumps({"status": response.status_code, "seconds": time.monotonic() - start}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def submit_in_a_fresh_process(*, broker_url: str) -> tuple[dict, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mentoring.settings.test",
        "DATABASE_URL": database_url_for_subprocess(),
        "REDIS_URL": settings.REDIS_URL,
        "REDIS_CACHE_URL": settings.REDIS_CACHE_URL,
        "CELERY_BROKER_URL": broker_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    result = subprocess.run(
        [sys.executable, "-c", SUBMIT, json.dumps(youth_form_data())],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]), result.stderr


@contextmanager
def redis_server():
    """A redis-server of the test's own on a free port, stopped (even if SIGSTOPped) and gone at the end."""
    port = free_port()
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        client = redis.Redis(port=port, socket_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)
        client.close()
        yield process, port
    finally:
        process.send_signal(signal.SIGCONT)
        process.kill()
        process.wait(timeout=10)


def assert_stored_and_answered(answer: dict, *, within: float) -> None:
    assert answer["status"] == 302
    assert answer["seconds"] < within, answer
    assert YouthRequest.objects.get().state == RequestState.SUBMITTED  # the pending-route sweeper takes it up


@pytest.mark.usefixtures("require_redis_server")
def test_with_a_live_broker_the_task_is_queued():
    """The control case: the process really sends to the broker the others find down."""
    with redis_server() as (_process, port):
        answer, log = submit_in_a_fresh_process(broker_url=f"redis://127.0.0.1:{port}/0")
        queued = redis.Redis(port=port).llen(settings.CELERY_TASK_DEFAULT_QUEUE)

    assert_stored_and_answered(answer, within=AT_ONCE)
    assert ENQUEUE_FAILED not in log
    assert queued == 1


def test_with_nothing_listening_on_the_broker_port():
    answer, log = submit_in_a_fresh_process(broker_url=f"redis://127.0.0.1:{free_port()}/0")

    assert_stored_and_answered(answer, within=AT_ONCE)
    assert ENQUEUE_FAILED in log


@pytest.mark.usefixtures("require_redis_server")
def test_with_a_broker_that_hangs():
    with redis_server() as (process, port):
        process.send_signal(signal.SIGSTOP)  # accepts connections (the kernel does), never answers
        answer, log = submit_in_a_fresh_process(broker_url=f"redis://127.0.0.1:{port}/0")

    assert_stored_and_answered(answer, within=AFTER_THE_TIMEOUT)
    assert ENQUEUE_FAILED in log
    assert "Timeout" in log
