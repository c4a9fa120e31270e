"""Settings come from the environment: embedded defaults with nothing set, real services when configured."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, django; from django.conf import settings as s; django.setup(); print(json.dumps({"
    "'db': s.DATABASES['default']['ENGINE'], 'db_name': str(s.DATABASES['default']['NAME']),"
    "'cache': s.CACHES['default']['BACKEND'], 'cache_location': s.CACHES['default'].get('LOCATION', ''),"
    "'cache_options': s.CACHES['default'].get('OPTIONS', {}),"
    "'cache_fails_open': [s.DJANGO_REDIS_IGNORE_EXCEPTIONS, s.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS,"
    " s.RATELIMIT_FAIL_OPEN],"
    "'ratelimit_ip': s.RATELIMIT_IP_META_KEY,"
    "'eager': s.CELERY_TASK_ALWAYS_EAGER, 'broker': s.CELERY_BROKER_URL, 'email': s.EMAIL_BACKEND,"
    "'debug': s.DEBUG,"
    "'health_checks': s.DATABASES['default'].get('CONN_HEALTH_CHECKS'), 'proxies': s.TRUSTED_PROXIES}))"
)
SERVICE_VARS = (
    "DATABASE_URL",
    "REDIS_URL",
    "REDIS_CACHE_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "EMAIL_URL",
    "DEBUG",
    "TRUSTED_PROXIES",
)


def load_settings(module: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in SERVICE_VARS and not k.startswith("CELERY_")}
    clean.update(DJANGO_SETTINGS_MODULE=module, **env)
    return subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=clean, capture_output=True, text=True)


def probe(module: str, **env: str) -> dict:
    result = load_settings(module, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_embedded_defaults_need_no_service():
    found = probe("mentoring.settings.dev")
    assert found["db"] == "django.db.backends.sqlite3"
    assert found["db_name"].endswith("db.sqlite3")
    assert found["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert found["eager"] is True
    assert found["broker"] == "memory://"
    assert found["email"] == "django.core.mail.backends.console.EmailBackend"
    assert found["debug"] is True
    assert found["ratelimit_ip"] == "mentoring.http.client_ip"


def test_database_and_redis_urls_switch_to_real_services():
    found = probe(
        "mentoring.settings.dev",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/mentoring",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert found["db"] == "django.db.backends.postgresql"
    assert found["db_name"] == "mentoring"
    assert found["cache"] == "mentoring.cache.FailOpenRedisCache"  # django-redis
    assert found["cache_location"] == "redis://127.0.0.1:6379/1"
    # The cache fails open, logged, and gives up quickly on a Redis that hangs.
    assert found["cache_options"] == {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5}
    assert found["cache_fails_open"] == [True, True, True]
    assert found["eager"] is False
    assert found["broker"] == "redis://127.0.0.1:6379/0"
    assert found["health_checks"] is True  # a connection the server dropped is replaced, not failing a request


def test_smtp_is_configured_by_email_url():
    found = probe("mentoring.settings.dev", EMAIL_URL="smtp+tls://user:secret@smtp.example.org:587")
    assert found["email"] == "django.core.mail.backends.smtp.EmailBackend"


def test_production_refuses_to_start_without_secret_key():
    result = load_settings("mentoring.settings.prod", ALLOWED_HOSTS="mentoring.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = load_settings("mentoring.settings.prod", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_production_is_not_in_debug():
    found = probe("mentoring.settings.prod", SECRET_KEY="x" * 60, ALLOWED_HOSTS="mentoring.example.org")
    assert found["debug"] is False


def test_trusted_proxies_must_be_addresses_or_networks():
    result = load_settings("mentoring.settings.dev", TRUSTED_PROXIES="10.0.0.0/8,proxy.example")
    assert result.returncode != 0
    assert "proxy.example" in result.stderr


def test_trusted_proxies_are_read_as_networks():
    found = probe("mentoring.settings.dev", TRUSTED_PROXIES="10.0.0.0/8, 192.168.1.5,")
    assert found["proxies"] == ["10.0.0.0/8", "192.168.1.5/32"]
