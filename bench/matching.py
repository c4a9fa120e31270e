"""Scoring and batch matching at scale, on synthetic data (no database): the numbers issue 6 names.

Run from the repository root: ``python bench/matching.py`` (re-runs itself with .venv's Python).

(a) Explained top-10 suggestions for one youth among 10,000 active mentors (hard constraints, six criteria,
    reasons in words for the ten), 1,000 queries with different youths: p50/p99. Baseline in the same run: one
    numpy pass over the same arrays (the floor of any vectorised scorer).
(b) Batch matching of 200,000 youths x 20,000 mentors (capacities 1-3), ~20 candidate mentors per youth: scoring
    of the 4 million pairs with the same scorer, the optimal assignment (OR-Tools min-cost flow), its time and the
    process's peak memory, and the greedy assignment's total for comparison.

(c) The batch from the database, end to end: ``manage.py match_batch --association nat-0`` (dry run, the command's
    own code path: reading the requests and mentors, scoring, the optimal assignment, greedy, the report) against
    a scratch PostgreSQL database ``mentoring_bench_batch`` (``BENCH_BATCH_DB``) built by bench/national.py with
    200,000 accepted requests waiting and 20,000 active mentors in one association; timed in a process of its own,
    whose peak memory is reported (``BENCH_DB_YOUTHS``, ``BENCH_DB_MENTORS`` to change the sizes; ``BENCH_NO_DB=1``
    to skip it). ``BENCH_KEEP_DB=1`` keeps the database; ``BENCH_REUSE_DB=1`` then measures on it again without
    building it (its row counts are kept as the database's comment).

Prints a table, then as its last line one JSON object: suggest_p99_ms, batch_s, batch_peak_mb,
batch_score_over_greedy, batch_from_db_s, batch_from_db_peak_mb, ...
"""

import sys
from pathlib import Path

# bench/queue.py is named like the standard library's queue module: keep this folder off the import path.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).resolve().parent]

import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import time  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import PG_URL, SECRET_KEY, percentile, reexec_in_venv  # noqa: E402

reexec_in_venv(__file__)

DB_NAME = os.environ.get("BENCH_BATCH_DB", "mentoring_bench_batch")
DB_YOUTHS = int(os.environ.get("BENCH_DB_YOUTHS", "200000"))
DB_MENTORS = int(os.environ.get("BENCH_DB_MENTORS", "20000"))
DB_STEP = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] in ("--build-db", "--measure-db") else None
if DB_STEP:  # a child process of (c): production settings on the scratch database, no broker (nothing is sent)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings", DATABASE_URL=f"{PG_URL}/{DB_NAME}", SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="testserver", LOG_LEVEL="WARNING",
    )  # fmt: skip
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as manage.py runs the command
    os.environ.pop("REDIS_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings.dev")
import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402

from matching import batch, scoring  # noqa: E402

MENTORS_SUGGEST = int(os.environ.get("BENCH_MENTORS", "10000"))
QUERIES = int(os.environ.get("BENCH_QUERIES", "1000"))
YOUTHS_BATCH = int(os.environ.get("BENCH_YOUTHS", "200000"))
MENTORS_BATCH = int(os.environ.get("BENCH_BATCH_MENTORS", "20000"))
CANDIDATES = int(os.environ.get("BENCH_CANDIDATES", "20"))


def random_mentors(rng, n) -> scoring.MentorArrays:
    capacity = rng.integers(1, 4, n).astype(np.int16)
    department = rng.integers(0, 101, n).astype(np.int16)
    return scoring.MentorArrays(
        ids=np.arange(n, dtype=np.int64),
        active=rng.random(n) < 0.95,
        capacity=capacity,
        capacity_left=np.maximum(capacity - rng.integers(0, 2, n), 0).astype(np.int16),
        minors_ok=rng.random(n) < 0.8,
        meeting=(rng.integers(1, 32, n) | scoring.REMOTE_BIT).astype(np.uint32),
        availability=rng.integers(1, 8, n).astype(np.uint32),
        languages=(1 | rng.integers(0, 1 << 13, n) & rng.integers(0, 1 << 13, n)).astype(np.uint32),
        sectors=(rng.integers(0, 1 << 14, n) & rng.integers(0, 1 << 14, n)).astype(np.uint32),
        axes=rng.integers(1, 4, n).astype(np.uint32),
        department=department,
        region=(department % 18).astype(np.int16),
        mentor_type=rng.integers(0, 4, n).astype(np.int8),
    )


