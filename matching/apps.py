from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Mise en relation")

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
