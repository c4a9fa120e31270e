"""The platform under faults, outside the test suite: gunicorn on the production settings driven over HTTP, a real
Celery worker with beat, a throwaway Redis, a real SMTP server (aiosmtpd) and PostgreSQL, each broken in turn.

Run from the repository root: ``python bench/faults.py`` (uses .venv's Python if run with another).

- A fresh database ``mentoring_bench_faults`` on the local PostgreSQL; Redis is a redis-server of the benchmark's
  own on a free port (never the machine's shared one), SIGKILLed and restarted on the same port.
- The sweepers run at a pace of seconds (tests/faults.py SWEEPERS_FAST); with production's pace a request whose
  task was lost is routed within ROUTING_STUCK_AFTER_S + ROUTE_PENDING_EVERY_S = 240 s of Redis coming back.
- Scenarios, each on its own e-mail addresses:
  * redis: 200 youth requests posted; Redis killed after the 60th, started again (empty) after the 140th;
  * worker: workers SIGKILLed mid-routing (the associations' rows held by a lock of the benchmark's) and mid-sending
    (the SMTP server leaves DATA unanswered), ``--kills`` times each; then a worker with beat takes up the rest;
  * smtp: the SMTP server down while requests are posted and for a while after, then back;
  * database: the web's connections terminated (pg_terminate_backend, only those named ``PGAPPNAME`` by the
    benchmark) every 0.3 s while requests are posted; a request that got the 503 page is posted again, as it says.
- At the end every request must be stored, routed and e-mailed (tracking link, routing), each e-mail accepted once by
  the SMTP server. Prints a table, then as its last line one JSON object: submitted, stored, lost, status_5xx (5xx
  other than the database's 503 page), routed_after_recovery_s, tasks_killed, tasks_lost, emails_duplicated, ...
"""

import sys
from pathlib import Path

# bench/queue.py is named like the standard library's queue module: keep this folder off the import path.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import http.client  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import urllib.parse  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    PG_URL,
    SECRET_KEY,
    YouthFormClient,
    database_create,
    database_drop,
    psql,
    reexec_in_venv,
)

reexec_in_venv(__file__)

import psycopg2  # noqa: E402

from tests.faults import (  # noqa: E402
    SWEEPERS_FAST,
    RowLock,
    SmtpServer,
    ThrowawayRedis,
    Worker,
    free_port,
    smtp_deliveries,
)

HOST = "127.0.0.1"
DB_NAME = "mentoring_bench_faults"
WEB_APPLICATION_NAME = "bench-faults-web"
CLEAR_PAGE = "Service momentanément indisponible"


def parse_url(url: str) -> dict:
    parts = urllib.parse.urlsplit(url)
    return {
        "dbname": DB_NAME,
        "user": parts.username or "postgres",
        "password": parts.password,
        "host": parts.hostname,
        "port": parts.port or 5432,
    }


class Platform:
    """The web (gunicorn, 2 sync workers) on the production settings, with its services at the given places."""

    def __init__(self, *, redis: ThrowawayRedis, smtp: SmtpServer, logs: Path):
        self.port = free_port()
        self.logs = logs
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": f"{PG_URL}/{DB_NAME}",
            "REDIS_URL": f"{redis.url}/0",
            "REDIS_CACHE_URL": f"{redis.url}/1",
            "EMAIL_URL": smtp.url,
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": HOST,
            "SITE_URL": f"http://{HOST}:{self.port}",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
            "PGAPPNAME": WEB_APPLICATION_NAME,  # libpq names every connection of the web so (and of the worker)
            **SWEEPERS_FAST,
        }
        self.server = None

    def start(self) -> None:
        log = (self.logs / "gunicorn.log").open("w")
        self.server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "bench.wsgi:application",
                "--config=python:mentoring.gunicorn_conf",
                f"--bind={HOST}:{self.port}",
                "--workers=2",
                "--worker-class=sync",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection(HOST, self.port, timeout=2)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"gunicorn did not start; see {self.logs / 'gunicorn.log'}")

    def stop(self) -> None:
        if self.server is not None:
            self.server.terminate()
            self.server.wait(timeout=30)

    def worker(self, name: str, *, beat: bool = False, ready: bool = True) -> Worker:
        """A worker (with beat inside if ``beat``); with ``ready``, returned once it consumes."""
        env = {**self.env, "PGAPPNAME": "bench-faults-worker"}
        worker = Worker(env=env, log_path=self.logs / f"{name}.log", beat=beat, queue="celery")
        if ready and not wait_for(lambda: " ready." in worker.read_log(), timeout=60):
            raise SystemExit(f"the worker did not start; see {worker.log_path}")
        return worker


