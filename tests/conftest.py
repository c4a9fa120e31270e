"""Project-wide fixtures. With CI=true, any skipped test is a failure: CI must exercise every service."""

import copy
import os
import shutil

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

IN_CI = os.environ.get("CI") == "true"


def require(condition: bool, reason: str) -> None:
    """Skip (saying why) when a service the test needs is missing; fail instead under CI=true."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def require_postgres():
    require(connection.vendor == "postgresql", "needs PostgreSQL: set DATABASE_URL=postgres://...")


@pytest.fixture
def require_redis(settings):
    require(bool(settings.REDIS_URL), "needs Redis: set REDIS_URL=redis://...")


@pytest.fixture
def require_redis_server():
    require(shutil.which("redis-server") is not None, "needs the redis-server program (Debian: redis-server)")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, which must run every test: {report.longrepr}"


# The cache every test starts on. A test that swaps it (tests/mentoring/test_cache_outage.py) must give it back: the
# tests after it would otherwise run on a cache that fails open, and pass without testing their rate limits.
SUITE_CACHES = copy.deepcopy(settings.CACHES)


@pytest.fixture(autouse=True)
def _fresh_state():
    """Rate limits, cached state and the active language never leak from one test into the next."""
    assert settings.CACHES == SUITE_CACHES, f"an earlier test left CACHES = {settings.CACHES}"
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def fault_redis(require_redis_server):
    """A throwaway redis-server the test may kill and restart (tests/faults.py); never the machine's own."""
    from tests.faults import ThrowawayRedis

    server = ThrowawayRedis()
    server.start()
    yield server
    server.kill()


@pytest.fixture
def fault_smtp():
    """A real SMTP server of the test's own (aiosmtpd) that it may stop, restart or hang."""
    from tests.faults import SmtpServer

    server = SmtpServer()
    server.start()
    yield server
    server.recorder.hold.clear()
    server.stop()


# Hypothesis: a bounded run by default (CI), `make fuzz` (HYPOTHESIS_PROFILE=fuzz) for at least 10,000 examples per
# form. No deadline: a post through the real view runs queries, and a loaded machine would flag slow examples.
hypothesis_settings.register_profile(
    "ci",
    max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "10")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# HYPOTHESIS_MAX_EXAMPLES also bounds the long run, to time a sample of it (e.g. 1,000 examples of one form).
hypothesis_settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "10000")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
