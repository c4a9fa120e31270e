"""The public pages on a phone: the landing page and the youth form in Chromium emulating a mid-range phone.

Run from the repository root: ``python bench/frontend.py`` (re-runs itself with .venv's Python; needs Chromium at
``CHROMIUM_PATH``, /usr/bin/chromium by default).

- Collects the static files into a scratch folder with the production storage (compressed, fingerprinted) and
  serves the production settings with gunicorn on a fresh scratch database ``mentoring_bench_frontend`` (the public
  pages need no data), whitenoise serving the static files as in production.
- Opens each page ``BENCH_RUNS`` (5) times, each in a new browser context (cold cache), emulating a mid-range phone:
  4x CPU slowdown, "Slow 4G" (1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip), a 412x915 screen.
- Reports, per page, the largest contentful paint (median of the runs) and the bytes transferred on a first visit
  (compressed, as received), each file with its Content-Encoding and Cache-Control, then as its last line one JSON
  object: lcp_ms (the worse page's), first_visit_kb (the worse page's) and pages.
"""

import sys
from pathlib import Path

# bench/queue.py is named like the standard library's queue module: keep this folder off the import path.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).resolve().parent]

import http.client  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import PG_URL, SECRET_KEY, database_create, database_drop, reexec_in_venv  # noqa: E402

reexec_in_venv(__file__)

HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_PORT", "8961"))
DB_NAME = "mentoring_bench_frontend"
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PAGES = {"landing": "/", "youth form": "/trouver-un-mentor/"}
# Chrome DevTools' "Slow 4G" preset, the phone's CPU four times slower than this machine's.
NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
CPU_SLOWDOWN = 4


def lcp_and_bytes(browser, url: str) -> tuple[float, int, list[tuple[str, int, str]]]:
    """One cold visit: the largest contentful paint (ms) and the bytes received (headers and compressed bodies)."""
    context = browser.new_context(viewport={"width": 412, "height": 915}, device_scale_factor=2.6, is_mobile=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", NETWORK)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    received: dict[str, int] = {}
    urls: dict[str, str] = {}
    headers: dict[str, str] = {}  # how each file came: its compression and how long a browser may keep it
    cdp.on("Network.requestWillBeSent", lambda event: urls.__setitem__(event["requestId"], event["request"]["url"]))
    cdp.on(
        "Network.responseReceived",
        lambda event: headers.__setitem__(event["requestId"], served_as(event["response"].get("headers", {}))),
    )
    cdp.on(
        "Network.loadingFinished",
        lambda event: received.__setitem__(event["requestId"], int(event["encodedDataLength"])),
    )
    page.add_init_script(
        "window.__lcp = 0; new PerformanceObserver((list) => { for (const entry of list.getEntries()) {"
        " window.__lcp = entry.renderTime || entry.loadTime || entry.startTime; } })"
        ".observe({type: 'largest-contentful-paint', buffered: true});"
    )
    page.goto(url, wait_until="load")
    page.wait_for_timeout(1500)  # LCP settles after load; a real user's first input would finalise it
    lcp = page.evaluate("window.__lcp")
    files = sorted(
        (urls.get(rid, rid).replace(f"http://{HOST}:{PORT}", ""), size, headers.get(rid, ""))
        for rid, size in received.items()
    )
    context.close()
    return lcp, sum(received.values()), files


def served_as(headers: dict[str, str]) -> str:
    """The response's Content-Encoding and Cache-Control, e.g. ``gzip, max-age=315360000, public, immutable``."""
    lower = {name.lower(): value for name, value in headers.items()}
    return ", ".join(lower[name] for name in ("content-encoding", "cache-control") if lower.get(name))


def main():
    from playwright.sync_api import sync_playwright

    # The browser tests' check (tests/browser/conftest.py), before the database and static files are built for nothing.
    if shutil.which(CHROMIUM) is None:
        sys.exit(f"No Chromium at {CHROMIUM}: install Debian's (apt-get install chromium) or set CHROMIUM_PATH.")
    static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_PRODUCTION_STATIC": "1",
        "STATIC_ROOT": str(static_root),
        "DATABASE_URL": f"{PG_URL}/{DB_NAME}",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": HOST,
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("REDIS_URL", None)
    database_create(DB_NAME, env)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    (ROOT / ".make").mkdir(exist_ok=True)
    log = open(ROOT / ".make" / "bench-frontend-gunicorn.log", "w")  # noqa: SIM115 - closed with the process
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "bench.wsgi:application", "--config=python:mentoring.gunicorn_conf",
         f"--bind={HOST}:{PORT}", "--workers=2"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    results = {}
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection(HOST, PORT, timeout=2)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
            for name, path in PAGES.items():
                runs = [lcp_and_bytes(browser, f"http://{HOST}:{PORT}{path}") for _ in range(RUNS)]
                results[name] = {
                    "lcp_ms": statistics.median(run[0] for run in runs),
                    "kb": max(run[1] for run in runs) / 1024,
                    "files": runs[0][2],
                }
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        database_drop(DB_NAME)
        subprocess.run(["rm", "-rf", str(static_root)], check=False)

    print(f"Chromium, {CPU_SLOWDOWN}x CPU slowdown, Slow 4G (1.6 Mbit/s, 150 ms), cold cache, {RUNS} runs per page")
    print(f"{'page':<12} {'LCP ms':>8} {'first visit kB':>15}")
    for name, r in results.items():
        print(f"{name:<12} {r['lcp_ms']:>8.0f} {r['kb']:>15.1f}")
        for path, size, served in r["files"]:
            print(f"    {size / 1024:>7.1f} kB  {path[:90]}" + (f"  [{served}]" if served else ""))
    summary = {
        "lcp_ms": round(max(r["lcp_ms"] for r in results.values())),
        "first_visit_kb": round(max(r["kb"] for r in results.values()), 1),
        "pages": {name: {"lcp_ms": round(r["lcp_ms"]), "kb": round(r["kb"], 1)} for name, r in results.items()},
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
