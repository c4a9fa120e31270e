"""Celery's options: the CELERY_* Django settings, copied into a plain dict of Celery's own (lowercase) names when
Celery first configures itself (CELERY_TASK_ALWAYS_EAGER becomes task_always_eager, and so on).

Celery looks several options up on every task it sends; through django.conf.settings each lookup costs more than
a dict's, enough to double the cost of sending a task from a web request.
"""

from django.conf import settings

PREFIX = "CELERY_"
CELERY = {name[len(PREFIX) :].lower(): getattr(settings, name) for name in dir(settings) if name.startswith(PREFIX)}
