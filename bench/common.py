"""What the benchmarks share: running under the project's virtualenv, psql, a scratch database and Redis, percentiles.

Each benchmark first drops its own folder from sys.path (bench/queue.py would shadow the standard library's queue
module), puts the repository root there instead, then imports this module as ``bench.common``.
"""

import os
import subprocess
import sys
import urllib.parse
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
