"""Youth-form POST throughput and latency under gunicorn, against PostgreSQL and Redis, with a same-run baseline.

Run from the repository root: ``python bench/intake.py`` (uses .venv's Python if run with another).

- A fresh database ``mentoring_bench`` on the local PostgreSQL (``synchronous_commit`` left as configured: on) and
  Redis databases 14 (Celery broker) and 15 (cache) are set up, then flushed again at the end.
- gunicorn serves the production settings (``bench.settings``: plain HTTP on the loopback, rate limit raised) with
  2 sync workers.
- 16 concurrent clients, each with its own cookies and CSRF token, as browsers would, in rounds: each round runs
  every scenario for a slice of time, so that the baseline and the intake share the machine's conditions (a slower
  minute on a shared host weighs on both, not on whichever scenario it happened to fall in):
  * baseline: the same POST (same body, same CSRF token) to a view returning a constant response, through the same
    middleware stack; and a bare GET of it, for reference;
  * intake: the youth form POST with a unique e-mail each time (a valid request, stored, its e-mail task enqueued).
- Prints a table, then as its last line one JSON object: intake_rps, baseline_rps, ratio, p50_ms, p99_ms, ...
"""

import sys
from pathlib import Path

# bench/queue.py is named like the standard library's queue module: keep this folder off the import path.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).resolve().parent]

import http.client  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    PG_URL,
    REDIS_URL,
    SECRET_KEY,
    YouthFormClient,
    database_create,
    database_drop,
    psql,
    redis_flush,
    redis_queue_length,
    reexec_in_venv,
)

reexec_in_venv(__file__)

HOST, PORT = "127.0.0.1", 8931
CLIENTS = 16
WORKERS = 2
DURATION_S = float(os.environ.get("BENCH_DURATION", "15"))  # measured seconds per scenario, over all rounds
ROUNDS = 5
WARMUP_S = 1.0  # at the start of each slice, not measured
SCENARIOS = ("baseline GET", "baseline POST", "intake")
DB_NAME = "mentoring_bench"

ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DATABASE_URL": f"{PG_URL}/{DB_NAME}",
    "REDIS_URL": f"{REDIS_URL}/14",
    "REDIS_CACHE_URL": f"{REDIS_URL}/15",
    "SECRET_KEY": SECRET_KEY,
    "ALLOWED_HOSTS": HOST,
    "LOG_LEVEL": "WARNING",
    "PYTHONPATH": str(ROOT),
}


def start_server() -> subprocess.Popen:
    log = open(ROOT / ".make" / "bench-gunicorn.log", "w")  # noqa: SIM115 - closed with the process
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "bench.wsgi:application",
            "--config=python:mentoring.gunicorn_conf",
            f"--bind={HOST}:{PORT}",
            f"--workers={WORKERS}",
            "--worker-class=sync",
            "--backlog=2048",
        ],
        cwd=ROOT,
        env=ENV,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, PORT, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start; see .make/bench-gunicorn.log")


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User + system CPU time consumed so far by each of these processes (Linux /proc), in seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    times = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        times[pid] = (int(fields[11]) + int(fields[12])) / ticks
    return times


