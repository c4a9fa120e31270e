"""Dates in English read day first, as everywhere in France; in French, Django's own formats."""

import datetime as dt

from django.utils import formats, translation

MOMENT = dt.datetime(2026, 12, 2, 15, 24)


def test_english_dates_read_day_first_on_a_24_hour_clock():
    with translation.override("en"):
        assert formats.date_format(MOMENT, "SHORT_DATE_FORMAT") == "02/12/2026"
        assert formats.date_format(MOMENT, "SHORT_DATETIME_FORMAT") == "02/12/2026 15:24"
        assert formats.date_format(MOMENT, "DATE_FORMAT") == "2 December 2026"
        assert formats.get_format("DATE_INPUT_FORMATS")[1] == "%d/%m/%Y"


def test_french_dates_are_django_s():
    with translation.override("fr"):
        assert formats.date_format(MOMENT, "SHORT_DATE_FORMAT") == "02/12/2026"
        assert formats.date_format(MOMENT, "DATE_FORMAT") == "2 décembre 2026"
