"""Celery application: configured from Django settings (``CELERY_*``), tasks found in each app's tasks.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings.dev")

app = Celery("mentoring")
# A plain dict of the CELERY_* settings (see celery_settings.py), loaded when Celery first configures itself.
app.config_from_object("mentoring.celery_settings:CELERY")
app.autodiscover_tasks()
