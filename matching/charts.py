"""What a dashboard chart is: its labels and series, drawn by Chart.js from json_script and read as a table.

A chart's figures come from one database aggregate (selectors/reports.py, selectors/platform.py); this module
only shapes them, gives the months of a dashboard's window in the platform's time zone, and keeps a dashboard's
figures in the cache for ``DASHBOARD_CACHE_SECONDS``: the aggregates read hundreds of thousands of rows at national
scale, so a dashboard shows figures a few minutes old, and says so.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format

MONTHS_SHOWN = 12


@dataclass
class Series:
    label: str
    values: list[float | int | None]
    kind: str = ""  # drawn as another chart type (a target's line over bars)


@dataclass
class Chart:
    """One chart of a dashboard: ``kind`` is a Chart.js type (bar, doughnut, line), ``labels`` the categories (or
    months), one series per dataset. The same figures make the data table behind the chart's toggle."""

    key: str
    title: str
    kind: str
    labels: list[str]
    series: list[Series]
    label_header: str = ""
    unit: str = ""
    note: str = ""
    stacked: bool = False
    horizontal: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def data_id(self) -> str:
        return f"chart-data-{self.key}"

    @property
    def data(self) -> dict:
        """What charts.js reads (through json_script): plain strings and numbers."""
        return {
            "kind": self.kind,
            "labels": [str(label) for label in self.labels],
            "series": [{"label": str(s.label), "values": s.values, "kind": s.kind} for s in self.series],
            "unit": str(self.unit),
            "stacked": self.stacked,
            "horizontal": self.horizontal,
        }

    @property
    def rows(self) -> list[tuple[str, list]]:
        return [(label, [s.values[i] for s in self.series]) for i, label in enumerate(self.labels)]

    @property
    def is_empty(self) -> bool:
        return not any(value for s in self.series if not s.kind for value in s.values)


def month_starts(today: date, count: int = MONTHS_SHOWN) -> list[date]:
    """The first days of the last ``count`` months, the current one last."""
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


def local_midnight(day: date) -> datetime:
    """The start of ``day`` in the platform's time zone, as an aware datetime for filters on timestamps."""
    return timezone.make_aware(datetime.combine(day, time.min))


def month_label(month: date) -> str:
    return date_format(month, "M Y")


def per_month(queryset: QuerySet, field_name: str, months: list[date]) -> list[int]:
    """How many rows of ``queryset`` fall in each of ``months`` by their ``field_name`` (one aggregate in the
    database, months cut in the current time zone), zero for months without any."""
    rows = (
        queryset.annotate(month=TruncMonth(field_name))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    counts = {(month.year, month.month): count for month, count in rows if month is not None}
    return [counts.get((month.year, month.month), 0) for month in months]


def median_delay_days(delays: QuerySet, field_name: str = "delay") -> float | None:
    """The median of a duration annotation, in days, computed by the database: the rows are numbered by the delay
    in a window and only the middle one (or two) comes back. None without any row."""
    middle = (
        delays.annotate(
            position=Window(RowNumber(), order_by=[F(field_name).asc(), F("pk").asc()]),
            total=Window(Count("pk")),
        )
        .filter(Q(position__gte=F("total") / 2.0) & Q(position__lte=F("total") / 2.0 + 1))
        .values_list(field_name, flat=True)
    )
    values = list(middle)
    if not values:
        return None
    average = sum(values, timedelta()) / len(values)
    return round(average / timedelta(days=1), 1)


# Part of the cache keys: bump it when the figures' shape changes (a chart added, say), so that a deployment never
# draws charts from figures an earlier version left in the cache.
FIGURES_VERSION = "v1"


@dataclass
class Figures:
    """A dashboard's figures (plain numbers, the same in every language) and when they were computed."""

    values: list | dict
    computed_at: datetime

    @property
    def cache_seconds(self) -> int:
        """How long the figures, and what the pages draw from them, stay in the cache."""
        return settings.DASHBOARD_CACHE_SECONDS

    @property
    def refresh_minutes(self) -> int:
        """How old the figures may get (0 when they are computed on every visit)."""
        seconds = settings.DASHBOARD_CACHE_SECONDS
        return max(1, round(seconds / 60)) if seconds else 0


def figures_cached(key: str, compute: Callable[[], list | dict], *, refresh: bool = False) -> Figures:
    """The figures kept in the cache under ``key`` for ``DASHBOARD_CACHE_SECONDS``, computed when missing (every time
    when the setting is 0, or when the cache does not answer: it fails open), or computed and stored anew with
    ``refresh`` (the beat job that keeps them ready before anyone asks)."""
    seconds = settings.DASHBOARD_CACHE_SECONDS
    if not seconds:
        return Figures(compute(), timezone.now())
    key = f"dashboard-figures:{FIGURES_VERSION}:{key}"
    if refresh:
        figures = Figures(compute(), timezone.now())
        cache.set(key, figures, seconds)
        return figures
    return cache.get_or_set(key, lambda: Figures(compute(), timezone.now()), seconds)