def random_youths(rng, n) -> scoring.YouthVector:
    department = rng.integers(0, 101, n).astype(np.int16)
    return scoring.YouthVector(
        minor=rng.random(n) < 0.4,
        meeting=rng.integers(1, 32, n).astype(np.uint32),
        availability=rng.integers(1, 8, n).astype(np.uint32),
        languages=np.ones(n, dtype=np.uint32),
        sectors=(rng.integers(0, 1 << 14, n) & rng.integers(0, 1 << 14, n)).astype(np.uint32),
        axis=rng.integers(1, 3, n).astype(np.uint32),
        department=department,
        region=(department % 18).astype(np.int16),
        pupil=rng.random(n) < 0.3,
        employment=rng.random(n) < 0.5,
    )


def one(youths: scoring.YouthVector, i: int) -> scoring.YouthVector:
    return scoring.YouthVector(**{name: getattr(youths, name)[i].item() for name in scoring.YOUTH_FIELDS})


def bench_suggest(rng) -> dict:
    mentors = random_mentors(rng, MENTORS_SUGGEST)
    mentors.active[:] = True
    youths = random_youths(rng, QUERIES)
    weights = scoring.Weights()
    baseline, timings, found = [], [], 0
    for i in range(QUERIES):
        youth = one(youths, i)
        began = time.perf_counter()
        _ = (mentors.sectors & youth.sectors) != 0  # the floor: one pass over one column
        baseline.append(time.perf_counter() - began)
        began = time.perf_counter()
        suggestions = scoring.suggest(youth, mentors, weights, k=10)
        timings.append(time.perf_counter() - began)
        found += len(suggestions)
    return {
        "suggest_p50_ms": 1000 * percentile(timings, 0.5),
        "suggest_p99_ms": 1000 * percentile(timings, 0.99),
        "baseline_p99_ms": 1000 * percentile(baseline, 0.99),
        "suggestions_per_query": found / QUERIES,
    }


def bench_batch(rng) -> dict:
    mentors = random_mentors(rng, MENTORS_BATCH)
    youths = random_youths(rng, YOUTHS_BATCH)
    youth_index = np.repeat(np.arange(YOUTHS_BATCH), CANDIDATES)
    mentor_index = rng.integers(0, MENTORS_BATCH, YOUTHS_BATCH * CANDIDATES)
    began = time.perf_counter()
    score = scoring.pair_scores(youths, mentors, youth_index, mentor_index, scoring.Weights())
    scored_s = time.perf_counter() - began
    eligible = score > 0
    youth_index, mentor_index, score = youth_index[eligible], mentor_index[eligible], score[eligible]
    arguments = {
        "youth": youth_index, "mentor": mentor_index, "score": score,
        "capacity": mentors.capacity_left * mentors.active, "n_youths": YOUTHS_BATCH,
    }  # fmt: skip
    began = time.perf_counter()
    best = batch.optimal(**arguments)
    optimal_s = time.perf_counter() - began
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    began = time.perf_counter()
    quick = batch.greedy(**arguments)
    greedy_s = time.perf_counter() - began
    return {
        "pairs": len(score),
        "score_s": scored_s,
        "optimal_s": optimal_s,
        "batch_s": scored_s + optimal_s,
        "batch_peak_mb": peak_mb,
        "matched": len(best),
        "greedy_matched": len(quick),
        "total": best.total,
        "greedy_total": quick.total,
        "greedy_s": greedy_s,
    }


def batch_from_db_build() -> None:
    from bench.national import national_build

    national = national_build(
        DB_NAME, env={**os.environ}, requests=DB_YOUTHS + 100, mentors=DB_MENTORS, active_mentors=DB_MENTORS,
        mentorships=3, sessions=30, batch_requests=DB_YOUTHS,
    )  # fmt: skip
    print(json.dumps(national.counts))


def batch_from_db_measure() -> None:
    """The command, timed in this process (its peak memory is the command's, plus Django's)."""
    import io

    from django.core.management import call_command

    output = io.StringIO()
    began = time.perf_counter()
    call_command("match_batch", association="nat-0", stdout=output)
    seconds = time.perf_counter() - began
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    summary = output.getvalue().strip().splitlines()[-2]  # "N pairs, total score ... (greedy ...), M unmatched"
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "summary": summary}))


