"""Test settings: the database and Redis come from the environment like everywhere else (CI sets both).

Celery runs eagerly unless a test starts a real worker (see tests/conftest.py); e-mails stay in memory.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production-0123456789abcdefghijklmnopqrstuvwxyz"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = env("TEST_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
# A queue of its own, so that a developer's worker on the same Redis never takes the tests' tasks.
CELERY_TASK_DEFAULT_QUEUE = "mentoring-tests"
ALLOWED_HOSTS = ["*"]
WEBHOOK_ALLOW_HTTP = True  # the tests' receiver is a local http server (its network is allowed by its fixture)
# A test that starts a real beat (tests/worker.py) runs one entry of the schedule, every second.
if TEST_BEAT_ENTRY := env("TEST_BEAT_ENTRY", default=""):
    CELERY_BEAT_SCHEDULE = {TEST_BEAT_ENTRY: {**CELERY_BEAT_SCHEDULE[TEST_BEAT_ENTRY], "schedule": 1.0}}  # noqa: F405
SITE_URL = "http://testserver"


# Serve static files straight from the finders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
