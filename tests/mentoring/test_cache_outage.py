"""With the cache's Redis down or hung, the public doors still work: the cache fails open, logged, and quickly.

Each test starts a throwaway redis-server of its own (never the machine's shared one), points the cache at it, then
kills it or stops it (SIGSTOP: connections are accepted, nothing answers). Celery stays eager.
"""

import os
import shutil
import signal
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from matching.models import MentorProfile, YouthRequest
from tests.accounts.factories import PASSWORD, UserFactory
from tests.associations.factories import AssociationFactory, StaffMembershipFactory, api_key_for
from tests.conftest import require
from tests.matching.form_data import mentor_form_data, youth_form_data

pytestmark = pytest.mark.django_db

ANSWER_WITHIN_S = 2.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def throwaway_redis():
    binary = shutil.which("redis-server")
    require(binary is not None, "needs the redis-server binary (Debian package redis-server)")
    port = _free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port, socket_timeout=0.2)
    try:
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        else:
            pytest.fail("the throwaway redis-server did not start")
        yield server, port
    finally:
        client.close()
        if server.poll() is None:
            os.kill(server.pid, signal.SIGCONT)
            server.kill()
            server.wait(timeout=5)


@pytest.fixture(params=["down", "hung"])
def broken_cache(request, throwaway_redis, settings):
    """The default cache on the throwaway Redis (as mentoring/settings/base.py configures it), which then fails."""
    server, port = throwaway_redis
    options = settings.CACHES["default"].get("OPTIONS", {})
    failing = {
        "BACKEND": "mentoring.cache.FailOpenRedisCache",
        "LOCATION": f"redis://127.0.0.1:{port}/0",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5, **options},
    }
    # Through pytest-django's settings fixture, as the tests' own settings.X = ...: one stack of overrides, undone in
    # reverse order. (An override_settings block here would be undone before theirs, which would then restore the
    # failing cache for every later test.)
    settings.CACHES = {"default": failing}
    cache.set("alive", 1)  # the cache works, with a pooled connection, until:
    if request.param == "down":
        server.kill()
        server.wait(timeout=5)
    else:
        os.kill(server.pid, signal.SIGSTOP)
    return request.param


@pytest.fixture
def timed(client):
    def send(method, url, data=None):
        started = time.monotonic()
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        elapsed = time.monotonic() - started
        assert response.status_code < 500
        assert elapsed < ANSWER_WITHIN_S, f"answered in {elapsed:.2f} s"
        return response

    return send


@pytest.mark.usefixtures("broken_cache")
class TestTheCacheFailsOpen:
    def test_the_youth_form_stores_the_request(self, timed, caplog):
        response = timed("post", reverse("matching:youth_request_create"), youth_form_data())

        assert response.status_code == 302
        assert response.url == reverse("matching:youth_request_sent")
        assert YouthRequest.objects.filter(email="lea.martin@example.org").exists()
        assert any(record.name == "django_redis.cache" for record in caplog.records)  # logged

    def test_login_works(self, timed):
        user = UserFactory(email="coord@example.org")
        assert timed("get", reverse("account_login")).status_code == 200

        response = timed("post", reverse("account_login"), {"login": user.email, "password": PASSWORD})

        assert response.status_code == 302

    def test_mentor_sign_up_works(self, timed):
        url = reverse("matching:mentor_signup")
        assert timed("get", url).status_code == 200

        response = timed("post", url, MENTOR)

        assert response.status_code == 302
        assert MentorProfile.objects.filter(user=User.objects.get(email="thomas@example.org")).exists()

    def test_the_dashboards_compute_their_figures(self, timed, client):
        membership = StaffMembershipFactory()
        client.force_login(membership.user)

        url = reverse("matching:association_dashboard", kwargs={"association": membership.association.slug})
        response = timed("get", url)

        assert response.status_code == 200
        assert response.content.decode().count("<canvas") == 9


MENTOR = mentor_form_data()


def test_a_redis_that_answers_again_is_used_again(throwaway_redis, settings):
    server, port = throwaway_redis
    settings.REDIS_CACHE_RETRY_AFTER = 0.3
    location = f"redis://127.0.0.1:{port}/0"
    cache_settings = {"BACKEND": "mentoring.cache.FailOpenRedisCache", "LOCATION": location}
    with override_settings(CACHES={"default": {**cache_settings, "OPTIONS": {"SOCKET_TIMEOUT": 0.3}}}):
        assert cache.add("key", 1) is True
        assert cache.add("key", 2) is False  # Redis answers: add keeps its meaning
        os.kill(server.pid, signal.SIGSTOP)
        assert cache.get("key") is None  # a miss after one timeout
        started = time.monotonic()
        assert cache.add("other", 1) is True  # failing open, without asking Redis again
        assert time.monotonic() - started < 0.1
        os.kill(server.pid, signal.SIGCONT)
        time.sleep(0.4)

        assert cache.get("key") == 1


def test_the_api_s_rate_limit_lets_calls_through_when_the_cache_is_down(broken_cache, settings):
    settings.API_RATE_PER_KEY = "1/min"
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_key_for(AssociationFactory(slug='a'))}")

    answers = [client.get(reverse("api:request-list")).status_code for _ in range(3)]

    assert answers == [200, 200, 200]
