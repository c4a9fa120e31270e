"""Days and ages in the platform's time zone (Europe/Paris), the one way they are computed.

"Today" is the local date, never the UTC one: between midnight and 1 or 2 am in Paris, the UTC date is still
yesterday, and a youth on their birthday would be a year younger for the service than for the form. Ages and
"N years before" handle 29 February: someone born on it is a year older on 1 March in common years.
"""

import calendar
from datetime import date, datetime

from django.utils import timezone


def local_today(now: datetime | None = None) -> date:
    """Today's date in the platform's time zone, or the local date of ``now`` (an aware datetime)."""
    return timezone.localdate(now)


ADULT_AGE = 18  # a minor below: a parent's consent under 15, a mentor with a valid background check


def age_on(birth_date: date, day: date | None = None) -> int:
    """Age in whole years on ``day`` (local today by default)."""
    day = day or local_today()
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def years_before(day: date, years: int) -> date:
    """The latest birth date of someone ``years`` old on ``day``: the same day ``years`` earlier, 28 February for
    29 February when that year is a common one (``age_on(birth, day) >= years`` exactly when ``birth <=`` this)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February, `years` before is a common year
        return day.replace(year=day.year - years, day=28)


def months_after(day: date, months: int) -> date:
    """The same day ``months`` later (earlier if negative); the month's last day when that month is shorter."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1]))