class Tally:
    def __init__(self):
        self.emails: list[str] = []
        self.statuses: dict[int, int] = {}
        self.clear_pages = 0  # the database's 503 page
        self.lock = threading.Lock()

    def post(self, youth: YouthFormClient, email: str, *, resend_on_clear_page: bool = False) -> None:
        with self.lock:
            self.emails.append(email)
        while True:
            status, body = youth.submit(email)
            with self.lock:
                self.statuses[status] = self.statuses.get(status, 0) + 1
                clear_page = status == 503 and CLEAR_PAGE in body
                self.clear_pages += clear_page
            if not (clear_page and resend_on_clear_page):
                return
            time.sleep(0.2)

    @property
    def status_5xx(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500) - self.clear_pages


def count(sql: str, params: list | tuple = ()) -> int:
    """A count from the benchmark's database, the values passed as query parameters."""
    probe = psycopg2.connect(**parse_url(PG_URL), application_name="bench-faults-probe")
    try:
        with probe, probe.cursor() as cursor:
            cursor.execute(sql, params)
            value = cursor.fetchone()[0]
    finally:
        probe.close()
    return int(value)


def routed(emails: list[str]) -> int:
    return count(
        "SELECT count(*) FROM matching_youthrequest WHERE state = 'routed' AND email = ANY(%s)", [list(emails)]
    )


def wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return predicate()


def scenario_redis(platform: Platform, redis: ThrowawayRedis, results: dict) -> None:
    tally, youth = Tally(), YouthFormClient(HOST, platform.port)
    worker = platform.worker("worker-redis", beat=True)
    try:
        for n in range(200):
            if n == 60:
                redis.kill()
            if n == 140:
                redis.start()
                recovered = time.monotonic()
            tally.post(youth, f"redis-{n}@example.org")
        all_routed = wait_for(lambda: routed(tally.emails) == len(tally.emails), timeout=300)
        results["routed_after_recovery_s"] = round(time.monotonic() - recovered, 1) if all_routed else None
    finally:
        worker.stop()
    results["scenarios"]["redis"] = tally


def scenario_worker(platform: Platform, smtp: SmtpServer, kills: int, results: dict) -> None:
    tally, youth = Tally(), YouthFormClient(HOST, platform.port)
    connect = parse_url(PG_URL)
    workers = []
    try:
        for round_ in range(kills):
            lock = RowLock("associations_association", **connect)
            try:
                workers.append(platform.worker(f"worker-routing-{round_}"))
                for n in range(10):
                    tally.post(youth, f"worker-{round_}-{n}@example.org")
                if not wait_for(lambda lock=lock: lock.waiters() > 0, timeout=60):
                    raise SystemExit("no routing waited for the lock")
                workers[-1].kill()
                results["tasks_killed"] += 1
            finally:
                lock.release()
            smtp.recorder.hold.set()
            smtp.recorder.holding.clear()
            workers.append(platform.worker(f"worker-sending-{round_}"))
            if not wait_for(smtp.recorder.holding.is_set, timeout=90):
                raise SystemExit("no e-mail reached the SMTP server")
            workers[-1].kill()
            results["tasks_killed"] += 1
            smtp.recorder.hold.clear()
        workers.append(platform.worker("worker-after-kills", beat=True))
        wait_for(lambda: routed(tally.emails) == len(tally.emails), timeout=120)
    finally:
        smtp.recorder.hold.clear()
        for worker in workers:
            worker.stop()
    results["scenarios"]["worker"] = tally


def scenario_smtp(platform: Platform, smtp: SmtpServer, results: dict) -> None:
    tally, youth = Tally(), YouthFormClient(HOST, platform.port)
    worker = platform.worker("worker-smtp", beat=True)
    try:
        smtp.stop()
        for n in range(30):
            tally.post(youth, f"smtp-{n}@example.org")
        time.sleep(20)  # several sweeps with the server down
        smtp.start()
        wait_for(lambda: routed(tally.emails) == len(tally.emails), timeout=120)
    finally:
        worker.stop()
    results["scenarios"]["smtp"] = tally