def bench_batch_from_db() -> dict:
    import subprocess

    from bench.common import database_drop, psql

    script = str(Path(__file__).resolve())
    # nosec below: DB_NAME is the benchmark's own scratch database name, from its environment; the comment is JSON of
    # row counts.
    reuse = os.environ.get("BENCH_REUSE_DB") and psql(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'")  # nosec B608
    try:
        if reuse:  # kept by an earlier run (BENCH_KEEP_DB=1), with the same sizes
            counts = json.loads(psql("SELECT description FROM pg_shdescription JOIN pg_database d ON objoid = d.oid "
                                     f"WHERE d.datname = '{DB_NAME}'"))  # fmt: skip # nosec B608
        else:
            built = subprocess.run([sys.executable, script, "--build-db"], capture_output=True, text=True, check=True)
            counts = json.loads(built.stdout.strip().splitlines()[-1])
            psql(f"COMMENT ON DATABASE {DB_NAME} IS '{json.dumps(counts)}'")  # nosec B608
        measured = subprocess.run([sys.executable, script, "--measure-db"], capture_output=True, text=True, check=True)
        result = json.loads(measured.stdout.strip().splitlines()[-1])
    finally:
        if not os.environ.get("BENCH_KEEP_DB"):
            database_drop(DB_NAME)
    return {**result, "counts": counts}


def main():
    if DB_STEP == "--build-db":
        return batch_from_db_build()
    if DB_STEP == "--measure-db":
        return batch_from_db_measure()
    rng = np.random.default_rng(2026)
    suggest = bench_suggest(rng)
    result = bench_batch(rng)
    over = result["total"] / result["greedy_total"] - 1
    print(f"(a) suggestions: top 10 among {MENTORS_SUGGEST} active mentors, {QUERIES} queries")
    print(f"    p50 {suggest['suggest_p50_ms']:.2f} ms   p99 {suggest['suggest_p99_ms']:.2f} ms")
    print(f"    baseline (one numpy pass over one column) p99 {suggest['baseline_p99_ms']:.3f} ms")
    print(f"(b) batch: {YOUTHS_BATCH} youths x {MENTORS_BATCH} mentors, {result['pairs']} eligible pairs")
    print(f"{'':4}{'step':<24} {'seconds':>8} {'matched':>9} {'total score':>12}")
    print(f"{'':4}{'score the pairs':<24} {result['score_s']:>8.2f}")
    for label, seconds, matched, total in [
        ("optimal (min-cost flow)", result["optimal_s"], result["matched"], result["total"]),
        ("greedy (comparison)", result["greedy_s"], result["greedy_matched"], result["greedy_total"]),
    ]:
        print(f"{'':4}{label:<24} {seconds:>8.2f} {matched:>9} {total:>12.1f}")
    print(f"    peak memory {result['batch_peak_mb']:.0f} MB; optimal over greedy {100 * over:+.2f} %")
    from_db = None if os.environ.get("BENCH_NO_DB") else bench_batch_from_db()
    if from_db:
        print(
            f"(c) batch from PostgreSQL: match_batch (dry run), {from_db['counts']['accepted_waiting_measured']} "
            f"waiting requests x {from_db['counts']['active_mentors_measured']} active mentors"
        )
        print(f"    {from_db['seconds']:.1f} s, peak memory {from_db['peak_mb']:.0f} MB: {from_db['summary']}")
    summary = {
        "suggest_p99_ms": round(suggest["suggest_p99_ms"], 2),
        "suggest_p50_ms": round(suggest["suggest_p50_ms"], 2),
        "batch_s": round(result["batch_s"], 2),
        "batch_peak_mb": round(result["batch_peak_mb"]),
        "batch_score_over_greedy": round(over, 4),
        "batch_pairs": result["pairs"],
        "matched": result["matched"],
        "greedy_matched": result["greedy_matched"],
        "batch_from_db_s": round(from_db["seconds"], 1) if from_db else None,
        "batch_from_db_peak_mb": round(from_db["peak_mb"]) if from_db else None,
        "batch_from_db_rows": from_db["counts"] if from_db else None,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
