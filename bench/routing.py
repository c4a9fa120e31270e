"""Submit → routed through a real Celery worker and Redis: how long a young person's request waits for its association.

Run from the repository root: ``python bench/routing.py`` (re-runs itself with .venv's Python).

- A fresh database ``mentoring_bench_routing`` on the local PostgreSQL with 20 associations; Redis database 13 as
  the broker (flushed before and after); a ``celery worker`` (2 processes) started for the run.
- 500 requests are submitted through the intake service at a steady 25 per second (each commits, then enqueues its
  task on commit, as the web view does). The worker sends the tracking e-mail and routes each request.
- The latency of each request is ``routed_at - submitted_at``, both stamped by the database's writers on this
  machine's clock. Baseline in the same run: a broker round trip to the worker and back (celery control ping).
- Prints a table, then as its last line one JSON object: routing_p50_ms, routing_p95_ms, ...
"""

import sys
from pathlib import Path

# bench/queue.py is named like the standard library's queue module: keep this folder off the import path.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).resolve().parent]

import json  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from datetime import date  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    PG_URL,
    REDIS_URL,
    SECRET_KEY,
    database_create,
    database_drop,
    percentile,
    redis_flush,
    reexec_in_venv,
)

reexec_in_venv(__file__)

DB_NAME = "mentoring_bench_routing"
COUNT = int(os.environ.get("BENCH_COUNT", "500"))
RATE = float(os.environ.get("BENCH_RATE", "25"))

ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DATABASE_URL": f"{PG_URL}/{DB_NAME}",
    "REDIS_URL": f"{REDIS_URL}/13",
    "REDIS_CACHE_URL": f"{REDIS_URL}/12",
    "EMAIL_URL": "dummymail://",
    "SECRET_KEY": SECRET_KEY,
    "ALLOWED_HOSTS": "localhost",
    "LOG_LEVEL": "WARNING",
    "PYTHONPATH": str(ROOT),
}
os.environ.update(ENV)


def main():
    database_create(DB_NAME, ENV)
    redis_flush(12, 13)
    import django

    django.setup()
    from django.db import connections

    from associations.models import Association
    from matching.models import YouthRequest
    from matching.services.requests import request_submit
    from mentoring.celery import app

    for n in range(20):
        Association.objects.create(
            name=f"Association {n}",
            slug=f"assoc-{n}",
            contact_email=f"a{n}@example.org",
            departments=["75"] if n < 10 else ["69"],
            axes=["education", "employment"],
            intake_capacity=10_000,
        )

    log = open(ROOT / ".make" / "bench-routing-worker.log", "w")  # noqa: SIM115 - closed with the worker
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "mentoring", "worker", "--concurrency=2",
         "--without-gossip", "--without-mingle", "--loglevel=warning"],
        cwd=ROOT, env=ENV, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=1.0, destination=None) and time.monotonic() < deadline:
            time.sleep(0.5)

        # Baseline: a round trip through Redis to the worker and back (a control ping), measured in the same run.
        baseline = []
        for _ in range(100):
            began = time.perf_counter()
            assert app.control.ping(timeout=2.0, limit=1), "the worker did not answer"
            baseline.append(time.perf_counter() - began)
        began_at = time.monotonic()
        birth = date(date.today().year - 20, 5, 17)
        for n in range(COUNT):
            target = began_at + n / RATE
            pause = target - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            request_submit(
                first_name="Léa", last_name=f"Bench{n}", email=f"route{n}@example.org", birth_date=birth,
                postal_code="75011" if n % 2 else "69003", situation="student", need="first_job",
                meeting_modes=["remote"], availability=["evenings"], languages=["fr"], description="Bench",
                language="fr",
            )  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if YouthRequest.objects.filter(routed_at__isnull=True).count() == 0:
                break
            time.sleep(0.5)
        rows = list(YouthRequest.objects.values_list("submitted_at", "routed_at", "state"))
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.close()
        connections.close_all()
        redis_flush(12, 13)
        database_drop(DB_NAME)

    latencies = [1000 * (routed - submitted).total_seconds() for submitted, routed, _ in rows if routed]
    unrouted = sum(1 for *_, routed_state in rows if routed_state != "routed")
    print(f"{len(rows)} requests submitted at {RATE:.0f}/s through PostgreSQL, Redis and a celery worker (2 processes)")
    print(f"{'measure':<28} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    print(
        f"{'submit -> routed':<28} {percentile(latencies, 0.5):>8.1f} {percentile(latencies, 0.95):>8.1f} "
        f"{max(latencies):>8.1f}"
    )
    baseline_ms = [1000 * b for b in baseline]
    print(f"{'worker ping (baseline)':<28} {percentile(baseline_ms, 0.5):>8.1f} {percentile(baseline_ms, 0.95):>8.1f}")
    summary = {
        "routing_p50_ms": round(percentile(latencies, 0.5), 1),
        "routing_p95_ms": round(percentile(latencies, 0.95), 1),
        "routing_max_ms": round(max(latencies), 1),
        "routed": len(latencies),
        "not_routed": unrouted,
        "submitted": len(rows),
        "rate_per_s": RATE,
        "baseline_ping_p95_ms": round(percentile(baseline_ms, 0.95), 1),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
