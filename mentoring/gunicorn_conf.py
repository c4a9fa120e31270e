"""gunicorn's settings for the platform: the Dockerfile, docker-compose and the benchmarks start it with
``--config python:mentoring.gunicorn_conf``; options given on the command line (bind, workers) take precedence.

The application is loaded once in the master process, warmed up there, then forked: each worker starts with Django,
the task modules, the URL resolver, the translation catalogues and the list of communes already in memory (no slow
first requests), and shares those pages with the master instead of holding its own copy.

The access log never holds a secret link's token (a youth's tracking link, a parent's consent link, an invitation,
allauth's e-mail confirmation and password reset): ``TokenRedactingLogger`` masks it in every field of the line.
"""

import gc
import os
import re

# Each sync worker serves one request at a time, with about as many workers as cores: numpy's matrix products (the
# pairing pages' scorer) run on the worker's own thread. OpenBLAS would otherwise start a thread per core in every
# worker, threads that wait on one another as soon as the workers are busy (a product of a few milliseconds then
# takes tens). Set here, before the application (and numpy) is loaded; a value in the environment wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from django.apps import apps
from django.conf import settings
from django.urls import get_resolver
from django.utils import translation
from django.utils.module_loading import autodiscover_modules
from gunicorn.glogging import Logger

from associations.geography import communes_preload

preload_app = True
logger_class = "mentoring.gunicorn_conf.TokenRedactingLogger"

# A path segment that is a secret, after the prefix that announces it (see matching/urls.py, associations/urls.py,
# allauth's account URLs); the prefix stays, so the log still says which page was asked for.
SECRET_IN_PATH = re.compile(
    r"(/(?:suivi|accord-parental|invitation|confirm-email|password/reset/key)/)[^/?#\s\"]+", re.IGNORECASE
)
REDACTED = "[token]"


def redact(value):
    return SECRET_IN_PATH.sub(rf"\1{REDACTED}", value) if isinstance(value, str) else value


class TokenRedactingLogger(Logger):
    """gunicorn's logger (``logger_class``, as its documentation shows), writing the access log's fields (the
    request line, the path, the Referer of a page opened from a tracking page, every environ value) with the
    tokens of secret links masked."""

    def atoms(self, resp, req, environ, request_time):
        return {key: redact(value) for key, value in super().atoms(resp, req, environ, request_time).items()}


def when_ready(server):
    """Runs in the master once the application is loaded, before the first worker is forked."""
    if not apps.ready:  # started with --no-preload: each worker loads the application itself
        return
    autodiscover_modules("tasks")  # Celery's task modules, as a worker would find them
    get_resolver().url_patterns  # noqa: B018 - populates the resolver
    for language, _name in settings.LANGUAGES:
        translation.activate(language)  # loads the catalogues
    translation.deactivate()
    communes_preload()  # the official list of communes, read once instead of by each worker's first youth form
    # What is alive now lives as long as the process: keep the garbage collector from scanning it again (or
    # touching its pages, which would copy them into every worker).
    gc.freeze()
