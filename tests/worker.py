"""A real Celery worker process for tests, consuming the tests' queue on Redis against the test database."""

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent


def database_url_for_subprocess() -> str:
    """The test database's URL, for a process started by a test (PostgreSQL: it must see the test's data)."""
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def subprocess_env(**extra) -> dict:
    """The environment of a Celery process started by a test: the test settings, its database, no eager tasks."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mentoring.settings.test",
        "DATABASE_URL": database_url_for_subprocess(),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        **extra,
    }


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def celery_beat(*, entry: str, schedule_path: Path, log_path: Path):
    """Start ``celery beat`` in a subprocess, running the one entry ``entry`` of CELERY_BEAT_SCHEDULE every second
    (settings/test.py reads TEST_BEAT_ENTRY) into the tests' queue."""
    env = subprocess_env(TEST_BEAT_ENTRY=entry)
    command = [
        sys.executable, "-m", "celery", "-A", "mentoring", "beat", "--loglevel=info", f"--schedule={schedule_path}",
    ]  # fmt: skip
    log = log_path.open("w")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        stop(process)
        log.close()


def worker_command(*, queue: str) -> list[str]:
    """``celery worker`` as the tests start it: one process (solo pool) on one queue, without the cluster's chatter."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "mentoring",
        "worker",
        "--pool=solo",
        "--loglevel=info",
        f"--queues={queue}",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]


@contextmanager
def celery_worker(*, email_dir: Path, log_path: Path):
    """Start ``celery worker`` in a subprocess; the calling test's tasks go through the broker, not eagerly."""
    env = subprocess_env(
        TEST_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend", EMAIL_FILE_PATH=str(email_dir)
    )
    command = worker_command(queue=settings.CELERY_TASK_DEFAULT_QUEUE)
    log = log_path.open("w")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        with override_settings(CELERY_TASK_ALWAYS_EAGER=False):  # Celery reads its options from Django's settings
            yield process
    finally:
        stop(process)
        log.close()


def wait_for(predicate, *, timeout: float = 30.0, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := predicate():
            return result
        time.sleep(interval)
    return predicate()
