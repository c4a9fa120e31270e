"""Benchmark settings: the production settings, served over plain HTTP on the loopback, with a baseline view.

Only what a loopback benchmark needs differs from production: no HTTPS redirect or secure-only cookies (the load
generator speaks plain HTTP), plain static storage (no collectstatic; bench/frontend.py collects them with the
production storage instead), and the intake and API rate limits raised so that one client address (one API key) can
post (call) thousands of times.
"""

import os

from mentoring.settings.prod import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
if os.environ.get("BENCH_PRODUCTION_STATIC"):  # bench/frontend.py: collected, compressed, fingerprinted, as deployed
    STATIC_ROOT = os.environ["STATIC_ROOT"]
else:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
INTAKE_RATE_PER_ADDRESS = "1000000000/h"
API_RATE_PER_KEY = "1000000000/min"  # bench/api.py calls with one key, thousands of times a minute