def cpu_spent(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds spent between two readings by the processes alive at both (PostgreSQL backends come and go)."""
    return sum(after[pid] - before[pid] for pid in before.keys() & after.keys())


def process_groups(server: subprocess.Popen) -> dict[str, list[int]]:
    children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
    postgres = subprocess.run(["pgrep", "-f", "postgres"], capture_output=True, text=True).stdout.split()
    redis_pids = subprocess.run(["pgrep", "-f", "redis-server"], capture_output=True, text=True).stdout.split()
    return {
        "web": [server.pid, *map(int, children)],
        "postgres": list(map(int, postgres)),
        "redis": list(map(int, redis_pids)),
        "client": [os.getpid()],
    }


def run(scenario: str, clients: list[YouthFormClient], server: subprocess.Popen, duration: float) -> dict:
    """One slice: all clients on one scenario for ``duration`` seconds after a warm-up; raw figures."""
    counter = iter(range(10**9))
    lock = threading.Lock()
    latencies: list[float] = []
    failures: list[int] = []
    start_measuring = time.monotonic() + WARMUP_S
    stop = start_measuring + duration

    def work(client: YouthFormClient, index: int):
        while True:
            now = time.monotonic()
            if now >= stop:
                return
            if scenario == "baseline GET":
                method, path, body, expected = "GET", "/bench/baseline/", None, 200
            elif scenario == "baseline POST":
                method, path, body, expected = "POST", "/bench/baseline/", client.youth_form("x@example.org"), 200
            else:
                with lock:
                    n = next(counter)
                email = f"bench-{os.getpid()}-{scenario_run}-{index}-{n}@example.org"
                method, path, body, expected = "POST", "/trouver-un-mentor/", client.youth_form(email), 302
            began = time.perf_counter()
            status, _ = client.request(method, path, body)
            elapsed = time.perf_counter() - began
            if time.monotonic() >= start_measuring:
                with lock:
                    latencies.append(elapsed)
                    if status != expected:
                        failures.append(status)

    scenario_run = time.monotonic_ns()
    threads = [threading.Thread(target=work, args=(client, i)) for i, client in enumerate(clients)]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, start_measuring - time.monotonic()))
    groups = process_groups(server)  # after the warm-up, so that the workers' database connections are open
    cpu_before = {name: cpu_seconds(pids) for name, pids in groups.items()}
    for thread in threads:
        thread.join()
    cpu = {name: cpu_spent(cpu_before[name], cpu_seconds(pids)) for name, pids in groups.items()}
    return {"latencies": latencies, "failures": failures, "cpu": cpu, "seconds": duration}


def summarise(scenario: str, slices: list[dict]) -> dict:
    latencies = sorted(latency for piece in slices for latency in piece["latencies"])
    count = len(latencies)
    seconds = sum(piece["seconds"] for piece in slices)
    cpu = {name: sum(piece["cpu"][name] for piece in slices) for name in slices[0]["cpu"]}
    return {
        "scenario": scenario,
        "requests": count,
        "failures": sum(len(piece["failures"]) for piece in slices),
        "rps": count / seconds,
        "p50_ms": 1000 * latencies[count // 2],
        "p99_ms": 1000 * latencies[min(count - 1, int(count * 0.99))],
        "mean_ms": 1000 * statistics.fmean(latencies),
        # CPU milliseconds spent per request by each group of processes, while measuring.
        "cpu_ms": {name: 1000 * value / count for name, value in cpu.items()},
    }


def main():
    (ROOT / ".make").mkdir(exist_ok=True)
    synchronous_commit = psql("SHOW synchronous_commit")
    redis_flush(14, 15)
    database_create(DB_NAME, ENV)
    server = start_server()
    try:
        clients = [YouthFormClient(HOST, PORT) for _ in range(CLIENTS)]
        slices: dict[str, list[dict]] = {name: [] for name in SCENARIOS}
        for _round in range(ROUNDS):
            for name in SCENARIOS:
                slices[name].append(run(name, clients, server, DURATION_S / ROUNDS))
        results = [summarise(name, slices[name]) for name in SCENARIOS]
        stored = int(psql("SELECT count(*) FROM matching_youthrequest", DB_NAME))
        queued = redis_queue_length(14, "celery")  # no worker runs: each stored request's task waits there
    finally:
        server.terminate()
        server.wait(timeout=30)
        redis_flush(14, 15)
        database_drop(DB_NAME)

    print(f"gunicorn {WORKERS} sync workers, {CLIENTS} clients, ", end="")
    print(f"{DURATION_S:.0f} s per scenario in {ROUNDS} rounds, ", end="")
    print(f"PostgreSQL synchronous_commit={synchronous_commit}, {os.cpu_count()} CPUs")
    groups_names = ("web", "postgres", "redis", "client")
    print(
        f"{'scenario':<15} {'requests':>9} {'failures':>9} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'mean ms':>8}  "
        + "  ".join(f"{'cpu ' + name:>12}" for name in groups_names)
    )
    for r in results:
        print(
            f"{r['scenario']:<15} {r['requests']:>9} {r['failures']:>9} {r['rps']:>9.1f} "
            f"{r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f} {r['mean_ms']:>8.1f}  "
            + "  ".join(f"{r['cpu_ms'][name]:>9.2f} ms" for name in groups_names)
        )
    print("cpu columns: CPU time per request spent by the gunicorn workers, PostgreSQL, Redis and this load generator")
    get, post, intake = results
    print(f"youth requests stored: {stored}, tasks queued for them: {queued}")
    summary = {
        "intake_rps": round(intake["rps"], 1),
        "baseline_rps": round(post["rps"], 1),
        "ratio": round(intake["rps"] / post["rps"], 3),
        "p50_ms": round(intake["p50_ms"], 1),
        "p99_ms": round(intake["p99_ms"], 1),
        "baseline_get_rps": round(get["rps"], 1),
        "ratio_vs_get": round(intake["rps"] / get["rps"], 3),
        "intake_failures": intake["failures"],
        "stored_requests": stored,
        "queued_tasks": queued,
        "clients": CLIENTS,
        "workers": WORKERS,
        "synchronous_commit": synchronous_commit,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
