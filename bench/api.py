"""The REST API's list and retrieve endpoints, timed over HTTP on national-scale data: gunicorn, production settings.

Run from the repository root: ``python bench/api.py`` (re-runs itself with .venv's Python).

- Builds the scratch database ``BENCH_DB`` (``mentoring_bench_api``) with ``bench/national.py``, the same data as
  bench/pages.py (6 associations, 200,000 youth requests, 20,000 mentors, 60,000 mentorships, 600,000 sessions), and
  an API key of the measured association (``associations.services.api_key_create``, read-only); Redis database
  ``BENCH_REDIS_DB`` (2) is the cache (the key's throttle counts; the rate is raised in bench/settings.py),
  flushed before and after.
- Counts the SQL queries of each endpoint once, in this process, and checks that it answers 200.
- Serves the project with gunicorn (``bench.settings``) and calls each endpoint with the key, ``BENCH_CLIENTS`` (4)
  concurrent clients, ``BENCH_REQUESTS`` (200) calls each after a warm-up; the baseline is a constant view through
  the same middleware, in the same run.
- Prints a table (p50, p95, queries, items per answer), then as its last line one JSON object: api_list_p95_ms (the
  worst list endpoint), api_retrieve_p95_ms (the worst retrieve endpoint), endpoints (name -> p50, p95, queries),
  baseline_p95_ms, rows (the tables and what the key's association holds).

``BENCH_SCALE=0.05`` divides every row count by twenty, for development; the figures that count are the full sizes.
The database is dropped at the end unless ``BENCH_KEEP_DB=1``; with ``BENCH_REUSE_DB=1`` a kept one is used as it is
when it was built with the same sizes and has exactly the migrations on disk applied (see bench/national.py's
``national_prepare``), and built afresh otherwise. Each run adds its own API key to it.
"""

import sys
from pathlib import Path

# bench/queue.py is named like the standard library's queue module: keep this folder off the import path.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).resolve().parent]

import json  # noqa: E402
import os  # noqa: E402
import urllib.parse  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    bench_env,
    database_drop,
    drive,
    gunicorn_start,
    gunicorn_stop,
    http_get,
    percentile,
    redis_flush,
    reexec_in_venv,
)

reexec_in_venv(__file__)

HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_PORT", "8942"))
DB_NAME = os.environ.get("BENCH_DB", "mentoring_bench_api")
REDIS_DB = int(os.environ.get("BENCH_REDIS_DB", "2"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
WARMUP = 8
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
# Reuse the database a previous run kept (BENCH_KEEP_DB=1) when it was built with the same sizes and migrations.
REUSE = bool(os.environ.get("BENCH_REUSE_DB"))

ENV = bench_env(DB_NAME, REDIS_DB, HOST)
os.environ.update(ENV)


def endpoints_to_call(national, token: str) -> dict[str, tuple[str, str]]:
    """name -> (path, "list" | "retrieve" | "baseline"), every list and retrieve endpoint of /api/v1/."""
    from django.test import Client

    from matching.models import Mentorship, YouthRequest

    mentorship = Mentorship.objects.filter(association__slug=national.association_slug).order_by("pk").first()
    searched = YouthRequest.objects.get(pk=national.request_id).last_name  # a name in the default queue
    # The queue's second page: the cursor that the first page's ``next`` gives.
    first = Client().get("/api/v1/requests/", headers={"authorization": f"Bearer {token}"}).json()
    second = urllib.parse.urlsplit(first["next"]) if first.get("next") else None
    endpoints = {
        "baseline": ("/bench/baseline/", "baseline"),
        "requests": ("/api/v1/requests/", "list"),
        "requests: next page": (f"{second.path}?{second.query}" if second else "/api/v1/requests/", "list"),
        "requests: accepted, minors, education": (
            "/api/v1/requests/?state=accepted&minors=yes&axis=education",
            "list",
        ),
        "requests: search": (f"/api/v1/requests/?q={searched}", "list"),
        "requests: 200 per page": ("/api/v1/requests/?page_size=200", "list"),
        "mentors": ("/api/v1/mentors/", "list"),
        "mentors: active": ("/api/v1/mentors/?state=active", "list"),
        "mentorships": ("/api/v1/mentorships/", "list"),
        "mentorship sessions": (f"/api/v1/mentorships/{mentorship.pk}/sessions/", "list"),
        "request": (f"/api/v1/requests/{national.request_id}/", "retrieve"),
        "mentor": (f"/api/v1/mentors/{national.mentor_id}/", "retrieve"),
        "mentorship": (f"/api/v1/mentorships/{mentorship.pk}/", "retrieve"),
    }
    return endpoints


def count_queries(endpoints, token: str) -> tuple[dict[str, int], dict[str, int]]:
    """The SQL queries of each endpoint, in-process, and how many items its answer holds."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(headers={"authorization": f"Bearer {token}"})
    counts, items = {}, {}
    for name, (path, _kind) in endpoints.items():
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code, response.content[:300])
        counts[name] = len(queries.captured_queries)
        if response["Content-Type"].startswith("application/json"):
            body = response.json()
            items[name] = len(body["results"]) if "results" in body else 1
    return counts, items


def association_rows(slug: str) -> dict[str, int]:
    from matching.enums import MentorState
    from matching.models import MentorProfile, Mentorship, SessionLog, YouthRequest

    return {
        "requests_measured": YouthRequest.objects.filter(association__slug=slug).count(),
        "mentors_measured": MentorProfile.objects.filter(association__slug=slug).count(),
        "active_mentors_measured": MentorProfile.objects.filter(
            association__slug=slug, state=MentorState.ACTIVE
        ).count(),
        "mentorships_measured": Mentorship.objects.filter(association__slug=slug).count(),
        "session_logs_measured": SessionLog.objects.filter(mentorship__association__slug=slug).count(),
    }


def main():
    redis_flush(REDIS_DB)
    import django

    from bench.national import national_prepare, national_sizes

    django.setup()
    national = national_prepare(DB_NAME, env=ENV, reuse=REUSE, **national_sizes(SCALE))
    print(f"database {DB_NAME} in {national.seconds:.0f} s ({national.steps}): {national.counts}", flush=True)
    from django.db import connections

    from accounts.models import User
    from associations.models import Association
    from associations.services import api_key_create

    _key, token = api_key_create(
        association=Association.objects.get(slug=national.association_slug),
        by=User.objects.get(pk=national.coordinator_id),
        name="bench",
        read_only=True,
    )
    endpoints = endpoints_to_call(national, token)
    queries, items = count_queries(endpoints, token)
    rows = {**national.counts, **association_rows(national.association_slug)}
    connections.close_all()
    redis_flush(REDIS_DB)  # the throttle's counts of the calls above
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json", "Accept-Encoding": "gzip"}
    server = gunicorn_start(ENV, HOST, PORT, WORKERS, "bench-api-gunicorn.log")
    results = {}
    try:
        for name, (path, kind) in endpoints.items():
            latencies = drive(lambda path=path: http_get(HOST, PORT, path, headers), REQUESTS, CLIENTS, WARMUP)
            results[name] = {
                "kind": kind,
                "p50_ms": 1000 * percentile(latencies, 0.5),
                "p95_ms": 1000 * percentile(latencies, 0.95),
                "requests": len(latencies),
                "queries": queries[name],
                "items": items.get(name, 0),
            }
            print(f"  {name}: p95 {results[name]['p95_ms']:.1f} ms", flush=True)
    finally:
        gunicorn_stop(server)
        redis_flush(REDIS_DB)
        if not os.environ.get("BENCH_KEEP_DB"):
            database_drop(DB_NAME)

    print(f"gunicorn {WORKERS} sync workers, {CLIENTS} concurrent clients, {os.cpu_count()} CPUs; rows: {rows}")
    print(f"{'endpoint':<44} {'kind':>8} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'items':>6}")
    for name, r in results.items():
        print(
            f"{name:<44} {r['kind']:>8} {r['requests']:>8} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} "
            f"{r['queries']:>8} {r['items']:>6}"
        )

    def worst(kind: str) -> float:
        return round(max(r["p95_ms"] for r in results.values() if r["kind"] == kind), 1)

    summary = {
        "api_list_p95_ms": worst("list"),
        "api_retrieve_p95_ms": worst("retrieve"),
        "baseline_p95_ms": round(results["baseline"]["p95_ms"], 1),
        "endpoints": {
            name: {
                "kind": r["kind"],
                "p50_ms": round(r["p50_ms"], 1),
                "p95_ms": round(r["p95_ms"], 1),
                "queries": r["queries"],
                "items": r["items"],
            }
            for name, r in results.items()
            if name != "baseline"
        },
        "rows": rows,
        "requests_per_endpoint": REQUESTS,
        "clients": CLIENTS,
        "workers": WORKERS,
        "build_s": round(national.seconds),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
