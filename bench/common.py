"""What the benchmarks share: running under the project's virtualenv, psql, a scratch database and Redis, percentiles.

Each benchmark first drops its own folder from sys.path (bench/queue.py would shadow the standard library's queue
module), puts the repository root there instead, then imports this module as ``bench.common``.
"""

import http.client
import os
import re
import subprocess
import sys
import urllib.parse
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379")
SECRET_KEY = "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ"


def reexec_in_venv(script: str) -> None:
    """Run the benchmark with .venv's Python (where Django and the rest are installed), whatever started it."""
    python = VENV / "bin" / "python"
    if Path(sys.prefix).resolve() != VENV.resolve() and python.exists() and not os.environ.get("BENCH_CHILD"):
        os.execve(str(python), [str(python), script, *sys.argv[1:]], {**os.environ, "BENCH_CHILD": "1"})


def psql(sql: str, database: str = "postgres") -> str:
    url = urllib.parse.urlsplit(PG_URL)
    command = ["psql", "-h", url.hostname, "-p", str(url.port or 5432), "-U", url.username or "postgres"]
    result = subprocess.run([*command, "-d", database, "-tAc", sql], capture_output=True, text=True, check=True)
    return result.stdout.strip()


def database_create(name: str, env: dict | None = None) -> None:
    """A fresh, migrated database ``name`` (dropped first if a previous run left it behind)."""
    database_drop(name)
    psql(f"CREATE DATABASE {name}")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)


def database_drop(name: str) -> None:
    psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def redis_flush(*databases: int) -> None:
    import redis

    for database in databases:
        redis.Redis.from_url(f"{REDIS_URL}/{database}").flushdb()


def redis_queue_length(database: int, key: str) -> int:
    import redis

    return redis.Redis.from_url(f"{REDIS_URL}/{database}").llen(key)


def percentile(values, fraction: float):
    """The value below which ``fraction`` of the values lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


# --- Serving the project under gunicorn and timing it over HTTP (bench/pages.py, bench/api.py) -------------------


def bench_env(database: str, redis_database: int, host: str, **extra: str) -> dict:
    """The environment of a benchmark served with ``bench.settings`` (production settings over plain HTTP) on the
    scratch database ``database``, with Redis database ``redis_database`` as broker and cache."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": f"{PG_URL}/{database}",
        "REDIS_URL": f"{REDIS_URL}/{redis_database}",
        "REDIS_CACHE_URL": f"{REDIS_URL}/{redis_database}",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": f"{host},testserver",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def gunicorn_start(env: dict, host: str, port: int, workers: int, log_name: str) -> subprocess.Popen:
    """gunicorn serving ``bench.wsgi`` with the project's gunicorn settings, once it answers /healthz."""
    import http.client
    import time

    (ROOT / ".make").mkdir(exist_ok=True)
    log = open(ROOT / ".make" / log_name, "w")  # noqa: SIM115 - closed with the process
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "bench.wsgi:application", "--config=python:mentoring.gunicorn_conf",
         f"--bind={host}:{port}", f"--workers={workers}", "--worker-class=sync", "--timeout=300"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(host, port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"gunicorn did not start; see .make/{log_name}")


def gunicorn_stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=60)


def gunicorn_workers(server: subprocess.Popen) -> list[int]:
    """The process ids of the server's workers (the master's children), from /proc."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def process_memory_mb(pid: int, field: str = "VmHWM") -> float:
    """A process's resident memory from /proc/<pid>/status: ``VmHWM`` its peak, ``VmRSS`` now (MiB)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


def process_peak_reset(pid: int) -> bool:
    """Start a process's peak resident memory (VmHWM) again from its current size (Linux: clear_refs 5)."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def http_get(host: str, port: int, path: str, headers: dict) -> tuple[int, float, int]:
    """One GET on a new connection, its body read to the end: status, seconds, body bytes."""
    import http.client
    import time

    began = time.perf_counter()
    connection = http.client.HTTPConnection(host, port, timeout=300)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    size = 0
    while chunk := response.read(65536):
        size += len(chunk)
    elapsed = time.perf_counter() - began
    connection.close()
    return response.status, elapsed, size


def drive(fetch, requests: int, clients: int, warmup: int = 8) -> list[float]:
    """``requests`` calls of ``fetch()`` (-> status, seconds, ...) shared by ``clients`` concurrent threads, after
    ``warmup`` calls; each call's latency. Fails on any status but 200."""
    import threading

    for _ in range(warmup):
        fetch()
    counter = iter(range(requests))
    lock = threading.Lock()
    latencies, failures = [], []

    def work():
        while True:
            with lock:
                if next(counter, None) is None:
                    return
            status, elapsed, *_rest = fetch()
            with lock:
                latencies.append(elapsed)
                if status != 200:
                    failures.append(status)

    threads = [threading.Thread(target=work) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures[:5]
    return latencies


class YouthFormClient:
    """A browser posting the youth form to the server at ``host:port``: its own cookies and CSRF token, one new
    connection per request (sync workers)."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}
        status, body = self.request("GET", "/trouver-un-mentor/")
        assert status == 200, status
        self.csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Accept-Language": "fr"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://{self.host}:{self.port}"
            headers["Referer"] = f"http://{self.host}:{self.port}/trouver-un-mentor/"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        payload = response.read().decode()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response.status, payload

    def youth_form(self, email: str) -> str:
        """The form's body, filled in for a 19-year-old in Lyon looking for a first job, with this e-mail."""
        fields = [
            ("csrfmiddlewaretoken", self.csrf),
            ("first_name", "Léa"),
            ("last_name", "Martin"),
            ("email", email),
            ("phone", "06 12 34 56 78"),
            ("birth_date", date(date.today().year - 19, 3, 14).isoformat()),
            ("postal_code", "69003"),
            ("commune", "Lyon"),
            ("situation", "student"),
            ("need", "first_job"),
            ("sectors", "digital"),
            ("sectors", "health"),
            ("meeting_modes", "remote"),
            ("availability", "evenings"),
            ("languages", "fr"),
            ("description", "Je cherche mon premier emploi et j'aimerais être accompagnée par un mentor."),
            ("consent", "on"),
            ("website", ""),
        ]
        return urllib.parse.urlencode(fields)

    def submit(self, email: str) -> tuple[int, str]:
        return self.request("POST", "/trouver-un-mentor/", self.youth_form(email))
