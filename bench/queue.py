"""The staff review queue against a large table: 100,000 youth requests in PostgreSQL, 5,000 open in one association.

Run from the repository root: ``python bench/queue.py`` (re-runs itself with .venv's Python).

- Builds a fresh database ``mentoring_bench_queue`` on the local PostgreSQL: 20 associations, 100,000 requests in every
  state, 5,000 of them in the measured association's queue (routed, in review or contacted), the rest elsewhere or
  closed; then ANALYZE.
- Signs a coordinator in and requests the queue page in-process (the full middleware stack, templates included):
  the default view and two filtered views, 300 times each, plus the same number of a constant view through the same
  stack as the baseline. Reports p50/p95 and the number of SQL queries per page, which must not depend on the rows.
- Prints a table, then as its last line one JSON object: queue_p95_ms, queries, rows_in_db, ...
"""

import sys
from pathlib import Path

# This file is named like the standard library's queue module: keep its folder off the import path.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).resolve().parent]

import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from datetime import date, timedelta  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import PG_URL, SECRET_KEY, database_create, database_drop, percentile, psql, reexec_in_venv  # noqa: E402

reexec_in_venv(__file__)

DB_NAME = "mentoring_bench_queue"
ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
OPEN_IN_MEASURED = int(os.environ.get("BENCH_OPEN", "5000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "300"))

os.environ.update(
    DJANGO_SETTINGS_MODULE="bench.settings",
    DATABASE_URL=f"{PG_URL}/{DB_NAME}",
    SECRET_KEY=SECRET_KEY,
    ALLOWED_HOSTS="testserver",
    LOG_LEVEL="WARNING",
)
os.environ.pop("REDIS_URL", None)  # the queue page needs no cache or broker: measure the database and Django


def populate():
    import random

    from django.utils import timezone

    from accounts.models import User
    from associations.models import Association, StaffMembership
    from matching.enums import RequestState
    from matching.models import YouthRequest

    rng = random.Random(42)
    associations = [
        Association.objects.create(
            name=f"Association {n}",
            slug=f"assoc-{n}",
            contact_email=f"a{n}@example.org",
            departments=["75"],
            axes=["education", "employment"],
            intake_capacity=100_000,
        )
        for n in range(20)
    ]
    measured = associations[0]
    coordinator = User.objects.create_user("coordinator@example.org", "bench-password-0123")
    StaffMembership.objects.create(user=coordinator, association=measured, role="coordinator")
    now = timezone.now()
    queue_states = [RequestState.ROUTED, RequestState.IN_REVIEW, RequestState.CONTACTED]
    other_states = [RequestState.ACCEPTED, RequestState.DECLINED, RequestState.WITHDRAWN]
    first_names = ["Léa", "Yanis", "Inès", "Lucas", "Aïcha", "Hugo", "Chloé", "Mamadou", "Jade", "Noah"]
    batch = []
    for n in range(ROWS):
        if n < OPEN_IN_MEASURED:
            association, state = measured, rng.choice(queue_states)
        elif n < OPEN_IN_MEASURED * 2:
            association, state = measured, rng.choice(other_states)
        else:
            association = rng.choice(associations[1:])
            state = rng.choice(queue_states + other_states)
        age = rng.randint(11, 29)
        routed_at = now - timedelta(days=rng.randint(0, 60), minutes=rng.randint(0, 1440))
        axis = rng.choice(["education", "employment"])
        batch.append(
            YouthRequest(
                state=state,
                association=association,
                claimed_by=coordinator if state != RequestState.ROUTED and association == measured and n % 3 else None,
                first_name=rng.choice(first_names),
                last_name=f"Nom{n}",
                email=f"jeune{n}@example.org",
                birth_date=date(date.today().year - age, 1 + n % 12, 1 + n % 28),
                postal_code="75011",
                department="75",
                situation="student",
                need="orientation" if axis == "education" else "first_job",
                axis=axis,
                meeting_modes=["remote"],
                availability=["evenings"],
                languages=["fr"],
                description="Bench",
                consent_version="bench",
                consent_at=routed_at,
                created_at=routed_at,
                submitted_at=routed_at,
                routed_at=routed_at,
                closed_at=routed_at if state in other_states[1:] else None,
            )
        )
        if len(batch) == 5000:
            YouthRequest.objects.bulk_create(batch)
            batch = []
    YouthRequest.objects.bulk_create(batch)
    psql("ANALYZE", DB_NAME)
    return measured, coordinator


def measure(client, url: str, params: dict) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(20):
        client.get(url, params)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    query_count = len(queries.captured_queries)
    if os.environ.get("BENCH_SHOW_QUERIES"):
        for query in queries.captured_queries:
            print(query["time"], query["sql"][:300])
    assert response.status_code == 200, response.status_code
    timings = []
    for _ in range(REPEAT):
        began = time.perf_counter()
        client.get(url, params)
        timings.append(time.perf_counter() - began)
    if os.environ.get("BENCH_PROFILE") and params == {}:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.enable()
        for _ in range(20):
            client.get(url, params)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(35)
    return timings, query_count


def main():
    database_create(DB_NAME)
    import django

    django.setup()
    from django.test import Client
    from django.urls import reverse

    measured, coordinator = populate()
    from matching.models import YouthRequest

    rows = YouthRequest.objects.count()
    open_rows = YouthRequest.objects.filter(
        association=measured, state__in=["routed", "in_review", "contacted"]
    ).count()
    client = Client()
    client.force_login(coordinator)
    url = reverse("matching:request_queue", kwargs={"association": measured.slug})
    views = {
        "baseline": ("/bench/baseline/", {}),
        "queue default": (url, {}),
        "queue: minors, education": (url, {"minors": "yes", "axis": "education"}),
        "queue: unclaimed, waiting 14d": (url, {"claimed": "unclaimed", "waiting": "14", "sort": "newest"}),
        "queue: search": (url, {"q": "Nom42"}),
    }
    results = {}
    for name, (path, params) in views.items():
        timings, queries = measure(client, path, params)
        results[name] = {
            "p50_ms": 1000 * percentile(timings, 0.5),
            "p95_ms": 1000 * percentile(timings, 0.95),
            "mean_ms": 1000 * statistics.fmean(timings),
            "queries": queries,
        }
    from django.db import connections

    connections.close_all()
    database_drop(DB_NAME)

    print(f"{rows} youth requests in PostgreSQL, {open_rows} open in the measured association; {REPEAT} requests each")
    print(f"{'view':<32} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8} {'queries':>8}")
    for name, r in results.items():
        print(f"{name:<32} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['mean_ms']:>8.1f} {r['queries']:>8}")
    queue_views = [r for name, r in results.items() if name != "baseline"]
    summary = {
        "queue_p95_ms": round(max(r["p95_ms"] for r in queue_views), 1),
        "queue_p50_ms": round(max(r["p50_ms"] for r in queue_views), 1),
        "queries": max(r["queries"] for r in queue_views),
        "queries_by_view": {name: r["queries"] for name, r in results.items()},
        "rows_in_db": rows,
        "open_in_association": open_rows,
        "baseline_p95_ms": round(results["baseline"]["p95_ms"], 1),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