def scenario_database(platform: Platform, results: dict) -> None:
    tally = Tally()
    stop = threading.Event()
    terminated = 0

    def killer():
        nonlocal terminated
        while not stop.is_set():
            terminated += count(
                "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = %s AND datname = %s) AS t",
                [WEB_APPLICATION_NAME, DB_NAME],
            )
            time.sleep(0.3)

    def client(index: int):
        youth = YouthFormClient(HOST, platform.port)
        for n in range(25):
            tally.post(youth, f"database-{index}-{n}@example.org", resend_on_clear_page=True)

    worker = platform.worker("worker-database", beat=True)
    thread = threading.Thread(target=killer)
    thread.start()
    try:
        clients = [threading.Thread(target=client, args=(i,)) for i in range(4)]
        for each in clients:
            each.start()
        for each in clients:
            each.join()
    finally:
        stop.set()
        thread.join()
    try:
        wait_for(lambda: routed(tally.emails) == len(tally.emails), timeout=120)
    finally:
        worker.stop()
    results["connections_terminated"] = terminated
    results["scenarios"]["database"] = tally


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=2, help="rounds of worker kills (two kills each)")
    args = parser.parse_args()
    logs = ROOT / ".make" / "bench-faults"
    logs.mkdir(parents=True, exist_ok=True)
    redis, smtp = ThrowawayRedis(), SmtpServer()
    redis.start()
    smtp.start()
    platform = Platform(redis=redis, smtp=smtp, logs=logs)
    database_create(DB_NAME, {**platform.env, "PGAPPNAME": "bench-faults-setup"})
    setup = "from associations.models import Association; Association.objects.create(name='Bench', slug='bench', "
    setup += "contact_email='bench@example.org', departments=['69'], axes=['education', 'employment'], "
    setup += "intake_capacity=100000, mentor_capacity=10)"
    subprocess.run([sys.executable, "manage.py", "shell", "-c", setup], cwd=ROOT, env=platform.env, check=True)
    results = {"scenarios": {}, "tasks_killed": 0, "routed_after_recovery_s": None, "connections_terminated": 0}
    started = time.monotonic()
    try:
        platform.start()
        scenario_redis(platform, redis, results)
        scenario_worker(platform, smtp, args.kills, results)
        scenario_smtp(platform, smtp, results)
        scenario_database(platform, results)
        drain = platform.worker("worker-drain", beat=True)  # what the scenarios' workers left, e-mails mostly
        try:
            wait_for(lambda: count("SELECT count(*) FROM accounts_outboundemail WHERE status <> 'sent'") == 0, 600)
            time.sleep(2 * float(SWEEPERS_FAST["OUTBOX_SWEEP_EVERY_S"]))  # a sweep more: nothing goes out again
        finally:
            drain.stop()
        emails = sorted({email for tally in results["scenarios"].values() for email in tally.emails})
        stored = count("SELECT count(*) FROM matching_youthrequest WHERE email = ANY(%s)", [emails])
        routed_count = routed(emails)
        outbox = dict(
            line.split("|")
            for line in psql("SELECT status, count(*) FROM accounts_outboundemail GROUP BY status", DB_NAME).split()
        )
        deliveries = smtp_deliveries(smtp.messages)
    finally:
        platform.stop()
        smtp.stop()
        redis.kill()
        database_drop(DB_NAME)

    print(f"gunicorn 2 sync workers on the production settings, sweepers {SWEEPERS_FAST}, {os.cpu_count()} CPUs")
    print(f"{'scenario':<10} {'posted':>7} {'2xx/3xx':>8} {'5xx':>5} {'503 page':>9}")
    for name, tally in results["scenarios"].items():
        ok = sum(count for status, count in tally.statuses.items() if status < 400)
        print(f"{name:<10} {len(tally.emails):>7} {ok:>8} {tally.status_5xx:>5} {tally.clear_pages:>9}")
    sent = int(outbox.get("sent", 0))
    unsent = sum(int(n) for status, n in outbox.items() if status != "sent")
    expected_emails = 2 * len(emails)  # the tracking link and the routing, for each youth
    print(
        f"stored {stored}/{len(emails)}, routed {routed_count}, e-mails sent {sent}/{expected_emails} "
        f"(left unsent {unsent}), accepted by SMTP {sum(deliveries.values())} for {len(deliveries)} e-mails, "
        f"database connections terminated {results['connections_terminated']}, "
        f"{time.monotonic() - started:.0f} s in all"
    )
    summary = {
        "submitted": len(emails),
        "stored": stored,
        "lost": len(emails) - stored,
        "status_5xx": sum(tally.status_5xx for tally in results["scenarios"].values()),
        "database_503_pages": sum(tally.clear_pages for tally in results["scenarios"].values()),
        "routed_after_recovery_s": results["routed_after_recovery_s"],
        "tasks_killed": results["tasks_killed"],
        "tasks_lost": (len(emails) - routed_count) + max(0, expected_emails - sent),
        "emails_duplicated": sum(n - 1 for n in deliveries.values()),
        "emails_delivered": len(deliveries),
        "connections_terminated": results["connections_terminated"],
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
