"""Celery's options: the CELERY_* Django settings, copied into a plain dict when Celery first configures itself.

Celery looks several options up on every task it sends; through django.conf.settings each lookup costs more than
a dict's, enough to double the cost of sending a task from a web request.
"""

from django.conf import settings

CELERY = {name: getattr(settings, name) for name in dir(settings) if name.startswith("CELERY_")}
