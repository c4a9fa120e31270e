"""Every page people open, timed over HTTP on national-scale data: gunicorn, production settings, PostgreSQL, Redis.

Run from the repository root: ``python bench/pages.py`` (re-runs itself with .venv's Python).

- Builds the scratch database ``BENCH_DB`` (``mentoring_bench_pages``) with ``bench/national.py`` (6 associations,
  200,000 youth requests, 20,000 mentors of which 10,000 active in the measured association, 60,000 mentorships,
  600,000 sessions, 3,000 alerts, 60 training sessions); Redis database ``BENCH_REDIS_DB`` (1) is the cache,
  flushed before and after. The coordinator and the platform administrator have an authenticator app (the staff
  pages require a second factor).
- Counts the SQL queries of each page once, in this process (the same views, middleware and templates), and checks
  that it answers 200; then times the processor time of ``BENCH_CPU_RUNS`` (30) more requests, one at a time (the
  median: Python's share of the page, the database's not counted).
- Serves the project with gunicorn (``bench.settings``: the production settings over plain HTTP, whitenoise) and
  drives each page as its user (session cookies), with ``BENCH_CLIENTS`` (4) concurrent clients and
  ``BENCH_REQUESTS`` (200) requests per page (``BENCH_BATCH_REQUESTS`` for the batch preview, 200 by default), after
  a warm-up; the baseline is a constant view through the same middleware, in the same run. The requests are sent in
  ``BENCH_ROUNDS`` (4) rounds over every page, each page's latencies pooled over the rounds.
- Then times the CSV export of all the measured association's requests end to end (``BENCH_EXPORT_RUNS``, 3, its
  streamed body read to the end) on a gunicorn with one worker, whose peak resident memory (VmHWM, reset before
  each run) is the export's.
- Prints a table (p50, p95, queries, processor ms per page), then as its last line one JSON object: pages (name ->
  p95 ms), worst_page_p95_ms (every page but the batch preview), suggest_page_p95_ms, batch_preview_p95_ms,
  baseline_p95_ms, queries, cpu_ms, rows, export_s (worst run), export_peak_mb (worst run), export_rows.

Sizes are parameters for development (``BENCH_SCALE=0.1`` divides every row count by ten); the figures that count
are those of the full sizes. ``BENCH_SKIP`` leaves pages out (``export`` for the export); ``BENCH_ONLY`` keeps only
the pages it names, separated by ``|`` (with the baseline).

The database is dropped at the end unless ``BENCH_KEEP_DB=1``. With ``BENCH_REUSE_DB=1``, a kept database is used
as it is, without building it again, when it was built with the same sizes and has exactly the migrations on disk
applied (bench/national.py records the build in the table ``bench_national_build``); otherwise it is built afresh.
``build_s`` is then 0 and ``build_steps`` says ``reused``. The pages write what they write on every visit (access
log, sessions), so a reused database differs from a fresh one by those rows only.
"""

import sys
from pathlib import Path

# bench/queue.py is named like the standard library's queue module: keep this folder off the import path.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).resolve().parent]

import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    bench_env,
    database_drop,
    drive,
    gunicorn_start,
    gunicorn_stop,
    gunicorn_workers,
    http_get,
    percentile,
    process_memory_mb,
    process_peak_reset,
    redis_flush,
    reexec_in_venv,
)

reexec_in_venv(__file__)

HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_PORT", "8941"))
DB_NAME = os.environ.get("BENCH_DB", "mentoring_bench_pages")
REDIS_DB = int(os.environ.get("BENCH_REDIS_DB", "1"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
BATCH_REQUESTS = int(os.environ.get("BENCH_BATCH_REQUESTS", str(REQUESTS)))
WARMUP = 8
# Each page's requests are sent in this many rounds, every page in turn in each round, and their latencies pooled: a
# slower stretch of the machine (other tenants of the host) falls on every page alike instead of on whichever page
# ran then.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "4"))
CPU_RUNS = int(os.environ.get("BENCH_CPU_RUNS", "30"))  # in-process requests per page for its processor time
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
# Reuse the database a previous run kept (BENCH_KEEP_DB=1) when it was built with the same sizes and migrations.
REUSE = bool(os.environ.get("BENCH_REUSE_DB"))
# Pages left out of a run (comma-separated names), e.g. one that takes minutes before its fix; reported as skipped.
SKIP = {name.strip() for name in os.environ.get("BENCH_SKIP", "").split(",") if name.strip()}
# Only these pages (names separated by "|", since some hold a comma), besides the baseline; for working on a few.
ONLY = {name.strip() for name in os.environ.get("BENCH_ONLY", "").split("|") if name.strip()}
EXPORT_RUNS = int(os.environ.get("BENCH_EXPORT_RUNS", "3"))

ENV = bench_env(DB_NAME, REDIS_DB, HOST)
os.environ.update(ENV)


def pages_to_drive(national) -> dict[str, tuple[str, str | None]]:
    """name -> (path, user id or None), for every page the issue names and every dashboard the URL conf has."""
    from django.urls import reverse

    from matching.models import YouthRequest
    from matching.tokens import tracking_token

    slug = national.association_slug
    staff, admin, mentor = national.coordinator_id, national.admin_id, national.mentor_user_id
    tracked = YouthRequest.objects.get(pk=national.tracking_request_id)
    space = {"association": slug}
    pages = {
        "baseline": ("/bench/baseline/", staff),
        "queue": (reverse("matching:request_queue", kwargs=space), staff),
        "queue: search": (reverse("matching:request_queue", kwargs=space) + "?q=Nom4242", staff),
        "queue: minors, education": (
            reverse("matching:request_queue", kwargs=space) + "?minors=yes&axis=education",
            staff,
        ),
        "request page": (reverse("matching:request_detail", kwargs={**space, "pk": national.request_id}), staff),
        "suggestions: adult": (
            reverse("matching:request_suggestions", kwargs={**space, "pk": national.adult_request_id}),
            staff,
        ),
        "suggestions: minor": (
            reverse("matching:request_suggestions", kwargs={**space, "pk": national.minor_request_id}),
            staff,
        ),
        "batch preview": (reverse("matching:batch_preview", kwargs=space), staff),
        "mentor queue": (reverse("matching:mentor_queue", kwargs=space), staff),
        "mentor page": (reverse("matching:mentor_detail", kwargs={**space, "pk": national.mentor_id}), staff),
        "pairs": (reverse("matching:pair_list", kwargs=space), staff),
        "pairs: silent": (reverse("matching:pair_list", kwargs=space) + "?filtre=sans-seance", staff),
        "mentor dashboard": (reverse("matching:dashboard"), mentor),
        "youth tracking": (reverse("matching:tracking", kwargs={"token": tracking_token(tracked.public_id)}), None),
        "platform overview": (reverse("matching:platform_overview"), admin),
        "unrouted queue": (reverse("matching:unrouted_queue"), admin),
        "alert queue": (reverse("matching:alert_queue", kwargs=space), staff),
        "alert queue: all": (reverse("matching:alert_queue", kwargs=space) + "?statut=toutes", staff),
        "training sessions": (reverse("matching:training_list", kwargs=space), staff),
        "association dashboard": (reverse("matching:association_dashboard", kwargs=space), staff),
        "platform dashboard": (reverse("matching:platform_dashboard"), admin),
    }
    pages.update(dashboards(slug, staff, admin, known={path for path, _user in pages.values()}))
    return pages


def dashboards(slug: str, staff: int, admin: int, known: set[str]) -> dict[str, tuple[str, int]]:
    """Every GET page whose URL name says it is a dashboard or statistics, with no argument but the association."""
    from django.urls import NoReverseMatch, get_resolver, reverse

    found = {}

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif pattern.name and re.search(r"dashboard|stat|tableau|indicat|overview", pattern.name):
                name = f"{namespace}{pattern.name}"
                for kwargs, user in (({}, staff), ({"association": slug}, staff), ({}, admin)):
                    try:
                        path = reverse(name, kwargs=kwargs)
                    except NoReverseMatch:
                        continue
                    if path not in known:
                        found[f"dashboard {name}"] = (path, admin if name.startswith("matching:platform") else user)
                    break

    walk(get_resolver().url_patterns)
    return found


def count_queries(pages) -> tuple[dict[str, int], dict[str, str], dict[str, float]]:
    """The SQL queries of each page, in-process, the session cookie of each user, and the median processor time
    this process spends on each page (``CPU_RUNS`` requests, one at a time: Python's share of the page, the
    database's excluded; steadier than latencies on a shared machine)."""
    import statistics
    import time

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    clients, cookies, counts, cpu = {}, {}, {}, {}
    for name, (path, user_id) in pages.items():
        if user_id not in clients:
            client = Client()
            if user_id is not None:
                client.force_login(User.objects.get(pk=user_id))
                cookies[user_id] = client.cookies["sessionid"].value
            clients[user_id] = client
        client = clients[user_id]
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        counts[name] = len(queries.captured_queries)
        runs = []
        for _ in range(CPU_RUNS if name != "batch preview" else max(1, CPU_RUNS // 5)):
            began = time.process_time()
            client.get(path)
            runs.append(1000 * (time.process_time() - began))
        cpu[name] = statistics.median(runs)
    return counts, cookies, cpu


def get(path: str, cookie: str | None) -> tuple[int, float, int]:
    headers = {"Accept-Language": "fr", "Accept-Encoding": "gzip"}
    if cookie:
        headers["Cookie"] = f"sessionid={cookie}"
    return http_get(HOST, PORT, path, headers)


def export_measure(path: str, cookie: str) -> dict:
    """The CSV export timed end to end (its streamed body read to the end), ``EXPORT_RUNS`` times, on a gunicorn of
    its own with one worker: the peak resident memory of that worker while it streams (VmHWM, reset before each
    run), the worst over the runs."""
    server = gunicorn_start(ENV, HOST, PORT, 1, "bench-pages-export-gunicorn.log")
    try:
        (worker,) = gunicorn_workers(server)
        get("/bench/baseline/", cookie)
        idle_mb = process_memory_mb(worker, "VmRSS")
        seconds, peaks, size = [], [], 0
        for _ in range(EXPORT_RUNS):
            reset = process_peak_reset(worker)
            status, elapsed, size = get(path, cookie)
            assert status == 200, (path, status)
            seconds.append(elapsed)
            peaks.append(process_memory_mb(worker, "VmHWM"))
    finally:
        gunicorn_stop(server)
    return {
        "export_s": round(max(seconds), 2),
        "export_runs_s": [round(value, 2) for value in seconds],
        "export_peak_mb": round(max(peaks), 1),
        "export_worker_idle_mb": round(idle_mb, 1),
        "export_peak_reset_each_run": reset,
        "export_bytes": size,
    }


def main():
    redis_flush(REDIS_DB)
    import django

    from bench.national import national_prepare, national_sizes

    django.setup()
    national = national_prepare(DB_NAME, env=ENV, reuse=REUSE, **national_sizes(SCALE))
    print(f"database {DB_NAME} in {national.seconds:.0f} s ({national.steps}): {national.counts}", flush=True)
    pages = {
        name: page
        for name, page in pages_to_drive(national).items()
        if name not in SKIP and (not ONLY or name in ONLY or name == "baseline")
    }
    queries, cookies, cpu = count_queries(pages)
    from django.db import connections
    from django.urls import reverse

    from matching.models import YouthRequest

    export_path = reverse(
        "matching:association_export", kwargs={"association": national.association_slug, "kind": "demandes"}
    )
    export_rows = YouthRequest.objects.filter(association__slug=national.association_slug).count()
    connections.close_all()
    server = gunicorn_start(ENV, HOST, PORT, WORKERS, "bench-pages-gunicorn.log")
    results, export = {}, {}
    try:
        latencies = {name: [] for name in pages}
        for round_ in range(ROUNDS):
            for name, (path, user_id) in pages.items():
                count = BATCH_REQUESTS if name == "batch preview" else REQUESTS
                share = count // ROUNDS + (1 if round_ < count % ROUNDS else 0)
                cookie = cookies.get(user_id)
                warmup = WARMUP if round_ == 0 else 0
                latencies[name] += drive(lambda path=path, cookie=cookie: get(path, cookie), share, CLIENTS, warmup)
                if round_ == ROUNDS - 1:
                    results[name] = {
                        "p50_ms": 1000 * percentile(latencies[name], 0.5),
                        "p95_ms": 1000 * percentile(latencies[name], 0.95),
                        "requests": len(latencies[name]),
                        "queries": queries[name],
                        "cpu_ms": cpu[name],
                    }
                    print(f"  {name}: p95 {results[name]['p95_ms']:.1f} ms", flush=True)
        gunicorn_stop(server)
        server = None
        if "export" not in SKIP and (not ONLY or "export" in ONLY):
            export = export_measure(export_path, cookies[national.coordinator_id])
            print(f"  export demandes ({export_rows} rows): {export['export_s']} s, "
                  f"peak {export['export_peak_mb']} MB", flush=True)  # fmt: skip
    finally:
        if server is not None:
            gunicorn_stop(server)
        redis_flush(REDIS_DB)
        if not os.environ.get("BENCH_KEEP_DB"):
            database_drop(DB_NAME)

    print(
        f"gunicorn {WORKERS} sync workers, {CLIENTS} concurrent clients, {os.cpu_count()} CPUs; rows: {national.counts}"
    )
    print(f"{'page':<44} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'cpu ms':>8}")
    for name, r in results.items():
        print(
            f"{name:<44} {r['requests']:>8} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['queries']:>8} "
            f"{r['cpu_ms']:>8.1f}"
        )
    if export:
        print(
            f"export demandes: {export_rows} rows, {export['export_bytes']} bytes, {export['export_runs_s']} s, "
            f"worker peak {export['export_peak_mb']} MB (idle {export['export_worker_idle_mb']} MB)"
        )
    measured = {name: r for name, r in results.items() if name != "baseline"}
    summary = {
        "pages": {name: round(r["p95_ms"], 1) for name, r in measured.items()},
        "worst_page_p95_ms": round(max(r["p95_ms"] for name, r in measured.items() if name != "batch preview"), 1),
        "suggest_page_p95_ms": max(
            (round(r["p95_ms"], 1) for name, r in measured.items() if name.startswith("sugg")), default=None
        ),
        "batch_preview_p95_ms": round(results["batch preview"]["p95_ms"], 1) if "batch preview" in results else None,
        "skipped": sorted(SKIP),
        "baseline_p95_ms": round(results["baseline"]["p95_ms"], 1),
        "queries": {name: r["queries"] for name, r in measured.items()},
        "cpu_ms": {name: round(r["cpu_ms"], 1) for name, r in measured.items()},
        "rows": national.counts,
        "requests_per_page": REQUESTS,
        "rounds": ROUNDS,
        "batch_requests": BATCH_REQUESTS,
        "clients": CLIENTS,
        "build_s": round(national.seconds),
        "build_steps": national.steps,
        **export,
        "export_rows": export_rows,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
