"""The dashboards' figures, computed ahead of the visits that read them.

Their aggregates read the whole of an association's data (hundreds of thousands of rows at national scale): a beat
job computes them every ``DASHBOARD_REFRESH_EVERY_S``, shorter than the time the cache keeps them, so a coordinator
or an administrator opening a dashboard reads figures already there instead of waiting for them. Nothing is written
to the database.
"""

from django.conf import settings

from associations.models import Association

from ..dates import local_today
from ..selectors.platform import platform_figures
from ..selectors.reports import association_figures


def dashboard_figures_refresh() -> int:
    """Compute and keep the figures of every active association's dashboard and of the platform's; the number of
    dashboards refreshed (none when the figures are not kept: ``DASHBOARD_CACHE_SECONDS`` 0)."""
    if not settings.DASHBOARD_CACHE_SECONDS:
        return 0
    today = local_today()
    refreshed = 0
    for association in Association.objects.filter(is_active=True).order_by("pk"):
        association_figures(association=association, today=today, refresh=True)
        refreshed += 1
    platform_figures(today=today, refresh=True)
    return refreshed + 1
